"""What the demo knows about each record before an agency writes it down in its own way.

Values are canonical (dates, canonical codes, digits-only tax codes, passport numbers as issued);
each agency writer renders them in that agency's conventions. `source`, `entity` and `key` say where
a record ends up, which is what the ground truth lists. Periods are `start`/`end` on every kind so
that shared logic (a record valid on a day, a record replaced on a day) is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from demo.people import Person


@dataclass(eq=False, slots=True, kw_only=True)
class Held:
    """A record about one person, as one agency holds it."""

    entity: ClassVar[str]
    source: str
    key: str = ""
    person: Person
    passport: str
    birth: date | None = None
    """Set only where this agency has the birth date wrong (a seeded identity conflict)."""

    @property
    def born(self) -> date:
        return self.birth or self.person.birth


@dataclass(frozen=True, slots=True)
class Revocation:
    decision: str
    on: date
    ground: str


@dataclass(eq=False, slots=True, kw_only=True)
class Permit(Held):
    entity: ClassVar[str] = "WorkPermit"
    employer: str
    start: date
    end: date
    position: str
    form: str
    title: str
    location: str
    salary: int
    changed: date
    """When the office last touched the permit: issued, revoked or superseded (its monthly list)."""
    issuance: str = "NEW"
    status: str = "VALID"
    previous_passport: str | None = None
    predecessor: str | None = None
    revocation: Revocation | None = None


@dataclass(eq=False, slots=True, kw_only=True)
class Exemption(Held):
    entity: ClassVar[str] = "PermitExemption"
    employer: str
    legal_basis: str
    start: date
    end: date

    @property
    def changed(self) -> date:
        """An exemption, visa or card is touched once, when issued: its system stamps that day."""
        return self.start


@dataclass(frozen=True, slots=True)
class Home:
    address: str
    ward: str
    province: str = "Hà Nội"


@dataclass(eq=False, slots=True, kw_only=True)
class Visa(Held):
    entity: ClassVar[str] = "Visa"
    source: str = "cong_an"
    symbol: str
    entries: str
    start: date
    end: date
    sponsor: str | None
    """The employer sponsoring the visa; tourists (DL, EV) have none."""

    @property
    def changed(self) -> date:
        return self.start


@dataclass(eq=False, slots=True, kw_only=True)
class ResidenceCard(Held):
    entity: ClassVar[str] = "ResidenceCard"
    source: str = "cong_an"
    symbol: str
    start: date
    end: date
    sponsor: str
    home: Home
    previous_passport: str | None = None
    """On a card re-issued for a renewed passport: the number it replaced, which the police record."""

    @property
    def changed(self) -> date:
        return self.start


@dataclass(eq=False, slots=True, kw_only=True)
class ResidenceDeclaration(Held):
    entity: ClassVar[str] = "ResidenceDeclaration"
    source: str = "cong_an"
    home: Home
    start: date
    end: date
    declared_at: datetime


@dataclass(eq=False, slots=True, kw_only=True)
class HealthCertificate(Held):
    entity: ClassVar[str] = "HealthCertificate"
    source: str = "y_te"
    clinic: str
    concluded: date
    conclusion: str
    grade: str
    diseases: str


@dataclass(eq=False, slots=True, kw_only=True)
class CriminalRecord(Held):
    entity: ClassVar[str] = "CriminalRecordCertificate"
    form: str
    issued: date
    conviction: bool = False
    details: str | None = None


@dataclass(eq=False, slots=True, kw_only=True)
class Insurance(Held):
    entity: ClassVar[str] = "SocialInsuranceRecord"
    source: str = "bhxh"
    employer: str
    months: int
    status: str = "CONTRIBUTING"


@dataclass(eq=False, slots=True, kw_only=True)
class ContractorDeclaration:
    entity: ClassVar[str] = "ContractorDeclaration"
    source: str = "xay_dung"
    key: str
    employer: str
    package: str
    investor: str
    quarter: str
    declared: int


@dataclass(eq=False, slots=True, kw_only=True)
class ResidenceCheck(Held):
    """A ward's visit to the address a worker declared: found living there or not."""

    entity: ClassVar[str] = "ResidenceCheck"
    source: str = "ubnd_xa"
    home: Home
    checked: date
    found: bool
    note: str


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an interlinked dossier: who handles it, when it started, was due and finished."""

    number: int
    step: str
    agency: str
    started: date | None
    """None while the step waits for the one before."""
    due: date | None
    finished: date | None


@dataclass(eq=False, slots=True, kw_only=True)
class Dossier(Held):
    """An interlinked online dossier "work permit + criminal record" at the one-stop centre."""

    entity: ClassVar[str] = "Dossier"
    source: str = "hcc"
    employer: str
    received: date
    due: date
    decided: date | None
    """None while the dossier is processed."""
    permit: str | None
    steps: tuple[Step, ...]


@dataclass(eq=False, slots=True, kw_only=True)
class Listing:
    """An institution on a sector department's list of those employing foreigners in its sector."""

    entity: ClassVar[str] = "SectorListing"
    source: str
    key: str
    employer: str
    name: str
    kind: str
    licence: str
    foreigners: int


@dataclass(eq=False, slots=True, kw_only=True)
class Inspection:
    """An inspection of an employer, concluded by a decision; `fine` 0 when it found nothing."""

    entity: ClassVar[str] = "Inspection"
    source: str = "thanh_tra"
    key: str
    employer: str
    decision: str
    decided: date
    legal: str
    finding: str
    fine: int
    status: str


@dataclass(eq=False, slots=True, kw_only=True)
class Violation(Held):
    """A worker's administrative violation found by an inspection, and the fine decided."""

    entity: ClassVar[str] = "Violation"
    source: str = "thanh_tra"
    inspection: str
    employer: str
    decision: str
    decided: date
    legal: str
    act: str
    fine: int


def valid_on(record: Permit | Exemption | Visa | ResidenceCard, day: date) -> bool:
    """In force on `day`: within its period and, for a permit, not revoked, expired or superseded."""
    return record.start <= day <= record.end and getattr(record, "status", "VALID") == "VALID"
