"""GET /exchange/{agency}/{month}.csv|.xlsx: a monthly exchange list as the file agencies e-mail.

The same order as /graphql (graph/web/endpoint.py): token (or the console's session, from a link
followed in the console: graph/web/sessions.py) verified, rate limit, the list's document through
the viewer's policy gate, audit record written before the file is sent (503 and no file if it
cannot be).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import ExecutionResult

from graph.access.gate import PolicyGate
from graph.exchange.files import DOCUMENT, FORMATS, render, sheet
from graph.web.endpoint import Exchange, admit, formatted
from graph.web.service import Service

STATUS = {"BAD_USER_INPUT": 400, "FORBIDDEN": 403, "PURPOSE_REQUIRED": 403}
"""HTTP status for a list that could not be made, by error code; any other is a source's failure."""


async def exchange_download(request: Request) -> Response:
    service: Service = request.app.state.service
    exchange = Exchange(request, service)
    return await exchange.guarded(download(request, exchange))


async def download(request: Request, exchange: Exchange) -> Response:
    service = exchange.service
    agency = request.path_params["agency"]
    month, _, kind = request.path_params["file"].rpartition(".")
    if kind not in FORMATS:
        return await exchange.refuse(404, "ask for the list as .csv or .xlsx", "NOT_FOUND")
    viewer = await admit(request, exchange, navigation=True)
    if isinstance(viewer, Response):
        return viewer
    gate = PolicyGate(service.policies, viewer, service.index)
    result = await fetch_list(service, gate, agency, month, exchange.record)
    data = (result.data or {}).get("exchangeList")
    if data is None:
        errors = formatted(result.errors or [])
        code = errors[0].get("extensions", {}).get("code", "INTERNAL") if errors else "INTERNAL"
        exchange.record["outcome"] = code
        return await exchange.respond({"errors": errors}, STATUS.get(code, 503))
    table = sheet(data, gate.verdicts)
    headers = {
        "Content-Disposition": f'attachment; filename="{data["agency"]}_{data["month"]}.{kind}"',
        "X-Withheld": ", ".join(table.withheld),
    }
    return await exchange.deliver(render(table, kind), FORMATS[kind], 200, **headers)


async def fetch_list(
    service: Service, gate: PolicyGate, agency: str, month: str, record: dict[str, Any]
) -> ExecutionResult:
    """Run the list's document as the gate's viewer; note in the audit `record` what it showed."""
    await service.index.refresh()
    result, context = await service.execute(DOCUMENT, gate, {"agency": agency, "month": month})
    record.update(operationName="ExchangeList", fields=gate.verdicts, sources=dict(context.trace.status))
    record["persons"] = sorted(context.trace.persons)
    return result
