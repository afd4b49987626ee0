"""The console's live sessions, held on the server, so that signing out ends a session everywhere.

The cookie is signed, not stored: without a record on the server, a copy of it taken before
sign-out (a shared computer, a proxy's log) would stay valid until the session's end. So each
session gets a random id at sign-in (`sid`, inside the signed cookie) and one row here: the id, its
officer (`sub`, so that an operator can end one officer's sessions by hand) and its end. A request
with the cookie is served only while the row is there; signing out deletes it, and every process
sees that at its next request, since each looks here every time (one primary-key read). An allow
list rather than a list of revoked ids: a session the store does not name is refused, so a cookie
made before ids existed, a store restored from an older backup or emptied by an operator, or a
process given another store by mistake all fail closed, never open.

The table lives in the audit store's database (`audit.url`), with its own connections: every
request already needs that store (no answer without its record), and every process must already
share it, so the sessions add no dependency a request did not have, and no setting that a
deployment of several processes could leave per-process by mistake, which would make sign-out end
a session in one process only. The table is not part of the audit chain: the trail records each
sign-in and sign-out (graph/web/console/session_audit.py); this only says which sessions are live.
Rows of ended sessions are deleted at each sign-in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import BigInteger, Column, MetaData, String, Table, delete, insert, select

from graph.access.audit import SqlStore

T = TypeVar("T")
metadata = MetaData()
live = Table(
    "console_session",
    metadata,
    Column("sid", String(64), primary_key=True),
    Column("sub", String(255), nullable=False),
    Column("ends", BigInteger, nullable=False, index=True),
)


class SessionStoreUnavailable(Exception):
    """The store could not be read or written: the session is refused, not trusted."""


class SessionStore(SqlStore):
    unavailable = SessionStoreUnavailable

    def __init__(self, url: str, timeout_seconds: float = 3.0) -> None:
        super().__init__(url, timeout_seconds, metadata, live)

    async def hold(self, sid: str, sub: str, ends: int) -> None:
        """Record a new session as live until `ends` (seconds since the epoch), and forget those
        that have ended."""
        await self.within(self._hold, sid, sub, ends)

    async def holds(self, sid: str) -> bool:
        """Whether the session is live: signed in, not signed out, not ended."""
        return await self.within(self._holds, sid)

    async def end(self, sid: str) -> None:
        """Signing out: the session is no longer live, for any process."""
        await self.within(self._end, sid)

    async def within(self, call: Callable[..., T], *args: object) -> T:
        """`call` on a thread, answered within the store's timeout or SessionStoreUnavailable: it
        runs on every request with a session, so a hung store refuses sessions at once rather than
        holding requests."""
        try:
            async with asyncio.timeout(self.timeout_seconds):
                return await asyncio.to_thread(call, *args)
        except TimeoutError:
            raise SessionStoreUnavailable(f"no answer within {self.timeout_seconds} s") from None

    def _hold(self, sid: str, sub: str, ends: int) -> None:
        with self.connected(write=True) as connection:
            connection.execute(delete(live).where(live.c.ends <= int(time.time())))
            connection.execute(insert(live).values(sid=sid, sub=sub, ends=ends))

    def _holds(self, sid: str) -> bool:
        with self.connected() as connection:
            found = connection.execute(
                select(live.c.sid).where(live.c.sid == sid, live.c.ends > int(time.time()))
            ).first()
        return found is not None

    def _end(self, sid: str) -> None:
        with self.connected(write=True) as connection:
            connection.execute(delete(live).where(live.c.sid == sid))
