"""What an officer may do to a finding's case: a small state machine, and the bounds of what it types.

A case starts OPEN (a finding nobody has touched is OPEN). Assigning makes it ASSIGNED (again, to
someone else, if it was); resolving makes it RESOLVED; referring makes it REFERRED_TO_POLICE
("chuyển Công an xử lý": the agency has handed it to the police). RESOLVED and REFERRED_TO_POLICE
close the case. A closed case is reopened only by assigning it, to whoever is to look at it again:
there is no other way back, so a finding still in the sources after it was closed can be worked on
again and the trail says who reopened it. A closed case cannot be resolved or referred again, nor a
resolved one referred: reopen it first. A referred case may be resolved, once the police are done.
Notes may be added in any state and change none.
"""

from __future__ import annotations

OPEN = "OPEN"
ASSIGNED = "ASSIGNED"
RESOLVED = "RESOLVED"
REFERRED = "REFERRED_TO_POLICE"
STATUSES = (OPEN, ASSIGNED, RESOLVED, REFERRED)

ASSIGN = "assign"
NOTE = "note"
RESOLVE = "resolve"
REFER = "refer"

TRANSITIONS: dict[str, dict[str, str]] = {
    ASSIGN: {OPEN: ASSIGNED, ASSIGNED: ASSIGNED, RESOLVED: ASSIGNED, REFERRED: ASSIGNED},
    NOTE: {status: status for status in STATUSES},
    RESOLVE: {OPEN: RESOLVED, ASSIGNED: RESOLVED, REFERRED: RESOLVED},
    REFER: {OPEN: REFERRED, ASSIGNED: REFERRED},
}
"""action → (status before → status after); a status an action does not list refuses it."""

MAX_NOTE_CHARS = 2_000
"""A note is an officer's free text: long enough for what was checked and found, short enough that a
page of cases stays small."""
MAX_NOTES = 50
"""Notes per case: beyond them a case is a file, kept elsewhere; this bounds a page's answer."""
MAX_ASSIGNEE_CHARS = 100


class InvalidTransition(Exception):
    """The action does not apply to the case's status; the message says what would."""


class BadText(Exception):
    """A note or an assignee that is empty, too long, or holds control characters."""


def transition(action: str, status: str) -> str:
    """The status `action` leads to from `status`, or InvalidTransition."""
    after = TRANSITIONS[action].get(status)
    if after is None:
        hint = " (reopen it by assigning it first)" if status in (RESOLVED, REFERRED) else ""
        raise InvalidTransition(
            f"a finding {status} cannot be {'referred' if action == REFER else 'resolved'}{hint}"
        )
    return after


def text(value: str, limit: int, what: str) -> str:
    """Free text as stored: trimmed, never interpreted, refused if empty, longer than `limit`
    characters, or holding control characters other than line breaks and tabs."""
    value = value.strip()
    if not value:
        raise BadText(f"{what} is empty")
    if len(value) > limit:
        raise BadText(f"{what} is longer than {limit:,} characters")
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 127 for c in value):
        raise BadText(f"{what} holds control characters")
    return value
