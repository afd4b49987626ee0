"""A file made by the CLI as an agency's officer: `lienthong exchange` and `lienthong report`.

The CLI reads the configured sources in process, as an officer `cli:<user>` of the agency whose
policy applies, and writes the same audit record as a request. The scope is checked and the audit
trail tried before minutes of reading; the file (mode 0600) is written beside its destination and
moved into place only once the export is audited, so a file that cannot be written is never
recorded as exported, and one that cannot be audited is never left behind.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from graph.access.audit import AuditUnavailable, now
from graph.access.gate import PolicyGate
from graph.access.policy import ScopeError
from graph.access.viewer import Viewer
from graph.exchange.files import ExportError, draft

if TYPE_CHECKING:
    from graph.web.service import Service
    from graph.web.settings import Settings

Made = TypeVar("Made")
Maker = Callable[["Service", PolicyGate, dict[str, Any]], Awaitable[tuple[bytes, Made]]]
"""Makes the file's bytes as the gate's viewer, noting what it read in the audit record."""


def officer(agency: str, ward: str | None = None, sector: str | None = None) -> Viewer:
    return Viewer(f"cli:{getpass.getuser()}", agency, "officer", ward, sector)


async def export_as(
    settings: Settings,
    viewer: Viewer,
    output: Path,
    say: Callable[[str], None],
    make: Maker[Made],
    what: str,
) -> Made:
    """Write the `what` (a list, a report) `make` makes to `output`, audited like a request; returns
    what `make` returned."""
    from graph.web.service import Service

    service = Service.open(settings)
    try:
        try:
            service.policies.check_scope(viewer)
        except ScopeError as error:
            raise ExportError(str(error)) from None
        try:
            service.audit.ping()  # before minutes of reading: an export that cannot be audited is refused
        except SQLAlchemyError:
            raise ExportError(f"the audit trail cannot be written, so no {what} is exported") from None
        say(f"indexing {len(service.sources)} sources …")
        await service.start()
        gate = PolicyGate(service.policies, viewer, service.index)
        record: dict[str, Any] = {"at": now(), "requestId": str(uuid.uuid4()), "outcome": "OK", "status": 200}
        record.update(
            sub=viewer.sub, agency=viewer.agency, role=viewer.role, scope=viewer.scope, purpose=None
        )
        body, made = await make(service, gate, record)
        written = draft(output, body)
        try:
            await service.audit_append(record)
            written.replace(output)
        except AuditUnavailable:
            raise ExportError(f"the audit trail cannot be written, so no {what} is exported") from None
        finally:
            written.unlink(missing_ok=True)
        return made
    finally:
        await service.stop()
