"""Fields computed from a record's own fields as it is read: how long a dossier, or one step of it,
has taken, and whether it ran past its due date (seed 003 Điều 18.2: the centre sees that dossiers
move between agencies on time).

A computed field is placed in a group and decided like any other and passes the gate like any other;
it is computed only from the fields the loader fetched, which are those the viewer may read, and a
missing input leaves it null. Days are calendar days, and a step not finished counts until today in
Hà Nội.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from connectors.source import Record
from graph.common.timezone import today


def days(start: str, end: str) -> Callable[[Record, date], int | None]:
    def count(record: Record, now: date) -> int | None:
        began = record.get(start)
        return None if began is None else ((record.get(end) or now) - began).days

    return count


def late(end: str, due: str) -> Callable[[Record, date], bool | None]:
    def judge(record: Record, now: date) -> bool | None:
        deadline = record.get(due)
        return None if deadline is None else (record.get(end) or now) > deadline

    return judge


COMPUTED: dict[str, dict[str, tuple[tuple[str, ...], Callable[[Record, date], Any]]]] = {
    "Dossier": {
        "processingDays": (("receivedOn", "decidedOn"), days("receivedOn", "decidedOn")),
        "overdue": (("decidedOn", "dueOn"), late("decidedOn", "dueOn")),
    },
    "DossierStep": {
        "processingDays": (("startedOn", "finishedOn"), days("startedOn", "finishedOn")),
        "overdue": (("finishedOn", "dueOn"), late("finishedOn", "dueOn")),
    },
}
"""Entity → computed field → (the canonical fields it reads, how)."""


def inputs(entity: str, names: Collection[str]) -> set[str]:
    """The canonical fields that computing `names` of `entity` reads."""
    computed = COMPUTED.get(entity, {})
    return {field for name in names if name in computed for field in computed[name][0]}


def with_computed(entity: str, records: list[Record], fields: Collection[str]) -> list[Record]:
    """The records with each computed field whose inputs were all fetched."""
    computed = {
        name: how for name, (needs, how) in COMPUTED.get(entity, {}).items() if set(needs) <= set(fields)
    }
    if not computed:
        return records
    now = today()
    return [{**record, **{name: how(record, now) for name, how in computed.items()}} for record in records]
