"""The record cache: fresh on the next request after a change, and never crossing viewers."""

import asyncio
import sqlite3
import time
from pathlib import Path

import mini
import pytest
import redis
from services import require
from serving import Officer, serving

REDIS = "redis://127.0.0.1:6379/15"
PERMITS = (
    '{ worker(passportNumber: "M1234567") { workPermits { permitNumber status salary } visas { symbol } } }'
)


@pytest.fixture(params=["memory", "redis"])
def backend(request, monkeypatch) -> str:
    if request.param == "redis":
        require("redis")
        redis.Redis.from_url(REDIS).flushdb()
        monkeypatch.setenv("LIENTHONG_CACHE_URL", REDIS)
    return request.param


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = mini.build(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "    kind: sql\n", "    kind: sql\n    cache_seconds: 1\n", 1
    )
    path.write_text(text, encoding="utf-8")
    return path


def set_status(sources: Path, status: str) -> None:
    with sqlite3.connect(sources.parent / "noi_vu.sqlite") as connection:
        connection.execute("update gp set trang_thai = ? where so_giay_phep = 'GP1'", (status,))


def test_a_database_change_is_served_once_its_ttl_expires(sources, backend):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(PERMITS)["data"]["worker"]["workPermits"][0]["status"] == "VALID"
        set_status(sources, "Hết hạn")
        cached = officer.post(PERMITS)["data"]["worker"]["workPermits"][0]["status"]
        hits = client.app.state.service.cache.hits
        time.sleep(1.1)
        fresh = officer.post(PERMITS)["data"]["worker"]["workPermits"][0]["status"]
    assert cached == "VALID" and hits > 0, "the second request was served from the cache"
    assert fresh == "EXPIRED"


def test_a_changed_file_is_served_on_the_next_request(sources, backend):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(PERMITS)["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
        mini.write_visas(
            sources.parent / "visa.csv",
            [["V1", "KIM JIHOON", "1985-02-01", "KOR", "M1234567", "LĐ1", "2027-01-01", "0101234567"]],
        )
        assert officer.post(PERMITS)["data"]["worker"]["visas"] == [{"symbol": "LĐ1"}]


def test_a_cache_filled_by_one_agency_shows_another_only_what_its_policy_allows(sources, backend):
    with serving(sources) as client:
        permits_office = Officer(client, sources.parent, "noi_vu").post(PERMITS)
        police = Officer(client, sources.parent, "cong_an").post(PERMITS)
        health = Officer(client, sources.parent, "y_te").post(PERMITS)
    assert permits_office["data"]["worker"]["workPermits"][0]["salary"] == 25_000_000
    assert police["data"]["worker"]["workPermits"][0]["salary"] is None
    assert {e["path"][-1]: e["extensions"]["code"] for e in police["errors"]} == {"salary": "FORBIDDEN"}
    assert health["data"]["worker"]["workPermits"][0] == {
        "permitNumber": None,
        "status": "VALID",
        "salary": None,
    }
    assert health["data"]["worker"]["visas"] is None
    assert "25000000" not in str(police) + str(health)


def test_a_cache_that_fails_is_read_through(sources, monkeypatch):
    monkeypatch.setenv("LIENTHONG_CACHE_URL", "redis://127.0.0.1:1/0")
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(PERMITS)
    assert result["data"]["worker"]["workPermits"][0]["permitNumber"] == "GP1"


def test_cache_keys_are_canonical_hashes_without_the_viewer():
    from graph.cache import RecordCache

    key = RecordCache.key("noi_vu", "WorkPermit", 3, ["status", "salary"], "GP1")
    assert key == RecordCache.key("noi_vu", "WorkPermit", 3, ["salary", "status"], "GP1")
    assert key != RecordCache.key("noi_vu", "WorkPermit", 4, ["salary", "status"], "GP1")
    assert key.startswith("lienthong:record:") and "GP1" not in key
    asyncio.run(RecordCache().close())
