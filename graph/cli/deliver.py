"""`lienthong deliver`: e-mail a month's lists to every configured recipient, as each may see them."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli.errors import UserMistake
from graph.cli.options import DEFAULT_DATA, progress

if TYPE_CHECKING:
    from graph.web.delivery import Outcome
    from graph.web.settings import Settings


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("deliver", help="e-mail a month's exchange lists to their recipients")
    parser.add_argument("--month", required=True, help="YYYY-MM: the month whose lists are sent")
    parser.add_argument("--force", action="store_true", help="send again what the delivery log shows as sent")
    parser.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    parser.add_argument("--config", type=Path, help="a config file (YAML): smtp and delivery settings")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Settings, month, mail server and recipients are checked before the sources are indexed. Exit
    status 1 when an address is left without its list (FAILED, REJECTED, or BUSY: another process
    is sending it)."""
    from graph.exchange.window import BadMonth, month_of
    from graph.web.settings import load_settings

    settings = load_settings(args.config, args.sources)
    try:
        month_of(args.month)
    except BadMonth as error:
        raise UserMistake(str(error)) from None
    outcomes = asyncio.run(delivered(settings, args.month, args.force))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "nothing to send"
    print(f"{args.month}: {summary}")
    return 0 if counts.keys() <= {"SENT", "DELIVERED"} else 1


async def delivered(settings: Settings, month: str, force: bool) -> list[Outcome]:
    from graph.web.delivery import check_delivery, deliver
    from graph.web.service import Service

    service = Service.open(settings)
    try:
        check_delivery(service)
        progress(f"indexing {len(service.sources)} sources …")
        await service.start()
        return await deliver(service, month, f"delivery:cli:{getpass.getuser()}", force, progress)
    finally:
        await service.stop()
