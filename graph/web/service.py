"""The running service: sources, identity index, policies, authentication, audit, cache, limits."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import strawberry
from sqlalchemy.exc import SQLAlchemyError
from strawberry.types import ExecutionResult

from connectors import Source
from connectors.config import load_sources
from graph.access.audit import AuditLog, AuditUnavailable
from graph.access.auth import Authenticator
from graph.access.group_commit import GroupCommit
from graph.access.identity_decisions import DecisionStore
from graph.access.policy import PolicySet, load_policies
from graph.access.present import Gate
from graph.api.context import Context
from graph.api.federation import build_subgraph
from graph.api.schema import schema
from graph.exchange.delivery_log import DeliveryLog
from graph.fetch.cache import RecordCache
from graph.identity.index import IdentityIndex
from graph.web.admission import Admission
from graph.web.metrics import Metrics
from graph.web.persisted import PersistedQueries
from graph.web.ratelimit import RateLimiter, SharedRateLimiter
from graph.web.session_store import SessionStore
from graph.web.settings import Settings
from graph.worklist.cases import CaseStore

log = logging.getLogger("lienthong")


def rate_limiter(settings: Settings, cache: RecordCache) -> RateLimiter:
    """Counted in Redis, shared by every process, when the cache is Redis (on the cache's
    connections); else in this process."""
    if cache.redis is not None:
        return SharedRateLimiter(
            cache.redis, cache.namespace, settings.requests_per_minute, settings.persons_per_minute
        )
    return RateLimiter(settings.requests_per_minute, settings.persons_per_minute)


@dataclass
class Service:
    settings: Settings
    sources: dict[str, Source]
    index: IdentityIndex
    schema: strawberry.Schema
    policies: PolicySet
    auth: Authenticator
    audit: AuditLog
    commits: GroupCommit
    cache: RecordCache
    rates: RateLimiter
    persisted: PersistedQueries
    metrics: Metrics
    admission: Admission
    deliveries: DeliveryLog
    cases: CaseStore
    decisions: DecisionStore
    sessions: SessionStore

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Validate the sources file and policies (either stops start-up) and open every source."""
        configs = load_sources(settings.sources)
        policies = load_policies(settings.policies, schema._schema)
        metrics = Metrics()
        audit = AuditLog.open(settings)
        sources = {name: Source.open(config) for name, config in configs.items()}
        for source in sources.values():
            source.guard.observe = metrics.source_call
        cache = RecordCache(
            settings.cache_url,
            settings.secret,
            settings.cache_timeout_seconds,
            settings.cache_max_connections,
            settings.cache_pool_wait_seconds,
        )
        rates = rate_limiter(settings, cache)
        for outage in (cache.outage, getattr(rates, "outage", None)):
            if outage is not None:
                outage.observe = lambda dependency: metrics.degraded.labels(dependency).inc()
        decisions = DecisionStore(settings.identity_decisions_url, settings.audit_timeout_seconds)
        return cls(
            settings=settings,
            sources=sources,
            index=IdentityIndex(sources, settings.secret, settings.index_check_seconds, rulings=decisions),
            schema=build_subgraph() if settings.federation else schema,
            policies=policies,
            auth=Authenticator(settings.auth),
            audit=audit,
            commits=GroupCommit(audit),
            cache=cache,
            rates=rates,
            persisted=PersistedQueries.load(settings.persisted_file, list(settings.persisted_required_for)),
            metrics=metrics,
            admission=Admission(settings.max_concurrent, settings.max_queued, settings.queue_wait_seconds),
            deliveries=DeliveryLog(settings.delivery_log_url, settings.audit_timeout_seconds),
            cases=CaseStore(settings.worklist_url, settings.audit_timeout_seconds),
            decisions=decisions,
            sessions=SessionStore(settings.audit_url, settings.audit_timeout_seconds),
        )

    async def execute(
        self,
        query: str,
        gate: Gate,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        request_id: str | None = None,
    ) -> tuple[ExecutionResult, Context]:
        """Run a document as the gate's viewer. The context tells what it touched (sources, workers)
        and whether it got past validation. A change to the work list is audited in a record naming
        `request_id`."""

        async def audit(record: dict[str, Any]) -> None:
            await self.audit_append({**record, "requestId": request_id})

        context = Context(
            self.sources,
            self.index,
            self.cache,
            gate,
            calendar=self.settings.exchange,
            deliveries=self.deliveries,
            decisions=self.decisions,
            min_cell=self.settings.statistics_min_cell,
            cases=self.cases,
            audit=audit,
        )
        result = await self.schema.execute(
            query, variable_values=variables, context_value=context, operation_name=operation_name
        )
        return result, context

    async def audit_append(self, record: dict) -> None:
        """Append an audit record, committed with those of concurrent requests (graph/access/group_commit.py),
        within the audit timeout (raises AuditUnavailable): a hung store refuses requests at once
        rather than holding them."""
        try:
            async with asyncio.timeout(self.audit.timeout_seconds):  # no task per request, as wait_for makes
                await self.commits.append(record)
        except TimeoutError:
            raise AuditUnavailable(f"no answer within {self.audit.timeout_seconds} s") from None

    async def reachable(self) -> dict[str, bool]:
        """Whether each store answers within the audit timeout (for /readyz), probed at once: the
        audit trail, without which no request is served, and those of the work list, the identity
        decisions and the delivery log, without which their fields and mutations fail, and the
        console's sessions (in the audit store's database, on connections of their own), without
        which no officer signed in to the console is served."""
        stores = {
            "audit": self.audit,
            "worklist": self.cases,
            "identityDecisions": self.decisions,
            "deliveryLog": self.deliveries,
            "consoleSessions": self.sessions,
        }

        async def answers(store: Any) -> bool:
            try:
                await asyncio.wait_for(asyncio.to_thread(store.ping), self.audit.timeout_seconds)
            except (TimeoutError, SQLAlchemyError):
                return False
            return True

        outcomes = await asyncio.gather(*(answers(store) for store in stores.values()))
        return dict(zip(stores, outcomes, strict=True))

    async def start(self) -> None:
        log.info("indexing %d sources", len(self.sources))
        await self.index.refresh(wait=True)  # with the stored identity decisions, if they can be read
        log.info("indexed %d workers", len(self.index.snapshot.persons))

    async def stop(self) -> None:
        await self.cache.close()
        await self.rates.close()
        for source in self.sources.values():
            source.close()
        self.deliveries.close()
        self.cases.close()
        self.decisions.close()
        self.sessions.close()
        try:
            self.audit.checkpoint()
        except (AuditUnavailable, SQLAlchemyError, OSError) as error:
            log.error("could not checkpoint the audit head at shutdown: %s", error)
        finally:
            self.audit.close()
