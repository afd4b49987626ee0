"""One worker's records as compliance and reconciliation judge them, as the viewer may read them.

`Worker.compliance` and `discrepancies` read the same records, so they share this: what judging
reads (`selection`, loaded by graph/api/dossiers.py with only the fields the viewer may read) and
the dossier the rules judge. A judgement that needs a field the viewer cannot see in clear, or a
record a source could not give, is unknown; nothing is judged on values the viewer could not see.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.access.present import Gate, Refusal
from graph.common.facets import FACETS
from graph.common.selection import Selection
from graph.identity.index import Person

Record = dict[str, Any]
Cited = tuple[str, Record]
"""(entity, record): a record offered as evidence."""

EMPLOYER_FIELDS = ("taxCode", "status", "inIndustrialZone", "kind")
FETCHED: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, tuple[str, ...]]]]] = {
    "workPermits": (
        (
            "permitNumber",
            "status",
            "issuer",
            "issuanceType",
            "validFrom",
            "validTo",
            "revocationDate",
            "employerTaxCode",
            "workForm",
            "predecessorPermitNumber",
        ),
        {"employer": ("Employer", EMPLOYER_FIELDS)},
    ),
    "permitExemptions": (
        ("issuer", "validFrom", "validTo", "employerTaxCode"),
        {"employer": ("Employer", EMPLOYER_FIELDS)},
    ),
    "visas": (("symbol", "validFrom", "validUntil", "sponsorTaxCode"), {}),
    "residenceCards": (("symbol", "validFrom", "validTo", "sponsorTaxCode"), {}),
    "residenceDeclarations": (("stayFrom", "stayTo", "ward"), {}),
    "residenceChecks": (("ward", "checkedOn", "result"), {}),
    "dossiers": (("status", "outcome", "decidedOn"), {}),
    "healthCertificates": (
        ("conclusionDate", "conclusion", "facilityLicence"),
        {"facility": ("HealthFacility", ("authorisedForForeignWorkers", "status"))},
    ),
    "criminalRecordCertificates": (("issuer", "issueDate"), {}),
    "socialInsurance": (("status", "employerTaxCode"), {}),
}
"""What judging a worker reads of each facet, and of the employers and clinics its records name."""

ENDS = {
    "WorkPermit": "validTo",
    "PermitExemption": "validTo",
    "Visa": "validUntil",
    "ResidenceCard": "validTo",
}
TOURIST = frozenset({"DL", "EV"})
"""Symbols that do not allow work (docs/domain.md §4.2), in the folded spelling of `symbol_kind`."""


def selection() -> Selection:
    """A fresh selection of FETCHED (the loader merges selections in place, so never share one)."""

    def of(type_name: str, fields: Iterable[str]) -> Selection:
        return Selection(type_name, {name: Selection("") for name in fields})

    worker = Selection("Worker")
    for facet, (fields, references) in FETCHED.items():
        child = of(FACETS[facet], fields)
        for name, (entity, wanted) in references.items():
            child.fields[name] = of(entity, wanted)
        worker.fields[facet] = child
    return worker


@dataclass
class Dossier:
    """A worker's records by facet, or the refusal standing in for a facet a source could not give."""

    person: Person
    raw: dict[str, Any]
    gate: Gate
    unindexed: frozenset[str] = frozenset()
    """Reference entities (Employer, HealthFacility) a source of which was never indexed: a code
    not found among them may still exist."""

    def records(self, facet: str) -> list[Record]:
        value = self.raw.get(facet)
        return value if isinstance(value, list) else []

    def blocker(self, needs: Iterable[str]) -> str | None:
        """Why a judgement needing these coordinates cannot be made for this viewer, if it cannot."""
        found = self.blocking(needs)
        if isinstance(found, Refusal):
            return found.message
        return "your agency may not see " + ", ".join(found) if found else None

    def blocking(self, needs: Iterable[str]) -> list[str] | Refusal | None:
        """What stops a judgement needing these coordinates for this viewer, if anything: the
        coordinates it may not see in clear, or the refusal of a facet whose source failed."""
        needs = list(needs)
        hidden = self.gate.hidden(needs)
        if hidden:
            return list(hidden)
        for coordinate in needs:
            type_name, field = coordinate.split(".")
            failure = self.raw.get(field) if type_name == "Worker" else None
            if isinstance(failure, Refusal):
                return failure
        return None

    def covering(self, facet: str, at: date) -> list[Record]:
        """The facet's records in force on `at`, latest start first."""
        entity = FACETS[facet]
        found = [r for r in self.records(facet) if covers(entity, r, at)]
        return sorted(found, key=lambda r: r.get("validFrom") or date.min, reverse=True)

    def authorisations(self, at: date) -> list[Cited]:
        """Permits, then exemptions, in force on `at`."""
        return [("WorkPermit", r) for r in self.covering("workPermits", at)] + [
            ("PermitExemption", r) for r in self.covering("permitExemptions", at)
        ]

    def statuses(self, at: date) -> list[Cited]:
        """Residence cards, then visas, valid on `at`: a card replaces the entry visa it followed."""
        return [("ResidenceCard", r) for r in self.covering("residenceCards", at)] + [
            ("Visa", r) for r in self.covering("visas", at)
        ]

    def declared(self, at: date) -> list[Record]:
        """Residence declarations whose stay includes `at` (an open stay runs on)."""
        return [
            r
            for r in self.records("residenceDeclarations")
            if r.get("stayFrom") is not None and r["stayFrom"] <= at <= (r.get("stayTo") or date.max)
        ]


def covers(entity: str, record: Record, at: date) -> bool:
    """Whether a permit, exemption, visa or card was in force on `at`: within its validity, and for a
    permit not yet revoked or returned. Status alone would misjudge a past date (an EXPIRED permit
    was in force during its term)."""
    start, end = record.get("validFrom"), record.get(ENDS[entity])
    if start is None or end is None or not start <= at <= end:
        return False
    if record.get("status") == "REVOKED":
        revoked = record.get("revocationDate")
        return revoked is not None and at < revoked
    return record.get("status") != "RETURNED"


def symbol_kind(symbol: str | None) -> str:
    """A visa symbol as sources spell it (LĐ2, ld2, "LD 2") folded to one form (LD2)."""
    return "".join((symbol or "").split()).upper().replace("Đ", "D")


def minus_months(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day where the day does not exist."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


SHOWN_BY = {entity: f"Worker.{facet}" for facet, entity in FACETS.items()} | {
    "Employer": "Worker.employer",
    "HealthFacility": "HealthCertificate.facility",
    "ContractorDeclaration": "Employer.contractorDeclarations",
    "Inspection": "Employer.inspections",
}
"""The field through which a viewer sees records of each entity at all."""


def cite(gate: Gate, cited: Iterable[Cited]) -> list[dict[str, Any]]:
    """Evidence as the viewer may see it: only records of entities it may see at all (a record's
    existence tells something), and a record's id only where that entity's ids are visible."""
    return [
        {
            "sourceAgency": record.get("sourceAgency"),
            "entity": entity,
            "sourceRecordId": gate(entity, "sourceRecordId", record.get("sourceRecordId"), record),
        }
        for entity, record in cited
        if gate.may_read(*SHOWN_BY[entity].split("."))
    ]
