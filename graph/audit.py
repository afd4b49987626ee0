"""The audit trail: one record per request, append-only and tamper-evident.

Each record stores its canonical JSON, `h = H(record)` and the chain digest `d = H(d_prev ‖ h)`
(X-Road's scheme, ARCHITECTURE.md). Editing a record breaks its hash, deleting or reordering breaks
the chain, and truncating the tail is caught by checkpoints of the head digest, written every
`checkpoint_every` records to the store and to a file outside it. The primary key on the sequence
number keeps the chain linear with several writers: a writer that loses the race retries on the
new head. Any SQLAlchemy URL works; the default is a SQLite file.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

GENESIS = "0" * 64
ADVISORY_LOCK = 4_726_011
"""PostgreSQL advisory lock held while appending, so processes append one after another."""
metadata = MetaData()
records = Table(
    "audit_record",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("record_hash", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
)
checkpoints = Table(
    "audit_checkpoint",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("digest", String(64), nullable=False),
    Column("at", String(40), nullable=False),
)


class AuditUnavailable(Exception):
    """The record could not be written; the caller must not serve protected data."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


@dataclass(frozen=True)
class Finding:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.problem}"


class AuditLog:
    def __init__(self, url: str, checkpoint_file: Path | None, checkpoint_every: int = 100) -> None:
        self.engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_write_lock)
        self.checkpoint_file = checkpoint_file
        self.checkpoint_every = checkpoint_every
        self.lock = threading.Lock()
        self.ready = False

    def append(self, record: dict[str, Any]) -> int:
        """Write one record at the head of the chain; raises AuditUnavailable if it cannot."""
        body = canonical(record)
        record_hash = sha256(body)
        with self.lock:
            for _ in range(100):
                try:
                    return self._append(record, body, record_hash)
                except IntegrityError:  # another writer took this sequence number: chain onto its record
                    time.sleep(random.uniform(0, 0.005))
                    continue
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise AuditUnavailable(str(error)) from error
                    time.sleep(0.01)  # SQLite busy beyond its timeout: try again on the new head
                except (SQLAlchemyError, OSError) as error:
                    raise AuditUnavailable(str(error)) from error
        raise AuditUnavailable("too much contention on the audit head")

    def ensure_tables(self) -> None:
        """Create the tables once; another process creating them at the same moment is fine."""
        if self.ready:
            return
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError:
            if not inspect(self.engine).has_table(records.name):
                raise
        self.ready = True

    def _append(self, record: dict[str, Any], body: bytes, record_hash: str) -> int:
        self.ensure_tables()
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # queue appenders rather than let them race
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
            head = connection.execute(
                select(records.c.seq, records.c.digest).order_by(records.c.seq.desc()).limit(1)
            ).first()
            seq, previous = (head.seq + 1, head.digest) if head else (1, GENESIS)
            digest = sha256(f"{previous}{record_hash}".encode())
            at = str(record.get("at") or now())
            connection.execute(
                insert(records).values(
                    seq=seq, at=at, body=body.decode(), record_hash=record_hash, digest=digest
                )
            )
            if seq % self.checkpoint_every == 0:
                self._checkpoint(connection, seq, digest)
        return seq

    def checkpoint(self) -> None:
        """Record the current head (also done at shutdown, so a truncated tail shows)."""
        self.ensure_tables()
        with self.lock, self.engine.begin() as connection:
            head = connection.execute(
                select(records.c.seq, records.c.digest).order_by(records.c.seq.desc()).limit(1)
            ).first()
            known = (
                head
                and connection.execute(select(checkpoints.c.seq).where(checkpoints.c.seq == head.seq)).first()
            )
            if head and not known:
                self._checkpoint(connection, head.seq, head.digest)

    def _checkpoint(self, connection: Any, seq: int, digest: str) -> None:
        at = now()
        connection.execute(insert(checkpoints).values(seq=seq, digest=digest, at=at))
        if self.checkpoint_file:
            with self.checkpoint_file.open("a", encoding="utf-8") as handle:
                handle.write(orjson.dumps({"seq": seq, "digest": digest, "at": at}).decode() + "\n")

    def rows(self, since: str | None = None) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(seq, time, record) in order, from `since` (an ISO date or time) on."""
        self.ensure_tables()
        query = select(records.c.seq, records.c.at, records.c.body).order_by(records.c.seq)
        if since:
            query = query.where(records.c.at >= since)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield row.seq, row.at, orjson.loads(row.body)

    def verify(self) -> tuple[int, list[Finding]]:
        """Walk the whole chain; returns (records checked, findings: empty when intact)."""
        self.ensure_tables()
        findings: list[Finding] = []
        digests: dict[int, str] = {}
        previous, expected = GENESIS, 1
        with self.engine.connect() as connection:
            for row in connection.execute(select(records).order_by(records.c.seq)):
                if row.seq != expected:
                    findings.append(
                        Finding(expected, f"missing: the log jumps from {expected - 1} to {row.seq}")
                    )
                if sha256(row.body.encode()) != row.record_hash:
                    findings.append(Finding(row.seq, "edited: its content does not match its hash"))
                if sha256(f"{previous}{row.record_hash}".encode()) != row.digest:
                    findings.append(
                        Finding(row.seq, "chain broken: deleted, reordered or replaced before here")
                    )
                digests[row.seq] = row.digest
                previous, expected = row.digest, row.seq + 1
            stored = [(r.seq, r.digest) for r in connection.execute(select(checkpoints))]
        last = expected - 1
        for seq, digest in sorted(set(stored) | set(self.file_checkpoints())):
            if seq > last:
                findings.append(Finding(seq, f"truncated: a checkpoint names it but the log ends at {last}"))
            elif digests.get(seq) not in (None, digest):
                findings.append(Finding(seq, "does not match its checkpoint: the log was rewritten"))
        return len(digests), sorted(findings, key=lambda f: f.seq)

    def file_checkpoints(self) -> list[tuple[int, str]]:
        if not self.checkpoint_file or not self.checkpoint_file.exists():
            return []
        lines = self.checkpoint_file.read_text(encoding="utf-8").splitlines()
        return [(entry["seq"], entry["digest"]) for entry in map(orjson.loads, filter(None, lines))]

    def close(self) -> None:
        self.engine.dispose()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    connection.isolation_level = None  # let the "begin" listener open transactions itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_write_lock(connection: Any) -> None:
    """Take SQLite's write lock when the transaction starts, so concurrent appenders queue on the
    busy timeout instead of failing when both read the head and then both try to write."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
