"""The record cache: fresh on the next request after a change, and never crossing viewers."""

import asyncio
import pickle
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import mini
import pytest
import redis
from serving import Officer, serving

from graph.fetch.cache import RecordCache

PERMITS = (
    '{ worker(passportNumber: "M1234567") { workPermits { permitNumber status salary } visas { symbol } } }'
)


@pytest.fixture(params=["memory", "redis"])
def backend(request, monkeypatch) -> str:
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        redis.Redis.from_url(url).flushdb()
        monkeypatch.setenv("LIENTHONG_CACHE_URL", url)
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
    cache = RecordCache("memory://", b"deployment secret")
    key = cache.key("noi_vu", "WorkPermit", 3, ["status", "salary"], "GP1")
    assert key == cache.key("noi_vu", "WorkPermit", 3, ["salary", "status"], "GP1")
    assert key != cache.key("noi_vu", "WorkPermit", 4, ["salary", "status"], "GP1")
    assert key.startswith(cache.prefix) and "GP1" not in key
    asyncio.run(cache.close())


class Planted:
    """What an attacker with write access to Redis stores: a pickle that runs code as it loads."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').close()",)


def test_a_pickle_planted_under_a_record_key_is_never_unpickled(sources, tmp_path, caplog, redis_url):
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    marker = tmp_path / "code-ran"
    (sources.parent / "lienthong.yaml").write_text(f"cache: {{url: '{redis_url}'}}\n", encoding="utf-8")
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        first = officer.post(PERMITS)
        keys = list(store.scan_iter(match="lienthong:*record:*"))
        for key in keys:
            store.set(key, pickle.dumps(Planted(marker)))
        second = officer.post(PERMITS)
    assert len(keys) == 1, "the permit was cached (the visa export is held parsed, never cached)"
    assert not marker.exists()
    assert caplog.text.count("is not a JSON record") == 1
    assert (
        first
        == second
        == {
            "data": {
                "worker": {
                    "workPermits": [{"permitNumber": "GP1", "status": "VALID", "salary": 25_000_000}],
                    "visas": [{"symbol": "LĐ2"}],
                }
            },
            "extensions": {"sources": {"cong_an": "OK", "noi_vu": "OK"}},
        }
    )


RECORD = {
    "sourceRecordId": "GP1",
    "validFrom": date(2026, 3, 1),
    "asOf": datetime(2026, 3, 1, 8, 30, 15, 123456),
    "revokedAt": datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=7))),
    "dateOfBirth": "1985-02-01",
    "salary": 25_000_000,
    "active": True,
    "note": None,
}


def test_dates_and_datetimes_come_back_from_redis_as_they_went_in(redis_url):
    cache = RecordCache(redis_url, b"deployment secret")
    key = cache.key("noi_vu", "WorkPermit", 1, ["validFrom"], "GP1")

    async def round_trip() -> list:
        await cache.set_many([(key, RECORD)], ttl=60)
        found = await cache.get_many([key])
        await cache.close()
        return found

    (found,) = asyncio.run(round_trip())
    assert found == RECORD
    assert [type(value) for value in found.values()] == [
        str,
        date,
        datetime,
        datetime,
        str,
        int,
        bool,
        type(None),
    ]
    assert redis.Redis.from_url(redis_url).get(key) == (
        b'{"sourceRecordId":"GP1","validFrom":{"$date":"2026-03-01"},'
        b'"asOf":{"$datetime":"2026-03-01T08:30:15.123456"},'
        b'"revokedAt":{"$datetime":"2026-03-02T09:00:00+07:00"},'
        b'"dateOfBirth":"1985-02-01","salary":25000000,"active":true,"note":null}'
    )


def test_two_deployments_sharing_a_redis_never_read_each_others_records(sources, monkeypatch, redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    (sources.parent / "lienthong.yaml").write_text(f"cache: {{url: '{redis_url}'}}\n", encoding="utf-8")
    hits = []
    for secret in ("first deployment", "second deployment"):
        monkeypatch.setenv("LIENTHONG_SECRET", secret)
        with serving(sources) as client:
            Officer(client, sources.parent, "noi_vu").post(PERMITS)
            hits.append(client.app.state.service.cache.hits)
    assert hits == [0, 0]
    first, second = (RecordCache(redis_url, secret) for secret in (b"first deployment", b"second deployment"))
    assert first.key("noi_vu", "WorkPermit", 1, ["status"], "GP1") != second.key(
        "noi_vu", "WorkPermit", 1, ["status"], "GP1"
    )
