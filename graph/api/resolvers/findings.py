"""The work list's mutations: assign a finding, note it, resolve it, or refer it to the police.

An officer acts only on a finding it can see: the finding is looked for as `discrepancies` would
list it to that officer today (its row scope, the kinds whose inputs it sees in clear), by its id.
A finding it cannot see is never even judged, so it is refused exactly as one that does not exist
(NOT_FOUND, after the same scan): no oracle. The change follows the state machine of
graph/worklist/workflow.py (INVALID_TRANSITION otherwise), is audited in a record of its own
before it is made (no record, no change), and is made only if the case is still as it was read
(CONFLICT otherwise). Each costs a whole-city scan in the query limits (graph/web/limits.py).
"""

from __future__ import annotations

import asyncio
import re
from contextlib import aclosing
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from graph.access.audit import AuditUnavailable, now
from graph.access.present import View, present
from graph.access.viewer import Viewer
from graph.api.context import Context
from graph.api.inputs import bad_input
from graph.api.resolvers.cases import cases_of, own_workspace, unavailable
from graph.api.resolvers.changes import change_record
from graph.api.resolvers.discrepancies import UNTOUCHED, listing, searched
from graph.api.selection import selection_of
from graph.common.timezone import today
from graph.rules.reconciliation import Finding, finding_id
from graph.worklist.cases import Case, CaseConflict, CaseUnavailable, Change
from graph.worklist.workflow import (
    ASSIGN,
    MAX_ASSIGNEE_CHARS,
    MAX_NOTE_CHARS,
    MAX_NOTES,
    BadText,
    InvalidTransition,
    text,
    transition,
)

FINDING_ID = re.compile(r"[0-9a-f]{32}")
FIELDS = {
    "assign": "assignFinding",
    "note": "noteFinding",
    "resolve": "resolveFinding",
    "refer": "referFindingToPolice",
}
"""Each action's mutation: the coordinate (Mutation.<field>) its policy decides."""


def error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


async def act(
    info: Info, finding: str, action: str, note: str | None = None, assignee: str | None = None
) -> View:
    """Apply `action` to the viewer's case of the finding `finding`, and show the case as it now is."""
    context: Context = info.context
    context.gate.require("Mutation", FIELDS[action])
    context.gate.require("Query", "discrepancies")  # no acting on findings one may not be listed
    if not FINDING_ID.fullmatch(finding):
        raise bad_input("not a finding id: pass a Discrepancy's id")
    try:
        note = None if note is None else text(note, MAX_NOTE_CHARS, "the note")
        assignee = None if assignee is None else text(assignee, MAX_ASSIGNEE_CHARS, "the assignee")
    except BadText as mistake:
        raise bad_input(str(mistake)) from None
    space = own_workspace(context)
    if space is None or context.cases is None or context.audit is None:
        raise unavailable()
    found = await locate(context, finding)
    if found is None:
        raise error("No such finding among those you may see today", "NOT_FOUND")
    before = (await cases_of(context, [finding])).get(finding, UNTOUCHED)
    try:
        status = transition(action, before.status)
    except InvalidTransition as refusal:
        raise error(str(refusal), "INVALID_TRANSITION") from None
    if note is not None and len(before.notes) >= MAX_NOTES:
        raise bad_input(f"a case holds at most {MAX_NOTES} notes")
    viewer = context.gate.viewer
    assert viewer is not None  # own_workspace found one
    change = Change(status, assignee if action == ASSIGN else before.assignee, viewer.sub, now(), note)
    try:
        await context.audit(audited(viewer, found, finding, action, before, change))
    except AuditUnavailable:
        raise error("The audit trail cannot be written, so nothing is changed", "AUDIT_UNAVAILABLE") from None
    try:
        await asyncio.to_thread(context.cases.apply, space, finding, before, change)
    except CaseConflict:
        raise error("Another officer changed this finding meanwhile: read it again", "CONFLICT") from None
    except CaseUnavailable:
        raise unavailable() from None
    after = (await cases_of(context, [finding])).get(finding, UNTOUCHED)
    return present(context.gate, selection_of(info), after.raw())


async def locate(context: Context, wanted: str) -> Finding | None:
    """The finding with this id among those the viewer would be listed today, or None: the scan
    stops at it, and runs to the end for an id it cannot see as for one that does not exist."""
    names, unchecked = searched(context.gate, None, context.sources)
    key = context.index.secret
    async with aclosing(listing(context, names, today(), (-1, "", -1), unchecked)) as found:
        async for _, finding in found:
            if finding_id(key, finding) == wanted:
                context.trace.persons.update(person.id for person in finding.persons)
                return finding
    return None


def audited(
    viewer: Viewer, found: Finding, finding: str, action: str, before: Case, change: Change
) -> dict[str, Any]:
    """The change's audit record: which finding, what was done, from which status to which, to whom
    it was assigned, and the note's length. Not the note: it is an officer's free text, which may
    name a person and say anything; it stays in the case store, with its author and time, where
    only the agency's own officers read it, while the trail is kept for years and read by auditors."""
    return change_record(
        viewer,
        change.at,
        (person.id for person in found.persons),
        change={
            "finding": finding,
            "kind": found.kind,
            "action": action,
            "from": before.status,
            "to": change.status,
            "assignee": change.assignee if action == ASSIGN else None,
            "noteChars": len(change.note) if change.note is not None else None,
        },
    )
