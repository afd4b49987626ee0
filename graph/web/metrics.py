"""Prometheus metrics: requests and latency, per-source calls, errors and latency, cache, denials."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

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


async def metrics_endpoint(request: Request) -> Response:
    service = request.app.state.service
    return service.metrics.response(service.cache.hits, service.cache.misses)
