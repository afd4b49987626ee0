"""`lienthong audit verify|show`: the audit trail's integrity, and who looked at what (graph/cli/audit_report.py)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from graph.cli.options import DEFAULT_DATA
from graph.timezone import LOCAL


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="verify or read the audit trail")
    parser.add_argument(
        "--sources",
        type=Path,
        default=DEFAULT_DATA / "sources.yaml",
        help="the sources file whose settings locate the audit store (default: the demo's)",
    )
    parser.add_argument("--config", type=Path, help="the config file the server ran with, if any")
    subcommands = parser.add_subparsers(dest="audit_command", required=True)
    verify = subcommands.add_parser("verify", help="check the hash chain; says where it was edited or cut")
    verify.set_defaults(run=run_verify)
    show = subcommands.add_parser("show", help="who looked at what, for what purpose")
    show.add_argument("--agency")
    show.add_argument("--person", help="a worker's passport number (any spelling) or worker id")
    show.add_argument(
        "--since",
        type=instant,
        help="ISO date (from midnight in Hà Nội) or time (Hà Nội time unless it names its offset)",
    )
    show.set_defaults(run=run_show)


def instant(text: str) -> datetime:
    """--since as an instant: records are compared by when they happened, whatever zone it names."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def run_verify(args: argparse.Namespace) -> int:
    from graph.cli.audit_report import verify
    from graph.settings import load_settings

    return verify(load_settings(args.config, args.sources))


def run_show(args: argparse.Namespace) -> int:
    from graph.cli.audit_report import show
    from graph.settings import load_settings

    return show(load_settings(args.config, args.sources), args.agency, args.person, args.since)
