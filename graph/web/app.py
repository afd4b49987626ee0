"""The ASGI applications: the main listener's, and the operations listener's sharing its Service.

/metrics and /readyz tell whoever asks how many requests were refused and which agency's system is
down, so they are not on the listener officers reach: the ops app carries them (and /healthz) for
a listener bound to an internal address (settings `ops.host`, `ops.port`; graph/web/listeners.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route

from graph.web.console.routes import console_middleware, console_routes
from graph.web.delivery import check_delivery, on_schedule
from graph.web.downloads import exchange_download
from graph.web.endpoint import graphql_endpoint
from graph.web.graphiql import graphiql_routes
from graph.web.health import healthz, readyz
from graph.web.metrics import metrics_endpoint
from graph.web.report_downloads import report_download
from graph.web.service import Service
from graph.web.settings import Settings


def create_app(settings: Settings) -> Starlette:
    """The main listener: GraphQL, GraphiQL, exchange lists' and reports' downloads, the officers'
    console at / and /healthz; it starts and stops
    the service, and the scheduled delivery of the lists when `delivery.schedule` is set."""
    service = Service.open(settings)

    schedule = settings.delivery_schedule
    if schedule:
        check_delivery(service)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.start()
        delivering = asyncio.create_task(on_schedule(service, schedule)) if schedule else None
        yield
        if delivering:
            delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await delivering
        await service.stop()

    app = Starlette(
        routes=[
            Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
            Route("/exchange/{agency}/{file}", exchange_download),
            Route("/reports/{agency}/{file}", report_download),
            Route("/healthz", healthz),
            *graphiql_routes(),
            *console_routes(settings.console),
        ],
        middleware=console_middleware(settings.console),
        lifespan=lifespan,
    )
    app.state.service = service
    return app


def create_ops_app(service: Service) -> Starlette:
    """The operations listener: /healthz, /readyz and /metrics of a service the main app runs."""
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
        ]
    )
    app.state.service = service
    return app
