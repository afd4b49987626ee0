"""The /graphql endpoint: authenticate, execute through the gate, audit, answer with orjson.

Written on Starlette directly rather than Strawberry's view so that the order around execution is
ours and visible: no token, no execution; no audit record, no data.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response

from graph.audit import AuditUnavailable, now
from graph.auth import Unauthenticated
from graph.context import Context
from graph.gate import PolicyGate
from graph.graphiql import graphiql_response
from graph.present import masked_paths
from graph.service import Service
from graph.viewer import Viewer

log = logging.getLogger("lienthong.http")

DEFAULT_QUERY = """# Liên thông: one view of a foreign worker across agencies.
#
# Every request needs a token. For the demo, print one in a terminal:
#     lienthong token --agency noi_vu
# and paste it into the Headers tab below as
#     {"Authorization": "Bearer <token>", "X-Purpose": "<case number, if a field needs one>"}
# Try other agencies (y_te, cong_an, ubnd_xa --ward …) to see what each may see.
{
  workers(first: 5) {
    nodes {
      fullName
      nationality
      passportNumber
      employer { name taxCode }
      workPermits { permitNumber issuer status validTo }
      visas { symbol validUntil }
      healthCertificates { conclusion conclusionDate }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SUGGESTION = re.compile(r"\s*Did you mean .*?\?$")


def json_response(payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json", headers=headers)


def error_payload(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def wants_html(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


async def read_body(request: Request) -> dict[str, Any]:
    """The GraphQL request parameters; ValueError says what is wrong with them."""
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise ValueError("the body is not valid JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise ValueError("the body must be a JSON object with a 'query' string")
    if not isinstance(body.get("variables") or {}, dict):
        raise ValueError("'variables' must be a JSON object")
    if not isinstance(body.get("operationName") or "", str):
        raise ValueError("'operationName' must be a string")
    return body


def formatted(errors: list[GraphQLError]) -> list[dict[str, Any]]:
    """Errors for the client, without "Did you mean …" hints that would reveal schema names."""
    out = []
    for error in errors:
        entry = error.formatted
        entry["message"] = SUGGESTION.sub("", entry["message"])
        out.append(entry)
    return out


class Exchange:
    """One request's audit record, built up as the request goes and written before the answer."""

    def __init__(self, request: Request) -> None:
        self.record: dict[str, Any] = {
            "at": now(),
            "requestId": request.headers.get("x-request-id") or str(uuid.uuid4()),
            "outcome": "OK",
        }

    def viewer(self, viewer: Viewer) -> None:
        self.record.update(
            sub=viewer.sub, agency=viewer.agency, role=viewer.role, scope=viewer.scope, purpose=viewer.purpose
        )

    def operation(self, body: dict[str, Any]) -> None:
        self.record["operationName"] = body.get("operationName")
        self.record["operationHash"] = hashlib.sha256(body["query"].encode()).hexdigest()

    async def respond(self, service: Service, payload: dict[str, Any], status: int, **headers: str) -> Response:
        self.record["status"] = status
        try:
            await service.audit_append(self.record)
        except AuditUnavailable:
            log.exception("audit store unavailable; refusing to serve request %s", self.record["requestId"])
            return json_response(
                error_payload("The audit trail cannot be written, so no data is served.", "AUDIT_UNAVAILABLE"), 503
            )
        return json_response(payload, status, headers={"X-Request-Id": self.record["requestId"], **headers})


async def graphql_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    if wants_html(request):
        return graphiql_response(request, DEFAULT_QUERY)
    exchange = Exchange(request)
    if request.method != "POST":
        exchange.record["outcome"] = "BAD_REQUEST"
        return await exchange.respond(service, error_payload("send GraphQL requests with POST", "BAD_REQUEST"), 405)
    try:
        viewer = await service.auth.viewer(request.headers.get("authorization"), request.headers.get("x-purpose"))
    except Unauthenticated as refusal:
        exchange.record.update(outcome="UNAUTHENTICATED", reason=str(refusal))
        payload = error_payload(f"Authentication failed: {refusal}", "UNAUTHENTICATED")
        return await exchange.respond(service, payload, 401, **{"WWW-Authenticate": 'Bearer realm="lienthong"'})
    exchange.viewer(viewer)
    try:
        body = await read_body(request)
    except ValueError as error:
        exchange.record["outcome"] = "BAD_REQUEST"
        return await exchange.respond(service, error_payload(str(error), "BAD_REQUEST"), 400)
    exchange.operation(body)
    await service.index.refresh()
    gate = PolicyGate(service.policies, viewer, service.index)
    context = Context(service.sources, service.index, gate)
    result = await service.schema.execute(
        body["query"],
        variable_values=body.get("variables"),
        context_value=context,
        operation_name=body.get("operationName"),
    )
    payload: dict[str, Any] = {"data": result.data}
    extensions: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = formatted(result.errors)
        codes = {e.get("extensions", {}).get("code") for e in payload["errors"]}
        exchange.record["outcome"] = next((c for c in ("FORBIDDEN", "PURPOSE_REQUIRED") if c in codes), "ERRORS")
    masked = masked_paths(result.data)
    if masked:
        extensions["masked"] = masked
    if context.trace.status:
        extensions["sources"] = context.trace.status
    if extensions:
        payload["extensions"] = extensions
    exchange.record.update(
        persons=sorted(context.trace.persons), fields=gate.verdicts, sources=context.trace.status
    )
    return await exchange.respond(service, payload, 200)
