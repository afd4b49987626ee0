"""Faults injected into real database servers: PostgreSQL and MariaDB holding an agency's tables."""

import time
from pathlib import Path

import mini
import pytest
from racing import append_at_once
from services import require
from serving import Officer, serving, until_served
from session_databases import SessionDatabases
from sqlalchemy import create_engine, text

from graph.access.audit import AuditLog

LOOKUP = '{ worker(passportNumber: "M1234567") { fullName workPermits { permitNumber } visas { symbol } } }'
TUNING = "    kind: sql\n    timeout_seconds: 0.5\n    breaker_threshold: 2\n    breaker_reset_seconds: 0.6\n    cache_seconds: 0\n"
LOCKS = {
    "postgresql": ["BEGIN", "LOCK TABLE gp IN ACCESS EXCLUSIVE MODE"],
    "mariadb": ["LOCK TABLES gp WRITE"],
}


@pytest.fixture(params=["postgresql", "mariadb"])
def engine(request) -> str:
    require(request.param)
    return request.param


@pytest.fixture
def database(engine: str, databases: SessionDatabases) -> str:
    """A fresh database on the engine's server, for noi_vu's tables."""
    return databases.create(engine, "faults")


@pytest.fixture
def sources(tmp_path: Path, database: str) -> Path:
    path = mini.build(tmp_path, database=database)
    path.write_text(path.read_text(encoding="utf-8").replace("    kind: sql\n", TUNING, 1), encoding="utf-8")
    return path


def codes(result: dict) -> dict[str, str]:
    return {error["path"][-1]: error["extensions"]["code"] for error in result.get("errors", [])}


def test_a_locked_table_times_out_without_stalling_the_rest_then_recovers(sources, engine, database):
    holder = create_engine(database).connect()
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(LOOKUP)["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
        for statement in LOCKS[engine]:
            holder.exec_driver_sql(statement)
        try:
            started = time.monotonic()
            hung = officer.post(LOOKUP)
            elapsed = time.monotonic() - started
        finally:
            holder.exec_driver_sql("ROLLBACK" if engine == "postgresql" else "UNLOCK TABLES")
            holder.close()
        time.sleep(0.7)
        back = until_served(officer, LOOKUP)
    assert elapsed < 3
    assert codes(hung) == {"workPermits": "SOURCE_TIMEOUT"}
    assert hung["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert back["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]


def test_a_refused_connection_is_unavailable(tmp_path, engine):
    url = {
        "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/x",
        "mariadb": "mysql+pymysql://root@127.0.0.1:9/x",
    }[engine]
    path = mini.build(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("sqlite:///{here}/noi_vu.sqlite", url, 1), encoding="utf-8"
    )
    with serving(path) as client:
        result = Officer(client, tmp_path, "noi_vu").post(LOOKUP)
    assert codes(result) == {"workPermits": "SOURCE_UNAVAILABLE"}
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert ":9" not in str(result)


def test_audit_writers_racing_on_postgresql_keep_one_chain(tmp_path, databases: SessionDatabases):
    url = databases.create("postgresql", "audit")
    logs = [AuditLog(url, b"test key", tmp_path / "checkpoints", 10) for _ in range(4)]
    assert append_at_once(logs, each=25) == []
    assert logs[0].verify() == (100, [])
    with logs[0].engine.begin() as connection:
        connection.execute(text("update audit_record set body = :body where seq = 50"), {"body": '{"n": 0}'})
    assert [f.seq for f in logs[0].verify()[1]] == [50]
