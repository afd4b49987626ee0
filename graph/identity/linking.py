"""Identity matching: which records, across agencies, are the same person (docs/domain.md §6).

Evidence in order of strength: the same normalised passport number and nationality; a permit
reissue that names the old passport next to the new one; and the same name (in any spelling of
graph/identity/name_variants.csv, any token order, with or without diacritics), full birth date and
nationality, corroborated by a shared employer. Never on weak evidence: records that share a
passport but disagree on birth date or gender are kept apart and reported as a conflict, because a
wrong merge shows one person's criminal record on another.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from connectors.nationality import fold

VARIANTS = Path(__file__).with_name("name_variants.csv")
CONFIDENCE = {"passport": 1.0, "passport_history": 0.99, "name_birth_date": 0.95}


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


@dataclass
class Cluster:
    """One person: their sightings, each with how it was matched and how sure that is."""

    sightings: list[Sighting] = field(default_factory=list)
    matched_by: dict[Sighting, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    nationality: str
    passport: str
    reason: str
    sightings: tuple[Sighting, ...]


@cache
def variants() -> dict[str, str]:
    with VARIANTS.open(encoding="utf-8", newline="") as handle:
        return {row["variant"]: row["canonical"] for row in csv.DictReader(handle)}


def name_tokens(name: str | None) -> list[str]:
    """A name's tokens folded (no case, diacritics or hyphens) and mapped to one spelling each."""
    tokens = [fold(token).upper() for token in (name or "").replace("-", "").split()]
    return sorted(variants().get(token, token) for token in tokens if token)


def name_key(name: str | None) -> str | None:
    """The name in any spelling and token order, when it has at least two tokens."""
    canonical = name_tokens(name)
    return " ".join(canonical) if len(canonical) >= 2 else None


def compatible(a: Sighting, b: Sighting) -> bool:
    """Birth dates agree (a bare year agrees with a date in it) and genders, where both known, agree."""
    if a.birth and b.birth and not (a.birth.startswith(b.birth) or b.birth.startswith(a.birth)):
        return False
    return not (a.gender and b.gender and a.gender != b.gender)


def link(sightings: Iterable[Sighting]) -> tuple[list[Cluster], list[Conflict]]:
    """Clusters of sightings, one per person, and the conflicts left for manual review."""
    groups, conflicts = passport_groups(sightings)
    cluster_of = list(range(len(groups)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(groups))}
    evidence: dict[int, str] = {}

    def union(a: int, b: int, kind: str) -> None:
        ra, rb = cluster_of[a], cluster_of[b]
        if ra == rb or not all(
            compatible(x, y) for i in members[ra] for j in members[rb] for x in groups[i] for y in groups[j]
        ):
            return
        for member in members[rb]:
            cluster_of[member] = ra
            evidence.setdefault(member, kind)
        members[ra] += members.pop(rb)

    by_passport = {(g[0].nationality, g[0].passport): i for i, g in enumerate(groups)}
    for i, group in enumerate(groups):
        for sighting in group:
            old = by_passport.get((sighting.nationality, sighting.previous_passport or ""))
            if old is not None:
                union(i, old, "passport_history")
    by_name: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for sighting in group:
            key = name_key(sighting.name)
            if key and sighting.birth and len(sighting.birth) == 10:
                by_name[(sighting.nationality, sighting.birth, key)].append(i)

    def employers(i: int) -> set[str]:
        return {e for j in members[cluster_of[i]] for s in groups[j] for e in s.employers}

    for candidates in by_name.values():
        for other in dict.fromkeys(candidates[1:]):
            if employers(candidates[0]) & employers(other):
                union(candidates[0], other, "name_birth_date")
    clusters = []
    for indexes in members.values():
        cluster = Cluster()
        for i in indexes:
            for sighting in groups[i]:
                cluster.sightings.append(sighting)
                cluster.matched_by[sighting] = evidence.get(i, "passport")
        clusters.append(cluster)
    return clusters, conflicts


def passport_groups(sightings: Iterable[Sighting]) -> tuple[list[list[Sighting]], list[Conflict]]:
    """Records by passport and nationality, split where they disagree on who the holder is."""
    by_key: dict[tuple[str, str], list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        by_key[(sighting.nationality, sighting.passport)].append(sighting)
    groups: list[list[Sighting]] = []
    conflicts: list[Conflict] = []
    for (nationality, passport), members in by_key.items():
        parts: list[list[Sighting]] = []
        for sighting in members:
            home = next((part for part in parts if all(compatible(sighting, s) for s in part)), None)
            if home is None:
                parts.append([sighting])
            else:
                home.append(sighting)
        if len(parts) > 1:
            reason = "records with this passport disagree on birth date or gender"
            conflicts.append(Conflict(nationality, passport, reason, tuple(members)))
        groups += parts
    return groups, conflicts
