"""`exchangeList`: one sending of an agency's list (graph/exchange/registry.py) as the viewer, its
recipient, may see it.

Kinds of record the recipient may not see, or whose dates deciding the list it may not see in
clear, are withheld whole and named; rows of workers outside its row scope are left out, and a
contractor's actual headcount counts only workers the recipient may know of, and only if it sees in
clear what says a permit is in force; every field of every row passes the gate.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from connectors.guard import SourceFailure
from connectors.model import PERSON_ENTITIES
from graph.access.present import FORBIDDEN, View, present
from graph.api.context import Context
from graph.api.inputs import bad_input
from graph.api.selection import selection_of
from graph.common.selection import Selection
from graph.exchange.lists import HISTORY, ROWS, Picked, deciding, keeps_history, picked, sources_of
from graph.exchange.registry import LISTS, RequiredList
from graph.exchange.window import BadMonth, Window
from graph.fetch.loader import source_refusal
from graph.identity.index import Person
from graph.rules.reconciliation import AUTHORISED_BY_EMPLOYER, authorised_counts

ACTUAL = "ContractorReport.actualForeignHeadcount"


async def exchange_list(info: Info, agency: str, month: str) -> View:
    context: Context = info.context
    context.gate.require("Query", "exchangeList")
    spec = LISTS.get(agency)
    if spec is None:
        raise bad_input(f"{agency!r} sends no list; lists come from {', '.join(LISTS)}")
    try:
        within = context.calendar.window(agency, month)
    except BadMonth as error:
        raise bad_input(str(error)) from None
    held = sources_of(spec, context.sources)
    histories = keeps_history(held)
    kinds = sorted({e for _, e in held if e != HISTORY})
    withheld = [e for e in kinds if not readable(context, e, spec, histories)]
    counting = "ContractorDeclaration" in kinds and "ContractorDeclaration" not in withheld
    if counting and context.gate.hidden(AUTHORISED_BY_EMPLOYER):
        withheld.append(ACTUAL)
    selection = selection_of(info)
    rows_selection = selection.get("rows") or Selection("ExchangeRow")
    try:
        found = await picked(
            spec, [(s, e) for s, e in held if e not in withheld], within, context.index.scan_timeout
        )
    except SourceFailure as failure:
        refusal = source_refusal(agency, failure.status)
        raise GraphQLError(
            refusal.message, extensions={"code": refusal.code, **(refusal.details or {})}
        ) from None
    rows = await load_rows(context, found, rows_selection, within, counted=ACTUAL not in withheld)
    raw = {
        "agency": agency,
        "title": spec.title,
        "article": spec.article,
        "recipients": list(spec.recipients),
        "period": context.calendar.rule(agency).period,
        "month": within.month,
        "quarter": within.quarter,
        "windowStart": within.start,
        "windowEnd": within.end,
        "dueDate": within.due,
        "withheld": withheld,
        "rows": rows,
    }
    return present(context.gate, selection, raw)


def readable(context: Context, entity: str, spec: RequiredList, histories: bool) -> bool:
    """Whether the viewer may receive rows of this kind: see the row's field and, in clear, what
    puts a record in the list."""
    gate = context.gate
    return gate.may_read("ExchangeRow", ROWS[entity]) and not gate.hidden(deciding(entity, spec, histories))


async def load_rows(
    context: Context, found: list[Picked], selection: Selection, within: Window, counted: bool
) -> list[dict[str, Any]]:
    """One raw row per record, with its worker; records of workers outside the viewer's row scope,
    or not yet indexed (a database's new record waits for the next rescan), are left out. A
    contractor's declarations make one row (its actual headcount only if `counted`)."""
    owners: dict[tuple[str, str, str], Person] = {}
    wanted = {(row.link.source, row.link.entity) for row in found}
    for indexed in context.index.snapshot.ordered:
        for link in indexed.links:
            if (link.source, link.entity) in wanted:
                owners[(link.source, link.entity, link.key)] = indexed
    visible = {p.id for p in context.gate.visible({p.id: p for p in owners.values()}.values())}
    kept: list[tuple[Picked, Person | None]] = []
    for row in found:
        person = owners.get((row.link.source, row.link.entity, row.link.key))
        if row.link.entity not in PERSON_ENTITIES or (person is not None and person.id in visible):
            kept.append((row, person))
    order = list(ROWS)
    kept.sort(
        key=lambda item: (order.index(item[0].link.entity), min(map(str, item[0].dates)), item[0].link.key)
    )
    records = await fetch_records(context, [row for row, _ in kept], selection)
    persons = list({p.id: p for _, p in kept if p is not None}.values())
    context.trace.persons.update(p.id for p in persons)
    workers: dict[str, dict[str, Any]] = {}
    if selection.get("worker") is not None and persons:
        raws = await context.loader.workers(persons, selection.fields["worker"])
        workers = {p.id: raw for p, raw in zip(persons, raws, strict=True)}
    rows: list[dict[str, Any]] = []
    for row, person in kept:
        if row.link.entity == "ContractorDeclaration":
            continue
        field = ROWS[row.link.entity]
        rows.append(
            {
                "change": row.change,
                "worker": workers.get(person.id) if person else None,
                field: records.get((row.link.source, row.link.key, row.link.entity)),
                "changes": [
                    record
                    for link in row.changes
                    if (record := records.get((link.source, link.key, HISTORY))) is not None
                ],
            }
        )
    declarations = [
        record
        for row, _ in kept
        if row.link.entity == "ContractorDeclaration"
        and (record := records.get((row.link.source, row.link.key, row.link.entity))) is not None
    ]
    if declarations:
        rows += await contractor_rows(context, declarations, selection.get("contractor"), within, counted)
    return rows


async def fetch_records(
    context: Context, kept: list[Picked], selection: Selection
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The records behind the rows, with the fields the selection asks for (and a contractor's
    declarations with what its totals need), and the records they refer to."""
    loader = context.loader
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    contractor = selection.get("contractor")
    children = {
        **{entity: selection.get(field) for entity, field in ROWS.items()},
        "ContractorDeclaration": contractor.get("declarations") if contractor else None,
        HISTORY: selection.get("changes"),
    }
    for entity, child in children.items():
        links = [row.link for row in kept if row.link.entity == entity]
        links += [link for row in kept for link in row.changes if link.entity == entity]
        if not links:
            continue
        if entity == "ContractorDeclaration":  # its totals are counted whatever the selection
            child = child or Selection(entity)
            fields = loader.fields_for(entity, child) | {"employerTaxCode", "declaredForeignHeadcount"}
        elif child is None:
            continue
        else:
            fields = loader.fields_for(entity, child)
        fetched = await loader.fetch_links([(links, entity, fields)])
        records.update(fetched)
        await loader.resolve_references([(list(fetched.values()), child)])
    return records


async def contractor_rows(
    context: Context,
    declarations: list[dict[str, Any]],
    selection: Selection | None,
    within: Window,
    counted: bool,
) -> list[dict[str, Any]]:
    """One row per contractor: the quarter's declarations, their total, and the workers holding a
    permit or exemption in force for it on the window's last day, among those the viewer may know
    of; the count is refused (not `counted`) to a viewer who may not see in clear what it is
    counted from."""
    by_contractor: dict[str, list[dict[str, Any]]] = {}
    for record in declarations:
        by_contractor.setdefault(record.get("employerTaxCode") or "", []).append(record)
    counts = None
    if counted:
        counts = authorised_counts(context.gate.visible(context.index.snapshot.ordered), within.end)
    reports = [
        {
            "employerTaxCode": code,
            "quarter": within.quarter,
            "declarations": sorted(records, key=lambda r: r["sourceRecordId"]),
            "declaredForeignHeadcount": sum(r.get("declaredForeignHeadcount") or 0 for r in records),
            "actualForeignHeadcount": FORBIDDEN if counts is None else counts.get(code, 0),
        }
        for code, records in sorted(by_contractor.items())
    ]
    if selection is not None:
        await context.loader.resolve_references([(reports, selection)])
    return [{"change": "LISTED", "worker": None, "contractor": report, "changes": []} for report in reports]
