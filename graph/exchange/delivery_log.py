"""The delivery log: every attempt to e-mail a list, with its outcome, for officers and for retries.

One table, one row per attempt: which month's list, from which sender, to which recipient (and its
ward or sector) at which address, the attempt's number, its status (SENDING while the server is
being spoken to, then SENT, FAILED: worth trying again, or REJECTED: refused for good), the error,
the time, the message's Message-ID and the attachment's SHA-256. It is what makes delivery
idempotent and resumable: a list shown SENT to an address is not sent again unless forced, and a
restarted server carries on from it. An attempt claims its number by inserting its row, so two
processes cannot send the same attempt. Any SQLAlchemy URL; SQLite beside the sources by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    and_,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from graph.access.audit import SqlStore, now, stamp

ABANDONED_AFTER = timedelta(minutes=15)
"""A SENDING attempt older than this belongs to a process that stopped mid-send (each SMTP step is
bounded by smtp.timeout_seconds): the delivery is tried again, so a recipient may get the list twice
rather than not at all."""
metadata = MetaData()
attempts = Table(
    "delivery_attempt",
    metadata,
    Column("month", String(7), nullable=False),
    Column("list", String(64), nullable=False),
    Column("sender", String(64), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("scope", String(100), nullable=False),
    Column("address", String(254), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("at", String(40), nullable=False),
    Column("message_id", String(255)),
    Column("digest", String(64)),
    PrimaryKeyConstraint("month", "list", "sender", "recipient", "scope", "address", "attempt"),
)


@dataclass(frozen=True)
class Delivery:
    """One month's list for one address: what is attempted until it is SENT."""

    month: str
    list: str
    sender: str
    recipient: str
    scope: str
    address: str

    def where(self) -> Any:
        return and_(*(attempts.c[name] == value for name, value in zip(KEY, astuple(self), strict=True)))


KEY = ("month", "list", "sender", "recipient", "scope", "address")


def status_of(tried: Sequence[Mapping[str, Any]]) -> str | None:
    """A delivery's status from its attempts in order: SENT if one was, else the latest's, a SENDING
    left past ABANDONED_AFTER read as FAILED; None if it was never tried."""
    if any(attempt["status"] == "SENT" for attempt in tried):
        return "SENT"
    if not tried:
        return None
    latest = tried[-1]
    if latest["status"] == "SENDING" and latest["at"] < stamp(datetime.now(UTC) - ABANDONED_AFTER):
        return "FAILED"
    return latest["status"]


class DeliveryLogUnavailable(Exception):
    """The log could not be read or written."""


class DeliveryLog(SqlStore):
    unavailable = DeliveryLogUnavailable

    def __init__(self, url: str, timeout_seconds: float = 3.0) -> None:
        super().__init__(url, timeout_seconds, metadata, attempts)

    def state(self, delivery: Delivery) -> tuple[str | None, int]:
        """What the delivery's attempts add up to (`status_of`) and the number of the latest."""
        with self.connected() as connection:
            tried = connection.execute(
                select(attempts.c.attempt, attempts.c.status, attempts.c.at)
                .where(delivery.where())
                .order_by(attempts.c.attempt)
            ).all()
        return status_of([row._asdict() for row in tried]), tried[-1].attempt if tried else 0

    def begin(self, delivery: Delivery, attempt: int, digest: str | None, message_id: str | None) -> bool:
        """Claim attempt number `attempt` (SENDING); False if another process holds it."""
        values = dict(zip(KEY, astuple(delivery), strict=True))
        try:
            with self.connected(write=True) as connection:
                connection.execute(
                    insert(attempts).values(
                        **values,
                        attempt=attempt,
                        status="SENDING",
                        at=now(),
                        digest=digest,
                        message_id=message_id,
                    )
                )
        except IntegrityError:
            return False
        return True

    def end(self, delivery: Delivery, attempt: int, status: str, error: str | None) -> None:
        """Record how the attempt ended."""
        with self.connected(write=True) as connection:
            connection.execute(
                update(attempts)
                .where(delivery.where(), attempts.c.attempt == attempt)
                .values(status=status, error=error, at=now())
            )

    def rows(self, month: str) -> list[dict[str, Any]]:
        """Every attempt of a month, in order of delivery then attempt."""
        with self.connected() as connection:
            found = connection.execute(
                select(attempts).where(attempts.c.month == month).order_by(*KEY, attempts.c.attempt)
            )
            return [dict(row._mapping) for row in found]
