"""Statistics (thống kê): counting workers, or their records, by dimensions; no GraphQL, no I/O.

Regulation 003 (Điều 4.1) asks agencies for counts and analyses of foreign workers. A count is an
oracle like any other answer (docs/confidentiality.md), so each dimension says what a viewer must
see in clear to group by it (`needs`), and everything its value may be derived from (`basis`): a
value whose derivation consulted a field the viewer may not see in clear (the employer taken from
a visa's sponsor, for a viewer denied visas) is counted as unknown (None), never by its value.

What is counted (the unit): WORKERS, each in exactly one cell; or their WORK_PERMITS, VISAS_AND_CARDS
or HEALTH_CERTIFICATES, each record in one cell, with the worker's own dimensions (nationality,
ward, compliance) and the record's own (status, month of issue, the employer it names); or the
EMPLOYERS that employ them now. A worker's permit dimensions read its *principal permit*: the first
by status (VALID, REVOKED, EXPIRED, RETURNED, SUPERSEDED), the latest issued among equals, the
issue date being consulted only where equals disagree on the value counted.

`from`/`to` keep the records issued in the period (permits, visas and cards by their start, health
certificates by their conclusion); counting WORKERS, the workers with a permit issued in it, their
principal permit chosen among those. `at` is the day wards of residence and compliance are judged
on. Suppression of small cells is graph/rules/suppression.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph.access.present import Gate
from graph.common.facets import FACETS
from graph.identity.index import (
    EMPLOYER_STEPS,
    RESIDENCE_BY_CARD,
    RESIDENCE_BY_DECLARATION,
    Derived,
    Link,
    Person,
)
from graph.rules.compliance import RULES
from graph.rules.suppression import NOTHING, Key, key_order, order, suppress

WORKERS, WORK_PERMITS, VISAS_AND_CARDS, HEALTH_CERTIFICATES, EMPLOYERS = (
    "WORKERS",
    "WORK_PERMITS",
    "VISAS_AND_CARDS",
    "HEALTH_CERTIFICATES",
    "EMPLOYERS",
)
RECORDS: dict[str, tuple[str, ...]] = {
    WORK_PERMITS: ("WorkPermit",),
    VISAS_AND_CARDS: ("Visa", "ResidenceCard"),
    HEALTH_CERTIFICATES: ("HealthCertificate",),
}
"""The records each record unit counts."""
ISSUED = {
    "WorkPermit": "validFrom",
    "Visa": "validFrom",
    "ResidenceCard": "validFrom",
    "HealthCertificate": "conclusionDate",
}
"""The date a record was issued on: what `from`/`to` and MONTH_OF_ISSUE read."""
NAMED_EMPLOYER = {
    "WorkPermit": "employerTaxCode",
    "Visa": "sponsorTaxCode",
    "ResidenceCard": "sponsorTaxCode",
}
"""The employer a record names, for the employer dimensions of record units."""
SHOWN_BY = {entity: f"Worker.{facet}" for facet, entity in FACETS.items()}

PERMIT_FIELDS = {
    "PERMIT_STATUS": "status",
    "ISSUER": "issuer",
    "JOB_POSITION": "jobPosition",
    "WORK_FORM": "workForm",
}
EMPLOYER_FIELDS = {"SECTOR": "sector", "EMPLOYER_KIND": "kind", "IN_INDUSTRIAL_ZONE": "inIndustrialZone"}
DIMENSIONS = (
    "NATIONALITY",
    *EMPLOYER_FIELDS,
    *PERMIT_FIELDS,
    "WARD",
    "COMPLIANCE_STATUS",
    "MONTH_OF_ISSUE",
    "INSURANCE_STATUS",
)
UNITS = (WORKERS, WORK_PERMITS, VISAS_AND_CARDS, HEALTH_CERTIFICATES, EMPLOYERS)
MAX_DIMENSIONS = 4

IDENTIFYING = frozenset({"Worker.fullName", "Worker.passportNumber", "Worker.dateOfBirth"})
"""Seen in clear, these let a viewer tell who is in a cell: part of having full access."""
CURRENT_EMPLOYER = frozenset(
    {"Worker.employer", "WorkPermit.status"}
    | {
        coordinate
        for entity, code, end, facet in EMPLOYER_STEPS
        for coordinate in (facet, f"{entity}.{code}", f"{entity}.{end}")
    }
)
"""Everything the worker's current employer may be derived from (graph/identity/index.py)."""
JUDGED = frozenset({"Worker.compliance", "Compliance.status"} | {c for rule in RULES for c in rule.needs})
PRINCIPAL = frozenset({"Worker.workPermits", "WorkPermit.status"})
TIE = frozenset({"Worker.workPermits", "WorkPermit.status", "WorkPermit.validFrom"})
"""What choosing the principal permit consults when permits of equal status disagree."""
STATUS_RANK = {"VALID": 0, "REVOKED": 1, "EXPIRED": 2, "RETURNED": 3, "SUPERSEDED": 4}
INSURANCE_RANK = {"CONTRIBUTING": 0, "SUSPENDED": 1, "CLOSED": 2}
"""A worker insured with several employers counts by its best record: contributing, else suspended."""
INSURED = frozenset({"Worker.socialInsurance", "SocialInsuranceRecord.status"})


class NotApplicable(ValueError):
    """The question cannot be asked as put (a dimension that does not apply to the unit counted)."""


@dataclass(frozen=True)
class Question:
    unit: str
    dimensions: tuple[str, ...]
    at: date
    since: date | None = None
    until: date | None = None

    @property
    def period(self) -> bool:
        return self.since is not None or self.until is not None

    def issued_within(self, day: Any) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return (
            isinstance(day, date)
            and (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
        )


@dataclass(frozen=True)
class Requirement:
    needs: frozenset[str]
    """Refused unless the viewer sees all of these in clear."""
    basis: frozenset[str]
    """Everything a count may depend on: full access means all of it in clear, with no purpose."""


def requirement(question: Question) -> Requirement:
    """What asking `question` needs in clear, and what its counts may depend on; NotApplicable if a
    dimension does not apply to the unit counted, or a period to employers."""
    if question.unit not in UNITS:
        raise NotApplicable(f"unknown unit {question.unit}")
    if not question.dimensions:
        raise NotApplicable("give at least one dimension to group by")
    if len(question.dimensions) > MAX_DIMENSIONS:
        raise NotApplicable(f"group by at most {MAX_DIMENSIONS} dimensions")
    if len(set(question.dimensions)) < len(question.dimensions):
        raise NotApplicable("each dimension may be given once")
    if question.since and question.until and question.since > question.until:
        raise NotApplicable("from must not be after to")
    entities = RECORDS.get(question.unit, ())
    needs = {SHOWN_BY[entity] for entity in entities}
    basis = set(IDENTIFYING)
    if question.unit == EMPLOYERS:
        needs.add("Worker.employer")
        basis |= CURRENT_EMPLOYER
    if question.period:
        if question.unit == EMPLOYERS:
            raise NotApplicable("from and to do not apply to EMPLOYERS: they count employers as they are now")
        needs |= {"Worker.workPermits", "WorkPermit.validFrom"} if question.unit == WORKERS else set()
        needs |= {f"{entity}.{ISSUED[entity]}" for entity in entities}
    for dimension in question.dimensions:
        wanted, consulted = dimension_requirement(dimension, question.unit)
        needs |= wanted
        basis |= consulted
    return Requirement(frozenset(needs), frozenset(basis | needs))


def dimension_requirement(dimension: str, unit: str) -> tuple[set[str], set[str]]:
    """(needs, beyond them what the value may be derived from) of one dimension for one unit."""
    entities = RECORDS.get(unit, ())
    if unit == EMPLOYERS and dimension not in EMPLOYER_FIELDS:
        raise NotApplicable(
            f"{dimension} does not apply to EMPLOYERS: group them by {', '.join(EMPLOYER_FIELDS)}"
        )
    if dimension == "NATIONALITY":
        return {"Worker.nationality"}, set()
    if dimension == "WARD":
        return set(RESIDENCE_BY_DECLARATION), set(RESIDENCE_BY_CARD)
    if dimension == "COMPLIANCE_STATUS":
        return {"Worker.compliance", "Compliance.status"}, set(JUDGED)
    if dimension == "INSURANCE_STATUS":
        if unit != WORKERS:
            raise NotApplicable(f"INSURANCE_STATUS does not apply to {unit}: count WORKERS")
        return set(INSURED), set()
    if dimension in EMPLOYER_FIELDS:
        fact = f"Employer.{EMPLOYER_FIELDS[dimension]}"
        if entities and entities[0] in NAMED_EMPLOYER:
            return {f"{entity}.{NAMED_EMPLOYER[entity]}" for entity in entities} | {fact}, set()
        return {"Worker.employer", fact}, set(CURRENT_EMPLOYER)
    if dimension == "MONTH_OF_ISSUE":
        if unit == WORKERS:
            return set(TIE), set()
        return {f"{entity}.{ISSUED[entity]}" for entity in entities}, set()
    if unit == WORKERS:
        return set(PRINCIPAL) | {f"WorkPermit.{PERMIT_FIELDS[dimension]}"}, set(TIE)
    if unit == WORK_PERMITS:
        return {f"WorkPermit.{PERMIT_FIELDS[dimension]}"}, set()
    raise NotApplicable(f"{dimension} does not apply to {unit}: count WORKERS or WORK_PERMITS")


Getter = Callable[[Person, Any], Any]
"""A dimension's value for one row: the worker, and what the unit counts of it (a record's index
link; for WORKERS, the facts of the permits its principal permit is chosen among; for EMPLOYERS,
the tax code)."""


class Counting:
    """One question counted over the workers a viewer may list, as that viewer may see them."""

    def __init__(
        self,
        question: Question,
        gate: Gate,
        employers: Mapping[str, list[Link]],
        compliance: Mapping[str, str],
    ) -> None:
        self.question = question
        self.gate = gate
        self.employers = employers
        self.compliance = compliance

    def count(self, persons: Iterable[Person]) -> Counter[Key]:
        counts: Counter[Key] = Counter()
        key = self.key()
        if self.question.unit == EMPLOYERS:
            codes = {self.gate.derived(person.employer) for person in persons} - {None}
            for code in codes:
                counts[key(None, code)] += 1  # type: ignore[arg-type]
            return counts
        rows = self.rows
        for person in persons:
            for row in rows(person):
                counts[key(person, row)] += 1
        return counts

    def key(self) -> Callable[[Person, Any], Key]:
        """A row's cell: one call per row, not one per dimension (a city is a million calls)."""
        getters = [self.getter(dimension) for dimension in self.question.dimensions]
        if len(getters) == 1:
            (first,) = getters
            return lambda person, row: (first(person, row),)
        if len(getters) == 2:
            first, second = getters
            return lambda person, row: (first(person, row), second(person, row))
        return lambda person, row: tuple(get(person, row) for get in getters)

    def rows(self, person: Person) -> list[Any]:
        question = self.question
        if question.unit == WORKERS:
            permits = [link.facts for link in person.records("WorkPermit")]
            if question.period:
                permits = [p for p in permits if question.issued_within(p.get("validFrom"))]
                if not permits:
                    return []
            return [permits]
        found = [link for entity in RECORDS[question.unit] for link in person.records(entity)]
        if not question.period:
            return found
        return [link for link in found if question.issued_within(link.facts.get(ISSUED[link.entity]))]

    def getter(self, dimension: str) -> Getter:
        unit = self.question.unit
        if dimension == "NATIONALITY":
            return lambda person, row: person.nationality
        if dimension == "WARD":
            at = self.question.at
            return lambda person, row: self.gate.derived(person.residence(at))
        if dimension == "COMPLIANCE_STATUS":
            return lambda person, row: self.compliance.get(person.id)
        if dimension == "INSURANCE_STATUS":
            return lambda person, row: insurance(person)
        if dimension in EMPLOYER_FIELDS:
            field = EMPLOYER_FIELDS[dimension]
            code = self.employer_code()
            return lambda person, row: self.employer_fact(code(person, row), field)
        if dimension == "MONTH_OF_ISSUE":
            if unit == WORKERS:
                return lambda person, row: month(self.principal(row, "validFrom"))
            return lambda person, row: month(row.facts.get(ISSUED[row.entity]))
        field = PERMIT_FIELDS[dimension]
        if unit == WORKERS:
            return lambda person, row: self.principal(row, field)
        return lambda person, row: row.facts.get(field)

    def employer_code(self) -> Getter:
        unit = self.question.unit
        if unit == EMPLOYERS:
            return lambda person, code: code
        if unit in (WORK_PERMITS, VISAS_AND_CARDS):
            return lambda person, row: row.facts.get(NAMED_EMPLOYER[row.entity])
        return lambda person, row: self.gate.derived(person.employer)

    def employer_fact(self, code: str | None, field: str) -> Any:
        """The employer's fact as the first registry holding it says (the index orders registries
        by source name)."""
        for link in self.employers.get(code or "", ()):
            value = link.facts.get(field)
            if value is not None:
                return value
        return None

    def principal(self, permits: list[dict[str, Any]], field: str) -> Any:
        """`field` of the principal permit among `permits`: the first by status; among equals the
        latest issued, a choice that consults the issue date only where they disagree on `field`."""
        if not permits:
            return None
        best = min(STATUS_RANK.get(str(p.get("status")), len(STATUS_RANK)) for p in permits)
        equals = [p for p in permits if STATUS_RANK.get(str(p.get("status")), len(STATUS_RANK)) == best]
        values = {p.get(field) for p in equals}
        if len(values) == 1:
            return values.pop()
        latest = max(equals, key=lambda p: (p.get("validFrom") or date.min, order(p.get(field))))
        return self.gate.derived(Derived(latest.get(field), TIE))


def insurance(person: Person) -> str | None:
    """The worker's best social insurance status; None when no record insures it."""
    statuses = [link.facts.get("status") for link in person.records("SocialInsuranceRecord")]
    known = [status for status in statuses if status in INSURANCE_RANK]
    return min(known, key=INSURANCE_RANK.__getitem__) if known else None


def month(day: Any) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if isinstance(day, date) else None


def text(value: Any) -> str | None:
    """A dimension's value as the answer shows it: codes as they are, flags as true or false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table(question: Question, counts: Mapping[Key, int], min_cell: int | None) -> dict[str, Any]:
    """The answer: cells in the order of their values, each dimension's totals (two dimensions or
    more) and the grand total, with the counts of `suppress` hidden when `min_cell` is given."""
    hidden = suppress(counts, min_cell) if min_cell else NOTHING
    cells = [
        {
            "values": [text(value) for value in key],
            "count": None if key in hidden.cells else n,
            "suppressed": key in hidden.cells,
        }
        for key, n in sorted(counts.items(), key=lambda item: key_order(item[0]))
    ]
    totals = []
    if len(question.dimensions) > 1:
        for position, dimension in enumerate(question.dimensions):
            sums: Counter[Any] = Counter()
            for key, n in counts.items():
                sums[key[position]] += n
            for value in sorted(sums, key=order):
                shut = (position, value) in hidden.totals
                totals.append(
                    {
                        "dimension": dimension,
                        "value": text(value),
                        "count": None if shut else sums[value],
                        "suppressed": shut,
                    }
                )
    return {
        "cells": cells,
        "totals": totals,
        "total": None if hidden.total else sum(counts.values()),
        "totalSuppressed": hidden.total,
        "minCell": min_cell,
    }
