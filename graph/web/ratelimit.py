"""Rate limits per viewer: requests, and distinct workers looked up, per minute.

The second limit is the one that matters for confidentiality: an officer with a legitimate token
should not be able to harvest the city's workers one page after another. Windows are fixed minutes.
With Redis configured the counts live there, so several server processes share one limit; without
it each process counts alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from redis.asyncio import Redis

from graph.fetch.outage import Outage


def window(now: float) -> tuple[int, float]:
    """(the current minute, seconds until it ends)."""
    minute = int(now // 60)
    return minute, (minute + 1) * 60 - now


@dataclass
class Counts:
    minute: int
    requests: int = 0
    persons: set[str] = field(default_factory=set)


@dataclass
class RateLimiter:
    requests_per_minute: int = 600
    persons_per_minute: int = 5_000
    counts: dict[str, Counts] = field(default_factory=dict)

    def current(self, viewer: str, minute: int) -> Counts:
        counts = self.counts.get(viewer)
        if counts is None or counts.minute != minute:
            if len(self.counts) > 100_000:
                self.counts = {k: c for k, c in self.counts.items() if c.minute == minute}
            counts = self.counts[viewer] = Counts(minute)
        return counts

    async def admit(self, viewer: str) -> float | None:
        """Count a request; None if admitted, else seconds until the window resets."""
        minute, left = window(time.time())
        counts = self.current(viewer, minute)
        counts.requests += 1
        over = counts.requests > self.requests_per_minute or len(counts.persons) > self.persons_per_minute
        return left if over else None

    async def touch(self, viewer: str, persons: set[str]) -> float | None:
        """Count the workers a request looked up; None if within the limit, else seconds to wait."""
        minute, left = window(time.time())
        counts = self.current(viewer, minute)
        counts.persons |= persons
        return left if len(counts.persons) > self.persons_per_minute else None

    async def close(self) -> None:
        return None


class SharedRateLimiter(RateLimiter):
    """The same limits counted in Redis for every process; if Redis fails, this process counts."""

    def __init__(self, redis: Redis, requests_per_minute: int, persons_per_minute: int) -> None:
        super().__init__(requests_per_minute, persons_per_minute)
        self.redis = redis
        self.outage = Outage("shared rate limits", "counting in this process")

    async def admit(self, viewer: str) -> float | None:
        minute, left = window(time.time())
        key = f"lienthong:rate:{viewer}:{minute}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(f"{key}:n")
                pipe.expire(f"{key}:n", 120)
                pipe.scard(f"{key}:p")
                requests, _, persons = await pipe.execute()
        except Exception as error:  # noqa: BLE001 - a limiter that fails must not stop the service
            self.outage.failed(error)
            return await super().admit(viewer)
        self.outage.succeeded()
        return left if requests > self.requests_per_minute or persons > self.persons_per_minute else None

    async def touch(self, viewer: str, persons: set[str]) -> float | None:
        minute, left = window(time.time())
        key = f"lienthong:rate:{viewer}:{minute}:p"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                if persons:
                    pipe.sadd(key, *persons)
                    pipe.expire(key, 120)
                pipe.scard(key)
                results = await pipe.execute()
        except Exception as error:  # noqa: BLE001
            self.outage.failed(error)
            return await super().touch(viewer, persons)
        self.outage.succeeded()
        return left if results[-1] > self.persons_per_minute else None
