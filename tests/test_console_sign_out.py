"""Signing out ends the session on the server: a copy of the cookie taken before sign-out is refused
by the process that signed out and by any other sharing its stores; a cookie without a session id
(made before ids existed) is refused; a session store that cannot be read, or does not answer in
time, refuses sessions and not bearer tokens."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time

import httpx
from console_clients import COOKIE, console_client, pick
from itsdangerous import TimestampSigner
from ports import free_ports
from serving import Officer, readiness, settings_for
from sqlalchemy import create_engine
from starlette.testclient import TestClient

from graph.access.audit import AuditLog

QUERY = "{ workers(first: 5) { nodes { fullName } } }"
DOWNLOAD = "/exchange/noi_vu/2026-10.csv"


def signed_in(client: TestClient) -> tuple[str, str]:
    """Sign in as the Police through the demo's picker; the cookie and its CSRF token."""
    assert pick(client, "cong_an").status_code == 303
    state = client.get("/console/session")
    assert state.status_code == 200 and state.json()["signedIn"] is True
    return client.cookies[COOKIE], state.json()["csrf"]


def with_cookie(client: TestClient, cookie: str, csrf: str) -> dict[str, int | str | None]:
    """What the cookie gets, sent by someone else than the browser holding it: each call with the
    cookie alone (no cookie jar), as a copy of it would be sent."""
    client.cookies.clear()
    sent = {"Cookie": f"{COOKIE}={cookie}"}
    query = client.post("/graphql", json={"query": QUERY}, headers={**sent, "X-CSRF-Token": csrf})
    download = client.get(DOWNLOAD, headers={**sent, "Sec-Fetch-Site": "same-origin"})
    session = client.get("/console/session", headers=sent)
    return {
        "graphql": query.status_code,
        "graphqlCode": code(query.json()) if query.status_code != 200 else None,
        "download": download.status_code,
        "downloadCode": code(download.json()) if download.status_code != 200 else None,
        "session": session.status_code,
        "signedIn": session.json()["signedIn"],
    }


def code(answer: dict) -> str:
    return str(answer["errors"][0]["extensions"]["code"])


SERVED = {
    "graphql": 200,
    "graphqlCode": None,
    "download": 200,
    "downloadCode": None,
    "session": 200,
    "signedIn": True,
}
REFUSED = {
    "graphql": 401,
    "graphqlCode": "UNAUTHENTICATED",
    "download": 401,
    "downloadCode": "UNAUTHENTICATED",
    "session": 401,
    "signedIn": False,
}


def test_a_copy_of_the_cookie_is_refused_by_every_process_once_signed_out(folder):
    with (
        console_client(folder, demo_sign_in=True) as browser,
        console_client(folder, demo_sign_in=True) as other_process,
    ):
        cookie, csrf = signed_in(browser)
        assert with_cookie(other_process, cookie, csrf) == SERVED  # the two share the session
        browser.cookies.set(COOKIE, cookie)
        out = browser.post("/console/sign-out", headers={"X-CSRF-Token": csrf})
        assert (out.status_code, out.json()) == (200, {"signedIn": False})

        assert with_cookie(browser, cookie, csrf) == REFUSED  # the process that signed out, at once
        assert with_cookie(other_process, cookie, csrf) == REFUSED
        again = other_process.post(
            "/console/sign-out", headers={"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": csrf}
        )
        assert (again.status_code, again.json()) == (200, {"signedIn": False})
    trail = AuditLog.open(settings_for(folder / "sources.yaml"))
    events = [record["session"]["event"] for _, _, record in trail.rows() if "session" in record]
    assert events == ["sign-in", "sign-out"]  # the copy's sign-out ended and recorded nothing


def test_a_server_process_of_its_own_refuses_the_copy_once_signed_out(folder):
    """`lienthong serve` in another process, sharing the folder's stores and the session secret:
    it honours the session while it lasts and refuses it from the moment it is signed out here."""
    port, ops_port = free_ports(2)
    environment = {
        **os.environ,
        "LIENTHONG_OPS_PORT": str(ops_port),
        "LIENTHONG_AUTH_JWKS_FILE": str(folder / "auth" / "jwks.json"),
        "LIENTHONG_CONSOLE_SESSION_SECRET": "k" * 32,
    }
    command = [sys.executable, "-m", "graph.cli", "serve", "--sources", str(folder / "sources.yaml")]
    with console_client(folder, demo_sign_in=True) as browser:  # makes the demo's keys beside the sources
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
        try:
            assert readiness(ops_port).status_code == 200
            cookie, csrf = signed_in(browser)

            def query() -> int:
                headers = {"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": csrf}
                url = f"http://127.0.0.1:{port}/graphql"
                return httpx.post(url, json={"query": QUERY}, headers=headers, timeout=10).status_code

            assert query() == 200
            assert browser.post("/console/sign-out", headers={"X-CSRF-Token": csrf}).status_code == 200
            assert query() == 401
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_a_session_made_before_sessions_had_ids_is_refused(folder):
    """A cookie signed with the right key, within its lifetime, CSRF token right: only the id is
    missing, as in every cookie made before this server kept sessions."""
    session = {
        "viewer": {"sub": "officer-17", "agency": "cong_an", "role": "officer"},
        "csrf": "c" * 43,
        "expires": int(time.time()) + 3600,
        "via": "demo",
    }
    data = base64.b64encode(json.dumps(session).encode())
    cookie = TimestampSigner("k" * 32).sign(data).decode()
    with console_client(folder, demo_sign_in=True) as client:
        assert with_cookie(client, cookie, "c" * 43) == REFUSED


def test_a_session_store_that_cannot_be_read_refuses_sessions_not_tokens(folder):
    with console_client(folder, demo_sign_in=True) as client:
        cookie, csrf = signed_in(client)
        store = client.app.state.service.sessions
        reachable = store.engine
        store.engine = create_engine(f"sqlite:///{folder}/gone/audit.sqlite")
        try:
            assert with_cookie(client, cookie, csrf) == REFUSED
            refused = client.post(
                "/graphql",
                json={"query": QUERY},
                headers={"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": csrf},
            )
            assert "the console's sessions cannot be checked now" in refused.json()["errors"][0]["message"]
            served = Officer(client, folder, "cong_an").post(QUERY)  # a bearer token needs no session
            assert served["data"]["workers"]["nodes"], served
        finally:
            store.engine.dispose()
            store.engine = reachable
        assert with_cookie(client, cookie, csrf) == SERVED  # an outage refused it; it did not end it


def test_a_session_store_that_does_not_answer_refuses_within_its_timeout(folder):
    with console_client(folder, demo_sign_in=True) as client:
        cookie, csrf = signed_in(client)
        store = client.app.state.service.sessions
        released = threading.Event()
        store._holds = lambda sid: released.wait(30)  # a store that hangs until released
        store.timeout_seconds = 0.5
        try:
            started = time.monotonic()
            assert with_cookie(client, cookie, csrf) == REFUSED
            assert time.monotonic() - started < 3.0  # three requests, each refused after 0.5 s
        finally:
            released.set()


def test_signing_out_when_the_store_cannot_be_written_clears_the_browser_and_says_so(folder):
    with console_client(folder, demo_sign_in=True) as client:
        _, csrf = signed_in(client)
        store = client.app.state.service.sessions
        reachable = store.engine
        store.engine = create_engine(f"sqlite:///{folder}/gone/audit.sqlite")
        try:
            out = client.post("/console/sign-out", headers={"X-CSRF-Token": csrf})
        finally:
            store.engine.dispose()
            store.engine = reachable
        assert out.status_code == 503
        assert out.json() == {
            "signedIn": False,
            "error": "Máy chủ chưa kết thúc được phiên đăng nhập; hãy báo quản trị hệ thống.",
        }
        assert COOKIE not in client.cookies
        assert client.get("/console/session").json()["signedIn"] is False
