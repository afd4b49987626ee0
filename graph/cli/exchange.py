"""`lienthong exchange`: an agency's monthly exchange list, as the file agencies e-mail each other."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from graph.cli.errors import UserMistake
from graph.cli.options import DEFAULT_DATA, progress, require_agency


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("exchange", help="write an agency's monthly exchange list (CSV or XLSX)")
    parser.add_argument("--agency", required=True, help="the agency whose list it is, e.g. noi_vu")
    parser.add_argument("--month", required=True, help="YYYY-MM: records of the 11th before to the 10th")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument(
        "--recipient", help="the agency receiving it, whose policy applies (default: --agency)"
    )
    parser.add_argument("--output", type=Path, help="the file to write (default: AGENCY_MONTH.FORMAT)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    parser.add_argument("--config", type=Path, help="a config file (YAML)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Everything the user gave is checked before the sources are indexed, which takes minutes on a
    city's data."""
    from graph.access.policy import load_policies
    from graph.api.schema import schema
    from graph.exchange.files import export
    from graph.web.settings import load_settings

    output = args.output or Path(f"{args.agency}_{args.month}.{args.format}")
    recipient = args.recipient or args.agency
    settings = load_settings(args.config, args.sources)
    policies = load_policies(settings.policies, schema._schema)
    for agency in (args.agency, recipient):
        require_agency(policies, agency)
    if not output.parent.is_dir() or output.is_dir():
        raise UserMistake(f"{output}: not a file in an existing folder")
    rows = asyncio.run(export(settings, args.agency, args.month, args.format, recipient, output, progress))
    print(f"{output}: {rows:,} rows of {args.agency}'s list for {args.month}, as {recipient} may see them")
    return 0
