"""The `discrepancies` query: reconciliation findings a page at a time.

Findings are listed worker by worker in id order, then employer by employer, so a cursor (the place
of the last finding shown) resumes the scan where the previous page stopped. Workers are judged in
batches, one query per source and entity per batch (graph/api/dossiers.py). Judging reads every worker
in the viewer's scope, but only the workers a page shows are recorded as shown in the audit trail.
Each finding carries its id (graph/rules/reconciliation.py `finding_id`) and, when asked, its case in
the viewer's agency's work list; `status:` keeps the findings whose case stands so (OPEN if untouched).
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
from graph.access.present import Gate, Refusal, View, present
from graph.api.context import Context
from graph.api.dossiers import load_dossiers
from graph.api.inputs import bad_input
from graph.api.pagination import (
    INVALID_CURSOR,
    decode_cursor,
    encode_cursor,
    node_selection,
    page_size,
    raw_connection,
)
from graph.api.resolvers.cases import CASE_STATUS, cases_of, statuses_of
from graph.api.selection import selection_of
from graph.common.facets import FACETS
from graph.common.selection import Selection
from graph.common.timezone import today
from graph.fetch.loader import REFERENCES, Loader, Trace
from graph.identity.index import Snapshot
from graph.rules.compliance import listed
from graph.rules.dossier import cite
from graph.rules.reconciliation import (
    CONTRACTOR_HEADCOUNT,
    EMPLOYER_KINDS,
    KINDS,
    NEEDS,
    PERMITS_AFTER_VIOLATION,
    PERSON_CHECKS,
    Finding,
    Scan,
    authorised_counts,
    contractor_findings,
    finding_id,
    permits_after_violation,
)
from graph.worklist.cases import Case
from graph.worklist.workflow import OPEN

BATCH = 250
"""Workers judged per round of source queries."""
UNTOUCHED = Case()
"""The case of a finding nobody has acted on: OPEN, no notes."""
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
    statuses: Sequence[str] | None = None,
) -> View:
    context: Context = info.context
    context.gate.require("Query", "discrepancies")
    first = page_size(first)
    at = until or today()
    if since is not None and since > at:
        raise bad_input("from must not be after to")
    names, unchecked = searched(context.gate, kinds, context.sources)
    stored: dict[str, str] = {}
    if statuses:
        context.gate.require_clear(CASE_STATUS)
        stored = await statuses_of(context)
    key = context.index.secret
    position = decode_place(key, after)
    page: list[tuple[Place, Finding]] = []
    more = False
    async with aclosing(listing(context, names, at, position, unchecked)) as found:
        async for place, finding in found:
            if since is not None and finding.since is not None and finding.since < since:
                continue
            if statuses and stored.get(finding_id(key, finding), OPEN) not in statuses:
                continue
            if len(page) == first:
                more = True
                break
            page.append((place, finding))
    return await presented(info, page, more, unchecked)


def searched(
    gate: Gate, kinds: Sequence[str] | None, sources: Mapping[str, Source]
) -> tuple[list[str], dict[str, str]]:
    """The kinds to search, and those skipped with why. Kinds named that the viewer may not see
    every input of in clear are refused; unnamed, they are skipped and named. Either way a kind
    whose inputs no source holds is skipped and named (`unconfigured`)."""
    unchecked: dict[str, str] = {}
    if kinds:
        for kind in kinds:
            gate.require_clear(NEEDS[kind])
        names = list(dict.fromkeys(kinds))
    else:
        for kind in KINDS:
            hidden = gate.hidden(NEEDS[kind])
            if hidden:
                unchecked[kind] = "your agency may not see " + ", ".join(hidden)
        names = [kind for kind in KINDS if kind not in unchecked]
    for kind in names:
        missing = unconfigured(NEEDS[kind], sources)
        if missing:
            unchecked[kind] = "no source is configured to hold " + ", ".join(missing)
    return [kind for kind in names if kind not in unchecked], unchecked


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
                    for began, summary, evidence, facts in check.find(dossier, at, scan):
                        place = (0, dossier.person.id, number)
                        number += 1
                        if place > position:
                            found = Finding(
                                check.kind, began, summary, evidence, [dossier.person], facts=facts
                            )
                            yield place, found
    findings: list[Finding] = []
    if CONTRACTOR_HEADCOUNT in names:
        declared = await by_employer(
            scanner, snapshot, "ContractorDeclaration", CONTRACTOR_HEADCOUNT, unchecked
        )
        findings += contractor_findings(declared, authorised_counts(snapshot.ordered, at), at)
    if PERMITS_AFTER_VIOLATION in names:
        inspections = await by_employer(scanner, snapshot, "Inspection", PERMITS_AFTER_VIOLATION, unchecked)
        visible = scanner.gate.visible(snapshot.ordered)
        findings += permits_after_violation(inspections, visible, scan.agencies, at)
    findings.sort(key=lambda finding: (finding.employer or "", EMPLOYER_KINDS.index(finding.kind)))
    number = 0
    for previous, finding in zip([None, *findings], findings, strict=False):
        number = number + 1 if previous is not None and previous.employer == finding.employer else 0
        place = (1, finding.employer or "", number)
        if place > position:
            yield place, finding


READ_BY_EMPLOYER = {
    "ContractorDeclaration": ("employerTaxCode", "quarter", "declaredForeignHeadcount"),
    "Inspection": ("employerTaxCode", "decisionDate", "fine"),
}
"""The fields an employer's finding reads from each entity listed by employer."""


async def by_employer(
    scanner: Loader, snapshot: Snapshot, entity: str, kind: str, unchecked: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Every record of `entity`, by employer; none, and `kind` named unchecked, if a source failed."""
    missing = scanner.index.unindexed(entity)
    if missing:
        unchecked[kind] = f"source {', '.join(missing)} is unavailable"
        return {}
    wanted = Selection(entity, {name: Selection("") for name in READ_BY_EMPLOYER[entity]})
    found = await scanner.references(entity, list(snapshot.references[entity]), wanted)
    for records in found.values():
        if isinstance(records, Refusal):
            unchecked[kind] = records.message
            return {}
    return {code: records for code, records in found.items() if isinstance(records, list)}


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
    key = context.index.secret
    ids = [finding_id(key, finding) for _, finding in page]
    nodes: list[dict[str, Any]] = [
        {
            "id": ids[number],
            "kind": finding.kind,
            "since": finding.since,
            "summary": finding.summary,
            "facts": listed(finding.facts),
            "workers": [loaded.get(p.id) for p in finding.persons],
            "employerTaxCode": finding.employer,
            "evidence": cite(context.gate, finding.evidence),
        }
        for number, (_, finding) in enumerate(page)
    ]
    await context.loader.resolve_references([(nodes, node)])
    if node.get("case") is not None and context.gate.may_read("Discrepancy", "case"):
        stored = await cases_of(context, ids)
        for raw, finding in zip(nodes, ids, strict=True):
            raw["case"] = stored.get(finding, UNTOUCHED).raw()
    edges = [
        {"cursor": encode_place(key, place), "node": raw} for (place, _), raw in zip(page, nodes, strict=True)
    ]
    unchecked_list = [f"{kind}: {reason}" for kind, reason in sorted(unchecked.items())]
    return present(context.gate, selection, raw_connection(edges, more) | {"unchecked": unchecked_list})
