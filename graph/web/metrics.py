"""Prometheus metrics: requests and latency, per-source calls, errors and latency, cache, denials."""

from __future__ import annotations

import logging
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("lienthong")

LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """One registry per service, so several apps in one process (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "lienthong_requests", "GraphQL requests by outcome", ["outcome"], registry=self.registry
        )
        self.latency = Histogram(
            "lienthong_request_seconds", "GraphQL request latency", buckets=LATENCY, registry=self.registry
        )
        self.source_calls = Counter(
            "lienthong_source_calls", "Calls to agency sources", ["source", "status"], registry=self.registry
        )
        self.source_latency = Histogram(
            "lienthong_source_seconds",
            "Latency of calls to agency sources",
            ["source"],
            buckets=LATENCY,
            registry=self.registry,
        )
        self.cache = Gauge(
            "lienthong_cache_records", "Record cache look-ups", ["result"], registry=self.registry
        )
        self.degraded = Counter(
            "lienthong_degraded",
            "Calls that went without a failing dependency (Redis: cache, shared rate limits)",
            ["dependency"],
            registry=self.registry,
        )
        self.denials = Counter(
            "lienthong_policy_denials",
            "Fields refused by policy",
            ["agency", "verdict"],
            registry=self.registry,
        )

    def source_call(self, source: str, status: str, seconds: float) -> None:
        self.source_calls.labels(source, status).inc()
        self.source_latency.labels(source).observe(seconds)

    def response(self, hits: int, misses: int) -> Response:
        self.cache.labels("hit").set(hits)
        self.cache.labels("miss").set(misses)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class Outage:
    """A dependency the service can do without, failing: each failure is counted, but logged once as
    the outage starts and once as it ends, so that it shows without a log line per request."""

    def __init__(self, dependency: str, consequence: str) -> None:
        self.dependency = dependency
        self.consequence = consequence
        self.ongoing = False
        self.observe: Callable[[str], None] = lambda dependency: None
        """Told the dependency at every failure: the service hangs its metrics here."""

    def failed(self, error: Exception) -> None:
        """Count a failure; the first of an outage is logged, with its error."""
        self.observe(self.dependency)
        if not self.ongoing:
            self.ongoing = True
            log.warning(
                "%s unavailable; %s until it is back", self.dependency, self.consequence, exc_info=error
            )

    def succeeded(self) -> None:
        if self.ongoing:
            self.ongoing = False
            log.warning("%s available again", self.dependency)


async def metrics_endpoint(request: Request) -> Response:
    service = request.app.state.service
    return service.metrics.response(service.cache.hits, service.cache.misses)
