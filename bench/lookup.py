"""One worker looked up over HTTP, against the same stack serving the same bytes precomputed.

    python bench/lookup.py [--workers 2000] [--seconds 10]

Needs `wrk` (Debian: `apt-get install wrk`), a load generator written in C that leaves the cores to
the servers. For each backend — embedded (SQLite and files, audit in SQLite, cache in memory) and
servers (noi_vu in PostgreSQL, cong_an in MariaDB, audit in PostgreSQL, cache and rate limits in
Redis) — it starts one `lienthong serve` process (rate limits raised out of the way) and one
uvicorn + Starlette process answering every POST with the bytes the real server gave for the same
request (the precomputed ceiling). It prints, per server and number of connections, requests per
second, latency percentiles (wrk, closed loop) and the server's CPU time per request (from /proc:
steadier than requests per second on a shared machine, whose other load takes cores, not cycles);
then an open-loop run of the lookup at 80 % of its peak (requests sent on a fixed schedule whatever
the answers do, latency counted from the scheduled time, 10 s timeout) and the ratios issue 11 asks
for. Compare ratios within one run: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
from over_http import launched, prepare, serve_command, wait_ready
from run import ONE

from demo.generate import generate
from demo.keys import demo_token, ensure_demo_keys

HERE = Path(__file__).resolve().parent
PORT, CEILING = 18600, 18601
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
PRECOMPUTED = """
import os
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(os.environ["ANSWER"], "rb").read()
async def answer(request):
    await request.body()
    return Response(body, media_type="application/json")
app = Starlette(routes=[Route("/graphql", answer, methods=["GET", "POST"])])
"""


def embedded(workers: int) -> Path:
    folder = HERE / "data" / f"embedded-w{workers}"
    sources = folder / "sources.yaml"
    if not sources.exists():
        print(f"generating {workers:,} workers into {folder} (once) …")
        generate(folder, workers=workers)
        (folder / "lienthong.yaml").write_text(
            "rate_limits: {requests_per_minute: 100000000, persons_per_minute: 100000000}\nlog_format: text\n",
            encoding="utf-8",
        )
    ensure_demo_keys(folder)
    return sources


def wrk(script: Path, port: int, connections: int, seconds: float) -> dict[str, float]:
    """Closed loop: requests per second and latency percentiles (ms), as wrk reports them."""
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/graphql",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"the server answered errors under load:\n{out}")
    figures = {"req/s": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for percent in ("50", "99"):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out).groups()
        figures[f"p{percent}"] = float(value) * UNITS[unit]
    return figures


async def open_loop(port: int, request: bytes, rate: float, seconds: float) -> dict[str, float]:
    """Requests sent on a fixed schedule over as many connections as needed; latency from the
    scheduled time (no coordinated omission); a request unanswered in 10 s is a timeout."""
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    latencies: list[float] = []

    async def one(scheduled: float) -> None:
        reader, writer = idle.pop() if idle else await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head)[1])
        await reader.readexactly(length)
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head.split(b"\r\n")[0].decode())
        latencies.append((time.perf_counter() - scheduled) * 1000)
        idle.append((reader, writer))

    begin = time.perf_counter()
    tasks = []
    for number in range(int(rate * seconds)):
        scheduled = begin + number / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(asyncio.wait_for(one(scheduled), 10)))
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    for _, writer in idle:
        writer.close()
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    timeouts = sum(isinstance(o, TimeoutError) for o in failures)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "sent": len(tasks),
        "p50": quantiles[49],
        "p99": quantiles[98],
        "timeouts": timeouts,
        "errors": len(failures) - timeouts,
    }


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used, user and system (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lua(token: str, body: bytes, path: Path) -> Path:
    escaped = body.decode().replace("\\", "\\\\").replace("'", "\\'")
    path.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\nwrk.body = \'{escaped}\'\n',
        encoding="utf-8",
    )
    return path


def measure(name: str, sources: Path, env: dict[str, str], seconds: float, scratch: Path) -> None:
    server = launched(serve_command(sources, PORT), {**env, "LIENTHONG_OPS_PORT": ""})
    wait_ready(server, f"http://127.0.0.1:{PORT}/healthz")
    ceiling = None
    try:
        truth = orjson.loads((sources.parent / "ground_truth.json").read_bytes())
        person = truth["persons"][len(truth["persons"]) // 2]
        body = orjson.dumps(
            {"query": ONE, "variables": {"p": person["passports"][0], "n": person["nationality"]}}
        )
        token = demo_token(sources.parent, "noi_vu")
        answer = httpx.post(
            f"http://127.0.0.1:{PORT}/graphql",
            content=body,
            timeout=30,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert answer.status_code == 200 and "errors" not in answer.json(), answer.text[:300]
        (scratch / "answer.json").write_bytes(answer.content)
        (scratch / "precomputed.py").write_text(PRECOMPUTED, encoding="utf-8")
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(scratch), "precomputed:app"]
        command += ["--port", str(CEILING), "--log-level", "warning", "--no-access-log"]
        ceiling = launched(command, {"ANSWER": str(scratch / "answer.json")})
        wait_ready(ceiling, f"http://127.0.0.1:{CEILING}/graphql")
        script = lua(token, body, scratch / "lookup.lua")
        figures = {}
        for label, port, process in (("lookup", PORT, server), ("precomputed", CEILING, ceiling)):
            wrk(script, port, 4, 2)  # warm-up
            for connections in (1, 16):
                before = cpu_seconds(process.pid)
                figures[label, connections] = f = wrk(script, port, connections, seconds)
                f["cpu"] = (cpu_seconds(process.pid) - before) * 1000 / (f["req/s"] * seconds)
        for (label, connections), f in figures.items():
            print(
                f"{name:9} {label:12} {connections:>5} {f['req/s']:9.0f} {f['p50']:9.2f} {f['p99']:9.2f}"
                f" {f['cpu']:9.2f}"
            )
        request = (
            f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        peak = max(figures["lookup", 1]["req/s"], figures["lookup", 16]["req/s"])
        loop = asyncio.run(open_loop(PORT, request, 0.8 * peak, seconds))
        print(
            f"{name:9} lookup, open loop at 80 % of peak ({0.8 * peak:.0f} req/s): {loop['sent']} sent,"
            f" p50 {loop['p50']:.2f} ms, p99 {loop['p99']:.2f} ms, timeouts {loop['timeouts']}, errors {loop['errors']}"
        )
        print(
            f"{name:9} ratios: lookup / precomputed at 16 connections"
            f" {figures['lookup', 16]['req/s'] / figures['precomputed', 16]['req/s']:.2f} (goal ≥ 0.2);"
            f" 16 / 1 connections {figures['lookup', 16]['req/s'] / figures['lookup', 1]['req/s']:.2f} (goal ≥ 1);"
            f" open-loop p99 / p50 {loop['p99'] / loop['p50']:.1f} (goal ≤ 10);"
            f" CPU per request, precomputed / lookup at 16 connections"
            f" {figures['precomputed', 16]['cpu'] / figures['lookup', 16]['cpu']:.2f}"
        )
    finally:
        for process in (server, ceiling):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("this benchmark needs wrk: apt-get install wrk")
    print(
        f"{'backend':9} {'server':12} {'conns':>5} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'cpu ms/req':>9}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        measure("embedded", embedded(args.workers), {}, args.seconds, Path(scratch))
        measure(
            "servers",
            prepare(args.workers),
            {"LIENTHONG_CACHE_URL": "redis://127.0.0.1:6379/3"},
            args.seconds,
            Path(scratch),
        )


if __name__ == "__main__":
    main()
