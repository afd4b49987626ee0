"""Benchmark: the GraphQL layer against the plain-SQL floor for the same data, in one run.

    python bench/run.py [--workers 100000] [--repeat 200]

Workloads (ARCHITECTURE.md): (a) one worker with permit, visa, health check and employer;
(b) 1,000 workers with the same. The floor fetches exactly the same records with SQLAlchemy Core
statements by native key (and dictionary look-ups for the file sources, which any reader of a CSV
export must hold in memory), then serialises with orjson; the layer runs the GraphQL query through
the schema with parse/validation caches and orjson. Figures are medians; ratios are layer / floor,
measured in the same process, interleaved, so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import orjson
from sqlalchemy import column, select, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from connectors.files import FileConnector  # noqa: E402
from connectors.sql import SqlConnector  # noqa: E402
from demo.generate import generate  # noqa: E402
from graph.context import Context  # noqa: E402
from graph.identity import Person  # noqa: E402
from graph.service import Service  # noqa: E402
from graph.settings import Settings  # noqa: E402

FACETS = """fullName nationality passportNumber
  workPermits { permitNumber status validTo employerTaxCode }
  visas { visaNumber symbol validUntil }
  healthCertificates { certificateNumber conclusion conclusionDate }
  employer { taxCode name status }"""
ONE = "query One($p: String!, $n: String) { worker(passportNumber: $p, nationality: $n) { %s } }" % FACETS
MANY = "query Many($first: Int) { workers(first: $first) { nodes { %s } } }" % FACETS
WANTED = {
    "WorkPermit": {"permitNumber", "status", "validTo", "employerTaxCode"},
    "Visa": {"visaNumber", "symbol", "validUntil"},
    "HealthCertificate": {"certificateNumber", "conclusion", "conclusionDate"},
    "Employer": {"taxCode", "name", "status"},
}


class Floor:
    """The same records fetched as directly as the sources allow: one statement per source table."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def fetch(self, persons: list[Person]) -> bytes:
        out: list[dict] = []
        employer_codes = {p.employer for p in persons if p.employer}
        for entity, fields in WANTED.items():
            if entity == "Employer":
                links = [l for code in employer_codes for l in self.service.index.snapshot.references[entity].get(code, [])]
            else:
                links = [l for p in persons for l in p.records(entity)]
            by_source: dict[str, list[str]] = {}
            for link in links:
                by_source.setdefault(link.source, []).append(link.key)
            for source, keys in by_source.items():
                out += self.rows(source, entity, keys, fields)
        return orjson.dumps(out)

    def rows(self, source: str, entity: str, keys: list[str], fields: set[str]) -> list[dict]:
        connector = self.service.connectors[source]
        mapping = connector.config.entities[entity]
        columns = [mapping.key] + [m.column for f, m in mapping.fields.items() if f in fields]
        if isinstance(connector, SqlConnector):
            native = table(mapping.table, *(column(c) for c in dict.fromkeys(columns)))
            statement = select(*native.c).where(native.c[mapping.key].in_(keys))
            with connector.engine.connect() as connection:
                return [dict(row) for row in connection.execute(statement).mappings()]
        assert isinstance(connector, FileConnector)
        records = connector._records(mapping)
        return [{f: records[k].get(f) for f in fields} for k in keys if k in records]


async def measure(runs: dict[str, Callable[[], Awaitable[object]]], repeat: int) -> dict[str, float]:
    """Median milliseconds of each run, interleaved after a warm-up so noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(3):
        for run in runs.values():
            await run()
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            await run()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


async def bench(data: Path, repeat: int) -> None:
    service = Service.open(Settings.for_sources(data / "sources.yaml", index_check_seconds=3600))
    started = time.perf_counter()
    await service.start()
    print(f"indexed {len(service.index.snapshot.persons):,} workers in {time.perf_counter() - started:.1f} s")
    floor = Floor(service)
    persons = [p for p in service.index.snapshot.ordered if p.employer][:1000]
    one = persons[len(persons) // 2]

    async def layer(query: str, variables: dict) -> bytes:
        result = await service.schema.execute(query, variable_values=variables, context_value=Context(service.sources, service.index, service.cache))
        assert not result.errors, result.errors
        return orjson.dumps({"data": result.data})

    async def floor_one() -> bytes:
        return await asyncio.to_thread(floor.fetch, [one])

    async def floor_many() -> bytes:
        return await asyncio.to_thread(floor.fetch, persons)

    variables = {"p": one.passport, "n": one.nationality}
    a = await measure({"layer": lambda: layer(ONE, variables), "floor": floor_one}, repeat)
    b = await measure({"layer": lambda: layer(MANY, {"first": 1000}), "floor": floor_many}, max(3, repeat // 20))
    print(f"{'workload':44} {'floor ms':>10} {'layer ms':>10} {'ratio':>7}")
    for name, figures in (("(a) one worker + permit, visa, health, employer", a), ("(b) 1,000 workers, same facets", b)):
        ratio = figures["layer"] / figures["floor"]
        print(f"{name:44} {figures['floor']:10.2f} {figures['layer']:10.2f} {ratio:6.1f}x")
    service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    data = ROOT / "bench" / "data" / f"w{args.workers}"
    if not (data / "sources.yaml").exists():
        print(f"generating {args.workers:,} workers into {data} (once) …")
        generate(data, workers=args.workers, progress=lambda message: print(f"  {message}"))
    asyncio.run(bench(data, args.repeat))


if __name__ == "__main__":
    main()
