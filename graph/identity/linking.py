"""Identity matching: which records, across agencies, are the same person (docs/domain.md §6).

Evidence in order of strength: an officer's decision; the same normalised passport number and
nationality; a record that names the passport it replaced (a permit reissue, a residence card
re-issued on a new passport); and the same name (in any spelling of graph/identity/name_variants.csv,
any token order, given names joined, spaced or hyphenated, with or without diacritics), full birth
date and nationality, tied by a document both sides carry (the same permit number, insurance number
…). A name, a birth date and an employer can all be shared by two namesakes, so without such a
document the pair is only a *possible match*, left to an officer. Never on contrary evidence:
records that share a passport but disagree on birth date or gender are kept apart and reported as a
conflict, because a wrong merge shows one person's criminal record on another.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from connectors.nationality import fold

VARIANTS = Path(__file__).with_name("name_variants.csv")
CONFIDENCE = {
    "officer_decision": 1.0,
    "passport": 1.0,
    "passport_history": 0.99,
    "name_birth_date": 0.95,
}
Ref = tuple[str, str, str]
"""A source record: (source, entity, source record id)."""


@dataclass(frozen=True)
class Sighting:
    """One source record's claim about who it is about."""

    source: str
    entity: str
    key: str
    nationality: str
    passport: str
    name: str | None = None
    birth: str | None = None
    gender: str | None = None
    previous_passport: str | None = None
    employers: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    """Numbers of documents that identify their holder ("permit:…", "insurance:…"): two records
    naming the same one are about the same person."""

    @property
    def ref(self) -> Ref:
        return (self.source, self.entity, self.key)


@dataclass(frozen=True)
class Decision:
    """An officer's ruling on two sets of records, kept by source record ids: it still applies after
    a restart, and when either side gains or loses records."""

    review: str
    kind: str
    first: frozenset[Ref]
    second: frozenset[Ref]
    same: bool
    officer: str
    agency: str
    at: str
    note: str | None = None


@dataclass
class Cluster:
    """One person: their sightings, each with how it was matched and how sure that is."""

    sightings: list[Sighting] = field(default_factory=list)
    matched_by: dict[Sighting, str] = field(default_factory=dict)
    decided_by: dict[Sighting, Decision] = field(default_factory=dict)
    """The decision that placed a sighting matched by officer_decision."""


@dataclass(frozen=True)
class Review:
    """Two sets of records that may be one person, left to an officer: a CONFLICT (one passport,
    another birth date or gender) or a POSSIBLE_MATCH (one name and birth date, no shared document)."""

    kind: str
    nationality: str
    reason: str
    first: tuple[Sighting, ...]
    second: tuple[Sighting, ...]
    passport: str = ""

    @property
    def sightings(self) -> tuple[Sighting, ...]:
        return self.first + self.second


DOCUMENTS = {"permitNumber": "permit", "predecessorPermitNumber": "permit", "insuranceNumber": "insurance"}
"""Canonical fields that number a document identifying its holder: a permit (a reissue names its
predecessor) and a social insurance book keep their numbers across passports."""
EMPLOYER_FIELDS = ("employerTaxCode", "sponsorTaxCode")


def sighting_of(source: str, entity: str, key: str, facts: dict[str, Any]) -> Sighting:
    """A record's claim about who it is about, from its canonical fields."""
    return Sighting(
        source,
        entity,
        key,
        facts["nationality"],
        facts["passportNumber"],
        facts.get("fullName"),
        facts.get("dateOfBirth"),
        facts.get("gender"),
        facts.get("previousPassportNumber"),
        frozenset(facts[f] for f in EMPLOYER_FIELDS if facts.get(f)),
        frozenset(f"{kind}:{facts[f]}" for f, kind in DOCUMENTS.items() if facts.get(f)),
    )


CONFLICT_REASON = "records with this passport disagree on birth date or gender"
POSSIBLE_REASON = "same name, birth date and nationality; no document names both"


@cache
def variants() -> dict[str, str]:
    with VARIANTS.open(encoding="utf-8", newline="") as handle:
        return {row["variant"]: row["canonical"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1 << 17)
def spelt(token: str) -> str:
    """One token folded (no case, diacritics or hyphens) and mapped to one spelling; cached, as a
    city's workers share few distinct name tokens and the index folds every record's name."""
    folded = fold(token).upper()
    return variants().get(folded, folded)


def words(name: str | None) -> list[str]:
    """A name's tokens in written order, each in one spelling; a hyphen joins ("JI-WON" is "JIWON")."""
    return [token for token in map(spelt, (name or "").replace("-", "").split()) if token]


def joined_tokens(name: str | None) -> list[str]:
    """The tokens a name is found by: its own, and each two adjacent ones joined, so that "JI WON"
    is found by "JIWON" as well as by "JI" and "WON"."""
    tokens = words(name)
    return tokens + [spelt(a + b) for a, b in itertools.pairwise(tokens)]


def name_keys(name: str | None) -> set[str]:
    """Every key of the name: as written, and with each two adjacent tokens joined (a given name
    written "JI WON" or "JIWON"); at least two tokens each."""
    tokens = words(name)
    forms = [tokens] + [
        [*tokens[:i], spelt(tokens[i] + tokens[i + 1]), *tokens[i + 2 :]] for i in range(len(tokens) - 1)
    ]
    return {" ".join(sorted(form)) for form in forms if len(form) >= 2}


def same_birth(a: str | None, b: str | None) -> bool:
    """Birth dates agree where both are known: a bare year agrees with a date in it."""
    return not (a and b) or a.startswith(b) or b.startswith(a)


def compatible(a: Sighting, b: Sighting) -> bool:
    """Birth dates agree and genders, where both known, agree."""
    return same_birth(a.birth, b.birth) and not (a.gender and b.gender and a.gender != b.gender)


def link(
    sightings: Iterable[Sighting], decisions: Collection[Decision] = ()
) -> tuple[list[Cluster], list[Review]]:
    """Clusters of sightings, one per person, and the pairs left for an officer to review (none that
    an officer has decided)."""
    groups, conflicts = passport_groups(sightings)
    cluster_of = list(range(len(groups)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(groups))}
    evidence: dict[int, str] = {}
    decided: dict[int, Decision] = {}
    group_of = {s.ref: i for i, group in enumerate(groups) for s in group} if decisions else {}
    apart: set[tuple[int, int]] = set()

    def kept_apart(ra: int, rb: int) -> bool:
        return bool(apart) and any((i, j) in apart for i in members[ra] for j in members[rb])

    def union(a: int, b: int, kind: str, decision: Decision | None = None) -> None:
        ra, rb = cluster_of[a], cluster_of[b]
        if ra == rb:
            return
        if decision is None and (
            kept_apart(ra, rb)
            or not all(
                compatible(x, y)
                for i in members[ra]
                for j in members[rb]
                for x in groups[i]
                for y in groups[j]
            )
        ):
            return
        for member in members[rb]:
            cluster_of[member] = ra
            if member not in evidence:
                evidence[member] = kind
                if decision is not None:
                    decided[member] = decision
        members[ra] += members.pop(rb)

    for decision in decisions:
        first = {group_of[r] for r in decision.first if r in group_of}
        second = {group_of[r] for r in decision.second if r in group_of}
        if decision.same:
            ordered = sorted(first | second)
            for other in ordered[1:]:
                union(ordered[0], other, "officer_decision", decision)
        else:
            apart |= {(i, j) for i in first for j in second} | {(j, i) for i in first for j in second}

    by_passport = {(g[0].nationality, g[0].passport): i for i, g in enumerate(groups)}
    for i, group in enumerate(groups):
        for sighting in group:
            old = by_passport.get((sighting.nationality, sighting.previous_passport or ""))
            if old is not None:
                union(i, old, "passport_history")
    by_name: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        named = {(s.nationality, s.birth, s.name) for s in group if s.birth and len(s.birth) == 10}
        for key in {
            (nationality, birth, key) for nationality, birth, name in named for key in name_keys(name)
        }:
            by_name[key].append(i)

    def documents(i: int) -> set[str]:
        return {d for j in members[cluster_of[i]] for s in groups[j] for d in s.documents}

    possible: list[tuple[int, int]] = []
    for candidates in by_name.values():
        for other in dict.fromkeys(candidates[1:]):
            if documents(candidates[0]) & documents(other):
                union(candidates[0], other, "name_birth_date")
            else:
                possible.append((candidates[0], other))
    clusters: dict[int, Cluster] = {}
    for root, indexes in members.items():
        cluster = clusters[root] = Cluster()
        for i in indexes:
            for sighting in groups[i]:
                cluster.sightings.append(sighting)
                cluster.matched_by[sighting] = evidence.get(i, "passport")
                if i in decided:
                    cluster.decided_by[sighting] = decided[i]
    return list(clusters.values()), reviews(conflicts, possible, groups, cluster_of, clusters, kept_apart)


def reviews(
    conflicts: list[list[list[Sighting]]],
    possible: list[tuple[int, int]],
    groups: list[list[Sighting]],
    cluster_of: list[int],
    clusters: dict[int, Cluster],
    apart: Callable[[int, int], bool],
) -> list[Review]:
    """The pairs still undecided: conflicts whose parts an officer has neither merged nor kept apart,
    and possible matches between two different persons, once each."""
    found: list[Review] = []
    seen: set[tuple[int, int]] = set()
    index_of = {id(group): i for i, group in enumerate(groups)}
    for parts in conflicts:
        first = index_of[id(parts[0])]
        for part in parts[1:]:
            other = index_of[id(part)]
            a, b = cluster_of[first], cluster_of[other]
            if a != b and not apart(a, b) and (min(a, b), max(a, b)) not in seen:
                seen.add((min(a, b), max(a, b)))
                found.append(
                    Review(
                        "CONFLICT",
                        parts[0][0].nationality,
                        CONFLICT_REASON,
                        tuple(parts[0]),
                        tuple(part),
                        part[0].passport,
                    )
                )
    for i, j in possible:
        a, b = cluster_of[i], cluster_of[j]
        if a != b and not apart(a, b) and (min(a, b), max(a, b)) not in seen:
            seen.add((min(a, b), max(a, b)))
            one, two = tuple(clusters[a].sightings), tuple(clusters[b].sightings)
            found.append(Review("POSSIBLE_MATCH", one[0].nationality, POSSIBLE_REASON, one, two))
    return found


def passport_groups(sightings: Iterable[Sighting]) -> tuple[list[list[Sighting]], list[list[list[Sighting]]]]:
    """Records by passport and nationality, split where they disagree on who the holder is; and the
    passports so split, each as its parts."""
    by_key: dict[tuple[str, str], list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        by_key[(sighting.nationality, sighting.passport)].append(sighting)
    groups: list[list[Sighting]] = []
    conflicts: list[list[list[Sighting]]] = []
    for members in by_key.values():
        parts: list[list[Sighting]] = []
        for sighting in members:
            home = next((part for part in parts if all(compatible(sighting, s) for s in part)), None)
            if home is None:
                parts.append([sighting])
            else:
                home.append(sighting)
        if len(parts) > 1:
            conflicts.append(parts)
        groups += parts
    return groups, conflicts
