"""The demo data, generated once per test session (small, deterministic) for the tests that use it,
and the session's own databases on the real servers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import mini
import pytest
from redis_database import RedisDatabase
from services import require
from session_databases import SessionDatabases

from graph.demo_keys import SERVE_ENVIRONMENT

os.environ.setdefault("LIENTHONG_SECRET", "tests-only-secret")
"""A fixed key: worker ids, and so the order of pages, are the same in every run."""
for name, value in SERVE_ENVIRONMENT.items():
    os.environ.setdefault(name, value)  # servers under test trust the demo key beside their sources


@pytest.fixture(scope="session")
def databases() -> Iterator[SessionDatabases]:
    """This session's databases in PostgreSQL and MariaDB, dropped when it ends."""
    made = SessionDatabases()
    yield made
    made.close()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis database this session has to itself, emptied when it ends."""
    require("redis")
    claimed = RedisDatabase()
    yield claimed.url
    claimed.close()


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
def servers_demo(
    tmp_path_factory: pytest.TempPathFactory, databases: SessionDatabases, redis_url: str
) -> Path:
    """The same data with noi_vu in PostgreSQL, cong_an in MariaDB, the record cache in Redis and
    the audit trail in PostgreSQL."""
    from demo.generate import generate

    folder = tmp_path_factory.mktemp("servers")
    urls = {"noi_vu": databases.create("postgresql", "demo"), "cong_an": databases.create("mariadb", "demo")}
    sources = generate(folder, workers=400, databases=urls)
    (folder / "lienthong.yaml").write_text(
        f"audit: {{url: '{urls['noi_vu']}', checkpoints: '{folder}/audit.checkpoints'}}\n"
        f"cache: {{url: '{redis_url}'}}\n",
        encoding="utf-8",
    )
    return sources


@pytest.fixture(scope="session")
def ground_truth(embedded_demo: Path) -> dict:
    """Which record is whose and what was seeded; the same for both kinds of demo (same seed)."""
    return json.loads((embedded_demo.parent / "ground_truth.json").read_text(encoding="utf-8"))
