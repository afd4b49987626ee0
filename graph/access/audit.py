"""The audit trail: one record per request, append-only and tamper-evident.

Each record stores its canonical JSON body, `h = MAC(seq, at, body)` (every stored column) and the
chain digest `d = MAC(d_prev, h)` (X-Road's scheme, docs/operations.md, Audit trail), MAC being HMAC-SHA256 under
the audit key (`audit.key`). The key comes from configuration and is never written to the store: with
a plain hash, whoever can write the store (and the checkpoint file) recomputes every hash after an
edit; without the key nobody can, so any edit (of any column), deletion or reordering shows.

Cutting the tail leaves a valid chain, so the head is anchored outside the store: after each append
commits, a line {seq, digest, at, mac} is appended to the checkpoint file, and every
`checkpoint_every` records (and at shutdown) the head is also recorded in the store. `verify`
reports records a checkpoint names but the log lacks, a checkpoint the log does not match, a missing,
emptied or late-starting checkpoint file, and lines unreadable (half-written) or with a wrong MAC,
as findings: a damaged file is evidence, never a crash. What a crash can lose undetected: a process
that dies between the commit and the line leaves its newest record without a line, so at most one
record per writing process can then be deleted unnoticed; the file is not fsynced on each append, so
a power failure can also lose the lines of the last seconds the operating system had not yet
written (Linux writes back within about 30 s).

Someone who can rewrite the checkpoint file (not just append to it) can still cut it and the store at
the same record: keep it where the store's writers cannot (another host, or `chattr +a`). The server
holds the key, so whoever controls the server can write anything. The primary key on the sequence
number keeps the chain linear with several writers: a writer that loses the race retries on the new
head. Any SQLAlchemy URL works; the default is a SQLite file.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    make_url,
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
    Column("at", String(40), nullable=False),  # the head record's time, so the row checks in full
)
Checkpoint = tuple[int, str, str]
"""(seq, digest, at) of a head record, as a checkpoint names it."""


class AuditUnavailable(Exception):
    """The record could not be written; the caller must not serve protected data."""


def mac(key: bytes, use: str, *parts: str | int) -> str:
    """HMAC-SHA256 of the parts as a JSON array: unambiguous, and `use` keeps a record's MAC, a
    chain digest and a checkpoint's MAC from ever standing in for one another."""
    return hmac.new(key, orjson.dumps([use, *parts]), hashlib.sha256).hexdigest()


def canonical(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


@dataclass(frozen=True)
class Finding:
    seq: int | None
    """The record concerned; None for a problem of the checkpoint file itself."""
    problem: str

    def __str__(self) -> str:
        return self.problem if self.seq is None else f"record {self.seq}: {self.problem}"


class AuditSettings(Protocol):
    """What opening the configured trail reads of the server's settings (graph/web/settings.py)."""

    @property
    def audit_url(self) -> str: ...
    @property
    def audit_key(self) -> bytes: ...
    @property
    def audit_checkpoints(self) -> Path | None: ...
    @property
    def checkpoint_every(self) -> int: ...
    @property
    def audit_timeout_seconds(self) -> float: ...


class SqlStore:
    """A store of the service's own records (the audit trail, the delivery log, the work list's cases,
    the identity decisions): any SQLAlchemy URL, its connects and statements bounded by `timeouts`,
    its tables made on first use (`probe` tells they exist)."""

    def __init__(self, url: str, timeout_seconds: float, metadata: MetaData, probe: Table) -> None:
        self.engine = create_engine(url, pool_pre_ping=True, connect_args=timeouts(url, timeout_seconds))
        self.timeout_seconds = timeout_seconds
        self.metadata = metadata
        self.probe = probe
        self.ready = False

    unavailable: type[Exception]
    """What its reads and writes raise when the database fails (`connected`)."""

    def ensure_tables(self) -> None:
        if not self.ready:
            create_tables(self.engine, self.metadata, self.probe)
            self.ready = True

    @contextmanager
    def connected(self, write: bool = False) -> Iterator[Connection]:
        """A connection to the store's tables (made on first use), in one transaction committed at
        the end when `write`; any database error is the store's `unavailable`, except an
        IntegrityError, which is the caller's to read: a row that is already there."""
        try:
            self.ensure_tables()
            with self.engine.begin() if write else self.engine.connect() as connection:
                yield connection
        except IntegrityError:
            raise
        except SQLAlchemyError as error:
            raise self.unavailable(str(error)) from error

    def ping(self) -> None:
        ping(self.engine)

    def close(self) -> None:
        self.engine.dispose()


class AuditLog(SqlStore):
    def __init__(
        self,
        url: str,
        key: bytes,
        checkpoint_file: Path | None = None,
        checkpoint_every: int = 100,
        timeout_seconds: float = 3.0,
    ) -> None:
        super().__init__(url, timeout_seconds, metadata, records)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_write_lock)
        self.key = key
        self.checkpoint_file = checkpoint_file
        self.checkpoint_every = checkpoint_every
        self.lock = threading.Lock()

    @classmethod
    def open(cls, settings: AuditSettings) -> AuditLog:
        """The configured store, key and checkpoint file."""
        return cls(
            settings.audit_url,
            settings.audit_key,
            settings.audit_checkpoints,
            settings.checkpoint_every,
            settings.audit_timeout_seconds,
        )

    def append(self, record: dict[str, Any]) -> int:
        """Write one record at the head of the chain and anchor it in the checkpoint file; raises
        AuditUnavailable if either cannot be written."""
        return self.append_many([record])[-1]

    def append_many(self, batch: list[dict[str, Any]]) -> list[int]:
        """Write records at the head of the chain, in order, in one transaction, then anchor each in
        the checkpoint file in one write: a group commit, one round trip for many requests' records.
        Raises AuditUnavailable if either cannot be written."""
        rows = [(canonical(record).decode(), str(record.get("at") or now())) for record in batch]
        if not self.lock.acquire(timeout=self.timeout_seconds):  # behind an append the store holds
            raise AuditUnavailable(f"no turn to append within {self.timeout_seconds} s")
        try:
            written = self._insert(rows)
            try:
                self._anchor(written)
            except OSError as error:
                raise AuditUnavailable(f"checkpoint file: {error}") from error
        finally:
            self.lock.release()
        return [seq for seq, _, _ in written]

    def _insert(self, rows: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
        for _ in range(100):
            try:
                return self._append(rows)
            except IntegrityError:  # another writer took this sequence number: chain onto its record
                time.sleep(random.uniform(0, 0.005))
            except OperationalError as error:
                if "locked" not in str(error):
                    raise AuditUnavailable(str(error)) from error
                time.sleep(0.01)  # SQLite busy beyond its timeout: try again on the new head
            except SQLAlchemyError as error:
                raise AuditUnavailable(str(error)) from error
        raise AuditUnavailable("too much contention on the audit head")

    def _append(self, rows: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
        """Chain (body, at) rows onto the head in one transaction; (seq, digest, at) of each."""
        self.ensure_tables()
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # queue appenders rather than let them race
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
            head = connection.execute(
                select(records.c.seq, records.c.digest).order_by(records.c.seq.desc()).limit(1)
            ).first()
            seq, digest = (head.seq, head.digest) if head else (0, GENESIS)
            values, anchors, written = [], [], []
            for body, at in rows:
                seq += 1
                record_hash = mac(self.key, "record", seq, at, body)
                digest = mac(self.key, "chain", digest, record_hash)
                values.append(
                    {"seq": seq, "at": at, "body": body, "record_hash": record_hash, "digest": digest}
                )
                if seq % self.checkpoint_every == 0:
                    anchors.append({"seq": seq, "digest": digest, "at": at})
                written.append((seq, digest, at))
            connection.execute(insert(records), values)
            if anchors:
                connection.execute(insert(checkpoints), anchors)
        return written

    def checkpoint(self) -> None:
        """Record the current head in the store and the file (at shutdown, so a cut tail shows even
        if the last writer crashed before its line)."""
        self.ensure_tables()
        with self.lock:
            with self.engine.begin() as connection:
                head = connection.execute(
                    select(records.c.seq, records.c.digest, records.c.at)
                    .order_by(records.c.seq.desc())
                    .limit(1)
                ).first()
                known = (
                    head
                    and connection.execute(
                        select(checkpoints.c.seq).where(checkpoints.c.seq == head.seq)
                    ).first()
                )
                if not head or known:
                    return
                connection.execute(insert(checkpoints).values(seq=head.seq, digest=head.digest, at=head.at))
            self._anchor([(head.seq, head.digest, head.at)])

    def _anchor(self, heads: list[tuple[int, str, str]]) -> None:
        """Append each (seq, digest, at) to the checkpoint file, MAC'd, in one write (O_APPEND:
        processes sharing the file never interleave within a line)."""
        if not self.checkpoint_file:
            return
        lines = b"".join(
            orjson.dumps(
                {"seq": seq, "digest": digest, "at": at, "mac": mac(self.key, "checkpoint", seq, digest, at)}
            )
            + b"\n"
            for seq, digest, at in heads
        )
        descriptor = os.open(self.checkpoint_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, lines)
        finally:
            os.close(descriptor)

    def rows(self, since: datetime | None = None) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(seq, time, record) in order, from the instant `since` on."""
        self.ensure_tables()
        query = select(records.c.seq, records.c.at, records.c.body).order_by(records.c.seq)
        if since:
            query = query.where(records.c.at >= stamp(since))
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield row.seq, row.at, orjson.loads(row.body)

    def verify(self) -> tuple[int, list[Finding]]:
        """Walk the whole chain and every checkpoint; returns (records checked, findings: empty when
        intact), the checkpoint file's own problems first."""
        self.ensure_tables()
        findings: set[Finding] = set()
        heads: dict[int, tuple[str, str]] = {}
        previous, expected = GENESIS, 1
        with self.engine.connect() as connection:
            for row in connection.execute(select(records).order_by(records.c.seq)):
                if row.seq != expected:
                    findings.add(
                        Finding(expected, f"missing: the log jumps from {expected - 1} to {row.seq}")
                    )
                if mac(self.key, "record", row.seq, row.at, row.body) != row.record_hash:
                    findings.add(
                        Finding(row.seq, "edited: its content, time or number does not match its MAC")
                    )
                if mac(self.key, "chain", previous, row.record_hash) != row.digest:
                    findings.add(Finding(row.seq, "chain broken: deleted, reordered or replaced before here"))
                heads[row.seq] = (row.digest, row.at)
                previous, expected = row.digest, row.seq + 1
            stored = [(r.seq, r.digest, r.at) for r in connection.execute(select(checkpoints))]
        lines, file_findings = self.file_checkpoints(any_records=bool(heads))
        last = expected - 1
        for seq, digest, at in stored + lines:
            if heads.get(seq, (digest, at)) != (digest, at):
                findings.add(Finding(seq, "does not match its checkpoint: the log was rewritten"))
        newest = max((seq for seq, _, _ in stored + lines), default=0)
        if newest > last:
            findings.add(
                Finding(last + 1, f"truncated: a checkpoint names record {newest} but the log ends at {last}")
            )
        return len(heads), file_findings + sorted(findings, key=lambda f: (f.seq, f.problem))

    def file_checkpoints(self, any_records: bool) -> tuple[list[Checkpoint], list[Finding]]:
        """The file's checkpoints whose MAC holds, and a finding for every line that is not one, for
        a file that starts late, and for a missing file when there are records it should anchor."""
        path = self.checkpoint_file
        if not path:
            return [], []
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            missing = f"{path}: missing: the checkpoint file was deleted, so a cut tail cannot show"
            return [], [Finding(None, missing)] if any_records else []
        except OSError as error:
            return [], [Finding(None, f"{path}: cannot be read: {error.strerror}")]
        lines: list[Checkpoint] = []
        findings: list[Finding] = []
        for number, line in enumerate(content.splitlines(), 1):
            try:
                entry = orjson.loads(line)
                checkpoint = (entry["seq"], entry["digest"], entry["at"])
                intact = entry["mac"] == mac(self.key, "checkpoint", *checkpoint)
            except (ValueError, TypeError, KeyError):
                findings.append(Finding(None, f"{path} line {number}: unreadable: half-written or edited"))
                continue
            if intact:
                lines.append(checkpoint)
            else:
                findings.append(Finding(None, f"{path} line {number}: wrong MAC: forged or edited"))
        first = min((seq for seq, _, _ in lines), default=None)
        if any_records and first != 1:
            lacks = f"has no line before record {first}" if first else "names no record"
            findings.append(Finding(None, f"{path}: {lacks}: it was emptied, deleted or replaced"))
        return lines, findings


def timeouts(url: str, seconds: float) -> dict[str, Any]:
    """Driver options bounding connects and statements, so that a hung store fails a request's append
    rather than holding it (and a thread) for as long as it hangs; for SQLite, how long to wait for
    another writer's lock."""
    whole = max(1, math.ceil(seconds))
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":  # libpq waits at least 2 s to connect, whatever it is told
        return {"connect_timeout": whole, "options": f"-c statement_timeout={int(seconds * 1000)}"}
    if backend in ("mysql", "mariadb"):
        return {"connect_timeout": whole, "read_timeout": whole, "write_timeout": whole}
    if backend == "sqlite":
        return {"timeout": seconds}
    return {}


def create_tables(engine: Engine, metadata: MetaData, probe: Table) -> None:
    """Create a store's tables; another process creating them at the same moment is fine (then
    `probe` exists, and the error was that process's doing)."""
    try:
        metadata.create_all(engine)
    except SQLAlchemyError:
        if not inspect(engine).has_table(probe.name):
            raise


def ping(engine: Engine) -> None:
    """Reach a store (raises SQLAlchemyError if it cannot be). On the driver's connection, so no
    transaction begins: on SQLite a transaction takes the write lock, and a readiness probe would
    then wait behind every append and report a busy store as unreachable."""
    try:
        connection = engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as error:  # the pool does not wrap a failed connect
        raise OperationalError("connect", None, error) from error
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
    except engine.dialect.loaded_dbapi.Error as error:
        raise OperationalError("SELECT 1", None, error) from error
    finally:
        connection.close()


def now() -> str:
    return stamp(datetime.now(UTC))


def stamp(moment: datetime) -> str:
    """A record's time as the trail writes it: in UTC, to the microsecond, so that comparing the
    text compares the instants."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    connection.isolation_level = None  # let the "begin" listener open transactions itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_write_lock(connection: Any) -> None:
    """Take SQLite's write lock when the transaction starts, so concurrent appenders queue on the
    busy timeout instead of failing when both read the head and then both try to write."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
