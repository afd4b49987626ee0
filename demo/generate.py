"""`generate`: write every demo agency source, its sources file and the ground truth, deterministically.

The ground truth (`ground_truth.json`) says which records belong to which person and which problems
were seeded; tests read it, the server never does.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from demo.agencies import DATABASES, Writers
from demo.people import Person
from demo.world import World, build_world

REFERENCE_DATE = date(2026, 11, 1)
SOURCES = Path(__file__).with_name("sources.yaml")
AGENCIES = ("noi_vu", "bql_kcn", "cong_an", "tu_phap", "y_te", "tai_chinh", "cong_thuong", "xay_dung", "bhxh")


def generate(
    out_dir: Path,
    workers: int = 2000,
    seed: int = 20261101,
    progress: Callable[[str], None] | None = None,
    databases: dict[str, str] | None = None,
) -> Path:
    """Write the demo sources into `out_dir` (replacing earlier ones); returns its sources file.

    `databases` loads an agency's database into a server instead of SQLite (agency → SQLAlchemy
    URL, e.g. {"noi_vu": "postgresql+psycopg://…"}); its sources file entry differs only in the URL.
    """
    say = progress or (lambda message: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    for agency in AGENCIES:
        shutil.rmtree(out_dir / agency, ignore_errors=True)
    rng = random.Random(seed)
    world = build_world(rng, workers, REFERENCE_DATE)
    say(
        f"{len(world.people):,} workers, {len(world.employers):,} employers, {len(world.discrepancies)} seeded problems"
    )
    unknown = set(databases or {}) - set(DATABASES)
    if unknown:
        raise ValueError(
            f"not a database agency: {', '.join(sorted(unknown))}; these are: {', '.join(DATABASES)}"
        )
    writers = Writers(world, out_dir, random.Random(seed + 1), databases)
    written = []
    for agency in AGENCIES:
        references = getattr(writers, agency)()
        say(f"{agency}: {len(references):,} records")
        written += references
    truth = ground_truth(world, seed, written, writers.bad_rows)
    (out_dir / "ground_truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    text = SOURCES.read_text(encoding="utf-8")
    for agency, url in (databases or {}).items():
        text = text.replace(f'url: "sqlite:///{{here}}/{agency}/{agency}.sqlite"', f'url: "{url}"')
    (out_dir / "sources.yaml").write_text(text, encoding="utf-8")
    return out_dir / "sources.yaml"


def ground_truth(world: World, seed: int, written: list, bad_rows: list) -> dict:
    records: dict[str, list[dict[str, str]]] = {}
    for source, entity, key, person in written:
        if person is not None:
            records.setdefault(person.pid, []).append({"source": source, "entity": entity, "key": key})
    return {
        "seed": seed,
        "workers": len(world.people),
        "reference_date": world.today.isoformat(),
        "persons": [describe(person, records.get(person.pid, [])) for person in world.people],
        "discrepancies": [
            {
                "kind": d["kind"],
                "persons": [d["person"].pid] if d["person"] else [],
                "employers": d["employers"],
                "records": records.get(d["person"].pid, []) if d["person"] else [],
                "note": d["note"],
            }
            for d in world.discrepancies
        ],
        "bad_rows": bad_rows,
    }


def describe(person: Person, records: list[dict[str, str]]) -> dict:
    return {
        "person": person.pid,
        "fullName": person.full_name,
        "nationality": person.nationality,
        "dateOfBirth": person.birth.isoformat(),
        "gender": person.gender,
        "passports": person.passports,
        "records": records,
    }
