"""What every connector offers the graph layer, and how it reports rows it had to skip."""

from __future__ import annotations

import logging
from collections.abc import Collection, Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from connectors.config import SourceConfig

Record = dict[str, Any]
"""A canonical record: canonical field names → values, plus `sourceRecordId` and `asOf`."""

log = logging.getLogger("lienthong.connectors")


@dataclass(frozen=True)
class RowProblem:
    """A native row that could not be read and was skipped: where it is and why."""

    source: str
    entity: str
    location: str
    row: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} {self.entity} {self.location} row {self.row}: {self.reason}"


class Problems:
    """The rows a connector skipped, each reported once in the log however often it is read."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, str, str], RowProblem] = {}

    def add(self, problem: RowProblem) -> None:
        where = (problem.entity, problem.location, problem.row, problem.reason)
        if where not in self.seen:
            self.seen[where] = problem
            log.warning("skipped row: %s", problem)

    def __iter__(self) -> Iterator[RowProblem]:
        return iter(list(self.seen.values()))


class UnreadableExport(Exception):
    """An export file that cannot be read whole (truncated, corrupt, mis-encoded, gone mid-read).

    Unlike a bad row, it is not skipped: what the file holds is unknown, and a later file may restate
    or revoke what earlier ones say, so the records its entity serves are unknown until it is fixed.
    """


class Connector(Protocol):
    """One agency source. Calls are synchronous; the graph layer runs them off the event loop."""

    config: SourceConfig
    problems: Problems

    def version(self) -> Hashable:
        """Changes whenever the source's data may have changed since the last call."""

    def scan(self, entity: str, fields: set[str]) -> Iterator[Record]:
        """Every readable record of `entity`, with at least `fields`, for the identity index."""

    def fetch(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record]:
        """The records of `entity` with these native keys, reading only what `fields` needs."""

    def held(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record] | None:
        """What `fetch` would answer, if the connector holds it current in memory and can tell so
        without blocking; else None (always, for a database), and the caller calls `fetch`."""

    def close(self) -> None:
        """Release connections and files."""
