"""A source that is a relational database: any SQLAlchemy URL, queried with SQLAlchemy Core.

Statements are built from the mapping, select only the columns the request needs (a field a viewer
may not see is never read), and look records up by native key in one IN-list query per entity.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Hashable, Iterator
from typing import Any

from sqlalchemy import Select, column, create_engine, select, table

from connectors.config import EntityMapping, SourceConfig
from connectors.normalise import BadValue
from connectors.source import Problems, Record, RowProblem

CHUNK = 5_000
"""Keys per IN-list, below every dialect's bound-parameter limit."""


def pool_options(config: SourceConfig) -> dict[str, Any]:
    """A bounded pool per source, as large as its thread pool; SQLite in memory has no pool to size."""
    if config.url and config.url.startswith("sqlite") and ":memory:" in config.url:
        return {}
    return {"pool_size": config.pool_size, "max_overflow": 0, "pool_timeout": config.timeout_seconds}


class SqlConnector:
    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.problems = Problems()
        self.engine = create_engine(config.url or "", pool_pre_ping=True, **pool_options(config))
        self.opened = time.monotonic()

    def version(self) -> Hashable:
        """A database says nothing cheap about change, so the index rescans it once per refresh
        period, counted from when the source was opened."""
        return int((time.monotonic() - self.opened) // self.config.refresh_seconds)

    def scan(self, entity: str, fields: set[str]) -> Iterator[Record]:
        mapping = self.config.entities[entity]
        yield from self._records(mapping, self._select(mapping, fields), fields)

    def held(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record] | None:
        return None  # a database's rows are read from the database, never assumed current

    def fetch(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record]:
        mapping = self.config.entities[entity]
        statement = self._select(mapping, fields)
        keys = list(keys)
        found: list[Record] = []
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            keyed = statement.where(statement.selected_columns[mapping.key].in_(chunk))
            found += self._records(mapping, keyed, fields)
        return found

    def close(self) -> None:
        self.engine.dispose()

    def _select(self, mapping: EntityMapping, fields: set[str]) -> Select[Any]:
        native = table(mapping.table or "", *(column(name) for name in mapping.columns(fields)))
        return select(*native.c)

    def _records(self, mapping: EntityMapping, statement: Select[Any], fields: set[str]) -> list[Record]:
        with self.engine.connect() as connection:
            rows = connection.execute(statement).mappings().all()
        records = []
        for row in rows:
            try:
                records.append(mapping.record(row, fields))
            except BadValue as error:
                key = str(row.get(mapping.key))
                problem = RowProblem(self.config.name, mapping.entity, mapping.table or "", key, str(error))
                self.problems.add(problem)
        return records
