"""The identity decision store: officers' rulings on which records are one person.

A wrong merge shows one person's criminal record on another, so the linker merges only on a
document and leaves the rest to an officer (graph/identity/linking.py). Each ruling is one row,
never updated: the review it answers, SAME_PERSON or DIFFERENT_PEOPLE, the two sides as source
record ids (so it survives restarts, and still applies when either side gains or loses records),
who decided, their agency, the note and the time. A later row for the same review corrects an
earlier one; the index applies the latest of each. The rows hold no names, dates or passports: the
records say those. Any SQLAlchemy URL; SQLite beside the sources by default, PostgreSQL when several
processes serve the city: each process's index follows the store at its refreshes (`version`).
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, insert, select

from graph.access.audit import SqlStore, now
from graph.identity.index import RulingsUnavailable
from graph.identity.linking import Decision, Ref

SAME_PERSON, DIFFERENT_PEOPLE = "SAME_PERSON", "DIFFERENT_PEOPLE"
metadata = MetaData()
rulings = Table(
    "identity_decision",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review", String(64), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("first_records", Text, nullable=False),
    Column("second_records", Text, nullable=False),
    Column("officer", String(255), nullable=False),
    Column("agency", String(64), nullable=False),
    Column("note", Text),
    Column("at", String(40), nullable=False),
)


Version = tuple[int, int]
"""How many rulings the store holds and the id of the newest."""


class DecisionStoreUnavailable(RulingsUnavailable):
    """The store could not be read or written."""


class DecisionStore(SqlStore):
    unavailable = DecisionStoreUnavailable

    def __init__(self, url: str, timeout_seconds: float = 3.0) -> None:
        super().__init__(url, timeout_seconds, metadata, rulings)

    def record(
        self,
        review: str,
        kind: str,
        same: bool,
        sides: tuple[frozenset[Ref], frozenset[Ref]],
        officer: str,
        agency: str,
        note: str | None,
    ) -> Decision:
        """Store one ruling and return it as the index applies it."""
        decision = Decision(review, kind, sides[0], sides[1], same, officer, agency, now(), note)
        with self.connected(write=True) as connection:
            connection.execute(
                insert(rulings).values(
                    review=review,
                    kind=kind,
                    decision=SAME_PERSON if same else DIFFERENT_PEOPLE,
                    first_records=encode(sides[0]),
                    second_records=encode(sides[1]),
                    officer=officer,
                    agency=agency,
                    note=note,
                    at=decision.at,
                )
            )
        return decision

    def version(self) -> Version:
        """How many rulings there are and the newest's id: rows are only ever added, so a ruling stored
        by any process changes it. One aggregate row, read at every index refresh to tell whether
        the rulings must be read again (`read`)."""
        with self.connected() as connection:
            count, newest = connection.execute(select(func.count(), func.max(rulings.c.id))).one()
        return count, newest or 0

    def read(self) -> tuple[Version, list[Decision]]:
        """The latest ruling of every review, in the order they were made, and the version of the
        store they are (counted from the rows read, so that it is theirs even if a ruling was added
        since)."""
        with self.connected() as connection:
            rows = connection.execute(select(rulings).order_by(rulings.c.id)).all()
        latest = {
            row.review: Decision(
                row.review,
                row.kind,
                decode(row.first_records),
                decode(row.second_records),
                row.decision == SAME_PERSON,
                row.officer,
                row.agency,
                row.at,
                row.note,
            )
            for row in rows
        }
        version = (len(rows), rows[-1].id if rows else 0)
        return version, sorted(latest.values(), key=lambda decision: decision.at)


def encode(refs: frozenset[Ref]) -> str:
    return json.dumps(sorted(refs), ensure_ascii=False)


def decode(text: str) -> frozenset[Ref]:
    return frozenset((source, entity, key) for source, entity, key in json.loads(text))
