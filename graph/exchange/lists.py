"""The monthly exchange lists (seed 003): which of an agency's records are in a month's window.

Each month, before the 15th, agencies e-mail each other the records they issued or changed "from the
11th of last month to the 10th of this month" (Điều 4–7). Here that list is the sending agency's
records dated in the window (graph/exchange/window.py), read from its sources; the query serves it
as the recipient may see it (graph/api/resolvers/exchange_lists.py). A record counts by
the dates it carries (a permit's start or revocation, a visa's or card's start) or by its source's
change timestamp, but only where the sources file maps one (`as_of`): a file without one has only
its own modification time, which says when the export was written, not when a record changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from connectors import Source
from connectors.model import PERSON_FIELDS
from graph.exchange.window import Window
from graph.identity.index import Link

ROWS: dict[str, str] = {
    "WorkPermit": "workPermit",
    "PermitExemption": "permitExemption",
    "Visa": "visa",
    "ResidenceCard": "residenceCard",
    "Employer": "employer",
}
"""Entities an exchange list carries → the ExchangeRow field that holds one."""
ISSUED_ON: dict[str, tuple[str, ...]] = {
    "WorkPermit": ("validFrom", "revocationDate"),
    "PermitExemption": ("validFrom",),
    "Visa": ("validFrom",),
    "ResidenceCard": ("validFrom",),
    "Employer": (),
}
"""The dates on which each kind of record was issued or changed, as the record itself says."""


def deciding(entity: str) -> list[str]:
    """The coordinates that decide whether a record is in a month's list, its label and its place:
    a recipient who may not see all of them in clear gets no rows of that kind, or the list would
    tell it, month by month, the dates it may not see."""
    return [f"{entity}.{name}" for name in (*ISSUED_ON[entity], "asOf")]


def change(entity: str, record: dict[str, Any], tracked: bool, within: Window) -> str | None:
    """ISSUED if a date of the record's own falls in the window, CHANGED if only its source's change
    timestamp does (`tracked`: the source maps one), else None."""
    if any(within.holds(record.get(name)) for name in ISSUED_ON[entity]):
        return "ISSUED"
    return "CHANGED" if tracked and within.holds(record.get("asOf")) else None


def senders(sources: dict[str, Source]) -> dict[str, list[tuple[Source, str]]]:
    """Each agency that has sources holding list entities → (source, entity) pairs."""
    found: dict[str, list[tuple[Source, str]]] = {}
    for source in sources.values():
        for entity in source.config.entities:
            if entity in ROWS:
                found.setdefault(source.config.agency, []).append((source, entity))
    return found


async def dated(source: Source, entity: str, within: Window, timeout: float) -> list[tuple[Link, str]]:
    """The source's records of `entity` in the window, read through its guard. A whole table is
    read, like an index rescan, so it gets the rescan's deadline rather than a look-up's."""
    mapping = source.config.entities[entity]
    wanted = {*ISSUED_ON[entity], *(PERSON_FIELDS if entity != "Employer" else ())} & set(mapping.fields)
    tracked = mapping.as_of is not None

    def scan() -> list[tuple[Link, str]]:
        picked = []
        for record in source.connector.scan(entity, wanted):
            how = change(entity, record, tracked, within)
            if how:
                picked.append((Link(source.config.name, entity, record["sourceRecordId"], record), how))
        return picked

    return await source.guard.call(scan, timeout=timeout)


def issued_dates(link: Link) -> list[date | datetime]:
    return [v for name in (*ISSUED_ON[link.entity], "asOf") if (v := link.facts.get(name)) is not None] or [
        date.max
    ]
