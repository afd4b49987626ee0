"""A real `lienthong serve` past its limits: slow or vanishing clients, and every request audited."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import mini
import pytest
from ports import free_ports

from demo.keys import demo_token, ensure_demo_keys
from graph.access.audit import AuditLog
from graph.web.settings import load_settings

LOOKUP = '{ worker(passportNumber: "M1234567") { fullName workPermits { permitNumber } visas { symbol } } }'


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = mini.build(tmp_path)
    ensure_demo_keys(tmp_path)
    return path


@contextmanager
def served(sources: Path, **settings: str) -> Iterator[tuple[int, int, Path]]:
    """`lienthong serve` on the sources with `LIENTHONG_<NAME>` overrides; yields its port, its ops
    listener's port and the file its log (stderr) goes to, complete once the block ends."""
    (port, ops_port), log = free_ports(2), sources.parent / "server.log"
    overrides = {f"LIENTHONG_{name.upper()}": value for name, value in settings.items()}
    environment = {**os.environ, "LIENTHONG_OPS_PORT": str(ops_port), **overrides}
    command = [sys.executable, "-m", "graph.cli", "serve", "--sources", str(sources), "--port", str(port)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
            yield port, ops_port, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # stuck in a hung store at shutdown: a failure, not a hang
                process.kill()
                raise


@pytest.fixture
def hung() -> Iterator[int]:
    """The port of a server that accepts connections and never answers: a hung database or Redis.
    The kernel completes each connection into the listen backlog, and nothing ever reads it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(100)
        yield listener.getsockname()[1]


def ask(port: int, token: str, timeout: float = 15) -> tuple[httpx.Response, float]:
    """The answer to LOOKUP and how long it took; an answer later than `timeout` fails the test."""
    started = time.monotonic()
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json={"query": LOOKUP},
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
    )
    return response, time.monotonic() - started


def audit_records(sources: Path) -> list[dict]:
    return [record for _, _, record in AuditLog.open(load_settings(None, sources)).rows()]


def partial_request(port: int, token: str, sent: bytes) -> socket.socket:
    """A connection that has sent a POST's headers announcing 1,000 body bytes, then only `sent`."""
    client = socket.create_connection(("127.0.0.1", port))
    head = (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nX-Request-Id: partial-body\r\nContent-Length: 1000\r\n\r\n"
    )
    client.sendall(head.encode() + sent)
    return client


def test_a_body_that_never_completes_is_a_408_and_audited(sources):
    token = demo_token(sources.parent, "noi_vu")
    with served(sources, limits_body_read_seconds="1") as (port, _, _):
        client = partial_request(port, token, b'{"query": ')
        client.settimeout(10)
        started = time.monotonic()
        answer = b""
        while chunk := client.recv(65536):  # the server closes the connection after its answer
            answer += chunk
        elapsed = time.monotonic() - started
        client.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b"REQUEST_TIMEOUT" in answer
    assert elapsed < 5, "answered at the body deadline (1 s), not when the client gives up"
    (record,) = audit_records(sources)
    assert (record["requestId"], record["outcome"], record["status"]) == (
        "partial-body",
        "REQUEST_TIMEOUT",
        408,
    )


def test_a_client_gone_mid_body_is_audited_without_a_traceback(sources):
    token = demo_token(sources.parent, "noi_vu")
    with served(sources) as (port, _, log):
        partial_request(port, token, b'{"query": ').close()
        deadline = time.monotonic() + 10
        while not audit_records(sources) and time.monotonic() < deadline:
            time.sleep(0.1)
    (record,) = audit_records(sources)
    assert (record["requestId"], record["outcome"], record["agency"]) == (
        "partial-body",
        "CLIENT_DISCONNECTED",
        "noi_vu",
    )
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_a_hung_audit_store_is_a_fast_503_and_not_ready(sources, hung):
    token = demo_token(sources.parent, "noi_vu")
    store = f"postgresql+psycopg://postgres@127.0.0.1:{hung}/audit"
    with served(sources, audit_url=store, audit_timeout_seconds="0.5") as (port, ops_port, _):
        response, elapsed = ask(port, token)
        started = time.monotonic()
        ready = httpx.get(f"http://127.0.0.1:{ops_port}/readyz", timeout=15)
        readiness_elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    assert "data" not in response.json()
    print(f"hung audit store: 503 in {elapsed:.2f} s, /readyz in {readiness_elapsed:.2f} s")
    assert elapsed < 4, "refused at the audit deadline (0.5 s), not when the store answers"
    assert (ready.status_code, ready.json()["status"], ready.json()["audit"]) == (
        503,
        "degraded",
        "UNAVAILABLE",
    )
    assert readiness_elapsed < 4


def test_a_hung_cache_is_skipped(sources, hung):
    token = demo_token(sources.parent, "noi_vu")
    with served(sources, cache_url=f"redis://127.0.0.1:{hung}/0", cache_timeout_seconds="0.2") as (
        port,
        ops_port,
        log,
    ):
        response, elapsed = ask(port, token)
        ask(port, token)
        metrics = httpx.get(f"http://127.0.0.1:{ops_port}/metrics").text
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert body["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert body["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert body["extensions"] == {"sources": {"cong_an": "OK", "noi_vu": "OK"}}
    print(f"hung cache: answered in {elapsed:.2f} s")
    assert elapsed < 5, "each cache call gives up at its deadline (0.2 s)"
    assert [record["outcome"] for record in audit_records(sources)] == ["OK", "OK"]
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sum("record cache unavailable" in line for line in lines) == 1, "logged once, not per call"
    assert sum("shared rate limits unavailable" in line for line in lines) == 1
    assert 'lienthong_degraded_total{dependency="record cache"}' in metrics
    assert 'lienthong_degraded_total{dependency="shared rate limits"}' in metrics


def test_past_its_capacity_a_server_refuses_fast_and_audits_every_request(sources):
    """Two requests run, two wait, the rest are refused at once; noi_vu answers only after 3 s."""
    text = sources.read_text(encoding="utf-8")
    slow = "    kind: sql\n    timeout_seconds: 3\n    breaker_threshold: 100\n"
    sources.write_text(text.replace("    kind: sql\n", slow, 1), encoding="utf-8")
    token = demo_token(sources.parent, "noi_vu")
    limits = {"limits_max_concurrent": "2", "limits_max_queued": "2", "limits_queue_wait_seconds": "30"}
    with served(sources, **limits) as (port, _, _):
        holder = sqlite3.connect(sources.parent / "noi_vu.sqlite", isolation_level=None)
        holder.execute("PRAGMA journal_mode=DELETE")
        holder.execute("BEGIN EXCLUSIVE")  # noi_vu's readers now wait for their 3 s timeout
        try:
            with ThreadPoolExecutor(10) as pool:
                answers = list(pool.map(lambda _: ask(port, token, timeout=60), range(10)))
        finally:
            holder.rollback()
            holder.close()
    statuses = sorted(response.status_code for response, _ in answers)
    assert statuses == [200] * 4 + [503] * 6
    refusals = [(response, elapsed) for response, elapsed in answers if response.status_code == 503]
    for response, elapsed in refusals:
        assert response.json() == {
            "errors": [
                {
                    "message": "The server is at capacity: try again shortly",
                    "extensions": {"code": "OVERLOADED"},
                }
            ]
        }
        assert response.headers["retry-after"] == "30"
        assert elapsed < 2, "refused at once, not after the 3 s a slow source takes"
    for response, _ in answers:
        if response.status_code == 200:
            worker = response.json()["data"]["worker"]
            assert (worker["visas"], worker["workPermits"]) == ([{"symbol": "LĐ2"}], None)
    print("refusals in", sorted(round(elapsed, 2) for _, elapsed in refusals))
    print(
        "admitted in",
        sorted(round(elapsed, 2) for response, elapsed in answers if response.status_code == 200),
    )
    records = audit_records(sources)
    assert Counter(record["outcome"] for record in records) == {"OK": 4, "OVERLOADED": 6}
    assert {record["requestId"] for record in records} == {r.headers["x-request-id"] for r, _ in answers}
