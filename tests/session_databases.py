"""A test session's own databases in PostgreSQL and MariaDB, named `lienthong_tests_<run>_<purpose>`.

A session proves it is alive by a lock named after its run, taken on each server on a connection it
keeps open to the end (an advisory lock in PostgreSQL, GET_LOCK in MariaDB): the server releases it
when that connection ends, however the session ends, killed included. So a session can tell the
databases of a run that died (their lock is free) from those of a run still going (held), and drops
only the first; its own it drops when it ends.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from services import URLS, require
from sqlalchemy import Connection, NullPool, create_engine, text

PREFIX = "lienthong_tests_"
OWNER = re.compile(rf"{PREFIX}([0-9a-f]{{8}})_")
"""The run a database belongs to, from its name."""


@dataclass(frozen=True)
class Server:
    """How one server lists, drops and creates databases, and holds a run's lock."""

    admin_database: str
    listed: str
    lock: str
    unlock: str
    drop: str
    create: str
    lock_key: Callable[[str], int | str]


SERVERS = {
    "postgresql": Server(
        admin_database="postgres",
        listed=f"SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'",
        lock="SELECT pg_try_advisory_lock(:key)",
        unlock="SELECT pg_advisory_unlock(:key)",
        drop="DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        create="CREATE DATABASE {name}",
        lock_key=lambda run: int(run, 16),
    ),
    "mariadb": Server(
        admin_database="mysql",
        listed=f"SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '{PREFIX}%'",
        lock="SELECT GET_LOCK(:key, 0)",
        unlock="SELECT RELEASE_LOCK(:key)",
        drop="DROP DATABASE IF EXISTS {name}",
        create="CREATE DATABASE {name} CHARACTER SET utf8mb4",
        lock_key=lambda run: PREFIX + run,
    ),
}


class SessionDatabases:
    def __init__(self) -> None:
        self.run = secrets.token_hex(4)
        self.holders: dict[str, Connection] = {}
        """Per server, the connection holding this run's lock, also used to create and drop."""
        self.made: set[tuple[str, str]] = set()

    def create(self, server: str, purpose: str) -> str:
        """The URL of a new, empty database on `server` for `purpose` (anew if asked again)."""
        name = f"{PREFIX}{self.run}_{purpose}"
        holder = self.holder(server)
        holder.execute(text(SERVERS[server].drop.format(name=name)))
        holder.execute(text(SERVERS[server].create.format(name=name)))
        self.made.add((server, name))
        return URLS[server].format(database=name)

    def holder(self, server: str) -> Connection:
        """The connection holding this run's lock on `server`. The lock is taken, and the dead runs'
        databases dropped, on first use: a session that uses no database server needs none running."""
        if server not in self.holders:
            require(server)
            url = URLS[server].format(database=SERVERS[server].admin_database)
            connection = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool).connect()
            if not self.take_lock(connection, server, self.run):
                raise RuntimeError(f"another session holds this run's lock {self.run}: run again")
            self.holders[server] = connection
            self.drop_dead_runs(server)
        return self.holders[server]

    def take_lock(self, connection: Connection, server: str, run: str) -> bool:
        """Take `run`'s lock on `connection`, without waiting: False if another connection holds it."""
        key = SERVERS[server].lock_key(run)
        return bool(connection.execute(text(SERVERS[server].lock), {"key": key}).scalar())

    def drop_dead_runs(self, server: str) -> None:
        """Drop the databases of every other run whose lock is free: it has ended without dropping
        them (killed, or its server connection lost)."""
        holder, statements = self.holders[server], SERVERS[server]
        owners: dict[str, list[str]] = {}
        for name in holder.execute(text(statements.listed)).scalars():
            owner = OWNER.match(name)
            if owner and owner[1] != self.run:
                owners.setdefault(owner[1], []).append(name)
        for run, names in owners.items():
            if self.take_lock(holder, server, run):  # free: that run is over
                for name in names:
                    holder.execute(text(statements.drop.format(name=name)))
                holder.execute(text(statements.unlock), {"key": statements.lock_key(run)})

    def close(self) -> None:
        """Drop this run's databases and end its locks."""
        for server, name in sorted(self.made):
            self.holders[server].execute(text(SERVERS[server].drop.format(name=name)))
        for holder in self.holders.values():
            holder.close()
