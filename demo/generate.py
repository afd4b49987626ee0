"""`generate`: write every demo agency source, its sources file and the ground truth.

Deterministic: one seeded random generator builds the world, each agency writer gets its own (so one
agency's spelling never shifts another's), and every date is built around `REFERENCE_DATE`, never
the clock. The same seed and size give byte-identical files.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from demo.agencies import DATABASES, WRITERS
from demo.careers import hire, reissue_after_renewals
from demo.clinics import CLINICS
from demo.contractors import declare_headcounts
from demo.discrepancies import seed_problems
from demo.dossiers import file_dossiers
from demo.employers import EmployerMaker, register_headcounts
from demo.identities import seed_identity_reviews
from demo.inspections import inspect
from demo.institutions import list_institutions
from demo.native import Place
from demo.paperwork import Paperwork
from demo.people import PassportOffice, make_people
from demo.records import valid_on
from demo.registrations import register
from demo.truth import ground_truth
from demo.ward_checks import check_residences
from demo.world import World

REFERENCE_DATE = date(2026, 11, 1)
"""The demo's "today": most workers are compliant on this day; every validity is built around it."""
SOURCES = Path(__file__).with_name("sources.yaml")
LEAST_WORKERS = 100
"""Fewer leave too few clean workers to seed every problem from."""


def generate(
    out_dir: Path,
    workers: int = 2000,
    seed: int = 20261101,
    progress: Callable[[str], None] | None = None,
    databases: dict[str, str] | None = None,
) -> Path:
    """Write the demo sources into `out_dir` (replacing earlier ones); returns its sources file.

    `databases` loads an agency's tables into a database server instead of SQLite (agency →
    SQLAlchemy URL); its entry in the sources file differs only in the URL.
    """
    databases = databases or {}
    unknown = sorted(set(databases) - set(DATABASES))
    if unknown:
        raise ValueError(f"not a database agency: {', '.join(unknown)}; these are: {', '.join(DATABASES)}")
    say = progress or (lambda message: None)
    world = build_world(random.Random(seed), workers, REFERENCE_DATE)
    say(
        f"{workers:,} workers, {len(world.employers):,} employers, {len(world.discrepancies)} seeded problems"
    )
    bad_rows = []
    for agency, write in WRITERS.items():
        folder = out_dir / agency
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        place = Place(folder, databases.get(agency, f"sqlite:///{folder / agency}.sqlite"))
        written = write(world, place, random.Random(f"{seed}/{agency}"))
        say(f"{agency}: {written.summary}")
        bad_rows += written.bad_rows
    with (out_dir / "ground_truth.json").open("w", encoding="utf-8") as handle:
        json.dump(ground_truth(world, seed, bad_rows), handle, ensure_ascii=False, indent=1)
    sources = SOURCES.read_text(encoding="utf-8")
    for agency, url in databases.items():
        sources = sources.replace(f'url: "sqlite:///{{here}}/{agency}/{agency}.sqlite"', f'url: "{url}"')
    (out_dir / "sources.yaml").write_text(sources, encoding="utf-8")
    return out_dir / "sources.yaml"


def build_world(rng: random.Random, workers: int, today: date) -> World:
    """Employers, clean careers, a few passport renewals done right, the seeded problems, then the
    registries' dates and changes."""
    if workers < LEAST_WORKERS:
        raise ValueError(f"generate at least {LEAST_WORKERS} workers")
    paper = Paperwork(rng, today, PassportOffice(rng))
    maker = EmployerMaker(rng)
    employers = maker.make(max(30, workers // 15))
    people = make_people(rng, workers, today, paper.passports)
    world = World(today, employers, CLINICS, hire(paper, people, employers))
    reissue_after_renewals(paper, world.careers, max(2, workers // 50))
    per_kind = max(2, workers // 10_000)
    seed_problems(world, paper, maker, per_kind)
    declare_headcounts(world, paper, per_kind)
    working = [p for p in world.gather(lambda c: c.permits + c.exemptions) if valid_on(p, today)]
    register_headcounts(rng, world.employers, Counter(p.employer for p in working))
    register(world, random.Random(rng.random()))  # the world above stays as it was
    inspect(world, random.Random(rng.random()), per_kind)  # and so does everything before
    check_residences(world, random.Random(rng.random()), per_kind)
    file_dossiers(world, random.Random(rng.random()), per_kind)
    list_institutions(world, random.Random(rng.random()))
    world.identity_reviews = seed_identity_reviews(world, paper)  # after all else: the rest is as before
    return world
