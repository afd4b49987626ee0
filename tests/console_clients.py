"""Clients of a served sources folder's console: its session key and plain-http cookies, and the
demo's picker as the page sends it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
from serving import settings_for
from starlette.testclient import TestClient

from graph.web.app import create_app
from graph.web.settings import ConsoleSettings

COOKIE = "lienthong_session"


def console_client(folder: Path, **console: object) -> TestClient:
    """A client of a new app serving `folder`: two such clients are two server processes sharing
    the folder's stores and session key."""
    settings = settings_for(folder / "sources.yaml")
    options = {"session_key": b"k" * 32, "secure_cookies": False, **console}
    return TestClient(create_app(replace(settings, console=ConsoleSettings(**options))))  # type: ignore[arg-type]


def pick(client: TestClient, agency: str) -> httpx.Response:
    """The demo's picker, as its page sends it."""
    headers = {"Sec-Fetch-Site": "same-origin"}
    return client.post(
        "/console/sign-in/demo", data={"agency": agency}, headers=headers, follow_redirects=False
    )
