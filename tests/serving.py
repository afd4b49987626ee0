"""Serving a sources folder in tests: demo keys, settings, and a client that sends a token."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.testclient import TestClient

from demo.keys import demo_token, ensure_demo_keys
from graph.web.app import create_app, create_ops_app
from graph.web.settings import Settings, load_settings


def settings_for(sources: Path) -> Settings:
    """Demo keys beside the sources, and `lienthong.yaml` there if a test wrote one (audit store,
    cache); the index looks for changes on every request."""
    ensure_demo_keys(sources.parent)
    config = sources.parent / "lienthong.yaml"
    return load_settings(config if config.exists() else None, sources, index_check_seconds=0)


class Officer:
    """A client acting as one officer: every request carries that officer's token."""

    def __init__(self, client: TestClient, folder: Path, agency: str, **claims: Any) -> None:
        self.client = client
        self.token = demo_token(folder, agency, **claims)

    def post(self, query: str, purpose: str | None = None, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        if purpose:
            headers["X-Purpose"] = purpose
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()


@contextmanager
def serving(sources: Path, **settings: Any) -> Iterator[TestClient]:
    """The service of `sources`, with `settings` in place of those of its folder."""
    with TestClient(create_app(replace(settings_for(sources), **settings))) as client:
        yield client


def ops(client: TestClient) -> TestClient:
    """A client of the operations listener (/metrics, /readyz) of the service `client` serves."""
    return TestClient(create_ops_app(client.app.state.service))


def until(condition: Callable[[], Any], seconds: float = 30.0) -> None:
    """Wait for `condition` to hold, polling: fail if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.1)


def until_served(officer: Officer, query: str, seconds: float = 3.0) -> dict[str, Any]:
    """The first answer without errors within `seconds`: a source's recovery waits for its breaker's
    one probe, which a background index rescan may be the one to make."""
    deadline = time.monotonic() + seconds
    while True:
        result = officer.post(query)
        if "errors" not in result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@contextmanager
def running(app: Starlette, port: int) -> Iterator[str]:
    """`app` served by uvicorn on 127.0.0.1:`port` (tests/ports.py) in a thread until the block
    ends, for a browser or another server to reach; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def readiness(ops_port: int, seconds: float = 60) -> httpx.Response:
    """A served process's /readyz once it says ready, or its last answer when `seconds` pass: a
    process passes through "starting" while it indexes. Raises if the listener never answered."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            response = httpx.get(f"http://127.0.0.1:{ops_port}/readyz", timeout=2)
            if response.status_code == 200 or time.monotonic() > deadline:
                return response
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)
