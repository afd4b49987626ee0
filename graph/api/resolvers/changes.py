"""An officer's change (a work-list case, an identity decision) as an audit record of its own.

A mutation appends this record through `Context.audit` before it makes its change, so that no
change exists without its record: the request's own record is written only as the answer leaves,
after the change, and a store that took the change while the trail refused the request's record
would hold an unaudited change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.access.viewer import Viewer


def change_record(viewer: Viewer, at: str, persons: Iterable[str], **what: Any) -> dict[str, Any]:
    """Who changed what, when, and the workers it concerns; `what` names the change, never its values."""
    return {
        "at": at,
        "sub": viewer.sub,
        "agency": viewer.agency,
        "role": viewer.role,
        "scope": viewer.scope,
        "purpose": viewer.purpose,
        "outcome": "OK",
        "operation": "change",
        "persons": sorted(persons),
        "fields": {},
        "sources": {},
        **what,
    }
