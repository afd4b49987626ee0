"""Several server processes behind one balancer: same answers, one cache, one linear audit chain."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from ports import free_ports
from serving import readiness

from demo.keys import demo_token, ensure_demo_keys
from graph.cli import main

QUERIES = [
    "{ workers(first: 20) { nodes { id fullName employer { name } workPermits { status validTo } } } }",
    '{ workers(first: 5, filter: {nationality: "KOR"}) { nodes { id visas { symbol } } } }',
]


def start(config: Path, sources: Path, port: int, ops_port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "graph.cli", "serve", "--config", str(config), "--sources", str(sources)]
    return subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LIENTHONG_OPS_PORT": str(ops_port)},
    )


def test_two_processes_answer_alike_and_keep_one_audit_chain(servers_demo: Path):
    folder = servers_demo.parent
    config = folder / "lienthong.yaml"
    ensure_demo_keys(folder)
    chosen = free_ports(4)
    ports, ops_ports = chosen[:2], chosen[2:]
    processes = [start(config, servers_demo, *pair) for pair in zip(ports, ops_ports, strict=True)]
    try:
        for ops_port in ops_ports:
            assert readiness(ops_port).status_code == 200, f"the server on ops port {ops_port} is not ready"
        tokens = [demo_token(folder, agency) for agency in ("noi_vu", "y_te", "cong_an")]

        def ask(n: int) -> tuple[int, int, str]:
            port, query, token = ports[n % 2], QUERIES[n % len(QUERIES)], tokens[n % len(tokens)]
            response = httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": query},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            return n % len(QUERIES), n % len(tokens), json.dumps(response.json(), sort_keys=True)

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(96)))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
    by_question: dict[tuple[int, int], set[str]] = {}
    for query, token, body in answers:
        by_question.setdefault((query, token), set()).add(body)
    assert all(len(bodies) == 1 for bodies in by_question.values()), "both processes give the same answer"
    assert main(["audit", "--config", str(config), "--sources", str(servers_demo), "verify"]) == 0
