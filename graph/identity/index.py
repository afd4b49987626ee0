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
import contextvars
import gc
import hashlib
import hmac
import logging
import re
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from connectors import Source
from connectors.guard import UNREADABLE, SourceFailure
from connectors.model import PERSON_ENTITIES, PERSON_FIELDS
from connectors.source import Connector
from graph.identity.linking import Decision, Ref, Review, Sighting, joined_tokens, sighting_of
from graph.identity.linking import link as link_records

log = logging.getLogger("lienthong.identity")

PersonKey = tuple[str, str]
"""(nationality ISO3, normalised passport number)."""

LINK_FIELDS: dict[str, frozenset[str]] = {
    "WorkPermit": frozenset(
        {"status", "validFrom", "validTo", "revocationDate", "employerTaxCode", "previousPassportNumber"}
        | {"issuer", "jobPosition", "workForm", "permitNumber", "predecessorPermitNumber"}
    ),
    "PermitExemption": frozenset({"validFrom", "validTo", "employerTaxCode"}),
    "Visa": frozenset({"validFrom", "validUntil", "sponsorTaxCode", "symbol"}),
    "ResidenceCard": frozenset({"validFrom", "validTo", "sponsorTaxCode", "ward", "previousPassportNumber"}),
    "HealthCertificate": frozenset({"conclusionDate"}),
    "SocialInsuranceRecord": frozenset({"employerTaxCode", "insuranceNumber", "status"}),
    "ResidenceDeclaration": frozenset({"ward", "stayFrom", "stayTo", "declaredAt"}),
    "Dossier": frozenset({"dueOn", "decidedOn"}),
}
"""Facts beyond identity that listings filter on, decide a worker's current employer, place a
worker in a ward's row scope, count an employer's authorised workers (graph/rules/reconciliation.py),
or that statistics group by (graph/rules/statistics.py): counting a city reads no source; and the
numbers of documents that tie records to one holder (graph/identity/linking.py DOCUMENTS)."""

REFERENCE_KEYS: dict[str, str] = {
    "Employer": "taxCode",
    "HealthFacility": "licenceNumber",
    "ContractorDeclaration": "employerTaxCode",
    "Inspection": "employerTaxCode",
    "DossierStep": "dossierNumber",
    "SectorListing": "employerTaxCode",
}
"""Entities looked up by a canonical code rather than by person."""

REFERENCE_FACTS: dict[str, frozenset[str]] = {
    "Employer": frozenset(
        {"sector", "kind", "inIndustrialZone", "status", "ward", "name", "foreignName", "shortName"}
    ),
    "Inspection": frozenset({"status"}),
    "SectorListing": frozenset({"sector"}),
}
"""Facts kept on reference links: a sector department's row scope follows the employer's sector
(its registry's, or a department's list naming it);
statistics group workers by their employer's sector, kind and zone; `employers(filter:)` lists
employers by these and by whether an inspection of theirs is still open."""

IDENTITY_PRIORITY = (
    "WorkPermit",
    "PermitExemption",
    "ResidenceCard",
    "Visa",
    "SocialInsuranceRecord",
    "CriminalRecordCertificate",
    "HealthCertificate",
    "ResidenceDeclaration",
    "Violation",
    "ResidenceCheck",
    "Dossier",
)
"""Whose spelling of a name or birth date a worker shows: issuers of identity documents first."""
RANK = {entity: position for position, entity in enumerate(IDENTITY_PRIORITY)}
ENTITY_BIT = {entity: 1 << position for entity, position in RANK.items()}
PASSPORT_SPELLING = re.compile(r"[A-Z][A-Z '-]*")
"""A name as a passport's Latin line prints it (names are kept upper-case): no Vietnamese reading."""
"""Each person entity as one bit, so a name token can say cheaply which kinds of record spell it."""


@dataclass(frozen=True, slots=True)
class Derived:
    """A fact the index derives from records, with the coordinates (`Type.field`) it depends on.

    A derived fact may be shown, matched or used for row scope only by a viewer who sees every
    coordinate of its basis in clear (docs/confidentiality.md): the employer picked from a visa's
    sponsor must not reach a viewer denied visas, nor a ward taken from declarations one denied them.
    """

    value: Any
    basis: frozenset[str]


NOTHING = Derived(None, frozenset())


@dataclass(slots=True)
class Link:
    """One source record as the index knows it: where it lives and its identifying facts."""

    source: str
    entity: str
    key: str
    facts: dict[str, Any]


@dataclass(slots=True)
class Person:
    """One worker: the records of every source that identity matching (graph/identity/linking.py) put together.

    `passport` is the current number; `passports` the current one first, then older ones.
    """

    id: str
    nationality: str
    passport: str
    links: list[Link] = field(default_factory=list)
    passports: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    """How each of `links` (same order) was matched: passport, passport_history, name_birth_date or
    officer_decision."""
    decided: dict[Ref, Decision] | None = None
    """The officer's decision behind each link matched by officer_decision (None when there is none)."""

    employer: Derived = NOTHING
    """The employer the worker works for now (see `current_employer`), set when the index is built."""
    kinds: int = field(init=False, default=0)
    """The ENTITY_BITs of its records' kinds: whether a viewer may know of the worker at all is one
    AND (graph/access/gate.py `visible`), not a walk of its records, when a city is scanned."""
    starts: tuple[int, ...] = field(init=False, default=())
    """Where each kind's records begin in `links`, in the order of IDENTITY_PRIORITY (the index
    builds them in that order), so that `records` is a slice: statistics read one kind of each of a
    city's workers."""
    seen_as: dict[tuple[str, frozenset[str]], list[str]] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )
    """`names` and `passports_seen` as worked out per set of kinds: a page of workers asks both of
    every worker, a person's records do not change while its snapshot lives, and only a handful of
    sets (one or two per policy) are ever asked."""

    def __post_init__(self) -> None:
        ranks = [RANK[link.entity] for link in self.links]
        for position in ranks:
            self.kinds |= 1 << position
        if ranks == sorted(ranks):
            self.starts = tuple(bisect_left(ranks, position) for position in range(len(RANK) + 1))

    def fact(self, name: str, entities: frozenset[str]) -> Any:
        """The first value of an identity field, in the order of IDENTITY_PRIORITY, among records of
        `entities`: a viewer's spelling of a name comes only from records it may see."""
        for link in self.links:
            value = link.facts.get(name)
            if value is not None and link.entity in entities:
                return value
        return None

    def names(self, counted: frozenset[str]) -> list[str]:
        """The spellings of the worker's name on records of `counted`, the preferred first: a
        passport spelling (Latin letters, as a passport prints it) before a local reading, then the
        one the most sources write, then the most records, then the first in IDENTITY_PRIORITY. A
        permit office's local reading does not outvote the passport the others copy; and only
        records the viewer sees the names of in clear may count, or the choice would tell of
        records hidden from it."""
        known = self.seen_as.get(("names", counted))
        if known is None:
            known = self.seen_as["names", counted] = self.ranked_names(counted)
        return known

    def ranked_names(self, counted: frozenset[str]) -> list[str]:
        named = [
            (spelt, link.source)
            for link in self.links
            if (spelt := link.facts.get("fullName")) and link.entity in counted
        ]
        if len({spelt for spelt, _ in named}) < 2:  # most workers: one spelling everywhere, nothing to rank
            return [spelt for spelt, _ in named[:1]]
        sources: dict[str, set[str]] = {}
        records: Counter[str] = Counter()
        first: dict[str, int] = {}
        for position, (spelt, source) in enumerate(named):
            sources.setdefault(spelt, set()).add(source)
            records[spelt] += 1
            first.setdefault(spelt, position)
        return sorted(
            sources,
            key=lambda n: (not PASSPORT_SPELLING.fullmatch(n), -len(sources[n]), -records[n], first[n]),
        )

    def records(self, entity: str) -> Iterator[Link]:
        position = RANK.get(entity)
        if self.starts and position is not None:
            return iter(self.links[self.starts[position] : self.starts[position + 1]])
        return (link for link in self.links if link.entity == entity)

    def passports_seen(self, entities: frozenset[str]) -> list[str]:
        """The passport numbers that records of `entities` name, the current one of them first: a
        number only a hidden record carries is neither shown nor found."""
        known = self.seen_as.get(("passports", entities))
        if known is None:
            known = self.seen_as["passports", entities] = self.ranked_passports(entities)
        return known

    def ranked_passports(self, entities: frozenset[str]) -> list[str]:
        links = [link for link in self.links if link.entity in entities]
        numbers = {link.facts["passportNumber"] for link in links}
        if len(numbers) < 2:  # most workers: one passport, nothing to choose
            return list(numbers)
        current = current_passport(links)
        return [current, *sorted(numbers - {current})]

    def residence(self, day: date) -> Derived:
        """The ward the worker lives in on `day`: that of the latest residence declaration whose
        stay has begun, unless that stay has ended (moved out: no ward); a worker who never declared
        is placed by the latest residence card in force, whose address the police hold."""
        declarations = [
            link.facts
            for link in self.records("ResidenceDeclaration")
            if _on_or_before(link.facts.get("stayFrom"), day)
        ]
        if declarations:
            latest = max(declarations, key=lambda f: (f["stayFrom"], str(f.get("declaredAt") or "")))
            ended = _before(latest.get("stayTo"), day)
            return Derived(None if ended else latest.get("ward"), RESIDENCE_BY_DECLARATION)
        cards = [
            link.facts
            for link in self.records("ResidenceCard")
            if _on_or_before(link.facts.get("validFrom"), day) and not _before(link.facts.get("validTo"), day)
        ]
        if cards:
            latest = max(cards, key=lambda f: f["validFrom"])
            return Derived(latest.get("ward"), RESIDENCE_BY_CARD)
        return Derived(None, RESIDENCE_BY_CARD)


RESIDENCE_BY_DECLARATION = frozenset(
    {
        "Worker.residenceDeclarations",
        "ResidenceDeclaration.ward",
        "ResidenceDeclaration.stayFrom",
        "ResidenceDeclaration.stayTo",
        "ResidenceDeclaration.declaredAt",
    }
)
RESIDENCE_BY_CARD = RESIDENCE_BY_DECLARATION | {
    "Worker.residenceCards",
    "ResidenceCard.ward",
    "ResidenceCard.validFrom",
    "ResidenceCard.validTo",
}
"""What a worker's ward depends on: a card places a worker only when no declaration does."""

EMPLOYER_STEPS = (
    ("WorkPermit", "employerTaxCode", "validTo", "Worker.workPermits"),
    ("PermitExemption", "employerTaxCode", "validTo", "Worker.permitExemptions"),
    ("Visa", "sponsorTaxCode", "validUntil", "Worker.visas"),
)
"""Where a worker's current employer is read, in order: a VALID permit, an exemption, a visa sponsor."""


def current_employer(person: Person) -> Derived:
    """The tax code of the worker's current employer, with every coordinate the choice consulted:
    each earlier step that found nothing counts too, and an end date only when it had to choose
    between two employers."""
    basis: set[str] = set()
    for entity, code, end, facet in EMPLOYER_STEPS:
        basis |= {facet, f"{entity}.{code}"}
        candidates = [
            link.facts
            for link in person.records(entity)
            if link.facts.get(code) and (entity != "WorkPermit" or link.facts.get("status") == "VALID")
        ]
        if entity == "WorkPermit":
            basis.add("WorkPermit.status")
        if len({facts[code] for facts in candidates}) > 1:
            basis.add(f"{entity}.{end}")
        if candidates:
            latest = max(candidates, key=lambda facts: facts.get(end) or date.min)
            return Derived(latest[code], _interned(basis))
    return Derived(None, _interned(basis))


_BASES: dict[frozenset[str], frozenset[str]] = {}


def _interned(coordinates: set[str]) -> frozenset[str]:
    """One shared frozenset per distinct basis: a handful for 100,000 workers, not one each."""
    basis = frozenset(coordinates)
    return _BASES.setdefault(basis, basis)


def _on_or_before(day: Any, limit: date) -> bool:
    return isinstance(day, date) and _day(day) <= limit


def _before(day: Any, limit: date) -> bool:
    return isinstance(day, date) and _day(day) < limit


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Snapshot:
    """An immutable state of the index, swapped in whole so readers never see half a refresh."""

    persons: dict[PersonKey, Person]
    by_id: dict[str, Person]
    ordered: list[Person]
    order: list[str]
    by_passport: dict[str, list[Person]]
    by_employer: dict[str, list[Person]]
    by_name_token: dict[str, dict[str, int]]
    """Name token (any spelling, see graph/identity/linking.py) → worker id → the ENTITY_BITs of the kinds of
    record that name the worker so: a viewer's search matches only spellings of records it may see."""
    references: dict[str, dict[str, list[Link]]]
    orders: dict[Any, Any] = field(default_factory=dict, compare=False)
    """Every worker sorted for `orderBy` (graph/api/ordering.py), made when first asked and dropped
    with the snapshot: one listing per field and set of kinds of record its values are read from."""
    reviews: dict[str, Review] = field(default_factory=dict)
    """Pairs of records left for an officer (graph/identity/linking.py), by review id."""
    decided: dict[Ref, Sighting] = field(default_factory=dict)
    """The records officers' decisions name, as they stand now: a decided review's evidence."""


class RulingsUnavailable(Exception):
    """Officers' decisions could not be read."""


class Rulings(Protocol):
    """Where officers' decisions are kept (graph/access/identity_decisions.py), shared by every
    process serving the city; its reads raise RulingsUnavailable."""

    timeout_seconds: float

    def version(self) -> Hashable:
        """Cheap to read, and different whenever a decision was stored since."""
        ...

    def read(self) -> tuple[Hashable, list[Decision]]:
        """Every review's latest decision, with the version they were read at."""
        ...


def rulings_since(rulings: Rulings, held: Hashable) -> tuple[Hashable, list[Decision]] | None:
    """The stored decisions and their version, or None when the version is still `held`."""
    return None if rulings.version() == held else rulings.read()


class IdentityIndex:
    def __init__(
        self,
        sources: dict[str, Source],
        secret: bytes,
        check_seconds: float = 1.0,
        scan_timeout: float = 300.0,
        rulings: Rulings | None = None,
    ) -> None:
        self.sources = sources
        self.secret = secret
        self.check_seconds = check_seconds
        self.scan_timeout = scan_timeout
        self.partitions: dict[str, list[Link]] = {}
        self.versions: dict[str, Any] = {}
        self.unreadable: set[str] = set()
        """Sources an export of which cannot be read whole now: their last good partition may lack
        (or still hold) what the damaged file says, so what they hold for anyone is unknown."""
        self.scanning: set[str] = set()
        self.checked = float("-inf")
        self.background: asyncio.Task[None] | None = None
        self.rulings = rulings
        self.decisions: list[Decision] = []
        """Officers' identity decisions, applied at every build (graph/access/identity_decisions.py)."""
        self.ruled: Hashable = None
        """The version of `rulings` that `decisions` were read at (None: never read)."""
        self.redecided = False
        self.builds = self.built = 0
        """Builds started, and the latest started of those whose snapshot is in use: builds may
        overlap (a file's rescan, a database's, decisions followed) and the last to start has the
        newest partitions and decisions, so one started earlier never replaces its snapshot."""
        self.following: asyncio.Task[None] | None = None
        self.rulings_failing = False
        """Whether `rulings` could not be read at the last try: logged as that starts and as it ends."""
        self.snapshot = build(self.partitions, self.person_id)

    def decide(self, decisions: list[Decision], version: Hashable) -> None:
        """Take officers' decisions (all of them, as stored at `version`): the next refresh rebuilds with them."""
        self.decisions = list(decisions)
        self.ruled = version
        self.redecided = True

    async def follow(self) -> None:
        """Take the decisions stored by any process since those applied here. Only the store's version
        is read when nothing changed, and nothing is rebuilt. A store that cannot be read within its
        timeout leaves the decisions applied as they are: dropping them would split, on this process
        alone, the workers officers joined (and join those they kept apart)."""
        if self.rulings is None:
            return
        held = self.ruled
        try:
            async with asyncio.timeout(self.rulings.timeout_seconds):
                read = await asyncio.to_thread(rulings_since, self.rulings, held)
        except (RulingsUnavailable, TimeoutError) as error:
            if not self.rulings_failing:
                self.rulings_failing = True
                log.error(
                    "identity decisions cannot be read; the %d applied stay applied until they can: %s",
                    len(self.decisions),
                    str(error) or f"no answer within {self.rulings.timeout_seconds} s",
                )
            return
        if self.rulings_failing:
            self.rulings_failing = False
            log.warning("identity decisions can be read again")
        if read is None or self.ruled != held:  # unchanged, or a decision taken here since is newer
            return
        version, decisions = read
        if decisions == self.decisions:
            self.ruled = version
        else:
            self.decide(decisions, version)

    async def follow_and_rebuild(self) -> None:
        await self.follow()
        if self.redecided:
            await self.rescan([])

    def person_id(self, key: PersonKey) -> str:
        return person_id(self.secret, *key)

    def review_id(self, review: Review) -> str:
        return review_id(self.secret, review)

    async def refresh(self, wait: bool = False) -> None:
        """Rescan every source whose data changed. Files are rescanned before the request goes on,
        so a dropped or corrected export is seen at once; databases, whose change is only known by
        the refresh period, are rescanned in the background while the last good index serves, and
        so are officers' decisions followed (`follow`). `wait` makes every rescan finish first (at
        start-up)."""
        if not wait and not self.redecided and time.monotonic() - self.checked < self.check_seconds:
            return
        self.checked = time.monotonic()
        if wait:
            await self.follow()
        elif self.rulings is not None and (self.following is None or self.following.done()):
            self.following = asyncio.create_task(self.follow_and_rebuild(), context=contextvars.Context())
        due = [name for name, source in self.sources.items() if self.stale(name, source)]
        files = [name for name in due if wait or self.sources[name].config.kind != "sql"]
        databases = [name for name in due if name not in files]
        if files or self.redecided:
            await self.rescan(files)
        if databases and (self.background is None or self.background.done()):
            # a background rescan is no request's: its lines carry no request id
            self.background = asyncio.create_task(self.rescan(databases), context=contextvars.Context())

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
        if any(changed) or self.redecided:
            self.redecided = False
            self.builds += 1
            started = self.builds
            snapshot = await asyncio.to_thread(
                build, dict(self.partitions), self.person_id, list(self.decisions), self.review_id
            )
            if started > self.built:
                self.built, self.snapshot = started, snapshot
                out_of_collections()

    async def rescan_one(self, name: str) -> bool:
        """Replace one source's partition and say whether it changed; a failing source keeps its
        last good one."""
        source = self.sources[name]
        version = source.connector.version()
        try:
            links = await source.guard.call(
                lambda: list(scan(name, source.connector)), timeout=self.scan_timeout
            )
        except SourceFailure as failure:
            log.warning("source %s could not be indexed; its last good records stay in use", name)
            if failure.status == UNREADABLE:
                self.unreadable.add(name)
            return False
        self.unreadable.discard(name)
        self.versions[name] = version
        if self.partitions.get(name) == links:
            return False  # unchanged: keep the index as it is rather than rebuild it
        self.partitions[name] = links
        return True

    def unindexed(self, entity: str) -> list[str]:
        """Sources that hold `entity` but could never be indexed, or have an export that cannot be
        read whole now: what they hold is unknown."""
        return [
            name
            for name, source in self.sources.items()
            if entity in source.config.entities and (name not in self.partitions or name in self.unreadable)
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
        mapped = set(mapping.fields) | set(mapping.constants)  # a constant (a permit's issuer) is a fact too
        if entity in PERSON_ENTITIES:
            wanted = set(PERSON_FIELDS | LINK_FIELDS.get(entity, frozenset())) & mapped
        elif entity in REFERENCE_KEYS:
            wanted = ({REFERENCE_KEYS[entity]} | REFERENCE_FACTS.get(entity, frozenset())) & mapped
        else:
            continue
        for record in connector.scan(entity, wanted):
            facts = {name: record.get(name) for name in wanted}
            yield Link(source, entity, record["sourceRecordId"], facts)


def current_passport(links: list[Link]) -> str:
    """The number a reissued permit names as the new one, else the one on the most recently issued
    visa or residence card (immigration follows a renewal first), else the one most records carry."""
    reissued = [
        link.facts["passportNumber"]
        for link in links
        if link.facts.get("previousPassportNumber") not in (None, link.facts["passportNumber"])
    ]
    if reissued:
        return reissued[-1]
    immigration = [
        link for link in links if link.entity in ("Visa", "ResidenceCard") and link.facts.get("validFrom")
    ]
    if immigration:
        return max(immigration, key=lambda link: link.facts["validFrom"]).facts["passportNumber"]
    counts = Counter(link.facts["passportNumber"] for link in links)
    return max(sorted(counts), key=lambda number: counts[number])


def out_of_collections() -> None:
    """Keep what is alive now out of the cyclic garbage collector's full collections.

    The index and the parsed exports are most of the heap and live until the next rebuild, yet
    each full collection walked all of them: a fifth of a look-up's CPU at 2,000 workers, in pauses
    of over 100 ms. They hold no reference cycles (a replaced snapshot is freed by reference
    counting alone), so after one collection, which frees the garbage there is, freezing moves the
    survivors to the generation the collector never walks, at the cost of one collection per
    rebuild rather than one every few hundred requests."""
    gc.collect()
    gc.freeze()


def review_id(secret: bytes, review: Review) -> str:
    """A review's id: keyed, like a worker's, on the first record of each side, so that it stays
    the same from one build to the next while neither side gains an earlier record."""
    anchors = sorted(min(s.ref for s in side) for side in (review.first, review.second))
    return "R" + hmac.new(secret, repr(anchors).encode(), hashlib.sha256).hexdigest()[:24]


def build(
    partitions: dict[str, list[Link]],
    person_id: Any,
    decisions: list[Decision] | None = None,
    reviewed: Any = None,
) -> Snapshot:
    """The index of `partitions`: persons keyed by `person_id`, reviews by `reviewed` (their ids)."""
    references: dict[str, dict[str, list[Link]]] = {entity: {} for entity in REFERENCE_KEYS}
    by_sighting: dict[Sighting, Link] = {}
    for name in sorted(partitions):  # whatever order the rescans finished in, the same index
        for link in partitions[name]:
            if link.entity in REFERENCE_KEYS:
                code = link.facts.get(REFERENCE_KEYS[link.entity])
                if code:
                    references[link.entity].setdefault(code, []).append(link)
            else:
                by_sighting[sighting_of(link.source, link.entity, link.key, link.facts)] = link
    clusters, reviews = link_records(by_sighting, decisions or ())
    named = {ref for decision in decisions or () for ref in decision.first | decision.second}
    decided = {s.ref: s for s in by_sighting if s.ref in named} if named else {}
    persons: dict[PersonKey, Person] = {}
    for cluster in clusters:
        links = sorted(
            (by_sighting[s] for s in cluster.sightings),
            key=lambda link: (RANK.get(link.entity, len(RANK)), link.source, link.key),
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
        persons[key] = Person(
            person_id(key),
            nationality,
            current,
            links,
            [current, *older],
            evidence,
            {s.ref: d for s, d in cluster.decided_by.items()} or None,
        )
    by_passport: dict[str, list[Person]] = {}
    by_employer: dict[str, list[Person]] = {}
    by_name_token: dict[str, dict[str, int]] = {}
    for person in persons.values():
        for link in person.links:
            for token in joined_tokens(link.facts.get("fullName")):
                spelt = by_name_token.setdefault(token, {})
                spelt[person.id] = spelt.get(person.id, 0) | ENTITY_BIT[link.entity]
        for number in person.passports:
            by_passport.setdefault(number, []).append(person)
        person.employer = current_employer(person)
        if person.employer.value:
            by_employer.setdefault(person.employer.value, []).append(person)
    ordered = sorted(persons.values(), key=lambda person: person.id)
    for group in by_employer.values():
        group.sort(key=lambda person: person.id)
    by_id = {person.id: person for person in ordered}
    return Snapshot(
        persons,
        by_id,
        ordered,
        [p.id for p in ordered],
        by_passport,
        by_employer,
        by_name_token,
        references,
        reviews={reviewed(review): review for review in reviews} if reviewed else {},
        decided=decided,
    )
