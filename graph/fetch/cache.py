"""Per-source caching of raw source records (aiocache): in memory, or Redis shared by processes.

Only raw records are cached, keyed without the viewer, and the gate is applied after every read,
so a cache filled by one agency can never show another more than its policy allows. Keys are built
here from a canonical hash of (source, entity, source version, fields read, record key) rather than
by aiocache's decorators, whose keys ignore arguments' meaning and join namespaces without a
separator (docs/operations.md, Record cache and Redis). The source version in the key makes a changed export a miss at once;
for databases the per-source TTL bounds staleness. A cache that fails is a cache miss, never an error.

Keys carry a namespace derived from the deployment's secret (a keyed hash), so two deployments
sharing one Redis never read each other's records; Redis holds JSON (graph/fetch/record_json.py), never
pickles.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Hashable
from typing import Any

import orjson
from aiocache import Cache
from redis.asyncio import BlockingConnectionPool, Redis

from graph.fetch.outage import Outage
from graph.fetch.record_json import RecordSerializer


def redis_client(url: str, timeout_seconds: float, max_connections: int, pool_wait_seconds: float) -> Redis:
    """A client on a bounded pool: past `max_connections` a call waits `pool_wait_seconds` for one to
    come free, then fails (and the caller goes without Redis) rather than opening ever more."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=pool_wait_seconds,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
    )
    return Redis.from_pool(pool)


class RecordCache:
    def __init__(
        self,
        url: str,
        secret: bytes,
        timeout_seconds: float = 0.5,
        max_connections: int = 50,
        pool_wait_seconds: float = 0.1,
    ) -> None:
        self.backend = Cache.from_url(url)
        self.backend.timeout = None
        """Memory answers at once: a deadline there only costs a task per call (asyncio.wait_for)."""
        self.redis: Redis | None = None
        """The Redis client, when the cache is Redis: the shared rate limits use it too."""
        if not url.startswith("memory"):
            self.backend.timeout = timeout_seconds  # a hung Redis is a miss after it, not a stalled request
            self.backend.serializer = RecordSerializer()
            self.redis = redis_client(url, timeout_seconds, max_connections, pool_wait_seconds)
            self.backend.client = self.redis
        self.namespace = hmac.new(secret, b"lienthong record cache", hashlib.sha256).hexdigest()[:16]
        """This deployment's part of a shared Redis: the rate limits count under it too."""
        self.prefix = f"lienthong:{self.namespace}:record:"
        self.hits = 0
        self.misses = 0
        self.outage = Outage("record cache", "reading the sources directly")

    def key(
        self, source: str, entity: str, version: Hashable, fields: Collection[str], record_key: str
    ) -> str:
        canonical = orjson.dumps([source, entity, repr(version), sorted(fields), record_key])
        return self.prefix + hashlib.sha256(canonical).hexdigest()

    async def get_many(self, keys: list[str]) -> list[Any]:
        if not keys:
            return []
        try:
            found = await self.backend.multi_get(keys)
        except Exception as error:  # noqa: BLE001 - Redis down, slow or out of connections: read the source
            self.outage.failed(error)
            found = [None] * len(keys)
        else:
            self.outage.succeeded()
        hits = sum(value is not None for value in found)
        self.hits += hits
        self.misses += len(keys) - hits
        return found

    async def set_many(self, pairs: list[tuple[str, Any]], ttl: float) -> None:
        if not pairs or ttl <= 0:
            return
        try:
            await self.backend.multi_set(pairs, ttl=ttl)
        except Exception as error:  # noqa: BLE001 - a cache that fails is only not filled
            self.outage.failed(error)
        else:
            self.outage.succeeded()

    async def close(self) -> None:
        await self.backend.close()
