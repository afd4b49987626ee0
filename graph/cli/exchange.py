"""`lienthong exchange`: an agency's exchange list, as the file agencies e-mail each other."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.cli.options import DEFAULT_DATA, progress, require_agency, require_writable

if TYPE_CHECKING:
    from graph.access.gate import PolicyGate
    from graph.web.service import Service
    from graph.web.settings import Settings


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("exchange", help="write an agency's exchange list (CSV or XLSX)")
    parser.add_argument("--agency", required=True, help="the agency whose list it is, e.g. noi_vu")
    parser.add_argument(
        "--month", required=True, help="YYYY-MM, the month it is sent in (a quarterly list also YYYY-Qn)"
    )
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument(
        "--recipient", help="the agency receiving it, whose policy applies (default: --agency)"
    )
    parser.add_argument("--ward", help="the ward of a ward-scoped recipient (ubnd_xa)")
    parser.add_argument("--sector", help="the sector of a sector department receiving it")
    parser.add_argument("--output", type=Path, help="the file to write (default: AGENCY_MONTH.FORMAT)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    parser.add_argument("--config", type=Path, help="a config file (YAML)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Everything the user gave is checked before the sources are indexed, which takes minutes on a
    city's data."""
    from graph.access.policy import load_policies
    from graph.api.schema import schema
    from graph.web.settings import load_settings

    output = args.output or Path(f"{args.agency}_{args.month}.{args.format}")
    recipient = args.recipient or args.agency
    settings = load_settings(args.config, args.sources)
    policies = load_policies(settings.policies, schema._schema)
    for agency in (args.agency, recipient):
        require_agency(policies, agency)
    require_writable(output)
    rows = asyncio.run(
        export(
            settings,
            args.agency,
            args.month,
            args.format,
            recipient,
            output,
            progress,
            args.ward,
            args.sector,
        )
    )
    print(f"{output}: {rows:,} rows of {args.agency}'s list for {args.month}, as {recipient} may see them")
    return 0


async def export(
    settings: Settings,
    agency: str,
    month: str,
    kind: str,
    recipient: str,
    output: Path,
    say: Callable[[str], None],
    ward: str | None = None,
    sector: str | None = None,
) -> int:
    """The list written to `output` as `recipient` (of `ward` or `sector`, for a scoped one) may see
    it, audited like a request (the officer is the operating-system user). Returns the number of rows."""
    from graph.cli.as_officer import export_as, officer
    from graph.exchange.files import ExportError, render, sheet
    from graph.exchange.registry import LISTS
    from graph.exchange.window import BadMonth
    from graph.web.downloads import fetch_list

    if agency not in LISTS:
        raise ExportError(f"{agency} sends no list; lists come from {', '.join(LISTS)}")
    try:
        settings.exchange.window(agency, month)
    except BadMonth as error:
        raise ExportError(str(error)) from None

    async def make(
        service: Service, gate: PolicyGate, record: dict[str, Any]
    ) -> tuple[bytes, tuple[int, list[str]]]:
        say(f"reading {agency}'s records for {month} …")
        result = await fetch_list(service, gate, agency, month, record)
        data = (result.data or {}).get("exchangeList")
        if data is None:
            raise ExportError(result.errors[0].message if result.errors else "the list could not be made")
        total = len(data["rows"])
        say(f"{total:,} rows in the window {data['windowStart']} to {data['windowEnd']}; writing {kind} …")
        table = sheet(data, gate.verdicts, lambda done: say(f"  {done:,} of {total:,} rows"))
        return render(table, kind), (total, table.withheld)

    total, withheld = await export_as(settings, officer(recipient, ward, sector), output, say, make, "list")
    for line in withheld:
        say(f"withheld from {recipient}: {line}")
    return total
