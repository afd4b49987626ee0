"""The running service: sources, their identity index, policies, authentication, audit, schema."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import strawberry

from connectors import Source
from connectors.config import load_sources
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
    sources: dict[str, Source]
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
        sources = {name: Source.open(config) for name, config in configs.items()}
        index = IdentityIndex(sources, settings.secret, settings.index_check_seconds)
        audit = AuditLog(settings.audit_url, settings.audit_checkpoints)
        return cls(sources, index, schema, policies, Authenticator(settings.auth), audit)

    async def audit_append(self, record: dict) -> None:
        """Append an audit record off the event loop (raises AuditUnavailable)."""
        await asyncio.to_thread(self.audit.append, record)

    async def start(self) -> None:
        log.info("indexing %d sources", len(self.sources))
        await self.index.refresh(wait=True)
        log.info("indexed %d workers", len(self.index.snapshot.persons))

    def close(self) -> None:
        for source in self.sources.values():
            source.close()
        try:
            self.audit.checkpoint()
        except (AuditUnavailable, SQLAlchemyError, OSError):
            log.exception("could not checkpoint the audit head at shutdown")
        finally:
            self.audit.close()
