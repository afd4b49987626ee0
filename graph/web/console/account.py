"""Who is signed in (GET /console/session) and signing out (POST /console/sign-out).

GET /console/session is how the page learns its officer and the CSRF token it must send with
every request: a same-origin read, which no other site can make (no CORS is served). Signing out
is a state change, so it needs that token too: a cookie alone signs nobody out, as it signs
nobody in.

Signing out ends the session on the server first (graph/web/session_store.py), so a copy of the
cookie is refused everywhere from then on; a copy sent to sign out after that ends nothing and
records nothing. If the store cannot be written, the browser's cookie is
cleared all the same and the answer says the server could not end the session (503): the failure
is logged with the officer, whose session then lasts on the server until its end unless an
operator deletes it.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.web.console.session_audit import record_sign_out
from graph.web.session_store import SessionStoreUnavailable
from graph.web.sessions import csrf_ok, csrf_token, current, end, has_session, live

log = logging.getLogger("lienthong.console")


async def session_state(request: Request) -> Response:
    """The signed-in officer, the CSRF token and when the session ends; or how one may sign in,
    with 401 when the request carried a session the server does not honour (ended, signed out, or
    unknown to a store that cannot be read)."""
    carried = has_session(request)
    try:
        claims = await live(request)
    except SessionStoreUnavailable as error:
        log.error("console sessions cannot be checked; session refused: %s", error)
        claims = None
    if claims is None:
        status = 401 if carried else 200
        return JSONResponse({"signedIn": False, "signIn": ways_in(request)}, status_code=status)
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
    try:
        if await live(request) is None:  # already ended: a copy of the cookie signs nobody out
            return JSONResponse({"signedIn": False})
        await end(request)
        ended = True
    except SessionStoreUnavailable as error:
        log.error("session not ended on the server: %s", error, extra={"sub": claims["sub"]})
        ended = False
    log.info("signed out", extra={"sub": claims["sub"]})
    await record_sign_out(request, claims)
    request.session.clear()
    if not ended:
        message = "Máy chủ chưa kết thúc được phiên đăng nhập; hãy báo quản trị hệ thống."
        return JSONResponse({"signedIn": False, "error": message}, status_code=503)
    return JSONResponse({"signedIn": False})
