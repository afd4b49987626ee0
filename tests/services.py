"""Real servers (Redis, PostgreSQL, MariaDB) for the tests that need them.

In CI (CI=true) a missing server fails the test: those tests must run there. On a laptop without
the server they skip, saying how to enable them.
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


def require(service: str) -> None:
    try:
        socket.create_connection(("127.0.0.1", PORTS[service]), timeout=1).close()
    except OSError:
        message = f"{service} is not reachable on 127.0.0.1:{PORTS[service]}: {HOW[service]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


POSTGRES = "postgresql+psycopg://postgres@127.0.0.1/{database}"
MARIADB = "mysql+pymysql://root@127.0.0.1/{database}?charset=utf8mb4"
REDIS = "redis://127.0.0.1:6379/13"


def server_databases(name: str) -> dict[str, str]:
    """A fresh database of this name in PostgreSQL and in MariaDB: noi_vu goes to one, cong_an
    to the other, as a city would have them."""
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES.format(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    admin = create_engine(MARIADB.format(database="mysql"))
    with admin.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    admin.dispose()
    return {"noi_vu": POSTGRES.format(database=name), "cong_an": MARIADB.format(database=name)}
