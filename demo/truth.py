"""The ground truth: which native record belongs to which person, which problems were seeded where,
and which rows were planted unreadable. Tests read it; the server never does.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from demo.native import BadRow
from demo.world import Career, Discrepancy, World


class Located(Protocol):
    """Anything the ground truth can point at: a native record by source, entity and key."""

    @property
    def entity(self) -> str: ...

    @property
    def source(self) -> str | None: ...

    @property
    def key(self) -> str: ...


def ground_truth(world: World, seed: int, bad_rows: list[BadRow]) -> dict[str, Any]:
    return {
        "seed": seed,
        "workers": len(world.careers),
        "reference_date": world.today.isoformat(),
        "persons": [person(career) for career in world.careers],
        "discrepancies": [discrepancy(d) for d in world.discrepancies],
        "bad_rows": [asdict(row) for row in bad_rows],
    }


def person(career: Career) -> dict[str, Any]:
    who = career.person
    return {
        "person": who.pid,
        "fullName": who.full_name,
        "nationality": who.nationality,
        "dateOfBirth": who.birth.isoformat(),
        "gender": who.gender,
        "passports": who.passports,
        "records": [reference(record) for record in career.records()],
    }


def discrepancy(found: Discrepancy) -> dict[str, Any]:
    return {
        "kind": found.kind,
        "persons": [career.person.pid for career in found.careers],
        "employers": found.employers,
        "records": [reference(record) for record in found.records],
        "note": found.note,
        "also": found.also,
    }


def reference(record: Located) -> dict[str, str | None]:
    return {"source": record.source, "entity": record.entity, "key": record.key}
