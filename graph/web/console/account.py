"""Who is signed in (GET /console/session) and signing out (POST /console/sign-out).

GET /console/session is how the page learns its officer and the CSRF token it must send with
every request: a same-origin read, which no other site can make (no CORS is served). Signing out
is a state change, so it needs that token too: a cookie alone signs nobody out, as it signs
nobody in.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.web.console.session_audit import record_sign_out
from graph.web.sessions import csrf_ok, csrf_token, current

log = logging.getLogger("lienthong.console")


async def session_state(request: Request) -> Response:
    """The signed-in officer, the CSRF token and when the session ends; or how one may sign in."""
    claims = current(request)
    if claims is None:
        return JSONResponse({"signedIn": False, "signIn": ways_in(request)})
    state = {"signedIn": True, "viewer": claims, "csrf": csrf_token(request)}
    return JSONResponse({**state, "expires": request.session["expires"], "via": request.session["via"]})


def ways_in(request: Request) -> dict[str, Any]:
    """The identity provider if one is configured; the demo's agencies only in the demo."""
    service = request.app.state.service
    console = service.settings.console
    ways: dict[str, Any] = {"oidc": console.oidc is not None}
    if console.demo_sign_in:
        ways["demo"] = [
            {"agency": p.agency, "scope": p.scope, "values": list(p.scope_names), "roles": sorted(p.roles)}
            for p in sorted(service.policies.agencies.values(), key=lambda p: p.agency)
        ]
    return ways


async def sign_out(request: Request) -> Response:
    claims = current(request)
    if claims is None:
        return JSONResponse({"signedIn": False})
    if not csrf_ok(request):
        return JSONResponse({"error": "Thiếu mã chống giả mạo (X-CSRF-Token)."}, status_code=403)
    log.info("signed out", extra={"sub": claims["sub"]})
    await record_sign_out(request, claims)
    request.session.clear()
    return JSONResponse({"signedIn": False})
