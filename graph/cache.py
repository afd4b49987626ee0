"""Per-source caching of raw source records (aiocache): in memory, or Redis shared by processes.

Only raw records are cached, keyed without the viewer, and the gate is applied after every read,
so a cache filled by one agency can never show another more than its policy allows. Keys are built
here from a canonical hash of (source, entity, source version, fields read, record key) rather than
by aiocache's decorators, whose keys ignore arguments' meaning and join namespaces without a
separator (ARCHITECTURE.md). The source version in the key makes a changed export a miss at once;
for databases the per-source TTL bounds staleness. A cache that fails is a cache miss, never an error.

Keys carry a namespace derived from the deployment's secret (a keyed hash), so two deployments
sharing one Redis never read each other's records; Redis holds JSON (graph/record_json.py), never
pickles.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Collection, Hashable
from typing import Any

import orjson
from aiocache import Cache
from redis.asyncio import ConnectionPool, Redis

from graph.record_json import RecordSerializer

log = logging.getLogger("lienthong.cache")


class RecordCache:
    def __init__(self, url: str, secret: bytes, timeout_seconds: float = 0.5) -> None:
        self.url = url
        self.backend = Cache.from_url(url)
        self.backend.timeout = timeout_seconds
        """aiocache's deadline on each call: a hung Redis is a miss after it, not a stalled request."""
        self.redis: Redis | None = None
        """The Redis client, when the cache is Redis: the shared rate limits use it too."""
        if not url.startswith("memory"):
            self.backend.serializer = RecordSerializer()
            pool = ConnectionPool.from_url(
                url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
            )
            self.backend.client = self.redis = Redis.from_pool(pool)
        namespace = hmac.new(secret, b"lienthong record cache", hashlib.sha256).hexdigest()[:16]
        self.prefix = f"lienthong:{namespace}:record:"
        self.hits = 0
        self.misses = 0

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
        except Exception:  # Redis down or slow: read through to the source
            log.warning("cache %s unavailable; reading the sources directly", self.url, exc_info=True)
            found = [None] * len(keys)
        hits = sum(value is not None for value in found)
        self.hits += hits
        self.misses += len(keys) - hits
        return found

    async def set_many(self, pairs: list[tuple[str, Any]], ttl: float) -> None:
        if not pairs or ttl <= 0:
            return
        try:
            await self.backend.multi_set(pairs, ttl=ttl)
        except Exception:
            log.warning("cache %s unavailable; not storing", self.url, exc_info=True)

    async def close(self) -> None:
        await self.backend.close()
