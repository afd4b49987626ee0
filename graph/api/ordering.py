"""Listing workers in an order (`orderBy`), by a value the viewer sees in clear, and resuming it.

The rule of docs/confidentiality.md holds for order too: a list sorted by a hidden date tells the
date. So a worker is sorted only by the value its `Worker` field shows this viewer (the name chosen
from records whose names it sees in clear, `graph/fetch/loader.py`), and only if the viewer sees
that field in clear (else FORBIDDEN or PURPOSE_REQUIRED, before anything runs). Workers without the
value come last, in id order; equal values are in id order.

The cost is bounded by the index held in memory: sorting reads no source, a city's listing is sorted
once per index snapshot, field and basis (kept on the snapshot), and only the page is fetched. A cursor names the order it was made in and the last
worker's value and id, so the next page starts after it even if workers were added meanwhile.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from enum import Enum
from itertools import chain
from typing import Any

import strawberry

from graph.access.present import Gate
from graph.api.inputs import bad_input
from graph.api.pagination import INVALID_CURSOR
from graph.fetch.loader import name_sources
from graph.identity.index import Person, Snapshot

v = strawberry.enum_value
FEW = 8
"""Persons fewer than an eighth of the index are sorted as they are; more, from the snapshot's listing."""
Place = tuple[int, str, str]
"""Where a worker stands in an ordered listing: (0 with a value, 1 without; the value; its id)."""
Sorted = tuple[list[tuple[Place, Person]], list[tuple[Place, Person]]]
"""Workers with a value, ascending; then those without, in id order."""


@strawberry.enum(description="What workers may be sorted by (sắp xếp theo).")
class WorkerOrderField(Enum):
    FULL_NAME = v("FULL_NAME", description="`Worker.fullName` as the viewer sees it (họ tên)")
    NATIONALITY = v("NATIONALITY", description="`Worker.nationality`, its ISO code (quốc tịch)")
    DATE_OF_BIRTH = v(
        "DATE_OF_BIRTH",
        description="`Worker.dateOfBirth`; a bare year before the dates of that year (ngày sinh)",
    )


@strawberry.enum(description="Which way to sort (chiều sắp xếp).")
class OrderDirection(Enum):
    ASC = v("ASC", description="Smallest first, A to Z (tăng dần)")
    DESC = v("DESC", description="Largest first, Z to A (giảm dần)")


@strawberry.input(
    description="How to sort workers (thứ tự): by one field the viewer sees in clear; ties and workers"
    " without the value in id order, the latter last."
)
class WorkerOrder:
    field: WorkerOrderField = strawberry.field(description="The field to sort by (trường sắp xếp)")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending unless DESC (chiều)"
    )


NEEDS: dict[str, list[str]] = {
    "FULL_NAME": ["Worker.fullName"],
    "NATIONALITY": ["Worker.nationality"],
    "DATE_OF_BIRTH": ["Worker.dateOfBirth"],
}
"""What a viewer must see in clear to sort by each field: otherwise the order is an oracle."""


class Ranking:
    """One viewer's listing of workers in one order; refused at once if the field is not in clear."""

    def __init__(self, order: WorkerOrder, gate: Gate) -> None:
        self.field = order.field.name
        self.descending = order.direction is OrderDirection.DESC
        gate.require_clear(NEEDS[self.field])
        self.basis, self.value = self.reader(gate)

    def reader(self, gate: Gate) -> tuple[frozenset[str], Callable[[Person], Any]]:
        """The kinds of record the value is read from, and how: the same value the field shows."""
        if self.field == "NATIONALITY":
            return frozenset(), lambda person: person.nationality
        if self.field == "DATE_OF_BIRTH":
            seen = gate.entities
            return seen, lambda person: person.fact("dateOfBirth", seen)
        named = name_sources(gate)
        return named, lambda person: next(iter(person.names(named)), None)

    async def prepare(self, persons: list[Person], snapshot: Snapshot) -> None:
        """Sorts the snapshot's listing, if `after` will read it, in a thread: reading the names of a
        city takes about a second per 20,000 workers, which the event loop should not wait for."""
        if not self.few(persons, snapshot):
            await asyncio.to_thread(self.listing, snapshot)

    def few(self, persons: list[Person], snapshot: Snapshot) -> bool:
        return len(persons) * FEW < len(snapshot.ordered)

    def listing(self, snapshot: Snapshot) -> Sorted:
        """Every worker of the snapshot in this order, sorted once per snapshot, field and basis."""
        found: Sorted | None = snapshot.orders.get((self.field, self.basis))
        if found is None:
            found = snapshot.orders[(self.field, self.basis)] = self.sorted(snapshot.ordered)
        return found

    def after(
        self, persons: list[Person], cursor: str | None, snapshot: Snapshot
    ) -> Iterator[tuple[str, Person]]:
        """`persons` in this order, each with its cursor place, after the place `cursor` names: a
        few (an employer's workers) sorted as they are, a city's read from the snapshot's listing."""
        start = self.decode(cursor)
        kept: set[str] | None = None
        if self.few(persons, snapshot):
            valued, missing = self.sorted(persons)
        else:
            valued, missing = self.listing(snapshot)
            kept = {person.id for person in persons}
        for place, person in chain(reversed(valued) if self.descending else valued, missing):
            if (kept is None or person.id in kept) and (start is None or self.beyond(place, start)):
                yield self.encode(place), person

    def sorted(self, persons: list[Person]) -> Sorted:
        """Those with a value in ascending order, then those without in id order (as given)."""
        valued: list[tuple[Place, Person]] = []
        missing: list[tuple[Place, Person]] = []
        for person in persons:
            value = self.value(person)
            if value is None:
                missing.append(((1, "", person.id), person))
            else:
                valued.append(((0, str(value), person.id), person))
        valued.sort(key=lambda item: item[0])
        return valued, missing

    def beyond(self, place: Place, start: Place) -> bool:
        if place[0] != start[0]:
            return place[0] > start[0]
        if place[0] == 0 and self.descending:
            return place[1:] < start[1:]
        return place[1:] > start[1:]

    def encode(self, place: Place) -> str:
        return json.dumps([self.field, self.descending, *place], ensure_ascii=False)

    def decode(self, cursor: str | None) -> Place | None:
        if cursor is None:
            return None
        try:
            field, descending, flag, value, person = json.loads(cursor)
        except (ValueError, TypeError):
            raise bad_input(INVALID_CURSOR + ", made with the same orderBy") from None
        if (field, descending) != (self.field, self.descending) or flag not in (0, 1):
            raise bad_input(INVALID_CURSOR + ", made with the same orderBy")
        return (flag, str(value), str(person))
