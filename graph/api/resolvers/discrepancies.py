"""The `discrepancies` query: reconciliation findings a page at a time.

Findings are listed worker by worker in id order, then employer by employer, so a cursor (the place
of the last finding shown) resumes the scan where the previous page stopped. Workers are judged in
batches, one query per source and entity per batch (graph/api/dossiers.py). Judging reads every worker
in the viewer's scope, but only the workers a page shows are recorded as shown in the audit trail.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from datetime import date
from typing import Any

from strawberry.types import Info

from connectors import Source
from connectors.model import ENTITY_FIELDS
from graph.access.present import Refusal, View, present
from graph.api.context import Context
from graph.api.dossiers import load_dossiers
from graph.api.inputs import bad_input
from graph.api.pagination import INVALID_CURSOR, decode_cursor, encode_cursor, node_selection, page_size
from graph.api.selection import selection_of
from graph.common.facets import FACETS
from graph.common.selection import Selection
from graph.common.timezone import today
from graph.fetch.loader import REFERENCES, Loader, Trace
from graph.identity.index import Snapshot
from graph.rules.dossier import cite
from graph.rules.reconciliation import (
    CONTRACTOR_HEADCOUNT,
    HEADCOUNT,
    KINDS,
    PERSON_CHECKS,
    Finding,
    Scan,
    authorised_counts,
    contractor_findings,
)

BATCH = 250
"""Workers judged per round of source queries."""
NEEDS = {check.kind: check.needs for check in PERSON_CHECKS} | {CONTRACTOR_HEADCOUNT: HEADCOUNT}
Place = tuple[int, str, int]
"""Where a finding stands in the listing: (0 for a worker's, 1 for an employer's; whose; which)."""


def encode_place(key: bytes, place: Place) -> str:
    return encode_cursor(key, ":".join(map(str, place)))


def decode_place(key: bytes, cursor: str | None) -> Place:
    text = decode_cursor(key, cursor)
    if text is None:
        return (-1, "", -1)
    group, _, rest = text.partition(":")
    subject, _, number = rest.rpartition(":")
    if group not in ("0", "1") or not number.isdigit():
        raise bad_input(INVALID_CURSOR)
    return int(group), subject, int(number)


async def discrepancies(
    info: Info,
    kinds: Sequence[str] | None,
    since: date | None,
    until: date | None,
    first: int | None,
    after: str | None,
) -> View:
    context: Context = info.context
    context.gate.require("Query", "discrepancies")
    first = page_size(first)
    at = until or today()
    if since is not None and since > at:
        raise bad_input("from must not be after to")
    unchecked: dict[str, str] = {}
    if kinds:
        for kind in kinds:
            context.gate.require_clear(NEEDS[kind])
        names = list(dict.fromkeys(kinds))
    else:
        for kind in KINDS:
            hidden = context.gate.hidden(NEEDS[kind])
            if hidden:
                unchecked[kind] = "your agency may not see " + ", ".join(hidden)
        names = [kind for kind in KINDS if kind not in unchecked]
    for kind in names:
        missing = unconfigured(NEEDS[kind], context.sources)
        if missing:
            unchecked[kind] = "no source is configured to hold " + ", ".join(missing)
    names = [kind for kind in names if kind not in unchecked]
    position = decode_place(context.index.secret, after)
    page: list[tuple[Place, Finding]] = []
    more = False
    async with aclosing(listing(context, names, at, position, unchecked)) as found:
        async for place, finding in found:
            if since is not None and finding.since is not None and finding.since < since:
                continue
            if len(page) == first:
                more = True
                break
            page.append((place, finding))
    return await presented(info, page, more, unchecked)


def unconfigured(needs: Sequence[str], sources: Mapping[str, Source]) -> list[str]:
    """The entities a check reads that no source is configured to hold: without a business
    registry every employer would be "unknown", thousands of findings that say only that the
    deployment lacks the registry. Such a kind is named in `unchecked` instead."""
    held = {entity for source in sources.values() for entity in source.config.entities}
    read = set()
    for coordinate in needs:
        type_name, _, field = coordinate.partition(".")
        if type_name == "Worker":
            read.add(FACETS.get(field))
        elif field in REFERENCES:
            read.add(REFERENCES[field][1])
        else:
            read.add(type_name)
    return sorted(entity for entity in read if entity in ENTITY_FIELDS and entity not in held)


async def listing(
    context: Context, names: list[str], at: date, position: Place, unchecked: dict[str, str]
) -> AsyncGenerator[tuple[Place, Finding], None]:
    """Every finding of the kinds named after `position`, in listing order. A check that a failing
    source leaves incomplete for some worker is named in `unchecked`; the others go on."""
    snapshot = context.index.snapshot
    scan = Scan(snapshot, {name: source.config.agency for name, source in context.sources.items()})
    scanner = Loader(
        context.sources, context.index, Trace(status=context.trace.status), context.gate, context.cache
    )
    checks = [check for check in PERSON_CHECKS if check.kind in names]
    if checks and position[0] <= 0:
        start = bisect_left(snapshot.order, position[1]) if position[0] == 0 else 0
        persons = list(context.gate.visible(snapshot.ordered[start:]))
        for offset in range(0, len(persons), BATCH):
            for dossier in await load_dossiers(scanner, persons[offset : offset + BATCH]):
                number = 0
                for check in checks:
                    blocker = dossier.blocker(check.needs)
                    if blocker:
                        unchecked.setdefault(check.kind, blocker)
                        continue
                    for began, summary, evidence in check.find(dossier, at, scan):
                        place = (0, dossier.person.id, number)
                        number += 1
                        if place > position:
                            yield place, Finding(check.kind, began, summary, evidence, [dossier.person])
    if CONTRACTOR_HEADCOUNT in names:
        for finding in await contractors(scanner, snapshot, at, unchecked):
            place = (1, finding.employer or "", 0)
            if place > position:
                yield place, finding


async def contractors(
    scanner: Loader, snapshot: Snapshot, at: date, unchecked: dict[str, str]
) -> list[Finding]:
    missing = scanner.index.unindexed("ContractorDeclaration")
    if missing:
        unchecked[CONTRACTOR_HEADCOUNT] = f"source {', '.join(missing)} is unavailable"
        return []
    wanted = Selection(
        "ContractorDeclaration",
        {name: Selection("") for name in ("employerTaxCode", "quarter", "declaredForeignHeadcount")},
    )
    found = await scanner.references(
        "ContractorDeclaration", list(snapshot.references["ContractorDeclaration"]), wanted
    )
    for records in found.values():
        if isinstance(records, Refusal):
            unchecked[CONTRACTOR_HEADCOUNT] = records.message
            return []
    declared = {code: records for code, records in found.items() if isinstance(records, list)}
    return contractor_findings(declared, authorised_counts(snapshot.ordered, at), at)


async def presented(
    info: Info, page: list[tuple[Place, Finding]], more: bool, unchecked: dict[str, str]
) -> View:
    """The page as a connection through the gate; the workers concerned are recorded as shown."""
    context: Context = info.context
    selection = selection_of(info)
    node = node_selection(selection, "Discrepancy")
    persons = list({p.id: p for _, finding in page for p in finding.persons}.values())
    context.trace.persons.update(p.id for p in persons)
    shown = node.get("workers")
    loaded: dict[str, dict[str, Any]] = {}
    if shown is not None and context.gate.may_read("Discrepancy", "workers"):
        raws = await context.loader.workers(persons, shown)
        loaded = {person.id: raw for person, raw in zip(persons, raws, strict=True)}
    nodes = [
        {
            "kind": finding.kind,
            "since": finding.since,
            "summary": finding.summary,
            "workers": [loaded.get(p.id) for p in finding.persons],
            "employerTaxCode": finding.employer,
            "evidence": cite(context.gate, finding.evidence),
        }
        for _, finding in page
    ]
    await context.loader.resolve_references([(nodes, node)])
    key = context.index.secret
    edges = [
        {"cursor": encode_place(key, place), "node": raw} for (place, _), raw in zip(page, nodes, strict=True)
    ]
    raw_connection = {
        "edges": edges,
        "nodes": nodes,
        "pageInfo": {"hasNextPage": more, "endCursor": edges[-1]["cursor"] if edges else None},
        "unchecked": [f"{kind}: {reason}" for kind, reason in sorted(unchecked.items())],
    }
    return present(context.gate, selection, raw_connection)
