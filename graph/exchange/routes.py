"""Who is sent which list: the recipients configured with their addresses, and the routes between
agencies that the regulation names.

Seed 003 has each agency e-mail its monthly list "qua hệ thống thư điện tử công vụ" to named
agencies (Điều 5.6, 6.4, 7.6, 8.1, 9.3). A route is one list from its sender to one configured
recipient; `routes` is the one place that enumerates them, so delivery (graph/web/delivery.py)
follows whatever lists the exchange knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from connectors import Source
from graph.exchange.lists import senders

MONTHLY = "monthly"
"""The name of the one list each sender has today: its records issued or changed in the window."""
REGULATION: dict[str, tuple[str, ...]] = {
    "noi_vu": ("cong_an", "y_te", "cong_thuong", "giao_duc"),  # Điều 5.6
    "bql_kcn": ("noi_vu", "cong_an", "y_te", "cong_thuong", "giao_duc"),  # Điều 6.4: "các Sở chuyên ngành"
    "cong_an": ("noi_vu", "bql_kcn"),  # Điều 7.6
    "tai_chinh": ("noi_vu", "cong_an"),  # Điều 8.1
    "cong_thuong": ("noi_vu", "cong_an"),  # Điều 9.3 (and the tax department, not an agency here)
}
"""Sender → the agencies seed 003 tells it to send its monthly list to."""


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
    sender: str
    recipient: Recipient


def routes(sources: dict[str, Source], recipients: tuple[Recipient, ...]) -> list[Route]:
    """Every list a configured recipient is owed: from each agency that sends a list here (its
    sources hold list records) to each recipient the regulation names for it."""
    return [
        Route(MONTHLY, sender, recipient)
        for sender in sorted(senders(sources))
        for recipient in recipients
        if recipient.agency in REGULATION.get(sender, ())
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
