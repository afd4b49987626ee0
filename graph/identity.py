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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from connectors import Source
from connectors.guard import SourceFailure
from connectors.model import PERSON_ENTITIES, PERSON_FIELDS
from connectors.source import Connector
from graph.linking import Sighting, name_tokens
from graph.linking import link as link_records

log = logging.getLogger("lienthong.identity")

PersonKey = tuple[str, str]
"""(nationality ISO3, normalised passport number)."""

LINK_FIELDS: dict[str, frozenset[str]] = {
    "WorkPermit": frozenset(
        {"status", "validFrom", "validTo", "revocationDate", "employerTaxCode", "previousPassportNumber"}
    ),
    "PermitExemption": frozenset({"validFrom", "validTo", "employerTaxCode"}),
    "Visa": frozenset({"validFrom", "validUntil", "sponsorTaxCode", "symbol"}),
    "ResidenceCard": frozenset({"validFrom", "validTo", "sponsorTaxCode"}),
    "HealthCertificate": frozenset({"conclusionDate"}),
    "SocialInsuranceRecord": frozenset({"employerTaxCode"}),
    "ResidenceDeclaration": frozenset({"ward"}),
}
"""Facts beyond identity that listings filter on, decide a worker's current employer, place a
worker in a ward's row scope, or count an employer's authorised workers (graph/reconciliation.py)."""

REFERENCE_KEYS: dict[str, str] = {
    "Employer": "taxCode",
    "HealthFacility": "licenceNumber",
    "ContractorDeclaration": "employerTaxCode",
}
"""Entities looked up by a canonical code rather than by person."""

REFERENCE_FACTS: dict[str, frozenset[str]] = {"Employer": frozenset({"sector"})}
"""Facts kept on reference links: a sector department's row scope follows the employer's sector."""

IDENTITY_PRIORITY = (
    "WorkPermit",
    "PermitExemption",
    "ResidenceCard",
    "Visa",
    "SocialInsuranceRecord",
    "CriminalRecordCertificate",
    "HealthCertificate",
    "ResidenceDeclaration",
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
    """One worker: the records of every source that identity matching (graph/linking.py) put together.

    `passport` is the current number; `passports` the current one first, then older ones.
    """

    id: str
    nationality: str
    passport: str
    links: list[Link] = field(default_factory=list)
    passports: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    """How each of `links` (same order) was matched: passport, passport_history or name_birth_date."""

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
                latest = max(
                    dated, key=lambda l: l.facts.get("validTo") or l.facts.get("validUntil") or date.min
                )
                return latest.facts[code]
        return None


@dataclass(frozen=True)
class Snapshot:
    """An immutable state of the index, swapped in whole so readers never see half a refresh."""

    persons: dict[PersonKey, Person]
    by_id: dict[str, Person]
    ordered: list[Person]
    order: list[str]
    by_passport: dict[str, list[Person]]
    by_employer: dict[str, list[Person]]
    by_name_token: dict[str, set[str]]
    """Name token (any spelling, see graph/linking.py) → ids of the workers some record names so."""
    references: dict[str, dict[str, list[Link]]]


class IdentityIndex:
    def __init__(
        self,
        sources: dict[str, Source],
        secret: bytes,
        check_seconds: float = 1.0,
        scan_timeout: float = 300.0,
    ) -> None:
        self.sources = sources
        self.secret = secret
        self.check_seconds = check_seconds
        self.scan_timeout = scan_timeout
        self.partitions: dict[str, list[Link]] = {}
        self.versions: dict[str, Any] = {}
        self.scanning: set[str] = set()
        self.checked = float("-inf")
        self.background: asyncio.Task[None] | None = None
        self.snapshot = build(self.partitions, self.person_id)

    def person_id(self, key: PersonKey) -> str:
        return person_id(self.secret, *key)

    async def refresh(self, wait: bool = False) -> None:
        """Rescan every source whose data changed. Files are rescanned before the request goes on,
        so a dropped or corrected export is seen at once; databases, whose change is only known by
        the refresh period, are rescanned in the background while the last good index serves.
        `wait` makes every rescan finish first (at start-up)."""
        if not wait and time.monotonic() - self.checked < self.check_seconds:
            return
        self.checked = time.monotonic()
        due = [name for name, source in self.sources.items() if self.stale(name, source)]
        files = [name for name in due if wait or self.sources[name].config.kind != "sql"]
        databases = [name for name in due if name not in files]
        if files:
            await self.rescan(files)
        if databases and (self.background is None or self.background.done()):
            self.background = asyncio.create_task(self.rescan(databases))

    def stale(self, name: str, source: Source) -> bool:
        try:
            return name not in self.partitions or self.versions.get(name) != source.connector.version()
        except OSError:
            return True

    async def rescan(self, names: list[str]) -> None:
        fresh = [name for name in names if name not in self.scanning]
        self.scanning.update(fresh)
        try:
            changed = await asyncio.gather(*(self.rescan_one(name) for name in fresh))
        finally:
            self.scanning.difference_update(fresh)
        if any(changed):
            self.snapshot = await asyncio.to_thread(build, dict(self.partitions), self.person_id)

    async def rescan_one(self, name: str) -> bool:
        """Replace one source's partition and say whether it changed; a failing source keeps its
        last good one."""
        source = self.sources[name]
        version = source.connector.version()
        try:
            links = await source.guard.call(
                lambda: list(scan(name, source.connector)), timeout=self.scan_timeout
            )
        except SourceFailure:
            log.warning("source %s could not be indexed; its last good records stay in use", name)
            return False
        self.versions[name] = version
        if self.partitions.get(name) == links:
            return False  # unchanged: keep the index as it is rather than rebuild it
        self.partitions[name] = links
        return True

    def unindexed(self, entity: str) -> list[str]:
        """Sources that hold `entity` but could never be indexed: what they hold is unknown."""
        return [
            name
            for name, source in self.sources.items()
            if entity in source.config.entities and name not in self.partitions
        ]

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
            wanted = ({REFERENCE_KEYS[entity]} | REFERENCE_FACTS.get(entity, frozenset())) & set(
                mapping.fields
            )
        else:
            continue
        for record in connector.scan(entity, wanted):
            facts = {name: record.get(name) for name in wanted}
            yield Link(source, entity, record["sourceRecordId"], facts)


def sighting(link: Link) -> Sighting:
    facts = link.facts
    return Sighting(
        link.source,
        link.entity,
        link.key,
        facts["nationality"],
        facts["passportNumber"],
        facts.get("fullName"),
        facts.get("dateOfBirth"),
        facts.get("gender"),
        facts.get("previousPassportNumber"),
        frozenset(facts[f] for f in ("employerTaxCode", "sponsorTaxCode") if facts.get(f)),
    )


def current_passport(links: list[Link]) -> str:
    """The number a reissued permit names as the new one, else the one on the most recently issued
    visa or residence card (immigration follows a renewal first), else the one most records carry."""
    reissued = [
        l.facts["passportNumber"]
        for l in links
        if l.facts.get("previousPassportNumber") not in (None, l.facts["passportNumber"])
    ]
    if reissued:
        return reissued[-1]
    immigration = [l for l in links if l.entity in ("Visa", "ResidenceCard") and l.facts.get("validFrom")]
    if immigration:
        return max(immigration, key=lambda l: l.facts["validFrom"]).facts["passportNumber"]
    counts = Counter(l.facts["passportNumber"] for l in links)
    return max(sorted(counts), key=lambda number: counts[number])


def build(partitions: dict[str, list[Link]], person_id: Any) -> Snapshot:
    references: dict[str, dict[str, list[Link]]] = {entity: {} for entity in REFERENCE_KEYS}
    by_sighting: dict[Sighting, Link] = {}
    for name in sorted(partitions):  # whatever order the rescans finished in, the same index
        for link in partitions[name]:
            if link.entity in REFERENCE_KEYS:
                code = link.facts.get(REFERENCE_KEYS[link.entity])
                if code:
                    references[link.entity].setdefault(code, []).append(link)
            else:
                by_sighting[sighting(link)] = link
    clusters, _ = link_records(by_sighting)
    persons: dict[PersonKey, Person] = {}
    rank = {entity: position for position, entity in enumerate(IDENTITY_PRIORITY)}
    for cluster in clusters:
        links = sorted(
            (by_sighting[s] for s in cluster.sightings),
            key=lambda l: (rank.get(l.entity, len(rank)), l.source, l.key),
        )
        current = current_passport(links)
        nationality = cluster.sightings[0].nationality
        key, repeat = (nationality, current), 1
        while key in persons:  # a conflict kept apart: same passport, another holder
            repeat += 1
            key = (nationality, f"{current}~{repeat}")
        older = sorted({s.passport for s in cluster.sightings} - {current})
        matched = {id(by_sighting[s]): how for s, how in cluster.matched_by.items()}
        evidence = [matched[id(link)] for link in links]
        persons[key] = Person(person_id(key), nationality, current, links, [current, *older], evidence)
    by_passport: dict[str, list[Person]] = {}
    by_employer: dict[str, list[Person]] = {}
    by_name_token: dict[str, set[str]] = {}
    for person in persons.values():
        for name in {link.facts.get("fullName") for link in person.links}:
            for token in name_tokens(name):
                by_name_token.setdefault(token, set()).add(person.id)
        for number in person.passports:
            by_passport.setdefault(number, []).append(person)
        employer = person.employer
        if employer:
            by_employer.setdefault(employer, []).append(person)
    ordered = sorted(persons.values(), key=lambda person: person.id)
    for group in by_employer.values():
        group.sort(key=lambda person: person.id)
    by_id = {person.id: person for person in ordered}
    return Snapshot(
        persons, by_id, ordered, [p.id for p in ordered], by_passport, by_employer, by_name_token, references
    )
