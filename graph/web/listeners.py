"""Serving both listeners from one process and event loop: the main one and, unless disabled, ops.

Two uvicorn servers share the event loop and the Service (one index, one cache, one set of
metrics). Each server chains the signal handler it replaces, so SIGTERM or Ctrl-C stops both; and
when either stops for any other reason the other is told to stop too.
"""

from __future__ import annotations

import asyncio
from functools import partial

import uvicorn
from starlette.applications import Starlette

from graph.web.app import create_ops_app
from graph.web.settings import Settings


def servers(app: Starlette, settings: Settings, host: str, port: int) -> list[uvicorn.Server]:
    """The main server (which runs the service's start and stop), then the ops one if configured."""
    config = partial(uvicorn.Config, log_config=None, access_log=False)
    main = uvicorn.Server(config(app, host=host, port=port))
    listeners = [main]
    if settings.ops_port is not None:
        ops = create_ops_app(app.state.service)
        # /readyz waits for the main listener: it binds only once the service has started, so an
        # index built and an audit store answering are not yet a process taking requests.
        ops.state.listening = lambda: main.started
        listeners.append(
            uvicorn.Server(config(ops, host=settings.ops_host, port=settings.ops_port, lifespan="off"))
        )
    return listeners


def run(listeners: list[uvicorn.Server]) -> None:
    """Serve until both stop, on the event loop uvicorn would choose for itself (uvloop where it is
    installed, as uvicorn[standard] installs it): `asyncio.run` would take the standard loop, whose
    own overhead was a fifth of a one-worker lookup's CPU (bench/lookup.py)."""
    with asyncio.Runner(loop_factory=listeners[0].config.get_loop_factory()) as runner:
        runner.run(serve(listeners))


async def serve(listeners: list[uvicorn.Server]) -> None:
    tasks = [asyncio.create_task(server.serve()) for server in listeners]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server in listeners:
        server.should_exit = True
    await asyncio.gather(*tasks)
