"""Cached records as JSON, never pickle: reading the cache must not run what someone wrote into it.

aiocache's PickleSerializer unpickles whatever Redis returns, and a pickle can call any function as
it loads, so write access to Redis would be code execution on every server. Records are mappings of
strings, numbers, booleans and None, plus dates and datetimes, which JSON holds once they are tagged
(`{"$date": "2026-03-01"}`, `{"$datetime": "2026-03-01T08:30:00+07:00"}`) and so come back as the
same types. Anything else is refused on load: logged, and a cache miss, so the source is read instead.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import orjson
from aiocache.serializers import BaseSerializer

log = logging.getLogger("lienthong.cache")

TAGS = {"$date": date.fromisoformat, "$datetime": datetime.fromisoformat}


class RecordSerializer(BaseSerializer):
    DEFAULT_ENCODING = None
    """Bytes to and from Redis, as orjson writes and reads them."""

    def dumps(self, value: dict[str, Any]) -> bytes:
        return orjson.dumps(value, default=tagged, option=orjson.OPT_PASSTHROUGH_DATETIME)

    def loads(self, value: bytes | None) -> dict[str, Any] | None:
        if value is None:
            return None
        try:
            record = orjson.loads(value)
            if not isinstance(record, dict):
                raise TypeError(f"a {type(record).__name__}, not a record")
            return {name: untagged(item) for name, item in record.items()}
        except (ValueError, TypeError) as error:  # orjson.JSONDecodeError is a ValueError
            log.warning("a cached value is not a JSON record (%s); reading the source instead", error)
            return None


def tagged(value: Any) -> dict[str, str]:
    """orjson's fallback for what JSON has no type for: dates and datetimes, tagged; nothing else."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"a {type(value).__name__} cannot be cached")


def untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and (tag := next(iter(value))) in TAGS:
            return TAGS[tag](value[tag])
        raise TypeError("a nested object that is not a tagged date")
    if isinstance(value, list):
        return [untagged(item) for item in value]
    return value
