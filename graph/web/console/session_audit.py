"""Signing in and out, in the audit trail: who (sub, agency, role, ward or sector), how (the city's
identity provider, `oidc`, or the demo's picker, `demo`) and when, through the same group commit as
every request's record (Service.audit_append). Never the id_token, the session cookie or the CSRF
token: the trail is read by auditors for years, and any of those would let its reader act as the
officer.

A session exists only held live on the server (graph/web/session_store.py) and with its sign-in
record: if either cannot be written the session is dropped and the sign-in refused, as a request is
refused without its record. Signing out goes the other way: the session ends even when its record
cannot be written (keeping the officer signed in would be the unsafe side), and the failure is
logged.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graph.access.audit import AuditUnavailable, now
from graph.web.console.pages import sign_in_failed
from graph.web.session_store import SessionStoreUnavailable
from graph.web.sessions import current, hold, session_of

log = logging.getLogger("lienthong.console")
IDENTITY = ("sub", "agency", "role")


def session_record(claims: dict[str, Any], event: str, via: str) -> dict[str, Any]:
    """The audit record of a sign-in or sign-out: its officer and how they came in."""
    return {
        "at": now(),
        **{name: claims.get(name) for name in IDENTITY},
        "scope": {name: value for name, value in claims.items() if name not in IDENTITY},
        "purpose": None,
        "outcome": "OK",
        "operation": event,
        "session": {"event": event, "via": via},
        "persons": [],
        "fields": {},
        "sources": {},
    }


async def signed_in(request: Request) -> Response:
    """The way into the console once the new session is held on the server and its sign-in is in
    the audit trail; without either, the session is dropped and the officer told to try again later
    (a row held without its record names a cookie that never left the server)."""
    claims, via = current(request), session_of(request).get("via")
    assert claims is not None and isinstance(via, str)  # sessions.sign_in has just made the session
    try:
        await hold(request)
    except SessionStoreUnavailable:
        log.exception("session store unavailable; sign-in refused", extra={"sub": claims["sub"]})
        session_of(request).clear()
        return sign_in_failed("Không lưu được phiên đăng nhập nên chưa thể đăng nhập; hãy thử lại sau.", 503)
    try:
        await request.app.state.service.audit_append(session_record(claims, "sign-in", via))
    except AuditUnavailable:
        log.exception("audit store unavailable; sign-in refused", extra={"sub": claims["sub"]})
        session_of(request).clear()
        return sign_in_failed("Không ghi được nhật ký truy cập nên chưa thể đăng nhập; hãy thử lại sau.", 503)
    return RedirectResponse("/", status_code=303)


async def record_sign_out(request: Request, claims: dict[str, Any]) -> None:
    """Append the sign-out's record; a failure is logged, the session ends all the same."""
    via = str(session_of(request).get("via"))
    try:
        await request.app.state.service.audit_append(session_record(claims, "sign-out", via))
    except AuditUnavailable:
        log.exception("audit store unavailable; sign-out not recorded", extra={"sub": claims["sub"]})
