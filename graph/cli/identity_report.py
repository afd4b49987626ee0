"""`lienthong identity evaluate`: how well records are linked into persons, against the ground truth.

Pairwise precision and recall over every record the ground truth places on a person: a pair is
linked when both records land in one cluster. The join by passport and nationality alone is shown
next to the linker, so the gain (and any loss of precision) is visible. Any deployment can measure
its own linking: a CSV truth file names, for the records it has checked, which person each is.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from connectors import open_connector
from connectors.config import SourceConfig, load_sources
from connectors.model import PERSON_ENTITIES, PERSON_FIELDS
from graph.cli.errors import UserMistake
from graph.identity.linking import DOCUMENTS, EMPLOYER_FIELDS, Sighting, link, sighting_of


def sightings(configs: dict[str, SourceConfig]) -> Iterator[Sighting]:
    for name, config in configs.items():
        connector = open_connector(config)
        try:
            for entity, mapping in config.entities.items():
                if entity not in PERSON_ENTITIES:
                    continue
                wanted = {*PERSON_FIELDS, "previousPassportNumber", *EMPLOYER_FIELDS, *DOCUMENTS}
                for record in connector.scan(entity, wanted & set(mapping.fields)):
                    yield sighting_of(name, entity, record["sourceRecordId"], record)
        finally:
            connector.close()


def pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def score(clusters: list[list[Sighting]], owner: dict[tuple[str, str, str], str]) -> tuple[float, float]:
    """(precision, recall) of pairwise links among records the ground truth knows."""
    truth = Counter(owner.values())
    predicted = together = 0
    for cluster in clusters:
        known = [owner[(s.source, s.entity, s.key)] for s in cluster if (s.source, s.entity, s.key) in owner]
        predicted += pairs([len(known)])
        together += pairs(Counter(known).values())
    return together / max(predicted, 1), together / max(pairs(truth.values()), 1)


def ground_truth(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserMistake(f"{path}: cannot be read as the ground truth: {error}") from None


TRUTH_COLUMNS = ("source", "record", "person")
"""A deployment's own truth file (CSV): which source record (its source, its id, optionally its
entity) is whose (any person id of the deployment's choosing)."""


def truth_table(path: Path) -> dict[tuple[str, str, str], str]:
    """(source, entity or "", record id) → person, from a CSV truth file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            columns = set(rows[0]) if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UserMistake(f"{path}: cannot be read as a truth file: {error}") from None
    missing = [column for column in TRUTH_COLUMNS if column not in columns]
    if missing:
        raise UserMistake(
            f"{path}: a truth file needs the columns {', '.join(TRUTH_COLUMNS)} (and may have entity);"
            f" missing {', '.join(missing)}"
        )
    return {
        (row["source"], row.get("entity") or "", row["record"]): row["person"]
        for row in rows
        if row["person"]
    }


def owners(truth_file: Path, seen: list[Sighting]) -> dict[tuple[str, str, str], str]:
    """Which person each record belongs to: the demo's ground_truth.json, or a CSV truth file (a
    record named without its entity stands for that id in every entity of its source)."""
    if truth_file.suffix.lower() != ".csv":
        truth = ground_truth(truth_file)
        return {
            (r["source"], r["entity"], r["key"]): p["person"] for p in truth["persons"] for r in p["records"]
        }
    table = truth_table(truth_file)
    found = {}
    for s in seen:
        person = table.get(s.ref) or table.get((s.source, "", s.key))
        if person is not None:
            found[s.ref] = person
    return found


def evaluate(sources: Path, truth_file: Path | None = None) -> int:
    configs = load_sources(sources)
    seen = list(sightings(configs))
    owner = owners(truth_file or sources.parent / "ground_truth.json", seen)
    by_passport: dict[tuple[str, str], list[Sighting]] = {}
    for sighting in seen:
        by_passport.setdefault((sighting.nationality, sighting.passport), []).append(sighting)
    clusters, reviews = link(seen)
    print(f"{len(seen):,} records, {len(set(owner.values())):,} persons in the ground truth")
    print(f"{'method':36} {'persons':>8} {'precision':>10} {'recall':>8}")
    for method, groups in (
        ("passport + nationality", list(by_passport.values())),
        ("linker (+ history, names)", [c.sightings for c in clusters]),
    ):
        precision, recall = score(groups, owner)
        print(f"{method:36} {len(groups):>8,} {precision:>10.4f} {recall:>8.4f}")
    kinds = Counter(review.kind for review in reviews)
    print(
        f"left for review: {kinds['CONFLICT']} identity conflicts (same passport, another birth date or gender),"
        f" {kinds['POSSIBLE_MATCH']} possible matches (same name and birth date, no shared document)"
    )
    evidence = Counter(c.matched_by[s] for c in clusters for s in c.sightings)
    print("records matched by: " + ", ".join(f"{kind} {count:,}" for kind, count in evidence.most_common()))
    return 0
