"""PLACEHOLDER until the vendored GraphiQL lands (helper-2 replaces this file)."""

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute


def graphiql_routes() -> list[BaseRoute]:
    return []


def graphiql_response(request: Request, default_query: str) -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>GraphiQL</title>")
