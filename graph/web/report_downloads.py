"""GET /reports/{agency}/{period}.xlsx: an agency's periodic report as the workbook it sends.

The same order as /graphql and the exchange downloads (graph/web/downloads.py): token verified,
rate limit, the report's agency and period checked (only the agency and the recipients the
regulation names may have it), its tables asked as the reader through its policy gate, the audit
record written before the file is sent (503 and no file if it cannot be).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from graph.access.gate import PolicyGate
from graph.exchange.files import FORMATS
from graph.exchange.report_book import file_name, workbook
from graph.web.downloads import STATUS
from graph.web.endpoint import Exchange, admit
from graph.web.reporting import Unreportable, make_report, requested
from graph.web.service import Service


async def report_download(request: Request) -> Response:
    service: Service = request.app.state.service
    exchange = Exchange(request, service)
    return await exchange.guarded(download(request, exchange))


async def download(request: Request, exchange: Exchange) -> Response:
    agency = request.path_params["agency"]
    period, _, kind = request.path_params["file"].rpartition(".")
    if kind != "xlsx":
        return await exchange.refuse(404, "ask for the report as .xlsx", "NOT_FOUND")
    viewer = await admit(request, exchange, navigation=True)
    if isinstance(viewer, Response):
        return viewer
    service = exchange.service
    exchange.record.update(operationName="Report", report={"agency": agency, "period": period})
    try:
        report, within = requested(service, agency, period, viewer.agency)
        gate = PolicyGate(service.policies, viewer, service.index)
        made = await make_report(service, gate, report, within, exchange.record)
    except Unreportable as refusal:
        status = {"NOT_FOUND": 404, **STATUS}.get(refusal.code, 503)
        return await exchange.refuse(status, str(refusal), refusal.code)
    disposition = f'attachment; filename="{file_name(made)}"'
    return await exchange.deliver(
        workbook(made), FORMATS["xlsx"], 200, **{"Content-Disposition": disposition}
    )
