"""`identityReviews` and `decideIdentity`: the queue of pairs of records that may be one person, and
an officer's ruling on one (docs/domain.md §6).

A review is shown only to a viewer who lists the whole city and sees in clear, on every record of
both sides, everything its existence depends on: the identity fields (name, birth date, gender,
nationality, passport), the record ids, and the document numbers whose absence made it a review.
Any other review is, to that viewer, one that does not exist: not listed, and a decision on it is
refused with the same NOT_FOUND as an unknown id. A ruling is stored (graph/access/identity_decisions.py)
before it is applied, after an audit record of its own that names the review and the ruling (never
the values; no record, no ruling), and the index applies the stored rulings on its next refresh;
the other processes sharing the store apply them on theirs (graph/identity/index.py `follow`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from connectors.model import ENTITY_FIELDS
from graph.access.audit import AuditUnavailable, now
from graph.access.identity_decisions import DIFFERENT_PEOPLE, SAME_PERSON, DecisionStoreUnavailable
from graph.access.present import Gate, View, present
from graph.api.context import Context
from graph.api.inputs import bad_input
from graph.api.pagination import page_size
from graph.api.resolvers.changes import change_record
from graph.api.selection import selection_of
from graph.identity.index import Snapshot
from graph.identity.linking import DOCUMENTS, Decision, Review, Sighting, name_keys, same_birth

IDENTITY_FIELDS = ("fullName", "dateOfBirth", "gender", "nationality", "passportNumber")
NOT_FOUND = "No such identity review"
Sides = tuple[list[Sighting], list[Sighting]]
Entry = tuple[str, Review | Decision, Sides]
"""A review as listed: its id, the pending review or the latest decision on it, its two sides."""


def basis(entities: Iterable[str]) -> list[str]:
    """The coordinates a review of records of `entities` depends on."""
    return sorted(
        f"{entity}.{name}"
        for entity in set(entities)
        for name in (*IDENTITY_FIELDS, "sourceRecordId", *DOCUMENTS)
        if name == "sourceRecordId" or name in ENTITY_FIELDS[entity]
    )


def shown(gate: Gate, sides: tuple[Iterable[Sighting], Iterable[Sighting]]) -> bool:
    """Whether the viewer may know of a review between these records at all."""
    entities = {s.entity for side in sides for s in side}
    return bool(entities) and entities <= gate.entities and gate.full_access(basis(entities))


def decided_sides(snapshot: Snapshot, decision: Decision) -> Sides:
    """A decided review's records as they stand now (a record since removed is left out)."""
    return (
        [snapshot.decided[ref] for ref in sorted(decision.first) if ref in snapshot.decided],
        [snapshot.decided[ref] for ref in sorted(decision.second) if ref in snapshot.decided],
    )


def reviews(context: Context, status: str) -> Iterator[Entry]:
    """The reviews of `status` the viewer may see, in id order: (id, review or decision, sides)."""
    snapshot = context.index.snapshot
    if status == "PENDING":
        found: list[Entry] = [
            (rid, r, (list(r.first), list(r.second))) for rid, r in snapshot.reviews.items()
        ]
    else:
        found = [(d.review, d, decided_sides(snapshot, d)) for d in context.index.decisions]
    for rid, item, sides in sorted(found, key=lambda entry: entry[0]):
        if shown(context.gate, sides):
            yield rid, item, sides


async def identity_reviews(info: Info, status: str, first: int | None, after: str | None) -> list[View]:
    context: Context = info.context
    context.gate.require("Query", "identityReviews")
    size = page_size(first)
    selection = selection_of(info)
    page: list[View] = []
    for rid, item, sides in reviews(context, status):
        if after is not None and rid <= after:
            continue
        if len(page) == size:
            break
        page.append(present(context.gate, selection, raw(context, rid, item, sides)))
        context.trace.persons.update(holders(context.index.snapshot, sides))
    return page


async def decide_identity(info: Info, review_id: str, decision: str, note: str | None) -> View:
    context: Context = info.context
    context.gate.require("Mutation", "decideIdentity")
    viewer = context.gate.viewer
    if viewer is None or context.decisions is None:
        raise GraphQLError("Identity decisions are not kept here", extensions={"code": "FORBIDDEN"})
    if note is not None and len(note) > 2000:
        raise bad_input("note: at most 2000 characters")
    found = next(
        (
            (item, sides)
            for status in ("PENDING", "DECIDED")
            for rid, item, sides in reviews(context, status)
            if rid == review_id
        ),
        None,
    )
    if found is None:
        raise GraphQLError(NOT_FOUND, extensions={"code": "NOT_FOUND"})
    item, sides = found
    refs = (frozenset(s.ref for s in sides[0]), frozenset(s.ref for s in sides[1]))
    store = context.decisions
    ruling = {"review": review_id, "kind": item.kind, "decision": decision}
    if context.audit is None:
        raise GraphQLError("Identity decisions are not kept here", extensions={"code": "FORBIDDEN"})
    try:  # the decision's own record first: no record, no decision (graph/api/resolvers/changes.py)
        await context.audit(
            change_record(viewer, now(), holders(context.index.snapshot, sides), identityDecisions=[ruling])
        )
    except AuditUnavailable:
        raise GraphQLError(
            "The audit trail cannot be written, so nothing was decided",
            extensions={"code": "AUDIT_UNAVAILABLE"},
        ) from None
    try:
        made = await asyncio.to_thread(
            store.record, review_id, item.kind, decision == SAME_PERSON, refs, viewer.sub, viewer.agency, note
        )
        version, decisions = await asyncio.to_thread(store.read)
        context.index.decide(decisions, version)
    except DecisionStoreUnavailable:
        raise GraphQLError(
            "The identity decision store cannot be written now; nothing was decided",
            extensions={"code": "DECISIONS_UNAVAILABLE"},
        ) from None
    context.trace.persons.update(holders(context.index.snapshot, sides))
    return present(context.gate, selection_of(info), raw(context, review_id, made, sides))


def holders(snapshot: Snapshot, sides: Sides) -> set[str]:
    """The workers whose records a review shows, for the audit record (as every answer names the
    workers it showed)."""
    found = set()
    for side in sides:
        for s in side:
            for person in snapshot.by_passport.get(s.passport, []):
                if any((link.source, link.entity, link.key) == s.ref for link in person.records(s.entity)):
                    found.add(person.id)
    return found


def raw(context: Context, rid: str, item: Review | Decision, sides: Sides) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rid,
        "kind": item.kind,
        "records": [record(context, side, s) for side, records in enumerate(sides, 1) for s in records],
        "comparisons": comparisons(*sides),
    }
    if isinstance(item, Review):
        return out | {"status": "PENDING", "reason": item.reason}
    return out | {
        "status": "DECIDED",
        "reason": None,
        "decision": SAME_PERSON if item.same else DIFFERENT_PEOPLE,
        "decidedBy": item.officer,
        "decidedByAgency": item.agency,
        "decidedAt": datetime.fromisoformat(item.at),
        "note": item.note,
    }


def record(context: Context, side: int, s: Sighting) -> dict[str, Any]:
    return {
        "side": side,
        "sourceAgency": context.sources[s.source].config.agency,
        "entity": s.entity,
        "sourceRecordId": s.key,
        "fullName": s.name,
        "dateOfBirth": s.birth,
        "gender": s.gender,
        "nationality": s.nationality,
        "passportNumber": s.passport,
    }


def comparisons(one: list[Sighting], two: list[Sighting]) -> list[dict[str, Any]]:
    """Whether some value of one side matches some value of the other, field by field (null where a
    side has no value): names in any spelling, a bare birth year agreeing with a date in it."""

    def agree(values: Any, match: Any) -> bool | None:
        a, b = ({v for s in side if (v := values(s))} for side in (one, two))
        return any(match(x, y) for x in a for y in b) if a and b else None

    return [
        {
            "field": "fullName",
            "agrees": agree(lambda s: frozenset(name_keys(s.name)) or None, lambda x, y: bool(x & y)),
        },
        {"field": "dateOfBirth", "agrees": agree(lambda s: s.birth, same_birth)},
        {"field": "gender", "agrees": agree(lambda s: s.gender, lambda x, y: x == y)},
        {"field": "nationality", "agrees": agree(lambda s: s.nationality, lambda x, y: x == y)},
        {"field": "passportNumber", "agrees": agree(lambda s: s.passport, lambda x, y: x == y)},
        {"field": "documents", "agrees": agree(lambda s: s.documents or None, lambda x, y: bool(x & y))},
    ]
