"""GraphQL over HTTP: which media type to answer in, and the request parameters of a request.

Follows the GraphQL-over-HTTP specification: `application/graphql-response+json` when the client
accepts it (request errors then get a 4xx status and no `data`), `application/json` for older
clients (always 200 for a well-formed request), 406 for neither. A request that is not well-formed
(no JSON object, a parameter of the wrong type, no `query` nor a persisted operation's id) is a 400
whatever the media type. GET carries only persisted operations, and never a mutation (refused once
the operation is known, graph/web/endpoint.py); a JSON array body is a batch, refused unless batching
is configured.
"""

from __future__ import annotations

import asyncio
from typing import Any

import mimeparse
import orjson
from starlette.requests import ClientDisconnect, Request

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, code: str = "BAD_REQUEST", **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers


NAMED = 110
"""mimeparse's fitness of a range naming the type and subtype, no wildcard."""


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None if we can give none it accepts.

    Each type takes the q-value of the most specific range matching it (RFC 9110 §12.5.1; q=0 is
    "not this"), and the higher wins. Of two equally acceptable, graphql-response+json if the client
    named it, else application/json: a wildcard alone is an older client's, and the specification's
    default for it is JSON. Ranges that do not parse are ignored."""
    if not accept:
        return JSON
    ranges = [parsed for part in accept.lower().split(",") if (parsed := media_range(part))]
    graphql_q, graphql_fit = mimeparse.quality_and_fitness_parsed(GRAPHQL_RESPONSE, ranges)
    json_q, _ = mimeparse.quality_and_fitness_parsed(JSON, ranges)
    if graphql_q == json_q == 0:
        return None
    if graphql_q > json_q or (graphql_q == json_q and graphql_fit >= NAMED):
        return GRAPHQL_RESPONSE
    return JSON


def media_range(text: str) -> tuple[str, str, dict[str, str]] | None:
    try:
        return mimeparse.parse_media_range(text)
    except mimeparse.MimeTypeParseException:
        return None


async def read_params(
    request: Request, max_body_bytes: int, body_read_seconds: float, batch: bool, max_batch: int
) -> list[dict[str, Any]]:
    """The parameters of each operation in the request (one, unless a permitted batch)."""
    if request.method == "GET":
        return [get_params(request)]
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise ProtocolError(415, "send a JSON body with Content-Type: application/json")
    try:
        data = orjson.loads(await read_body(request, max_body_bytes, body_read_seconds))
    except orjson.JSONDecodeError:
        raise ProtocolError(400, "the body is not valid JSON") from None
    if isinstance(data, list):
        if not batch:
            raise ProtocolError(400, "batched requests are not enabled on this server")
        if not data or len(data) > max_batch:
            raise ProtocolError(400, f"a batch holds 1 to {max_batch} operations")
        return [checked(item) for item in data]
    return [checked(data)]


async def read_body(request: Request, max_bytes: int, seconds: float) -> bytes:
    """The whole body, within `seconds`: a client that stops sending must not hold a connection (and
    a slot) for ever. The 408 closes the connection, since the rest of the body may never come; a
    client gone mid-body is reported too (CLIENT_DISCONNECTED, 499), so that it is audited like any
    other request although no answer can reach it."""
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_bytes:
                    raise ProtocolError(
                        413, f"the request body is larger than {max_bytes:,} bytes", "QUERY_TOO_COMPLEX"
                    )
    except TimeoutError:
        message = f"the request body did not arrive within {seconds:g} s"
        raise ProtocolError(408, message, "REQUEST_TIMEOUT", Connection="close") from None
    except ClientDisconnect:
        message = "the client closed the connection before sending the whole body"
        raise ProtocolError(499, message, "CLIENT_DISCONNECTED") from None
    return bytes(body)


def get_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    for name in ("variables", "extensions"):
        if name in params:
            try:
                params[name] = orjson.loads(params[name])
            except orjson.JSONDecodeError:
                raise ProtocolError(400, f"'{name}' must be JSON") from None
    return checked(params)


PARAMETERS = (
    ("query", str),
    ("operationName", str),
    ("documentId", str),
    ("variables", dict),
    ("extensions", dict),
)
"""Each request parameter's JSON type; anything else is refused before it is used."""


def checked(params: Any) -> dict[str, Any]:
    """The parameters of a well-formed request: typed as PARAMETERS says, and naming a document."""
    if not isinstance(params, dict):
        raise ProtocolError(400, "each request must be a JSON object")
    for name, kind in PARAMETERS:
        if params.get(name) is not None and not isinstance(params[name], kind):
            raise ProtocolError(400, f"'{name}' must be a {'string' if kind is str else 'JSON object'}")
    persisted = (params.get("extensions") or {}).get("persistedQuery")
    if params.get("query") is None and params.get("documentId") is None and not isinstance(persisted, dict):
        raise ProtocolError(400, "send 'query', 'documentId' or a persistedQuery hash")
    return params
