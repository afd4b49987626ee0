"""Real servers (Redis, PostgreSQL, MariaDB) for the tests that need them.

In CI (CI=true) a missing server fails the test: those tests must run there. On a laptop without
the server they skip, saying how to enable them.

Other test sessions may be using the same servers at the same time (another checkout's run, or the
other workers of `pytest -n`, each a session of its own), so a session keeps to what it made there:
its own databases (tests/session_databases.py) and its own Redis database (tests/redis_database.py).
"""

from __future__ import annotations

import os
import socket

import pytest

HOW = {
    "redis": "start Redis on 127.0.0.1:6379 (redis-server --daemonize yes)",
    "postgresql": "start PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres",
    "mariadb": "start MariaDB on 127.0.0.1:3306 with root and an empty password",
}
PORTS = {"redis": 6379, "postgresql": 5432, "mariadb": 3306}
URLS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1/{database}",
    "mariadb": "mysql+pymysql://root@127.0.0.1/{database}?charset=utf8mb4",
    "redis": "redis://127.0.0.1:6379/{database}",
}


def require(service: str) -> None:
    try:
        socket.create_connection(("127.0.0.1", PORTS[service]), timeout=1).close()
    except OSError:
        message = f"{service} is not reachable on 127.0.0.1:{PORTS[service]}: {HOW[service]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
