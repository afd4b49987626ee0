"""The /graphql endpoint: the order of a request, visible in one place.

admit within this process's capacity → authenticate → rate limit → read parameters → resolve
persisted queries → check limits → execute through the policy gate → audit → answer. No token,
nothing runs; no audit record, no data. Written on Starlette directly rather than Strawberry's view
so that this order is ours to keep and test.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import uuid
from collections.abc import Coroutine
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLFormattedError, OperationType
from starlette.requests import Request
from starlette.responses import Response

from graph.access.audit import AuditUnavailable, now
from graph.access.auth import Unauthenticated
from graph.access.gate import PolicyGate
from graph.access.policy import ScopeError
from graph.access.present import masked_paths
from graph.access.viewer import Viewer
from graph.web.graphiql import graphiql_response
from graph.web.limits import NoSuchOperation, TooComplex, check
from graph.web.logs import bind_request_id
from graph.web.persisted import PersistedQueryError
from graph.web.protocol import GRAPHQL_RESPONSE, JSON, ProtocolError, negotiate, read_params
from graph.web.service import Service
from graph.web.sessions import has_session, session_viewer

log = logging.getLogger("lienthong.http")

DEFAULT_QUERY = """# Liên thông: one view of each
# foreign worker's records
# across agencies.
#
# Every request needs a token.
# For the demo, in a terminal:
#   lienthong token --agency X
# (X: noi_vu, y_te, cong_an…;
# ubnd_xa also needs --ward W)
# Paste it after "Bearer " in
# the Headers tab below: Docs
# then loads the schema. Some
# fields need a purpose too:
#   "X-Purpose": "<case no.>"
# Each agency sees its fields.
{
  workers(first: 5) {
    nodes {
      fullName
      nationality
      passportNumber
      employer { name taxCode }
      workPermits {
        permitNumber issuer
        status validTo
      }
      visas {
        symbol validUntil
      }
      healthCertificates {
        conclusion
        conclusionDate
      }
    }
    pageInfo {
      hasNextPage endCursor
    }
  }
}
"""
"""Lines short enough for the query editor beside the Docs panel in a 1280-pixel window."""
PRIVATE = {"Cache-Control": "no-store", "Vary": "Accept, Authorization, Cookie, X-Purpose"}
"""On every answer, refusals included: it depends on who asks and why, so no cache may keep or reuse it."""
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
"""graphql-core's hint, wherever it sits in a message: schema names never contain "?"."""


class RequestError(Exception):
    """The request cannot be executed: no `data` in the answer, and a 4xx where the media type allows."""

    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def wants_html(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def error_payload(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def formatted(errors: list[GraphQLError], executed: bool = True) -> list[GraphQLFormattedError]:
    """Errors for the client, without "Did you mean …" hints that would reveal schema names, each
    with a code (graph/api/errors.py): graphql-core gives none to a document that does not fit the
    schema (GRAPHQL_VALIDATION_FAILED) or to variables that do not fit their types, the only errors
    of an executed request without a path (BAD_USER_INPUT)."""
    out = []
    for error in errors:
        entry = error.formatted
        entry["message"] = SUGGESTION.sub("", entry["message"])
        if not executed:
            entry["extensions"] = {"code": "GRAPHQL_VALIDATION_FAILED", **entry.get("extensions", {})}
        elif "path" not in entry:
            entry["extensions"] = {"code": "BAD_USER_INPUT", **entry.get("extensions", {})}
        out.append(entry)
    return out


class Exchange:
    """One HTTP request: its audit record, built up as it goes and written before the answer."""

    def __init__(self, request: Request, service: Service) -> None:
        self.service = service
        self.started = time.monotonic()
        self.media = JSON
        self.record: dict[str, Any] = {
            "at": now(),
            "requestId": bind_request_id(request.headers.get("x-request-id") or str(uuid.uuid4())),
            "outcome": "OK",
            "persons": [],
            "fields": {},
            "sources": {},
        }

    def viewer(self, viewer: Viewer) -> None:
        self.record.update(
            sub=viewer.sub, agency=viewer.agency, role=viewer.role, scope=viewer.scope, purpose=viewer.purpose
        )

    async def guarded(self, answer: Coroutine[Any, Any, Response]) -> Response:
        """The answer, run in one of this process's turns; a 503 at once when there is none, before
        the token is even verified (graph/web/admission.py); or, for a fault of ours, a 500. Refusals
        are audited like any answer, so that no request, however it ends, goes unrecorded."""
        admission = self.service.admission
        async with admission.turn() as admitted:
            if not admitted:
                answer.close()
                retry = f"{math.ceil(admission.wait_seconds)}"
                message = "The server is at capacity: try again shortly"
                return await self.refuse(503, message, "OVERLOADED", **{"Retry-After": retry})
            try:
                return await answer
            except Exception:
                log.exception("request %s failed", self.record["requestId"])
                message = f"Internal error; the request is recorded as {self.record['requestId']}"
                return await self.refuse(500, message, "INTERNAL_SERVER_ERROR")

    async def refuse(self, status: int, message: str, code: str, **headers: str) -> Response:
        self.record["outcome"] = code
        return await self.respond(error_payload(message, code), status, **headers)

    async def respond(self, payload: Any, status: int, **headers: str) -> Response:
        return await self.deliver(orjson.dumps(payload), self.media, status, **headers)

    async def deliver(self, body: bytes, media: str, status: int, **headers: str) -> Response:
        """Audit, then answer; if the audit record cannot be written, 503 and nothing else."""
        self.record["status"] = status
        service = self.service
        service.metrics.requests.labels(self.record["outcome"]).inc()
        service.metrics.latency.observe(time.monotonic() - self.started)
        try:
            await service.audit_append(self.record)
        except AuditUnavailable:
            log.exception("audit store unavailable; refusing request %s", self.record["requestId"])
            payload = error_payload(
                "The audit trail cannot be written, so no data is served.", "AUDIT_UNAVAILABLE"
            )
            body, media, status, headers = orjson.dumps(payload), self.media, 503, {}
        log.info(
            "graphql request",
            extra={k: self.record.get(k) for k in ("requestId", "sub", "agency", "outcome", "status")},
        )
        headers = {"X-Request-Id": self.record["requestId"], **PRIVATE, **headers}
        return Response(body, status_code=status, media_type=media, headers=headers)


async def admit(request: Request, exchange: Exchange, navigation: bool = False) -> Viewer | Response:
    """The viewer a request's token names, or the console session's officer (graph/web/sessions.py;
    a bearer token, when sent, is the only credential looked at), or the refusal to send: no token,
    no data. `navigation`: a link followed, a download. A ward or sector its agency's policy does
    not list is refused here too, for every entry point."""
    service = exchange.service
    authorization, purpose = request.headers.get("authorization"), request.headers.get("x-purpose")
    try:
        if authorization or not has_session(request):
            viewer = await service.auth.viewer(authorization, purpose)
        else:
            viewer = await session_viewer(request, purpose, navigation)
        exchange.viewer(viewer)
        service.policies.check_scope(viewer)
    except (Unauthenticated, ScopeError) as refusal:
        exchange.record["reason"] = str(refusal)
        headers = {"WWW-Authenticate": 'Bearer realm="lienthong"'}
        return await exchange.refuse(401, f"Authentication failed: {refusal}", "UNAUTHENTICATED", **headers)
    wait = await service.rates.admit(viewer.sub)
    if wait is not None:
        return await exchange.refuse(
            429, "Too many requests: slow down", "RATE_LIMITED", **{"Retry-After": f"{wait:.0f}"}
        )
    return viewer


async def graphql_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    if wants_html(request):
        return graphiql_response(request, DEFAULT_QUERY)
    exchange = Exchange(request, service)
    return await exchange.guarded(answer(request, exchange))


async def answer(request: Request, exchange: Exchange) -> Response:
    service = exchange.service
    media = negotiate(request.headers.get("accept"))
    if media is None:
        return await exchange.refuse(406, f"accept {GRAPHQL_RESPONSE} or {JSON}", "NOT_ACCEPTABLE")
    exchange.media = media
    viewer = await admit(request, exchange)
    if isinstance(viewer, Response):
        return viewer
    try:
        settings = service.settings
        operations = await read_params(
            request, settings.max_body_bytes, settings.body_read_seconds, settings.batch, settings.max_batch
        )
    except ProtocolError as error:
        return await exchange.refuse(error.status, str(error), error.code, **error.headers)
    await service.index.refresh()
    gate = PolicyGate(service.policies, viewer, service.index)
    results, statuses = [], []
    for params in operations:
        result, status = await run(service, request, gate, params, exchange)
        results.append(result)
        statuses.append(status)
    exchange.record["fields"] = gate.verdicts
    for verdict in gate.verdicts.values():
        if verdict not in ("allow", "mask"):
            service.metrics.denials.labels(viewer.agency, verdict).inc()
    wait = await service.rates.touch(viewer.sub, set(exchange.record["persons"]))
    if wait is not None:
        message = "Too many different workers looked up: slow down"
        return await exchange.refuse(429, message, "RATE_LIMITED", **{"Retry-After": f"{wait:.0f}"})
    if len(operations) == 1:
        return await exchange.respond(results[0], statuses[0])
    return await exchange.respond(results, 200)


async def run(
    service: Service, request: Request, gate: PolicyGate, params: dict[str, Any], exchange: Exchange
) -> tuple[dict[str, Any], int]:
    """Execute one operation; (payload, HTTP status) as the negotiated media type wants them."""
    try:
        query = resolve_query(service, request, gate.viewer, params)
        exchange.record["operationName"] = params.get("operationName")
        exchange.record["operationHash"] = hashlib.sha256(query.encode()).hexdigest()
        try:
            chosen = check(
                query, params.get("operationName"), params.get("variables"), service.settings.limits
            )
        except TooComplex as error:
            raise RequestError(str(error), "QUERY_TOO_COMPLEX") from None
        except NoSuchOperation as error:
            raise RequestError(str(error), "OPERATION_RESOLUTION_FAILURE") from None
        except GraphQLError as error:
            raise RequestError(error.message, "GRAPHQL_PARSE_FAILED") from None
        if request.method == "GET" and chosen.operation == OperationType.MUTATION:
            raise RequestError("a mutation changes things: POST it", "BAD_REQUEST", 405)
        service.persisted.register(params, gate.viewer)
    except RequestError as error:
        exchange.record["outcome"] = error.code
        return error_payload(str(error), error.code), request_status(exchange.media, error.status)
    result, context = await service.execute(
        query, gate, params.get("variables"), params.get("operationName"), exchange.record["requestId"]
    )
    exchange.record["persons"] = sorted(set(exchange.record["persons"]) | context.trace.persons)
    exchange.record["sources"].update(context.trace.status)
    if context.statistics:  # what was counted, by what: the dimensions, not the workers
        exchange.record.setdefault("statistics", []).extend(context.statistics)
    errors = formatted(result.errors or [], context.executed)
    if not context.executed:
        exchange.record["outcome"] = "GRAPHQL_VALIDATION_FAILED"
        return {"errors": errors}, request_status(exchange.media, 400)
    payload: dict[str, Any] = {"data": result.data}
    if errors:
        payload["errors"] = errors
        codes = {e.get("extensions", {}).get("code") for e in errors}
        refused = next((c for c in ("FORBIDDEN", "PURPOSE_REQUIRED") if c in codes), None)
        exchange.record["outcome"] = refused or exchange.record["outcome"]
    extensions: dict[str, Any] = {}
    masked = masked_paths(result.data)
    if masked:
        extensions["masked"] = masked
    if context.trace.status:
        extensions["sources"] = dict(sorted(context.trace.status.items()))
    if extensions:
        payload["extensions"] = extensions
    return payload, 200


def resolve_query(service: Service, request: Request, viewer: Viewer, params: dict[str, Any]) -> str:
    """The document to run; a GET carrying a query is refused before it can register anything."""
    if request.method == "GET" and params.get("query") is not None:
        raise RequestError("GET is only for persisted operations: POST the query", "BAD_REQUEST", 405)
    try:
        query = service.persisted.resolve(params, viewer)
    except PersistedQueryError as error:
        raise RequestError(str(error), error.code) from None
    return query


def request_status(media: str, status: int) -> int:
    """GraphQL-over-HTTP: 4xx for request errors with graphql-response+json; 200 for legacy JSON."""
    return status if media == GRAPHQL_RESPONSE else 200
