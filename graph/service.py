"""The running service: sources, their identity index, policies, authentication, audit, schema."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import strawberry

from connectors import open_source
from connectors.config import load_sources
from connectors.source import Connector
from sqlalchemy.exc import SQLAlchemyError

from graph.audit import AuditLog, AuditUnavailable
from graph.auth import Authenticator
from graph.identity import IdentityIndex
from graph.policy import PolicySet, load_policies
from graph.schema import schema
from graph.settings import Settings

log = logging.getLogger("lienthong")


@dataclass
class Service:
    connectors: dict[str, Connector]
    index: IdentityIndex
    schema: strawberry.Schema
    policies: PolicySet
    auth: Authenticator
    audit: AuditLog

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Validate the sources file and policies (either stops start-up) and open every source."""
        configs = load_sources(settings.sources)
        policies = load_policies(settings.policies, schema._schema)
        connectors = {name: open_source(config) for name, config in configs.items()}
        index = IdentityIndex(connectors, settings.secret, settings.index_check_seconds)
        audit = AuditLog(settings.audit_url, settings.audit_checkpoints)
        return cls(connectors, index, schema, policies, Authenticator(settings.auth), audit)

    async def audit_append(self, record: dict) -> None:
        """Append an audit record off the event loop (raises AuditUnavailable)."""
        await asyncio.to_thread(self.audit.append, record)

    async def start(self) -> None:
        log.info("indexing %d sources", len(self.connectors))
        await self.index.refresh()
        log.info("indexed %d workers", len(self.index.snapshot.persons))

    def close(self) -> None:
        for connector in self.connectors.values():
            connector.close()
        try:
            self.audit.checkpoint()
        except (AuditUnavailable, SQLAlchemyError, OSError):
            log.exception("could not checkpoint the audit head at shutdown")
        finally:
            self.audit.close()
