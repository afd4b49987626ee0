"""Benchmark over HTTP: 1 and 2 server processes, agency databases in PostgreSQL and MariaDB.

    python bench/over_http.py [--workers 100000] [--seconds 10] [--connections 16]

Generates the demo once with noi_vu in PostgreSQL and cong_an in MariaDB (bench/data/), starts
`lienthong serve` processes on 127.0.0.1 with the audit trail in PostgreSQL and the record cache
off (so the sources are really read), and drives each workload for a fixed time from one client
process with a bounded number of connections. The floor is the same records read with SQLAlchemy
Core in this process, in the same run. The client shares the machine's two cores with the servers,
so throughput is a lower bound; compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from floor import Floor
from run import MANY, ONE
from sqlalchemy import create_engine, text

from demo.generate import generate
from demo.keys import SERVE_ENVIRONMENT, demo_token, ensure_demo_keys
from graph.web.service import Service
from graph.web.settings import load_settings

HERE = Path(__file__).resolve().parent
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1/{}"
MARIADB = "mysql+pymysql://root@127.0.0.1/{}?charset=utf8mb4"


def fresh_databases(name: str) -> dict[str, str]:
    admin = create_engine(POSTGRES.format("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin = create_engine(MARIADB.format("mysql"))
    with admin.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    return {"noi_vu": POSTGRES.format(name), "cong_an": MARIADB.format(name)}


def prepare(workers: int) -> Path:
    folder = HERE / "data" / f"servers-w{workers}"
    sources = folder / "sources.yaml"
    if not sources.exists():
        print(f"generating {workers:,} workers into PostgreSQL, MariaDB and {folder} (once) …")
        generate(folder, workers=workers, databases=fresh_databases("lienthong_bench"), progress=print)
        text_ = sources.read_text(encoding="utf-8").replace(
            "\n    kind: ", "\n    cache_seconds: 0\n    kind: "
        )
        sources.write_text(text_, encoding="utf-8")
        (folder / "lienthong.yaml").write_text(
            f"audit: {{url: '{POSTGRES.format('lienthong_bench')}'}}\n"
            "rate_limits: {requests_per_minute: 100000000, persons_per_minute: 100000000}\n"
            "log_format: text\n",
            encoding="utf-8",
        )
    ensure_demo_keys(folder)
    return sources


def serve_command(sources: Path, port: int) -> list[str]:
    """`lienthong serve` for these sources with the benchmark's config beside them."""
    config = sources.parent / "lienthong.yaml"
    return [
        sys.executable,
        "-m",
        "graph.cli",
        "serve",
        "--config",
        str(config),
        "--sources",
        str(sources),
        "--port",
        str(port),
    ]


def launched(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **SERVE_ENVIRONMENT, **env},
    )


def wait_ready(process: subprocess.Popen, url: str) -> None:
    """Return once `url` answers 200; stop the process and the benchmark if it never does."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"{url} never answered")


def serve(sources: Path, ports: list[int]) -> list[subprocess.Popen]:
    """Server processes started together (each indexes on its own), then waited for."""
    processes = [
        launched(serve_command(sources, port), {"LIENTHONG_OPS_PORT": str(port + 100)}) for port in ports
    ]
    for process, port in zip(processes, ports, strict=True):
        wait_ready(process, f"http://127.0.0.1:{port + 100}/readyz")  # /readyz: the ops listener
    return processes


async def drive(
    ports: list[int], token: str, bodies: list[dict], seconds: float, connections: int
) -> tuple[float, float]:
    """(requests per second, median latency ms) with `connections` concurrent requesters."""
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {token}"}

    async def requester(number: int, client: httpx.AsyncClient) -> None:
        n = number
        while time.monotonic() < stop:
            port, body = ports[n % len(ports)], bodies[n % len(bodies)]
            started = time.perf_counter()
            response = await client.post(f"http://127.0.0.1:{port}/graphql", json=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200 and "errors" not in response.json(), response.text[:300]
            n += connections

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        started = time.monotonic()
        await asyncio.gather(*(requester(i, client) for i in range(connections)))
        elapsed = time.monotonic() - started
    return len(latencies) / elapsed, statistics.median(latencies) * 1000


async def main_async(args: argparse.Namespace) -> None:
    sources = prepare(args.workers)
    service = Service.open(load_settings(sources.parent / "lienthong.yaml", sources))
    await service.start()
    floor = Floor(service)
    ordered = [p for p in service.index.snapshot.ordered if p.employer.value]
    singles = ordered[:2000]
    one_bodies = [{"query": ONE, "variables": {"p": p.passport, "n": p.nationality}} for p in singles]
    many_bodies = [{"query": MANY, "variables": {"first": 1000}}]

    def floor_median(crowds: list[list], repeat: int) -> float:
        samples = []
        for n in range(repeat):
            started = time.perf_counter()
            floor.fetch(crowds[n % len(crowds)])
            samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000

    one_floor = floor_median([[p] for p in singles], 500)
    many_floor = floor_median([ordered[:1000]], 10)
    token = demo_token(sources.parent, "thanh_tra")
    print(
        f"{'processes':>9} {'workload':34} {'req/s':>8} {'median ms':>10} {'floor ms':>9} {'median/floor':>13}"
    )
    for count in (1, 2):
        ports = [18500 + i for i in range(count)]
        processes = serve(sources, ports)
        try:
            for name, bodies, floor_value in (
                ("(a) one worker + facets", one_bodies, one_floor),
                ("(b) 1,000 workers + facets", many_bodies, many_floor),
            ):
                await drive(ports, token, bodies, 2, args.connections)  # warm-up
                rate, median = await drive(ports, token, bodies, args.seconds, args.connections)
                print(
                    f"{count:>9} {name:34} {rate:8.1f} {median:10.2f} {floor_value:9.2f} {median / floor_value:12.1f}x"
                )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
