"""The monthly exchange lists (seed 003): what an agency issued or changed in a month's window.

Each month, before the 15th, agencies e-mail each other the records they issued or changed "from the
11th of last month to the 10th of this month" (Điều 4–7). Here the same list is a query: the sending
agency's records dated in the window, as the recipient (the viewer) may see them. A record counts by
the dates it carries (a permit's start or revocation, a visa's or card's start) or by its source's
change timestamp, but only where the sources file maps one (`as_of`): a file without one has only
its own modification time, which says when the export was written, not when a record changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from connectors import Source
from connectors.guard import SourceFailure
from connectors.model import PERSON_FIELDS
from graph.access.present import present
from graph.api.context import Context
from graph.api.resolvers.workers import bad_input
from graph.api.selection import Selection, selection_of
from graph.common.timezone import LOCAL
from graph.fetch.loader import source_refusal
from graph.identity.index import Link, Person

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


MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Window:
    month: str
    start: date
    end: date

    def holds(self, value: date | datetime | None) -> bool:
        return value is not None and self.start <= local_day(value) <= self.end


def window(month: str) -> Window:
    """The exchange window of `month` (YYYY-MM): the 11th of the month before to the 10th."""
    found = MONTH.fullmatch(month.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise bad_input(f"month {month!r}: give it as YYYY-MM, e.g. 2026-03")
    end = date(int(found[1]), int(found[2]), 10)
    start = (end.replace(day=1) - timedelta(days=1)).replace(day=11)
    return Window(found[0], start, end)


def local_day(value: date | datetime) -> date:
    """The day in Hà Nội: an aware timestamp is converted; a naive one is already local time."""
    if isinstance(value, datetime):
        return (value.astimezone(LOCAL) if value.tzinfo else value).date()
    return value


def change(entity: str, record: dict[str, Any], tracked: bool, within: Window) -> str | None:
    """ISSUED if a date of the record's own falls in the window, CHANGED if only its source's change
    timestamp does (`tracked`: the source maps one), else None."""
    if any(within.holds(record.get(name)) for name in ISSUED_ON[entity]):
        return "ISSUED"
    return "CHANGED" if tracked and within.holds(record.get("asOf")) else None


def senders(context: Context) -> dict[str, list[tuple[Source, str]]]:
    """Each agency that has sources holding list entities → (source, entity) pairs."""
    found: dict[str, list[tuple[Source, str]]] = {}
    for source in context.sources.values():
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


async def exchange_list(info: Info, agency: str, month: str) -> dict[str, Any] | None:
    context: Context = info.context
    context.gate.require("Query", "exchangeList")
    within = window(month)
    lists = senders(context)
    if agency not in lists:
        raise bad_input(f"{agency!r} sends no list here; lists come from {', '.join(sorted(lists))}")
    selection = selection_of(info)
    rows_selection = selection.get("rows") or Selection("ExchangeRow")
    withheld = sorted({e for _, e in lists[agency] if not readable(context, e)})
    picked: list[tuple[Link, str]] = []
    for source, entity in lists[agency]:
        if entity in withheld:
            continue
        try:
            picked += await dated(source, entity, within, context.index.scan_timeout)
        except SourceFailure as failure:
            refusal = source_refusal(agency, failure.status)
            raise GraphQLError(
                refusal.message, extensions={"code": refusal.code, **(refusal.details or {})}
            ) from None
    rows = await load_rows(context, picked, rows_selection)
    raw = {
        "agency": agency,
        "month": within.month,
        "windowStart": within.start,
        "windowEnd": within.end,
        "withheld": withheld,
        "rows": rows,
    }
    return present(context.gate, selection, raw)


def readable(context: Context, entity: str) -> bool:
    """Whether the viewer may receive rows of this kind: see the row's field and, in clear, what
    puts a record in the list."""
    gate = context.gate
    return gate.may_read("ExchangeRow", ROWS[entity]) and not gate.hidden(deciding(entity))


async def load_rows(
    context: Context, picked: list[tuple[Link, str]], selection: Selection
) -> list[dict[str, Any]]:
    """One raw row per record, with its worker; records of workers outside the viewer's row scope,
    or not yet indexed (a database's new record waits for the next rescan), are left out."""
    owners: dict[tuple[str, str, str], Person] = {}
    wanted = {(link.source, link.entity) for link, _ in picked}
    for person in context.index.snapshot.ordered:
        for link in person.links:
            if (link.source, link.entity) in wanted:
                owners[(link.source, link.entity, link.key)] = person
    visible = {p.id for p in context.gate.visible({p.id: p for p in owners.values()}.values())}
    kept = []
    for link, how in picked:
        person = owners.get((link.source, link.entity, link.key))
        if link.entity == "Employer" or (person is not None and person.id in visible):
            kept.append((link, how, person))
    order = list(ROWS)
    kept.sort(
        key=lambda row: (order.index(row[0].entity), min(str(d) for d in issued_dates(row[0])), row[0].key)
    )
    loader = context.loader
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entity, field in ROWS.items():
        links = [link for link, _, _ in kept if link.entity == entity]
        child = selection.get(field)
        if links and child is not None:
            fetched = await loader.fetch_links([(links, entity, loader.fields_for(entity, child))])
            records.update(fetched)
            await loader.resolve_references([(list(fetched.values()), child)])
    persons = list({p.id: p for _, _, p in kept if p is not None}.values())
    context.trace.persons.update(p.id for p in persons)
    workers: dict[str, dict[str, Any]] = {}
    if selection.get("worker") is not None and persons:
        raws = await loader.workers(persons, selection.fields["worker"])
        workers = {p.id: raw for p, raw in zip(persons, raws, strict=True)}
    return [
        {
            "change": how,
            "worker": workers.get(person.id) if person else None,
            ROWS[link.entity]: records.get((link.source, link.key, link.entity)),
        }
        for link, how, person in kept
    ]


def issued_dates(link: Link) -> list[date | datetime]:
    return [v for name in (*ISSUED_ON[link.entity], "asOf") if (v := link.facts.get(name)) is not None] or [
        date.max
    ]
