"""The console's files, and the security headers on everything under / and /console/.

The Content-Security-Policy allows only the page's own scripts, styles and requests: no inline
script, nothing from another host, no framing (a page that cannot be framed cannot be clicked
through by another site).
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(__file__).parent / "static"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

OWN = {name.lower() for name in HEADERS}


class ConsoleHeaders:
    """Adds HEADERS to every answer under / and /console/ (not /graphql, GraphiQL or downloads,
    which set their own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/" or path.startswith("/console/")):
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in OWN]
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)


async def index(request: object) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def page_routes() -> list[BaseRoute]:
    return [
        Route("/", index),
        Mount("/console/static", StaticFiles(directory=STATIC), name="console-static"),
    ]


def sign_in_failed(reason: str, status: int = 400) -> HTMLResponse:
    """A short Vietnamese page saying why signing in failed, with the way back."""
    body = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Không đăng nhập được – Liên thông</title>
<link rel="stylesheet" href="/console/static/console.css"></head>
<body><main class="narrow"><h1>Không đăng nhập được</h1><p role="alert">{html.escape(reason)}</p>
<p><a href="/">Quay lại trang đăng nhập</a></p></main></body></html>"""
    return HTMLResponse(body, status_code=status)
