"""Who is sent which list: the recipients configured with their addresses, and the routes between
agencies that the regulation names.

Seed 003 has each agency e-mail its list "qua hệ thống thư điện tử công vụ" to named agencies
(graph/exchange/registry.py). A route is one list due in a month from its sender to one configured
recipient, and so is a periodic report whose due date falls in the month (graph/exchange/reports.py);
`routes` is the one place that enumerates them, so delivery (graph/web/delivery.py) follows
whatever lists and reports the registries hold and the province's calendar makes due.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from connectors import Source
from graph.exchange.lists import sources_of
from graph.exchange.registry import LISTS
from graph.exchange.reports import REPORTS
from graph.exchange.window import Calendar


@dataclass(frozen=True)
class Recipient:
    """An agency's mailbox for the lists, as configured (`delivery.recipients`); a ward- or
    sector-scoped agency names its ward or sector, and receives only that scope's rows."""

    agency: str
    addresses: tuple[str, ...]
    ward: str | None = None
    sector: str | None = None

    @property
    def scope(self) -> str:
        """The ward or sector named, or ""."""
        return self.ward or self.sector or ""


@dataclass(frozen=True)
class Route:
    list: str
    """The list's name (its sender), or for a report "report" and its period: "report 2026-H1"."""
    sender: str
    recipient: Recipient
    period: str | None = None
    """For a report, the period it reports on (2026-H1, 2026); None for a list."""


def routes(
    sources: dict[str, Source], recipients: tuple[Recipient, ...], calendar: Calendar, month: str
) -> list[Route]:
    """Every list and report a configured recipient is owed in `month`: each list of the registry
    that is due then (a quarterly one only in a quarter's last month) and whose sender has sources
    here, and each report whose due date in the province's calendar falls in `month`, to each
    recipient the regulation names for it."""
    lists = [
        Route(spec.name, spec.sender, recipient)
        for spec in sorted(LISTS.values(), key=lambda spec: spec.name)
        if calendar.due_in(spec.name, month) is not None and sources_of(spec, sources)
        for recipient in recipients
        if recipient.agency in spec.recipients
    ]
    return lists + [
        Route(f"report {period}", report.agency, recipient, period)
        for report in sorted(REPORTS.values(), key=lambda report: report.agency)
        for period in reports_due(calendar, report.agency, month)
        for recipient in recipients
        if recipient.agency in report.recipients
    ]


def reports_due(calendar: Calendar, agency: str, month: str) -> list[str]:
    """The periods of `agency`'s report due in `month` (YYYY-MM): its six months' or its year's."""
    year = month[:4]
    return [
        label
        for label in (f"{year}-H1", year)
        if (due := calendar.period(agency, label).due) is not None and f"{due:%Y-%m}" == month
    ]


def recipient(entry: Any, where: str) -> Recipient:
    """One `delivery.recipients` entry, `{agency: cong_an, to: [a@b.gov.vn]}` (and `ward:` or
    `sector:`), checked; TypeError or ValueError naming `where` and the problem."""
    if not isinstance(entry, dict) or not isinstance(entry.get("agency"), str):
        raise TypeError(f"{where}: expected a mapping with `agency:` and `to:`")
    unknown = set(entry) - {"agency", "to", "ward", "sector"}
    if unknown:
        raise ValueError(f"{where}: unknown key {min(unknown)!r}; use agency, to, ward or sector")
    to = entry.get("to")
    addresses = [to] if isinstance(to, str) else to
    if not isinstance(addresses, list) or not addresses:
        raise ValueError(f"{where}: `to:` must name at least one e-mail address")
    for address in addresses:
        if not isinstance(address, str) or parseaddr(address)[1] != address or "@" not in address:
            raise ValueError(f"{where}: {address!r} is not an e-mail address")
    scope = {key: entry[key] for key in ("ward", "sector") if entry.get(key) is not None}
    if len(scope) > 1 or not all(isinstance(value, str) for value in scope.values()):
        raise ValueError(f"{where}: name one ward or one sector, as text")
    return Recipient(entry["agency"], tuple(addresses), **scope)
