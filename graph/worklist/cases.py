"""The case store: each finding's status, assignee and notes, kept per agency, across restarts.

Two tables: a finding's case (`finding_case`, one row per workspace and finding id, with a version
that each change bumps) and its notes (`finding_note`, numbered in order). A workspace is an agency,
or an agency's ward or sector for a scoped one: a case is its own agency's work, and its notes are
free text that may say what another agency may not see, so no other agency reads them. A change is
made only if the case is still as the officer's request read it (compare and set on the version), so
two officers acting at once cannot overwrite each other unseen: the second gets CaseConflict. Any
SQLAlchemy URL; SQLite beside the sources by default, PostgreSQL for a city's several processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from graph.access.audit import SqlStore
from graph.access.policy import fold
from graph.access.viewer import Viewer
from graph.worklist.workflow import MAX_ASSIGNEE_CHARS, OPEN

metadata = MetaData()
cases = Table(
    "finding_case",
    metadata,
    Column("workspace", String(200), nullable=False),
    Column("finding", String(32), nullable=False),
    Column("status", String(24), nullable=False),
    Column("assignee", String(MAX_ASSIGNEE_CHARS)),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", String(255), nullable=False),
    Column("version", Integer, nullable=False),
    PrimaryKeyConstraint("workspace", "finding"),
)
notes = Table(
    "finding_note",
    metadata,
    Column("workspace", String(200), nullable=False),
    Column("finding", String(32), nullable=False),
    Column("number", Integer, nullable=False),
    Column("author", String(255), nullable=False),
    Column("at", String(40), nullable=False),
    Column("text", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "finding", "number"),
)
CHUNK = 500
"""Finding ids per IN (…) when reading a page's cases."""


@dataclass(frozen=True)
class Note:
    text: str
    author: str
    at: str


@dataclass(frozen=True)
class Case:
    status: str = OPEN
    assignee: str | None = None
    notes: tuple[Note, ...] = ()
    updated_at: str | None = None
    updated_by: str | None = None
    version: int = 0
    """0: never stored, a finding nobody has touched."""

    def raw(self) -> dict[str, Any]:
        """The case as the schema's FindingCase, before the gate."""
        return {
            "status": self.status,
            "assignee": self.assignee,
            "notes": [
                {"text": n.text, "author": n.author, "at": datetime.fromisoformat(n.at)} for n in self.notes
            ],
            "updatedAt": datetime.fromisoformat(self.updated_at) if self.updated_at else None,
            "updatedBy": self.updated_by,
        }


@dataclass(frozen=True)
class Change:
    """What one action makes of a case: its new status and assignee, by whom, when, and a note."""

    status: str
    assignee: str | None
    by: str
    at: str
    note: str | None = None


class CaseUnavailable(Exception):
    """The store could not be read or written."""


class CaseConflict(Exception):
    """The case changed since it was read: another officer acted first."""


class CaseStore(SqlStore):
    unavailable = CaseUnavailable

    def __init__(self, url: str, timeout_seconds: float = 3.0) -> None:
        super().__init__(url, timeout_seconds, metadata, cases)

    def cases(self, workspace: str, findings: Iterable[str]) -> dict[str, Case]:
        """The stored cases of these findings, with their notes in order; a finding never touched
        is absent."""
        wanted = sorted(set(findings))
        found: dict[str, dict[str, Any]] = {}
        written: dict[str, list[Note]] = {}
        with self.connected() as connection:
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start : start + CHUNK]
                for row in connection.execute(
                    select(cases).where(cases.c.workspace == workspace, cases.c.finding.in_(chunk))
                ):
                    found[row.finding] = row._asdict()
                for row in connection.execute(
                    select(notes)
                    .where(notes.c.workspace == workspace, notes.c.finding.in_(chunk))
                    .order_by(notes.c.finding, notes.c.number)
                ):
                    written.setdefault(row.finding, []).append(Note(row.text, row.author, row.at))
        return {
            finding: Case(
                row["status"],
                row["assignee"],
                tuple(written.get(finding, ())),
                row["updated_at"],
                row["updated_by"],
                row["version"],
            )
            for finding, row in found.items()
        }

    def statuses(self, workspace: str) -> dict[str, str]:
        """Every stored case's status in the workspace, for `discrepancies(status:)`."""
        with self.connected() as connection:
            rows = connection.execute(
                select(cases.c.finding, cases.c.status).where(cases.c.workspace == workspace)
            )
            return {row.finding: row.status for row in rows}

    def apply(self, workspace: str, finding: str, before: Case, change: Change) -> None:
        """Make `change` if the case is still `before`; else CaseConflict."""
        values = {
            "status": change.status,
            "assignee": change.assignee,
            "updated_at": change.at,
            "updated_by": change.by,
            "version": before.version + 1,
        }
        try:
            with self.connected(write=True) as connection:
                if before.version == 0:
                    connection.execute(insert(cases).values(workspace=workspace, finding=finding, **values))
                else:
                    done = connection.execute(
                        update(cases)
                        .where(
                            cases.c.workspace == workspace,
                            cases.c.finding == finding,
                            cases.c.version == before.version,
                        )
                        .values(**values)
                    )
                    if done.rowcount != 1:
                        raise CaseConflict(finding)
                if change.note is not None:
                    connection.execute(
                        insert(notes).values(
                            workspace=workspace,
                            finding=finding,
                            number=len(before.notes) + 1,
                            author=change.by,
                            at=change.at,
                            text=change.note,
                        )
                    )
        except IntegrityError as error:  # another officer stored the case's first change first
            raise CaseConflict(finding) from error


def workspace(viewer: Viewer) -> str:
    """Whose work list a viewer's cases are in: its agency's, or for a ward- or sector-scoped
    officer its ward's or sector's (names folded as scopes are compared)."""
    scope = viewer.ward or viewer.sector
    return f"{viewer.agency}/{fold(scope)}" if scope else viewer.agency
