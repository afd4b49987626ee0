"""Everything the console adds to the main listener: its routes and its session middleware."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Route

from graph.web.console.account import session_state, sign_out
from graph.web.console.demo_sign_in import demo_routes
from graph.web.console.oidc import oidc_routes
from graph.web.console.pages import ConsoleHeaders, page_routes
from graph.web.sessions import COOKIE
from graph.web.settings import ConsoleSettings


def console_routes(settings: ConsoleSettings) -> list[BaseRoute]:
    """The pages, the session, sign-out, and the ways in this server offers."""
    routes = [
        *page_routes(),
        Route("/console/session", session_state),
        Route("/console/sign-out", sign_out, methods=["POST"]),
    ]
    if settings.oidc is not None:
        routes += oidc_routes(settings.oidc)
    if settings.demo_sign_in:
        routes += demo_routes()
    return routes


def console_middleware(settings: ConsoleSettings) -> list[Middleware]:
    """The signed session cookie (HttpOnly always; SameSite=Lax, so the provider's redirect back
    carries it but no other site's POST does; Secure unless configured off for a plain-http demo),
    and the console's security headers."""
    return [
        Middleware(
            SessionMiddleware,
            secret_key=settings.session_key.decode(),
            session_cookie=COOKIE,
            max_age=settings.session_seconds,
            same_site="lax",
            https_only=settings.secure_cookies,
        ),
        Middleware(ConsoleHeaders),
    ]
