"""The demo data, generated once per test session (small, deterministic) for the tests that use it."""

from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path

import mini
import pytest

from graph.demo_keys import SERVE_ENVIRONMENT

os.environ.setdefault("LIENTHONG_SECRET", "tests-only-secret")
"""A fixed key: worker ids, and so the order of pages, are the same in every run."""
for name, value in SERVE_ENVIRONMENT.items():
    os.environ.setdefault(name, value)  # servers under test trust the demo key beside their sources
LOCK = Path("/tmp/lienthong-tests.lock")
LOCKED = pytest.StashKey[object]()


def pytest_configure(config: pytest.Config) -> None:
    """One test session at a time on a machine. The tests on real servers share database names,
    Redis databases and ports, so two sessions at once (two checkouts, a helper's and yours) drop
    each other's databases mid-run: the second waits for the first instead."""
    handle = LOCK.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for another test session on this machine ({LOCK}) …", file=sys.stderr, flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    config.stash[LOCKED] = handle  # held until the session's process ends


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the mini sources (tests/mini.py) and nothing else yet."""
    mini.build(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def embedded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data on SQLite and files, as `lienthong demo` writes it."""
    from demo.generate import generate

    return generate(tmp_path_factory.mktemp("embedded"), workers=400)


@pytest.fixture(scope="session", params=["embedded", "servers"])
def demo_sources(request: pytest.FixtureRequest) -> Path:
    """Every test using this runs on the embedded demo and again on real database servers."""
    return request.getfixturevalue(f"{request.param}_demo")


@pytest.fixture(scope="session")
def servers_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same data with noi_vu in PostgreSQL, cong_an in MariaDB, the record cache in Redis and
    the audit trail in PostgreSQL."""
    from services import REDIS, require, server_databases

    from demo.generate import generate

    folder = tmp_path_factory.mktemp("servers")
    for service in ("postgresql", "mariadb", "redis"):
        require(service)
    databases = server_databases("lienthong_test")
    sources = generate(folder, workers=400, databases=databases)
    (folder / "lienthong.yaml").write_text(
        f"audit: {{url: '{databases['noi_vu']}', checkpoints: '{folder}/audit.checkpoints'}}\n"
        f"cache: {{url: '{REDIS}'}}\n",
        encoding="utf-8",
    )
    return sources


@pytest.fixture(scope="session")
def ground_truth(embedded_demo: Path) -> dict:
    """Which record is whose and what was seeded; the same for both kinds of demo (same seed)."""
    return json.loads((embedded_demo.parent / "ground_truth.json").read_text(encoding="utf-8"))
