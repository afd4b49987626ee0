"""The ground truth: which native record belongs to which person, which problems were seeded where,
which rows were planted unreadable, and what the monthly lists are made of (each permit's,
exemption's, visa's and card's dates, the registries' employers and changes, the clinics, the
contractors' declarations). Tests read it; the server never does.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from demo.clinics import Clinic
from demo.employers import Employer
from demo.native import BadRow
from demo.records import (
    ContractorDeclaration,
    Exemption,
    Held,
    Inspection,
    Insurance,
    Permit,
    ResidenceCard,
    Visa,
)
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
        "identity_reviews": [discrepancy(d) for d in world.identity_reviews],
        "bad_rows": [asdict(row) for row in bad_rows],
        "employers": [employer(e) for e in world.employers],
        "clinics": [clinic(c) for c in world.clinics],
        "contractor_declarations": [declaration(d) for d in world.contractor_declarations],
        "inspections": [inspection(i) for i in world.inspections],
        "sector_listings": [
            {"department": s.source, "employer": s.employer, "kind": s.kind} for s in world.sector_listings
        ],
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
        "records": [reference(record) | dated(record) for record in career.records()],
    }


def dated(record: Held) -> dict[str, Any]:
    """What puts a permit, exemption, visa or card in a monthly list, and what counts it as
    authorising work on a day: its dates (`changed`: the day its system last touched it), its
    employer or sponsor, a permit's status and revocation; an insurance record's employer and
    status (bhxh's insured counts)."""
    if isinstance(record, Permit):
        revoked = record.revocation.on.isoformat() if record.revocation else None
        extra = {"employer": record.employer, "status": record.status, "revocationDate": revoked}
    elif isinstance(record, Exemption):
        extra = {"employer": record.employer}
    elif isinstance(record, Visa | ResidenceCard):
        extra = {"sponsor": record.sponsor}
    elif isinstance(record, Insurance):
        return {"employer": record.employer, "status": record.status}
    else:
        return {}
    days = {"validFrom": record.start, "validTo": record.end, "changed": record.changed}
    return {name: day.isoformat() for name, day in days.items()} | extra


def employer(e: Employer) -> dict[str, Any]:
    return {
        "taxCode": e.tax_code,
        "kind": e.kind,
        "sector": e.sector,
        "registry": e.registry,
        "status": e.status,
        "registeredOn": e.registered and e.registered.isoformat(),
        "changes": [
            {"on": c.on.isoformat(), "field": c.field, "before": c.before, "after": c.after}
            for c in e.changes
        ],
    }


def clinic(c: Clinic) -> dict[str, Any]:
    suspended = c.suspended.isoformat() if c.suspended else None
    return {"licence": c.licence, "authorised": c.authorised, "status": c.status, "suspendedOn": suspended}


def declaration(d: ContractorDeclaration) -> dict[str, Any]:
    return {"key": d.key, "employer": d.employer, "quarter": d.quarter, "declared": d.declared}


def inspection(i: Inspection) -> dict[str, Any]:
    return {
        "key": i.key, "employer": i.employer, "decided": i.decided.isoformat(), "fine": i.fine, "status": i.status,
    }  # fmt: skip


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
