"""The demo's world before any agency writes it: employers, clinics, and each worker's career.

A career holds all records about one worker, whichever agency keeps them; agency writers gather
theirs from every career, and the ground truth lists them per person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from demo.clinics import Clinic
from demo.employers import Employer
from demo.people import Person
from demo.records import (
    ContractorDeclaration,
    CriminalRecord,
    Dossier,
    Exemption,
    HealthCertificate,
    Held,
    Home,
    Inspection,
    Insurance,
    Listing,
    Permit,
    ResidenceCard,
    ResidenceCheck,
    ResidenceDeclaration,
    Violation,
    Visa,
)

T = TypeVar("T")


@dataclass(eq=False)
class Career:
    """One worker and every record any agency holds about them."""

    person: Person
    employer: Employer
    shape: str
    """new, extended, exempt or reissued: how the clean career was built (seeding picks by it)."""
    home: Home
    """Where the worker lives now; a move changes it, cards keep the address they were issued with."""
    permits: list[Permit] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    visas: list[Visa] = field(default_factory=list)
    cards: list[ResidenceCard] = field(default_factory=list)
    declarations: list[ResidenceDeclaration] = field(default_factory=list)
    health: list[HealthCertificate] = field(default_factory=list)
    criminal: list[CriminalRecord] = field(default_factory=list)
    insurance: list[Insurance] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    checks: list[ResidenceCheck] = field(default_factory=list)
    dossiers: list[Dossier] = field(default_factory=list)

    def records(self) -> Iterator[Held]:
        for bucket in BUCKETS.values():
            yield from getattr(self, bucket)

    def bucket(self, kind: type[T]) -> list[T]:
        return getattr(self, BUCKETS[kind])

    @property
    def permit(self) -> Permit:
        """The worker's latest permit (the current one, in a clean career)."""
        return self.permits[-1]


BUCKETS: dict[type, str] = {
    Permit: "permits", Exemption: "exemptions", Visa: "visas", ResidenceCard: "cards",
    ResidenceDeclaration: "declarations", HealthCertificate: "health", CriminalRecord: "criminal",
    Insurance: "insurance", Violation: "violations", ResidenceCheck: "checks", Dossier: "dossiers",
}  # fmt: skip
"""Record kind → the career's list holding it."""


@dataclass(eq=False)
class Discrepancy:
    """A seeded reconciliation problem (docs/domain.md §5) and the records that show it."""

    kind: str
    note: str
    careers: list[Career] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    records: Sequence[Held | Employer | ContractorDeclaration | Inspection] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Other kinds the same records necessarily raise (an ended permit leaves a work card unbacked)."""


@dataclass(eq=False)
class World:
    today: date
    employers: list[Employer]
    clinics: tuple[Clinic, ...]
    careers: list[Career]
    contractor_declarations: list[ContractorDeclaration] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    sector_listings: list[Listing] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    identity_reviews: list[Discrepancy] = field(default_factory=list)
    """Seeded pairs the linker must leave to an officer (demo/identities.py), not reconciliation findings."""

    def gather(self, pick: Callable[[Career], list[T]]) -> list[T]:
        """One kind of record from every career, in career order."""
        return [record for career in self.careers for record in pick(career)]
