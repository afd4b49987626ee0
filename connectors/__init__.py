"""Connectors know agency sources: how to read each kind and map native rows to canonical records."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.config import SourceConfig
from connectors.files import FileConnector
from connectors.guard import Guard
from connectors.source import Connector
from connectors.sql import SqlConnector


def open_connector(config: SourceConfig) -> Connector:
    """The connector for a configured source; nothing is read until it is asked."""
    if config.kind == "sql":
        return SqlConnector(config)
    return FileConnector(config)


@dataclass
class Source:
    """A configured source as the service uses it: its connector behind its guard."""

    config: SourceConfig
    connector: Connector
    guard: Guard

    @classmethod
    def open(cls, config: SourceConfig) -> Source:
        guard = Guard(
            config.name,
            config.timeout_seconds,
            config.pool_size,
            config.breaker_threshold,
            config.breaker_reset_seconds,
        )
        return cls(config, open_connector(config), guard)

    def close(self) -> None:
        self.guard.close()
        self.connector.close()
