"""The identity index: which source records belong to which worker, and which employer is whose.

A federated layer cannot ask eight agencies "who has passport M1234567?" on every request: their
columns hold the number in their own spelling and have no index on our normalised form. So the
index scans each source's identifying columns (and the few link fields that listings filter on),
groups records by normalised passport number and nationality, and is rescanned per source when the
source changes. Values served to clients are always fetched from the sources; the index only says
where to look.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from connectors.model import PERSON_ENTITIES, PERSON_FIELDS
from connectors.source import Connector

log = logging.getLogger("lienthong.identity")

PersonKey = tuple[str, str]
"""(nationality ISO3, normalised passport number)."""

LINK_FIELDS: dict[str, frozenset[str]] = {
    "WorkPermit": frozenset({"status", "validTo", "employerTaxCode"}),
    "PermitExemption": frozenset({"validTo", "employerTaxCode"}),
    "Visa": frozenset({"validUntil", "sponsorTaxCode"}),
    "ResidenceDeclaration": frozenset({"ward"}),
}
"""Facts beyond identity that listings filter on, decide a worker's current employer, or place a
worker in a ward's row scope."""

REFERENCE_KEYS: dict[str, str] = {
    "Employer": "taxCode",
    "HealthFacility": "licenceNumber",
    "ContractorDeclaration": "employerTaxCode",
}
"""Entities looked up by a canonical code rather than by person."""

REFERENCE_FACTS: dict[str, frozenset[str]] = {"Employer": frozenset({"sector"})}
"""Facts kept on reference links: a sector department's row scope follows the employer's sector."""

IDENTITY_PRIORITY = (
    "WorkPermit", "PermitExemption", "ResidenceCard", "Visa", "SocialInsuranceRecord",
    "CriminalRecordCertificate", "HealthCertificate", "ResidenceDeclaration",
)
"""Whose spelling of a name or birth date a worker shows: issuers of identity documents first."""


@dataclass(slots=True)
class Link:
    """One source record as the index knows it: where it lives and its identifying facts."""

    source: str
    entity: str
    key: str
    facts: dict[str, Any]


@dataclass(slots=True)
class Person:
    """One worker: the records of every source that share a passport number and nationality."""

    id: str
    nationality: str
    passport: str
    links: list[Link] = field(default_factory=list)

    def fact(self, name: str) -> Any:
        """The first value of an identity field, in the order of IDENTITY_PRIORITY."""
        for link in self.links:
            value = link.facts.get(name)
            if value is not None:
                return value
        return None

    def records(self, entity: str) -> Iterator[Link]:
        return (link for link in self.links if link.entity == entity)

    @property
    def employer(self) -> str | None:
        """The tax code of the employer the worker works for now: latest valid permit, then
        exemption, then visa sponsor."""
        permits = [l for l in self.records("WorkPermit") if l.facts.get("status") == "VALID"]
        for candidates, code in (
            (permits, "employerTaxCode"),
            (list(self.records("PermitExemption")), "employerTaxCode"),
            (list(self.records("Visa")), "sponsorTaxCode"),
        ):
            dated = [l for l in candidates if l.facts.get(code)]
            if dated:
                latest = max(dated, key=lambda l: l.facts.get("validTo") or l.facts.get("validUntil") or date.min)
                return latest.facts[code]
        return None


@dataclass(frozen=True)
class Snapshot:
    """An immutable state of the index, swapped in whole so readers never see half a refresh."""

    persons: dict[PersonKey, Person]
    ordered: list[Person]
    order: list[str]
    by_passport: dict[str, list[Person]]
    by_employer: dict[str, list[Person]]
    references: dict[str, dict[str, list[Link]]]


class IdentityIndex:
    def __init__(self, connectors: dict[str, Connector], secret: bytes, check_seconds: float = 1.0) -> None:
        self.connectors = connectors
        self.secret = secret
        self.check_seconds = check_seconds
        self.partitions: dict[str, list[Link]] = {}
        self.versions: dict[str, Any] = {}
        self.checked = float("-inf")
        self.lock = asyncio.Lock()
        self.snapshot = build(self.partitions, self.person_id)

    def person_id(self, key: PersonKey) -> str:
        return person_id(self.secret, *key)

    async def refresh(self) -> None:
        """Rescan, off the event loop, every source whose data changed since the last look."""
        if time.monotonic() - self.checked < self.check_seconds:
            return
        async with self.lock:
            if time.monotonic() - self.checked < self.check_seconds:
                return
            await asyncio.to_thread(self.refresh_now)
            self.checked = time.monotonic()

    def refresh_now(self) -> None:
        changed = False
        for name, connector in self.connectors.items():
            try:
                version = connector.version()
                if self.versions.get(name) == version and name in self.partitions:
                    continue
                self.partitions[name] = list(scan(name, connector))
                self.versions[name] = version
                changed = True
            except Exception:  # a failing source keeps its last good partition; others go on
                log.exception("source %s could not be indexed; keeping its previous records", name)
        if changed:
            self.snapshot = build(self.partitions, self.person_id)

    def ordered_from(self, after: str | None) -> Iterator[Person]:
        """All persons in id order, starting just after `after`."""
        snapshot = self.snapshot
        start = bisect_right(snapshot.order, after) if after else 0
        return iter(snapshot.ordered[start:])


def person_id(secret: bytes, nationality: str, passport: str) -> str:
    """A stable, opaque worker id: keyed, so it cannot be reversed by hashing likely passport numbers."""
    return "W" + hmac.new(secret, f"{nationality}:{passport}".encode(), hashlib.sha256).hexdigest()[:24]


def scan(source: str, connector: Connector) -> Iterator[Link]:
    for entity, mapping in connector.config.entities.items():
        if entity in PERSON_ENTITIES:
            wanted = set(PERSON_FIELDS | LINK_FIELDS.get(entity, frozenset())) & set(mapping.fields)
        elif entity in REFERENCE_KEYS:
            wanted = ({REFERENCE_KEYS[entity]} | REFERENCE_FACTS.get(entity, frozenset())) & set(mapping.fields)
        else:
            continue
        for record in connector.scan(entity, wanted):
            facts = {name: record.get(name) for name in wanted}
            yield Link(source, entity, record["sourceRecordId"], facts)


def build(partitions: dict[str, list[Link]], person_id: Any) -> Snapshot:
    persons: dict[PersonKey, Person] = {}
    references: dict[str, dict[str, list[Link]]] = {entity: {} for entity in REFERENCE_KEYS}
    for links in partitions.values():
        for link in links:
            if link.entity in REFERENCE_KEYS:
                code = link.facts.get(REFERENCE_KEYS[link.entity])
                if code:
                    references[link.entity].setdefault(code, []).append(link)
                continue
            key = (link.facts["nationality"], link.facts["passportNumber"])
            person = persons.get(key)
            if person is None:
                person = persons[key] = Person(person_id(key), key[0], key[1])
            person.links.append(link)
    rank = {entity: position for position, entity in enumerate(IDENTITY_PRIORITY)}
    by_passport: dict[str, list[Person]] = {}
    by_employer: dict[str, list[Person]] = {}
    for person in persons.values():
        person.links.sort(key=lambda link: rank.get(link.entity, len(rank)))
        by_passport.setdefault(person.passport, []).append(person)
        employer = person.employer
        if employer:
            by_employer.setdefault(employer, []).append(person)
    ordered = sorted(persons.values(), key=lambda person: person.id)
    for group in by_employer.values():
        group.sort(key=lambda person: person.id)
    return Snapshot(persons, ordered, [p.id for p in ordered], by_passport, by_employer, references)
