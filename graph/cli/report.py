"""`lienthong report`: an agency's six-month or year report, as the XLSX workbook it sends."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.cli.errors import UserMistake
from graph.cli.options import DEFAULT_DATA, progress, require_agency, require_writable

if TYPE_CHECKING:
    from graph.access.gate import PolicyGate
    from graph.web.service import Service


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("report", help="write an agency's six-month or year report (XLSX)")
    parser.add_argument("--agency", required=True, help="the agency whose report it is, e.g. cong_an")
    parser.add_argument(
        "--period", required=True, help="YYYY-H1 for the six months' report, YYYY for the year's"
    )
    parser.add_argument("--sector", help="the sector of a sector department's officer")
    parser.add_argument("--output", type=Path, help="the file to write (default: bao_cao_AGENCY_PERIOD.xlsx)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    parser.add_argument("--config", type=Path, help="a config file (YAML): the province's calendar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """The agency, its report, the period, the sector and the output folder are checked before the
    sources are indexed; the report is made as the agency's own officer (`cli:<user>`)."""
    from graph.access.policy import load_policies
    from graph.api.schema import schema
    from graph.cli.as_officer import export_as, officer
    from graph.exchange.report_book import Made, workbook
    from graph.exchange.reports import REPORTS
    from graph.exchange.window import BadPeriod
    from graph.web.reporting import Unreportable, make_report
    from graph.web.settings import load_settings

    settings = load_settings(args.config, args.sources)
    policies = load_policies(settings.policies, schema._schema)
    require_agency(policies, args.agency)
    report = REPORTS.get(args.agency)
    if report is None:
        raise UserMistake(f"{args.agency} owes no periodic report; reports come from {', '.join(REPORTS)}")
    try:
        period = settings.exchange.period(args.agency, args.period)
    except BadPeriod as error:
        raise UserMistake(str(error)) from None
    output = args.output or Path(f"bao_cao_{args.agency}_{period.label}.xlsx")
    require_writable(output)

    async def make(service: Service, gate: PolicyGate, record: dict[str, Any]) -> tuple[bytes, Made]:
        progress(f"counting {len(report.tables)} tables of {args.agency}'s report for {period.label} …")
        try:
            made = await make_report(service, gate, report, period, record)
        except Unreportable as error:
            raise UserMistake(str(error)) from None
        return workbook(made), made

    viewer = officer(args.agency, sector=args.sector)
    made = asyncio.run(export_as(settings, viewer, output, progress, make, "report"))
    for counted in made.tables:
        if counted.refused:
            progress(f"left out, {counted.table.title}: {counted.refused}")
    due = f", due {period.due:%d/%m/%Y}" if period.due else ", not required by the calendar"
    print(
        f"{output}: {args.agency}'s report for {period.label} ({period.start:%d/%m/%Y} to"
        f" {period.end:%d/%m/%Y}{due}), {len(made.tables)} table{'s' if len(made.tables) != 1 else ''}"
    )
    return 0
