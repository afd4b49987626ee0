"""Benchmark: `statistics` over a city against a SQL GROUP BY floor over the same sources, in one run.

    python bench/counts.py [--workers 100000] [--repeat 30]

(Not bench/statistics.py: run from this folder, that name would shadow the standard library's
`statistics`, which bench/run.py imports.)

The question: work permits by the holder's nationality and the permit's status, city-wide, as a
viewer allowed every field (so nothing is suppressed: the work measured is counting, not hiding).
The floor asks each source that question as directly as it can: one `SELECT nationality, status,
count(*) … GROUP BY nationality, status` on each database table, and a count over the records of
each file export held in memory (any reader of an export must hold it), then maps the native labels
onto the canonical codes (a dozen groups, not a row each). The layer runs the GraphQL query through
the schema, policy gate included. Both answers are checked to be the same counts before timing.
Figures are medians, interleaved with bench/run.py's `measure`; the ratio is layer / floor.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

from run import allow_everything, generated, measure
from sqlalchemy import column, func, select, table

from connectors.files import FileConnector
from connectors.sql import SqlConnector
from graph.access.gate import PolicyGate
from graph.access.viewer import Viewer
from graph.api.context import Context
from graph.web.service import Service
from graph.web.settings import Settings

QUERY = """{ statistics(groupBy: [NATIONALITY, PERMIT_STATUS], unit: WORK_PERMITS) {
  cells { values count suppressed } total } }"""
GROUPED = ("nationality", "status")


def floor(service: Service) -> Counter[tuple]:
    """Work permits by nationality and status, each source asked with a GROUP BY of its own."""
    counts: Counter[tuple] = Counter()
    for source in service.sources.values():
        mapping = source.config.entities.get("WorkPermit")
        if mapping is None:
            continue
        fields = [mapping.fields[name] for name in GROUPED]
        connector = source.connector
        if isinstance(connector, SqlConnector):
            native = table(mapping.table or "", *(column(f.column) for f in fields))
            statement = select(*native.c, func.count()).group_by(*native.c)
            with connector.engine.connect() as connection:
                rows = connection.execute(statement).all()
            for *labels, n in rows:
                counts[tuple(f.parse(label) for f, label in zip(fields, labels, strict=True))] += n
        else:
            assert isinstance(connector, FileConnector)
            records = connector._records(mapping).values()
            counts.update(tuple(record.get(name) for name in GROUPED) for record in records)
    return counts


async def bench(data: Path, repeat: int) -> None:
    service = Service.open(Settings.for_sources(data / "sources.yaml", index_check_seconds=3600))
    started = time.perf_counter()
    await service.start()
    print(f"indexed {len(service.index.snapshot.persons):,} workers in {time.perf_counter() - started:.1f} s")
    policies = allow_everything(service)
    viewer = Viewer("bench", "bench", "officer")

    async def layer() -> dict:
        gate = PolicyGate(policies, viewer, service.index)
        result = await service.schema.execute(
            QUERY, context_value=Context(service.sources, service.index, service.cache, gate)
        )
        assert not result.errors, result.errors
        return result.data or {}

    answer = (await layer())["statistics"]
    counted = {tuple(cell["values"]): cell["count"] for cell in answer["cells"]}
    assert not any(cell["suppressed"] for cell in answer["cells"])
    grouped = await asyncio.to_thread(floor, service)
    differing = {
        key: (grouped.get(key), counted.get(key))
        for key in set(grouped) | set(counted)
        if grouped.get(key) != counted.get(key)
    }
    print(
        f"{answer['total']:,} permits in {len(counted)} cells; floor and layer differ on {differing or 'nothing'}"
    )
    figures = await measure({"floor": lambda: asyncio.to_thread(floor, service), "layer": layer}, repeat)
    ratio = figures["layer"] / figures["floor"]
    print(f"{'workload':54} {'floor':>10} {'layer':>10} {'layer/floor':>12}")
    print(
        f"{'statistics: permits by nationality x status, city-wide':54} {figures['floor']:8.1f}ms"
        f" {figures['layer']:8.1f}ms {ratio:11.1f}x"
    )
    await service.stop()


def main() -> None:
    asyncio.run(bench(*generated(__doc__ or "", 30)))


if __name__ == "__main__":
    main()
