"""Dossiers (graph/rules/dossier.py) read for a batch of workers: every facet the rules judge, with
one query per source and entity (graph/fetch/loader.py), and only the fields the viewer may read."""

from __future__ import annotations

from graph.fetch.loader import Loader
from graph.identity.index import Person
from graph.rules.dossier import Dossier, selection


async def load_dossiers(loader: Loader, persons: list[Person]) -> list[Dossier]:
    raws = await loader.workers(persons, selection())
    unindexed = frozenset(e for e in ("Employer", "HealthFacility") if loader.index.unindexed(e))
    return [Dossier(p, raw, loader.gate, unindexed) for p, raw in zip(persons, raws, strict=True)]
