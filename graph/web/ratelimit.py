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


ADMIT = """
local requests = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 120)
return {requests, redis.call('SCARD', KEYS[2])}
"""
"""Count a request and read the workers counted, in one round trip (KEYS: requests, workers)."""
TOUCH = """
for i = 1, #ARGV, 1000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
if #ARGV > 0 then redis.call('EXPIRE', KEYS[1], 120) end
return redis.call('SCARD', KEYS[1])
"""
"""Add the workers looked up and count them, in one round trip; SADD in slices, as Lua's unpack
takes a few thousand values at most."""


class SharedRateLimiter(RateLimiter):
    """The same limits counted in Redis for every process; if Redis fails, this process counts.

    Each count is one Lua script, atomic and a single round trip: the MULTI/EXEC pipelines it
    replaced took a seventh of a look-up's CPU in redis-py. Keys sit under the deployment's
    namespace (graph/fetch/cache.py), so deployments sharing a Redis never count each other."""

    def __init__(
        self, redis: Redis, namespace: str, requests_per_minute: int, persons_per_minute: int
    ) -> None:
        super().__init__(requests_per_minute, persons_per_minute)
        self.prefix = f"lienthong:{namespace}:rate:"
        self.admit_script = redis.register_script(ADMIT)
        self.touch_script = redis.register_script(TOUCH)
        self.outage = Outage("shared rate limits", "counting in this process")

    async def admit(self, viewer: str) -> float | None:
        minute, left = window(time.time())
        key = f"{self.prefix}{viewer}:{minute}"
        try:
            requests, persons = await self.admit_script(keys=[f"{key}:n", f"{key}:p"])
        except Exception as error:  # noqa: BLE001 - a limiter that fails must not stop the service
            self.outage.failed(error)
            return await super().admit(viewer)
        self.outage.succeeded()
        return left if requests > self.requests_per_minute or persons > self.persons_per_minute else None

    async def touch(self, viewer: str, persons: set[str]) -> float | None:
        minute, left = window(time.time())
        try:
            counted = await self.touch_script(
                keys=[f"{self.prefix}{viewer}:{minute}:p"], args=sorted(persons)
            )
        except Exception as error:  # noqa: BLE001
            self.outage.failed(error)
            return await super().touch(viewer, persons)
        self.outage.succeeded()
        return left if counted > self.persons_per_minute else None
