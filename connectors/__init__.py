"""Connectors know agency sources: how to read each kind and map native rows to canonical records."""

from __future__ import annotations

from connectors.config import SourceConfig
from connectors.files import FileConnector
from connectors.source import Connector
from connectors.sql import SqlConnector


def open_source(config: SourceConfig) -> Connector:
    """The connector for a configured source; nothing is read until it is asked."""
    if config.kind == "sql":
        return SqlConnector(config)
    return FileConnector(config)
