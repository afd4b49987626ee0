"""Test sessions sharing the machine's servers keep to their own databases, so they can run at once."""

import secrets

import pytest
from redis_database import RedisDatabase
from session_databases import PREFIX, SERVERS, SessionDatabases
from sqlalchemy import text


@pytest.mark.parametrize("server", ["postgresql", "mariadb"])
def test_a_session_drops_the_databases_of_runs_that_died_and_keeps_those_of_live_ones(server):
    live, starting = SessionDatabases(), SessionDatabases()
    try:
        live.create(server, "kept")
        dead = f"{PREFIX}{secrets.token_hex(4)}_left"  # a run killed long ago: nobody holds its lock
        live.holders[server].execute(text(SERVERS[server].create.format(name=dead)))
        starting.create(server, "own")
        listed = set(starting.holders[server].execute(text(SERVERS[server].listed)).scalars())
    finally:
        live.close()
        starting.close()
    assert f"{PREFIX}{live.run}_kept" in listed
    assert f"{PREFIX}{starting.run}_own" in listed
    assert dead not in listed


def test_sessions_claim_different_redis_databases(redis_url):
    first, second = RedisDatabase(), RedisDatabase()
    try:
        assert len({redis_url, first.url, second.url}) == 3
    finally:
        first.close()
        second.close()
