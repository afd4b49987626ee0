"""Faults injected into real sources: one source failing never takes the others down."""

import sqlite3
import time
from pathlib import Path

import mini
import pytest
from serving import Officer, ops, serving, until_served

LOOKUP = '{ worker(passportNumber: "M1234567") { fullName workPermits { permitNumber } visas { symbol } } }'
TUNING = "    kind: sql\n    timeout_seconds: 0.5\n    breaker_threshold: 2\n    breaker_reset_seconds: 0.6\n"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = mini.build(tmp_path)
    text = path.read_text(encoding="utf-8").replace("    kind: sql\n", TUNING, 1)
    path.write_text(text, encoding="utf-8")
    return path


def errors_by_field(result: dict) -> dict[str, str]:
    return {error["path"][-1]: error["extensions"]["code"] for error in result.get("errors", [])}


def lock(database: Path) -> sqlite3.Connection:
    """Hold an exclusive lock: readers of this database now wait, as on a hung server."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("BEGIN EXCLUSIVE")
    return connection


def test_a_hang_past_the_timeout_gives_partial_results_fast(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        holder = lock(sources.parent / "noi_vu.sqlite")
        try:
            started = time.monotonic()
            result = officer.post(LOOKUP)
            elapsed = time.monotonic() - started
        finally:
            holder.rollback()
            holder.close()
    assert elapsed < 3
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert result["data"]["worker"]["workPermits"] is None
    assert errors_by_field(result) == {"workPermits": "SOURCE_TIMEOUT"}
    assert result["extensions"]["sources"] == {"noi_vu": "TIMEOUT", "cong_an": "OK"}


def test_the_breaker_opens_fails_fast_then_probes_and_closes(sources):
    database = sources.parent / "noi_vu.sqlite"
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        holder = lock(database)
        try:
            for _ in range(2):
                assert errors_by_field(officer.post(LOOKUP)) == {"workPermits": "SOURCE_TIMEOUT"}
            started = time.monotonic()
            open_result = officer.post(LOOKUP)
            assert time.monotonic() - started < 0.4, "an open breaker answers without waiting"
            assert errors_by_field(open_result) == {"workPermits": "SOURCE_UNAVAILABLE"}
        finally:
            holder.rollback()
            holder.close()
        time.sleep(0.7)
        recovered = until_served(officer, LOOKUP)
    assert "errors" not in recovered
    assert recovered["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert recovered["extensions"]["sources"]["noi_vu"] == "OK"


def test_a_table_renamed_under_us_is_a_data_error_until_it_is_back(sources):
    database = sources.parent / "noi_vu.sqlite"

    def rename(old: str, new: str) -> None:
        with sqlite3.connect(database) as connection:
            connection.execute(f"ALTER TABLE {old} RENAME TO {new}")

    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        rename("gp", "gp_old")
        broken = officer.post(LOOKUP)
        rename("gp_old", "gp")
        back = until_served(officer, LOOKUP)
    assert errors_by_field(broken) == {"workPermits": "SOURCE_UNAVAILABLE"}
    assert broken["extensions"]["sources"]["noi_vu"] == "DATA_ERROR"
    assert "no such table" not in str(broken) and "gp" not in broken["errors"][0]["message"]
    assert back["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]


def test_the_server_starts_while_a_source_is_down_and_serves_the_rest(sources):
    text = sources.read_text(encoding="utf-8").replace(
        "{here}/noi_vu.sqlite", "{here}/not-yet/noi_vu.sqlite", 1
    )
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert errors_by_field(result) == {"workPermits": "SOURCE_UNAVAILABLE"}


def test_corrupt_rows_are_skipped_and_the_rest_of_the_file_served(sources):
    mini.write_visas(
        sources.parent / "visa.csv",
        [
            ["V1", "KIM JIHOON", "1985-02-01", "KOR", "M1234567", "LĐ2", "2027-01-01", "0101234567"],
            ["V7", "\x00\x01garbage", "not a date", "???", "", "", "", ""],
        ],
    )
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert "errors" not in result


def test_a_removed_export_makes_its_fields_unavailable_not_empty(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(LOOKUP)["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
        (sources.parent / "visa.csv").unlink()
        result = officer.post(LOOKUP)
    assert result["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert result["data"]["worker"]["visas"] is None
    assert errors_by_field(result) == {"visas": "SOURCE_UNAVAILABLE"}


def test_a_refused_connection_is_unavailable_and_the_rest_is_served(sources):
    """A PostgreSQL server that is not listening: the connection is refused at once."""
    text = sources.read_text(encoding="utf-8").replace(
        'url: "sqlite:///{here}/noi_vu.sqlite"', 'url: "postgresql+psycopg://lienthong@127.0.0.1:9/agency"', 1
    )
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
        ready = ops(client).get("/readyz").json()
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert errors_by_field(result) == {"workPermits": "SOURCE_UNAVAILABLE"}
    assert "127.0.0.1" not in str(result) and "lienthong@" not in str(result)
    assert ready["sources"]["noi_vu"]["status"] == "UNAVAILABLE"
