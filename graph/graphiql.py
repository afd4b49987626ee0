"""The GraphiQL page, served entirely by this server.

Agency offices are often offline, so nothing may come from a CDN: GraphiQL, React and ReactDOM are vendored
under ``static/graphiql`` (see ``VENDORED.md`` there) and mounted at ``/graphiql-assets``. The page holds no
inline code: ``init.js`` starts GraphiQL and reads its settings from a JSON data block, so the
Content-Security-Policy can allow scripts, styles and requests from this server only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

ASSETS_DIR = Path(__file__).parent / "static" / "graphiql"
ASSETS_PATH = "/graphiql-assets"

STYLES = ("graphiql/graphiql.min.css", "page.css")
SCRIPTS = (
    "react/react.production.min.js",
    "react-dom/react-dom.production.min.js",
    "graphiql/graphiql.min.js",
    "init.js",
)

HEADERS = '{\n  "Authorization": "Bearer "\n}'
"""What the Headers tab starts with: the officer pastes the token after "Bearer "."""

PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Liên thông · GraphiQL</title>
{styles}
</head>
<body>
<div id="graphiql">Đang tải GraphiQL… (Loading GraphiQL…)</div>
<script type="application/json" id="graphiql-config">{config}</script>
{scripts}
</body>
</html>
"""


def graphiql_routes() -> list[BaseRoute]:
    return [Mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="graphiql-assets")]


def graphiql_response(request: Request, default_query: str) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/") + ASSETS_PATH
    styles = "\n".join(f'<link rel="stylesheet" href="{root}/{_versioned(name)}">' for name in STYLES)
    scripts = "\n".join(f'<script src="{root}/{_versioned(name)}"></script>' for name in SCRIPTS)
    style_nonce = secrets.token_urlsafe(16)
    config = _json_for_script(
        {"defaultQuery": default_query, "defaultHeaders": HEADERS, "styleNonce": style_nonce}
    )
    headers = {
        "Content-Security-Policy": _content_security_policy(style_nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "Vary": "Accept",  # /graphql answers this page or JSON by Accept
    }
    return HTMLResponse(PAGE.format(styles=styles, scripts=scripts, config=config), headers=headers)


def _content_security_policy(style_nonce: str) -> str:
    """This server only. Two allowances the bundle needs: its fonts and icons are data: URLs inside
    graphiql.min.css; and its dialogs (Radix via react-remove-scroll) add a <style> element to lock scrolling,
    which init.js tags with this response's nonce, so style-src need not be opened to 'unsafe-inline'."""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{style_nonce}'",
            "connect-src 'self'",
            "font-src 'self' data:",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def _json_for_script(value: object) -> str:
    """JSON that cannot end its <script> block early: '<', '>' and '&' only appear as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


@functools.cache
def _versioned(name: str) -> str:
    """The asset's URL with a content hash, so browsers never keep running a bundle replaced by an upgrade."""
    digest = hashlib.sha256((ASSETS_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{name}?v={digest}"
