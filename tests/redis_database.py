"""One of Redis's numbered databases, claimed by a test session for itself alone.

The tests empty, count and fill Redis databases, so two sessions on one database would wipe and
miscount each other. A claim is a name given to a connection the session keeps open to the end
(`CLIENT SETNAME`): Redis forgets it when that connection ends, however the session ends, so no
claim outlives its run and a killed run's database is free again at once.
"""

from __future__ import annotations

import redis
from services import URLS

NUMBERS = [number for number in range(1, 16) if number != 3]
"""Database 0 is everyone's default, and bench/ uses 3."""


class RedisDatabase:
    def __init__(self) -> None:
        for number in NUMBERS:
            name = f"lienthong-tests-db{number}"
            self.url = URLS["redis"].format(database=number)
            self.holder = redis.Redis.from_url(self.url, client_name=name, single_connection_client=True)
            # Named first, counted after: of two sessions racing for a number, the later one sees
            # the earlier's name; if both see both, both move on.
            if [client["name"] for client in self.holder.client_list()].count(name) == 1:
                self.holder.flushdb()  # whatever a killed run left
                return
            self.holder.close()
        raise RuntimeError(f"Redis databases {NUMBERS} are all claimed by other test sessions")

    def close(self) -> None:
        """Leave the database empty and free it."""
        self.holder.flushdb()
        self.holder.close()
