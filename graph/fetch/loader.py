"""Fetch what a selection needs for a whole page of workers: one query per source and entity.

docs/operations.md (Measured lessons behind the design) has per-field async loading at 30× the raw SQL and per-source prefetch at under
9×, so a request is planned up front: for every facet asked for, each source holding it is queried
once, for the whole page, in parallel, off the event loop; then referenced employers and clinics are
fetched the same way, one level at a time. Only the canonical fields the selection names are read.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from connectors import Source
from connectors.guard import TIMEOUT, UNREADABLE, SourceFailure
from connectors.model import ENTITY_FIELDS
from connectors.source import Record
from graph.access.present import Gate, Refusal
from graph.common.facets import FACETS
from graph.common.selection import Selection
from graph.fetch.cache import RecordCache
from graph.fetch.computed import COMPUTED, inputs, with_computed
from graph.identity.index import REFERENCE_KEYS, IdentityIndex, Link, Person
from graph.identity.linking import CONFIDENCE

REFERENCES: dict[str, tuple[str, str, bool]] = {
    "employer": ("employerTaxCode", "Employer", False),
    "sponsor": ("sponsorTaxCode", "Employer", False),
    "facility": ("facilityLicence", "HealthFacility", False),
    "contractorDeclarations": ("taxCode", "ContractorDeclaration", True),
    "inspections": ("taxCode", "Inspection", True),
    "steps": ("dossierNumber", "DossierStep", True),
    "sectorListings": ("taxCode", "SectorListing", True),
}
"""Object fields found by a code the record holds: (code field, entity, many records or one)."""

IDENTITY_FACTS = ("nativeName", "gender", "dateOfBirth")
"""Worker fields read from the person's records in the order of identity.IDENTITY_PRIORITY; the
name is the spelling most of them agree on (identity.Person.names)."""
RESOLVER_KEYS: dict[str, str] = {"workers": "taxCode", "contractorReports": "taxCode"}
"""Fields with resolvers of their own and the canonical field each needs from its parent."""


@dataclass
class Trace:
    """What one request touched: each source and how it answered, and the workers loaded."""

    status: dict[str, str] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    failed: dict[tuple[str, str], Refusal] = field(default_factory=dict)
    """(source, entity) → the refusal standing in for what that source could not give."""

    def missing(self, links: list[Link]) -> Refusal | None:
        """The failure that leaves a list of records incomplete, if any of their sources failed."""
        return next(
            (self.failed[key] for link in links if (key := (link.source, link.entity)) in self.failed), None
        )


def name_sources(gate: Gate) -> frozenset[str]:
    """The kinds of record whose names the viewer sees in clear: the only ones `Worker.fullName` is
    chosen from, and sorted by."""
    return frozenset(e for e in gate.entities if not gate.hidden((f"{e}.fullName",)))


class Loader:
    def __init__(
        self, sources: dict[str, Source], index: IdentityIndex, trace: Trace, gate: Gate, cache: RecordCache
    ) -> None:
        self.sources = sources
        self.cache = cache
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
        for entity in wanted.values():
            self.note_unindexed(entity)
        fetched = await self.fetch_links(jobs)
        self.trace.persons.update(person.id for person in persons)
        named = name_sources(self.gate)
        raws = []
        for person in persons:
            raw = self.identity(person, selection, named)
            for name, entity in wanted.items():
                links = list(person.records(entity))
                records = (fetched.get((link.source, link.key, entity)) for link in links)
                present = [r for r in records if r is not None and owned_by(r, person)]
                raw[name] = self.trace.missing(links) or self.trace.failed.get(("*", entity)) or present
            raws.append(raw)
        facets = [
            (
                [record for raw in raws if isinstance(raw[name], list) for record in raw[name]],
                selection.fields[name],
            )
            for name in wanted
        ]
        await self.resolve_references([(raws, selection), *facets])
        return raws

    def identity(self, person: Person, selection: Selection, named: frozenset[str]) -> dict[str, Any]:
        """A worker's own fields, each from records of kinds the viewer may see (the name from
        those whose names it sees in clear: `named`), and only those the selection asks for (a page
        of 1,000 need not list every record's provenance)."""
        seen = self.gate.entities
        asked = selection.fields
        raw: dict[str, Any] = {
            "id": person.id,
            "nationality": person.nationality,
            "employerTaxCode": self.gate.derived(person.employer),
        }
        raw.update({name: person.fact(name, seen) for name in IDENTITY_FACTS if name in asked})
        if "fullName" in asked or "otherNames" in asked:
            names = person.names(named)
            raw["fullName"], raw["otherNames"] = (names[0] if names else None), names[1:]
        if "passportNumber" in asked or "passports" in asked:
            passports = person.passports_seen(seen)
            raw["passportNumber"] = passports[0] if passports else None
            raw["passports"] = [{"number": n, "current": n == passports[0]} for n in passports]
        if "linkedRecords" in asked:
            raw["linkedRecords"] = [
                {
                    "sourceAgency": self.sources[link.source].config.agency,
                    "entity": link.entity,
                    "sourceRecordId": link.key,
                    "matchedBy": how,
                    "confidence": CONFIDENCE[how],
                    **decided_by(person, link),
                }
                for link, how in zip(person.links, person.evidence, strict=True)
                if link.entity in seen
            ]
        return raw

    async def references(
        self, entity: str, codes: Collection[str], selection: Selection
    ) -> dict[str, list[Record] | Refusal]:
        """Records of a reference entity (employers, clinics) by code, with their own references."""
        links = [link for code in codes for link in self.index.snapshot.references[entity].get(code, [])]
        fetched = await self.fetch_links([(links, entity, self.fields_for(entity, selection))])
        found: dict[str, list[Record] | Refusal] = defaultdict(list)
        for link in links:
            code = link.facts[REFERENCE_KEYS[entity]]
            record = fetched.get((link.source, link.key, entity))
            failure = self.trace.missing([link])
            if failure:
                found[code] = failure
            elif record is not None and isinstance(records := found[code], list):
                records.append(record)
        await self.resolve_references(
            [(records, selection) for records in found.values() if isinstance(records, list)]
        )
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
        found = {
            entity: await self.references(entity, codes, merged) for entity, (codes, merged) in needed.items()
        }
        for records, selection in groups:
            for name in self.readable(selection, REFERENCES):
                code_field, entity, many = REFERENCES[name]
                for record in records:
                    matches = found[entity].get(record.get(code_field) or "", [])
                    if isinstance(matches, Refusal):
                        record[name] = matches
                    else:
                        record[name] = matches if many else (matches[0] if matches else None)

    def note_unindexed(self, entity: str) -> None:
        """A source down since start-up has no records in the index, and one with a damaged export
        may hold records its last good read lacks, so the records it may hold for anyone are
        unknown: the whole facet is marked unavailable rather than shown as empty."""
        for name in self.index.unindexed(entity):
            guarded = self.sources[name]
            last = guarded.guard.last_status
            status = UNREADABLE if name in self.index.unreadable else last if last != "OK" else "UNAVAILABLE"
            self.trace.status[name] = status
            self.trace.failed.setdefault(("*", entity), source_refusal(guarded.config.agency, status))

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
        computed = inputs(entity, self.readable(selection, COMPUTED.get(entity, {})))
        readable = {f for f in computed if self.gate.may_read(selection.type, f)}
        return names | ((codes | readable) & canonical)

    async def fetch_links(
        self, jobs: list[tuple[list[Link], str, set[str]]]
    ) -> dict[tuple[str, str, str], Record]:
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
            for (source, entity, _, _), records in zip(calls, results, strict=True)
            for record in records
        }

    async def fetch(self, source: str, entity: str, keys: list[str], fields: set[str]) -> list[Record]:
        """Records the connector holds current in memory, else from the cache, else from the source
        on its own threads within its deadline. A failure is recorded (and later shown on exactly
        the fields it affects), never raised."""
        guarded = self.sources[source]
        agency = guarded.config.agency
        records = guarded.connector.held(entity, keys, fields)
        if records is None:
            try:
                records = await self.read(guarded, entity, keys, fields)
            except SourceFailure as failure:
                self.trace.status[source] = failure.status
                self.trace.failed[(source, entity)] = source_refusal(agency, failure.status)
                return []
        self.trace.status.setdefault(source, "OK")
        return [{**record, "sourceAgency": agency} for record in with_computed(entity, records, fields)]

    async def read(self, guarded: Source, entity: str, keys: list[str], fields: set[str]) -> list[Record]:
        """Records from the cache, the others from the source (filling the cache)."""
        source, ttl = guarded.config.name, guarded.config.cache_seconds
        version = guarded.connector.version() if ttl > 0 else None
        cache_keys = [self.cache.key(source, entity, version, fields, k) for k in keys] if ttl > 0 else []
        cached = await self.cache.get_many(cache_keys)
        records = [record for record in cached if record is not None]
        missing = [k for k, record in zip(keys, cached or [None] * len(keys), strict=True) if record is None]
        if missing:
            fetched = await guarded.guard.call(guarded.connector.fetch, entity, missing, fields)
            if ttl > 0:
                pairs = [
                    (self.cache.key(source, entity, version, fields, r["sourceRecordId"]), r) for r in fetched
                ]
                await self.cache.set_many(pairs, ttl)
            records += fetched
        return records


def source_refusal(agency: str, status: str) -> Refusal:
    if status == UNREADABLE:
        return Refusal(
            "DATA_ERROR",
            f"An export of the {agency} source cannot be read whole; its records are unknown until it is fixed",
            {"agency": agency},
        )
    if status == TIMEOUT:
        return Refusal("SOURCE_TIMEOUT", f"The {agency} source did not answer in time", {"agency": agency})
    return Refusal("SOURCE_UNAVAILABLE", f"The {agency} source is unavailable", {"agency": agency})


def owned_by(record: Record, person: Person) -> bool:
    """A record changed at its source since it was indexed may now name someone else: drop it."""
    return (
        record.get("nationality") == person.nationality and record.get("passportNumber") in person.passports
    )


def decided_by(person: Person, link: Link) -> dict[str, Any]:
    """Who placed a record on the worker by an officer's decision, and when (nothing otherwise)."""
    decision = person.decided.get((link.source, link.entity, link.key)) if person.decided else None
    if decision is None:
        return {}
    return {
        "decidedBy": decision.officer,
        "decidedByAgency": decision.agency,
        "decidedAt": datetime.fromisoformat(decision.at),
        "reviewId": decision.review,
    }
