"""Console sessions: an officer signed in once, the browser then carries a cookie, not a token.

The cookie is Starlette's signed session (HttpOnly, SameSite=Lax, Secure unless the demo serves
plain http on 127.0.0.1), holding the viewer the identity provider's verified id_token named, when
the session ends (`console.session_seconds` after sign-in, however active) and a CSRF token made
at sign-in. A cookie is sent by the browser whoever made the page that sends it, so it alone never
authorises anything: a request to /graphql must also carry the CSRF token in `X-CSRF-Token`, which
only the console's own page can read (GET /console/session, same origin, no CORS); a download is
a plain link, so it must be a navigation from the console itself or typed by the officer
(`Sec-Fetch-Site: same-origin` or `none`), never one another site started.

The cookie also holds the session's random id (`sid`), which the server holds as live from sign-in
to sign-out (graph/web/session_store.py): a cookie is honoured only while the store says so, so a
copy taken before sign-out is refused by every process at its next request, and a store that
cannot be read refuses every session rather than trusting it.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any

from starlette.requests import Request

from graph.access.auth import Unauthenticated, viewer_from_claims
from graph.access.viewer import Viewer
from graph.web.session_store import SessionStore, SessionStoreUnavailable

log = logging.getLogger("lienthong.console")
COOKIE = "lienthong_session"
CSRF_HEADER = "x-csrf-token"
NOT_SIGNED_IN = "send Authorization: Bearer <token>, or sign in to the console"
NAVIGATIONS = ("same-origin", "none")
"""`Sec-Fetch-Site` of a link followed inside the console, or of an address the officer typed."""


def session_of(request: Request) -> dict[str, Any]:
    """The request's session, read without Starlette marking it accessed: marked, it would add a
    second `Vary: Cookie` to answers whose own headers (graph/web/endpoint.py) already name it."""
    session: dict[str, Any] = request.scope["session"]
    return session


def has_session(request: Request) -> bool:
    """Whether the request came through the session middleware with a signed-in officer."""
    return "session" in request.scope and "viewer" in session_of(request)


def sign_in(request: Request, claims: dict[str, Any], lifetime: int, via: str) -> Viewer:
    """Start a new session for the viewer `claims` name (anything the session held is dropped, so
    a session made before sign-in is never reused after it); raises Unauthenticated if they name
    no acceptable viewer. The session is not live until `hold` records it on the server."""
    viewer = viewer_from_claims(claims, None)
    session_of(request).clear()
    session_of(request).update(
        viewer={"sub": viewer.sub, "agency": viewer.agency, "role": viewer.role, **viewer.scope},
        sid=secrets.token_urlsafe(32),
        csrf=secrets.token_urlsafe(32),
        expires=int(time.time()) + lifetime,
        via=via,
    )
    log.info("signed in", extra={"sub": viewer.sub, "agency": viewer.agency, "via": via})
    return viewer


def store(request: Request) -> SessionStore:
    """The server's record of live sessions (graph/web/session_store.py)."""
    sessions: SessionStore = request.app.state.service.sessions
    return sessions


async def hold(request: Request) -> None:
    """Record the session `sign_in` has just made as live on the server (raises
    SessionStoreUnavailable if it cannot be)."""
    session = session_of(request)
    await store(request).hold(session["sid"], session["viewer"]["sub"], session["expires"])


async def end(request: Request) -> None:
    """End the session on the server, for every copy of its cookie (raises SessionStoreUnavailable
    if it cannot be); the caller clears the browser's copy."""
    sid = session_of(request).get("sid")
    if isinstance(sid, str):
        await store(request).end(sid)


async def live(request: Request) -> dict[str, Any] | None:
    """The session's viewer claims while it lasts and the server holds it live, else None (such a
    session is cleared: ended, signed out, or made before sessions had ids). Raises
    SessionStoreUnavailable if the store cannot say: the caller refuses the session."""
    claims = current(request)
    if claims is None:
        return None
    sid = session_of(request).get("sid")
    if not isinstance(sid, str) or not await store(request).holds(sid):
        session_of(request).clear()
        return None
    return claims


def current(request: Request) -> dict[str, Any] | None:
    """The session's viewer claims while the cookie says it lasts, else None (an ended one is
    cleared). Whether the server still holds it live is `live`'s question."""
    if not has_session(request):
        return None
    if session_of(request).get("expires", 0) <= time.time():
        session_of(request).clear()
        return None
    viewer: dict[str, Any] = session_of(request)["viewer"]
    return viewer


def csrf_token(request: Request) -> str:
    return str(session_of(request)["csrf"])


def csrf_ok(request: Request) -> bool:
    """The request carries the session's CSRF token in its header."""
    sent = request.headers.get(CSRF_HEADER, "")
    return bool(sent) and hmac.compare_digest(sent.encode(), csrf_token(request).encode())


async def session_viewer(request: Request, purpose: str | None, navigation: bool) -> Viewer:
    """The signed-in officer as the viewer of this request, or Unauthenticated. `navigation`: the
    request is a link followed (a download), which cannot carry a header, so it must come from the
    console itself or the address bar; any other needs the CSRF header. The store is asked last,
    so a request another site forged costs it nothing."""
    claims = current(request)
    if claims is None:
        raise Unauthenticated(NOT_SIGNED_IN)
    if navigation:
        if request.headers.get("sec-fetch-site") not in NAVIGATIONS:
            raise Unauthenticated("a download with the console's session must be opened from the console")
    elif not csrf_ok(request):
        raise Unauthenticated("a request with the console's session must carry its X-CSRF-Token")
    try:
        claims = await live(request)
    except SessionStoreUnavailable as error:
        log.error("console sessions cannot be checked; session refused: %s", error)
        raise Unauthenticated("the console's sessions cannot be checked now: try again shortly") from None
    if claims is None:
        raise Unauthenticated(NOT_SIGNED_IN)
    return viewer_from_claims(claims, purpose)
