"""Group commit: the audit records of concurrent requests written in one transaction.

Every answer waits for its audit record ("no record, no data"), and the chain has one head, so
appends are serialised. One transaction per request made concurrency *slower* than one connection:
16 requests queued behind 16 commits. Here a request's record joins whatever is waiting; one writer
at a time (per process) takes everything waiting and commits it in one transaction, then releases
each waiting request. A request is still answered only after its own record is committed, and a
batch that cannot be written fails every request in it (each gets 503, none gets data).
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

from graph.audit import AuditLog, AuditUnavailable

MAX_BATCH = 256
"""Records per transaction at most: bounds one commit's size and time."""


class GroupCommit:
    def __init__(self, audit: AuditLog, max_batch: int = MAX_BATCH) -> None:
        self.audit = audit
        self.max_batch = max_batch
        self.waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self.writer: asyncio.Task[None] | None = None
        self.batches = 0
        """Transactions written: fewer than records whenever requests overlap."""

    async def append(self, record: dict[str, Any]) -> None:
        """Return once `record` is committed; raise AuditUnavailable if it could not be."""
        committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        committed.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved if abandoned
        entry = (record, committed)
        self.waiting.append(entry)
        if self.writer is None or self.writer.done():
            # the writer serves every request, so it runs in none's context: its lines carry no request id
            self.writer = asyncio.create_task(self.write(), context=contextvars.Context())
        try:
            await asyncio.shield(committed)
        except asyncio.CancelledError:  # given up on (the audit deadline): refused, so not recorded
            if entry in self.waiting:  # unless a writer already holds it: then it commits late
                self.waiting.remove(entry)
            raise

    async def write(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[: self.max_batch], self.waiting[self.max_batch :]
            try:
                await asyncio.to_thread(self.audit.append_many, [record for record, _ in batch])
            except Exception as error:  # noqa: BLE001 - whatever failed, every waiting request is told
                failure = error if isinstance(error, AuditUnavailable) else AuditUnavailable(str(error))
                for _, committed in batch:
                    committed.set_exception(failure)
            else:
                for _, committed in batch:
                    committed.set_result(None)
            self.batches += 1
