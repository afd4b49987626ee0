"""Admission control: how many requests one process runs at once, and how many may wait for a turn.

Past both, a request is refused at once (503 `OVERLOADED`, with `Retry-After`) rather than queued
behind work it would time out waiting for: an unbounded queue makes every request slow under
overload, where a fast refusal lets the client or the balancer try again or elsewhere. A turn is
waited for at most `wait_seconds`, so even an admitted request never queues for long.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class Admission:
    def __init__(self, max_concurrent: int, max_queued: int, wait_seconds: float) -> None:
        self.slots = asyncio.Semaphore(max_concurrent)
        self.max_queued = max_queued
        self.wait_seconds = wait_seconds
        self.queued = 0

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """True while the request holds a turn; False, holding nothing, when the process is full."""
        if not await self.wait():
            yield False
            return
        try:
            yield True
        finally:
            self.slots.release()

    async def wait(self) -> bool:
        if self.slots.locked() and self.queued >= self.max_queued:
            return False
        self.queued += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self.slots.acquire()
        except TimeoutError:
            return False
        finally:
            self.queued -= 1
        return True
