"""The ASGI application: routes, and the service's start and stop around the server's lifetime."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route

from graph.download import exchange_download
from graph.graphiql import graphiql_routes
from graph.health import healthz, readyz
from graph.http import graphql_endpoint
from graph.metrics import metrics_endpoint
from graph.service import Service
from graph.settings import Settings


def create_app(settings: Settings) -> Starlette:
    service = Service.open(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.start()
        yield
        await service.stop()

    app = Starlette(
        routes=[
            Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
            Route("/exchange/{agency}/{file}", exchange_download),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            *graphiql_routes(),
        ],
        lifespan=lifespan,
    )
    app.state.service = service
    return app
