"""Fetch what a selection needs for a whole page of workers: one query per source and entity.

ARCHITECTURE.md measured per-field async loading at 30× the raw SQL and per-source prefetch at under
9×, so a request is planned up front: for every facet asked for, each source holding it is queried
once, for the whole page, in parallel, off the event loop; then referenced employers and clinics are
fetched the same way, one level at a time. Only the canonical fields the selection names are read.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from connectors.model import ENTITY_FIELDS
from connectors.source import Connector, Record
from graph.identity import REFERENCE_KEYS, IdentityIndex, Link, Person
from graph.present import Gate
from graph.selection import Selection

log = logging.getLogger("lienthong.loader")

FACETS: dict[str, str] = {
    "workPermits": "WorkPermit",
    "permitExemptions": "PermitExemption",
    "visas": "Visa",
    "residenceCards": "ResidenceCard",
    "residenceDeclarations": "ResidenceDeclaration",
    "healthCertificates": "HealthCertificate",
    "criminalRecordCertificates": "CriminalRecordCertificate",
    "socialInsurance": "SocialInsuranceRecord",
}
"""Worker fields that list one person's records of an entity."""

REFERENCES: dict[str, tuple[str, str, bool]] = {
    "employer": ("employerTaxCode", "Employer", False),
    "sponsor": ("sponsorTaxCode", "Employer", False),
    "facility": ("facilityLicence", "HealthFacility", False),
    "contractorDeclarations": ("taxCode", "ContractorDeclaration", True),
}
"""Object fields found by a code the record holds: (code field, entity, many records or one)."""

RESOLVER_KEYS: dict[str, str] = {"workers": "taxCode"}
"""Fields with resolvers of their own and the canonical field each needs from its parent."""


@dataclass
class Trace:
    """What one request touched: each source and how it answered, and the workers loaded."""

    status: dict[str, str] = field(default_factory=dict)
    queries: int = 0
    persons: set[str] = field(default_factory=set)


class Loader:
    def __init__(
        self, connectors: dict[str, Connector], index: IdentityIndex, trace: Trace, gate: Gate
    ) -> None:
        self.connectors = connectors
        self.index = index
        self.trace = trace
        self.gate = gate

    async def workers(self, persons: list[Person], selection: Selection) -> list[dict[str, Any]]:
        """One raw worker mapping per person, with every facet and reference the selection names."""
        wanted = {
            name: FACETS[name]
            for name in selection.fields
            if name in FACETS and self.gate.may_read(selection.type, name)
        }
        jobs = [
            (links, entity, self.fields_for(entity, selection.fields[name]))
            for name, entity in wanted.items()
            for links in [[link for person in persons for link in person.records(entity)]]
        ]
        fetched = await self.fetch_links(jobs)
        self.trace.persons.update(person.id for person in persons)
        raws = []
        for person in persons:
            raw: dict[str, Any] = {
                "id": person.id,
                "fullName": person.fact("fullName"),
                "nativeName": person.fact("nativeName"),
                "nationality": person.nationality,
                "gender": person.fact("gender"),
                "dateOfBirth": person.fact("dateOfBirth"),
                "passportNumber": person.passport,
                "passports": [{"number": person.passport, "current": True}],
                "employerTaxCode": person.employer,
            }
            for name, entity in wanted.items():
                records = (fetched.get((link.source, link.key, entity)) for link in person.records(entity))
                raw[name] = [r for r in records if r is not None and owned_by(r, person)]
            raws.append(raw)
        facets = [
            ([record for raw in raws for record in raw[name]], selection.fields[name]) for name in wanted
        ]
        await self.resolve_references([(raws, selection), *facets])
        return raws

    async def references(self, entity: str, codes: Collection[str], selection: Selection) -> dict[str, list[Record]]:
        """Records of a reference entity (employers, clinics) by code, with their own references."""
        links = [link for code in codes for link in self.index.snapshot.references[entity].get(code, [])]
        fetched = await self.fetch_links([(links, entity, self.fields_for(entity, selection))])
        found: dict[str, list[Record]] = defaultdict(list)
        for link in links:
            record = fetched.get((link.source, link.key, entity))
            if record is not None:
                found[link.facts[REFERENCE_KEYS[entity]]].append(record)
        await self.resolve_references([(records, selection) for records in found.values()])
        return found

    async def resolve_references(self, groups: list[tuple[list[dict[str, Any]], Selection]]) -> None:
        """Fill every reference field the selections ask for: one fetch per entity for all groups."""
        needed: dict[str, tuple[set[str], Selection]] = {}
        for records, selection in groups:
            for name in self.readable(selection, REFERENCES):
                code_field, entity, _ = REFERENCES[name]
                codes, merged = needed.setdefault(entity, (set(), Selection(selection.fields[name].type)))
                merged.merge(selection.fields[name])
                codes.update(r[code_field] for r in records if r.get(code_field))
        found = {entity: await self.references(entity, codes, merged) for entity, (codes, merged) in needed.items()}
        for records, selection in groups:
            for name in self.readable(selection, REFERENCES):
                code_field, entity, many = REFERENCES[name]
                for record in records:
                    matches = found[entity].get(record.get(code_field) or "", [])
                    record[name] = matches if many else (matches[0] if matches else None)

    def readable(self, selection: Selection, names: Collection[str]) -> list[str]:
        """The fields of `names` the selection asks for and the viewer may have read."""
        return [n for n in selection.fields if n in names and self.gate.may_read(selection.type, n)]

    def fields_for(self, entity: str, selection: Selection) -> set[str]:
        """The canonical fields to read: those selected and allowed, and the codes of references.

        A field the viewer may not see is never read from its source.
        """
        canonical = ENTITY_FIELDS[entity]
        names = set(self.readable(selection, canonical))
        codes = {REFERENCES[n][0] for n in self.readable(selection, REFERENCES)}
        codes |= {RESOLVER_KEYS[n] for n in self.readable(selection, RESOLVER_KEYS)}
        return names | (codes & canonical)

    async def fetch_links(self, jobs: list[tuple[list[Link], str, set[str]]]) -> dict[tuple[str, str, str], Record]:
        """Fetch the records behind the links, one call per source and entity, all in parallel."""
        calls = []
        for links, entity, fields in jobs:
            by_source: dict[str, list[str]] = defaultdict(list)
            for link in links:
                by_source[link.source].append(link.key)
            calls += [(source, entity, keys, fields) for source, keys in by_source.items()]
        results = await asyncio.gather(*(self.fetch(*call) for call in calls))
        return {
            (source, record["sourceRecordId"], entity): record
            for (source, entity, _, _), records in zip(calls, results)
            for record in records
        }

    async def fetch(self, source: str, entity: str, keys: list[str], fields: set[str]) -> list[Record]:
        connector = self.connectors[source]
        self.trace.queries += 1
        try:
            records = await asyncio.to_thread(connector.fetch, entity, keys, fields)
        except Exception:
            log.exception("source %s failed to return %s records", source, entity)
            self.trace.status[source] = "UNAVAILABLE"
            return []
        self.trace.status.setdefault(source, "OK")
        agency = connector.config.agency
        return [{**record, "sourceAgency": agency} for record in records]


def owned_by(record: Record, person: Person) -> bool:
    """A record changed at its source since it was indexed may now name someone else: drop it."""
    return (record.get("nationality"), record.get("passportNumber")) == (person.nationality, person.passport)

