"""Benchmark: the GraphQL layer against the plain-SQL floor for the same data, in one run.

    python bench/run.py [--workers 100000] [--repeat 200]

Workloads (docs/operations.md, "Benchmarks"): (a) one worker with permit, visa, health check and
employer; (b) 1,000 workers with the same; (c) the compliance of 1,000 workers, whose floor reads
every record the rules of docs/domain.md §4 read (all eight facets and the employers). The floor
fetches exactly the same records with SQLAlchemy Core statements by native key (and dictionary
look-ups for the file sources, which any reader of a CSV export must hold in memory), then serialises
with orjson; the layer runs the GraphQL query as the endpoint does (the limits checked, the document
kept parsed and validated) and serialises with orjson. Figures are medians; ratios are layer /
floor, measured in the same process, interleaved, so machine noise hits all alike. The layer runs
twice: with policies off (an open gate) and on, for a viewer allowed every field, to show what
enforcement costs. The record cache is off so the sources are really read.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import orjson
from floor import Floor

from connectors.model import PERSON_FIELDS
from demo.generate import generate
from graph.access.gate import PolicyGate
from graph.access.policy import AgencyPolicy, PolicySet, Rule, coordinates
from graph.access.present import OpenGate
from graph.access.viewer import Viewer
from graph.common.facets import FACETS as FACETS_BY_FIELD
from graph.identity.index import Person
from graph.rules.dossier import EMPLOYER_FIELDS, FETCHED
from graph.web.limits import check
from graph.web.service import Service
from graph.web.settings import Settings

FACETS = """fullName nationality passportNumber
  workPermits { permitNumber status validTo employerTaxCode }
  visas { visaNumber symbol validUntil }
  healthCertificates { certificateNumber conclusion conclusionDate }
  employer { taxCode name status }"""
ONE = "query One($p: String!, $n: String) { worker(passportNumber: $p, nationality: $n) { %s } }" % FACETS
MANY = "query Many($first: Int) { workers(first: $first) { nodes { %s } } }" % FACETS
COMPLIANCE = """query Compliance($first: Int) { workers(first: $first) { nodes {
  compliance(at: "2026-11-01") { status checks { rule result reason evidence { entity sourceRecordId } } } } } }"""
JUDGED = {FACETS_BY_FIELD[facet]: {*fields, *PERSON_FIELDS} for facet, (fields, _) in FETCHED.items()} | {
    "Employer": set(EMPLOYER_FIELDS)
}
"""What compliance reads, for the floor of (c)."""


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


def allow_everything(service: Service) -> PolicySet:
    """Policies under which the viewer may see every field: the gate does all its work, refuses nothing."""
    every = {c: Rule("allow") for c in coordinates(service.schema._schema)}
    return PolicySet(
        service.policies.groups, {"bench": AgencyPolicy("bench", "city", frozenset({"officer"}), every)}
    )


async def bench(data: Path, repeat: int) -> None:
    service = Service.open(Settings.for_sources(data / "sources.yaml", index_check_seconds=3600))
    started = time.perf_counter()
    await service.start()
    print(f"indexed {len(service.index.snapshot.persons):,} workers in {time.perf_counter() - started:.1f} s")
    for source in service.sources.values():  # measure the layer, not the record cache
        source.config = replace(source.config, cache_seconds=0)
    floor = Floor(service)
    persons = [p for p in service.index.snapshot.ordered if p.employer.value][:1000]
    one = persons[len(persons) // 2]

    async def layer(query: str, variables: dict, gate: PolicyGate | None) -> bytes:
        """As the endpoint runs a request: the limits checked first (which keep the document parsed
        and, once validated, valid: graph/api/documents.py), then the execution."""
        check(query, None, variables, service.settings.limits)
        result, _ = await service.execute(query, gate or OpenGate(), variables)
        assert not result.errors, result.errors
        return orjson.dumps({"data": result.data})

    policies = allow_everything(service)
    viewer = Viewer("bench", "bench", "officer")

    def workload(
        query: str, variables: dict, crowd: list[Person], base: Floor = floor
    ) -> dict[str, Callable[[], Awaitable[object]]]:
        return {
            "floor": lambda: asyncio.to_thread(base.fetch, crowd),
            "policies off": lambda: layer(query, variables, None),
            "policies on": lambda: layer(query, variables, PolicyGate(policies, viewer, service.index)),
        }

    one_worker = {"p": one.passport, "n": one.nationality}
    a = await measure(workload(ONE, one_worker, [one]), repeat)
    b = await measure(workload(MANY, {"first": 1000}, persons), max(5, repeat // 20))
    everyone = list(service.index.snapshot.ordered[:1000])
    c = await measure(
        workload(COMPLIANCE, {"first": 1000}, everyone, Floor(service, JUDGED)), max(5, repeat // 20)
    )
    print(
        f"{'workload':42} {'floor':>9} {'off':>9} {'on':>9} {'off/floor':>10} {'on/floor':>9} {'policy cost':>12}"
    )
    for name, figures in (
        ("(a) one worker + permit, visa, health, employer", a),
        ("(b) 1,000 workers, same facets", b),
        ("(c) compliance of 1,000 workers", c),
    ):
        floor_ms, off, on = figures["floor"], figures["policies off"], figures["policies on"]
        print(
            f"{name:42} {floor_ms:8.2f}ms {off:8.2f}ms {on:8.2f}ms {off / floor_ms:9.1f}x {on / floor_ms:8.1f}x"
            f" {100 * (on - off) / off:+11.1f}%"
        )
    await service.stop()


def generated(description: str, repeat: int) -> tuple[Path, int]:
    """The demo data of `--workers` workers, generated once into bench/data/, and `--repeat`: the
    command line the in-process benchmarks share."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    data = Path(__file__).resolve().parent / "data" / f"w{args.workers}"
    if not (data / "sources.yaml").exists():
        print(f"generating {args.workers:,} workers into {data} (once) …")
        generate(data, workers=args.workers, progress=lambda message: print(f"  {message}"))
    return data, args.repeat


def main() -> None:
    asyncio.run(bench(*generated(__doc__ or "", 200)))


if __name__ == "__main__":
    main()
