"""`exchangeList`: an agency's monthly exchange list (graph/exchange/lists.py) as the viewer, its
recipient, may see it.

Kinds of record the recipient may not see, or whose dates deciding the list it may not see in
clear, are withheld whole and named; rows of workers outside its row scope are left out; every field
of every row passes the gate.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from connectors.guard import SourceFailure
from graph.access.present import View, present
from graph.api.context import Context
from graph.api.inputs import bad_input
from graph.api.selection import selection_of
from graph.common.selection import Selection
from graph.exchange.lists import ROWS, dated, deciding, issued_dates, senders
from graph.exchange.window import BadMonth, window
from graph.fetch.loader import source_refusal
from graph.identity.index import Link, Person


async def exchange_list(info: Info, agency: str, month: str) -> View:
    context: Context = info.context
    context.gate.require("Query", "exchangeList")
    try:
        within = window(month)
    except BadMonth as error:
        raise bad_input(str(error)) from None
    lists = senders(context.sources)
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
        owner = owners.get((link.source, link.entity, link.key))
        if link.entity == "Employer" or (owner is not None and owner.id in visible):
            kept.append((link, how, owner))
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
