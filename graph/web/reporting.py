"""Making a periodic report as one reader may see it, for the download, the CLI and delivery.

Each table is the reader's own `statistics` question run through `Service.execute` with its gate,
one at a time (each is a city-wide scan, and a report has a fixed handful), so a report can never
show more than the reader could ask for, suppressed exactly as `statistics` suppresses for it. An
institutions list pages through the workers the reader may list and keeps the distinct employers of
the report's sectors: no count of its own. The audit record names every question and every worker
whose employer was read, as a request would.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.access.gate import PolicyGate
from graph.common.timezone import LOCAL
from graph.exchange.report_book import INSTITUTIONS, STATISTICS, Counted, Made
from graph.exchange.reports import REPORTS, Report
from graph.exchange.window import BadPeriod, Period
from graph.web.endpoint import formatted
from graph.web.service import Service


class Unreportable(Exception):
    """No such report, a period not written as one, or a reader the regulation does not send it to;
    `code` is the error code a request gets."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def requested(service: Service, agency: str, text: str, reader: str) -> tuple[Report, Period]:
    """The report and period asked for, refused unless `reader` is its agency or a recipient the
    regulation names (every table is still only what the reader's own policy lets it count)."""
    report = REPORTS.get(agency)
    if report is None:
        raise Unreportable(f"{agency!r} owes no report; reports come from {', '.join(REPORTS)}", "NOT_FOUND")
    try:
        period = service.settings.exchange.period(agency, text)
    except BadPeriod as error:
        raise Unreportable(str(error), "BAD_USER_INPUT") from None
    if reader != agency and reader not in report.recipients:
        raise Unreportable(f"{agency}'s report is sent only to {agency} and its recipients", "FORBIDDEN")
    return report, period


async def make_report(
    service: Service, gate: PolicyGate, report: Report, period: Period, record: dict[str, Any]
) -> Made:
    """The report as the gate's viewer may see it; its questions, fields, sources and the workers
    it read are noted in the audit `record`."""
    await service.index.refresh()
    made = Made(report, period, gate.viewer.agency, datetime.now(LOCAL))
    persons: set[str] = set()
    record.update(operationName="Report", report={"agency": report.agency, "period": period.label})
    for table in report.tables:
        variables = {"unit": table.unit, "groupBy": list(table.group_by), "at": period.end.isoformat()}
        if table.issued_in_period:
            variables.update({"from": period.start.isoformat(), "to": period.end.isoformat()})
        result, context = await service.execute(STATISTICS, gate, variables)
        record.setdefault("statistics", []).extend(context.statistics)
        record["sources"] = {**record.get("sources", {}), **context.trace.status}
        answer = (result.data or {}).get("statistics")
        refused = None if answer else formatted(result.errors or [])[0]
        if refused and code(refused) not in REFUSALS:  # a source failing: no report, not a gap
            raise Unreportable(f"{table.title}: {refused['message']}", code(refused))
        made.tables.append(Counted(table, answer, refused["message"] if refused else None))
    if report.institutions:
        made.institutions = await institutions(service, gate, report.institutions, record, persons)
    record.update(fields=gate.verdicts, persons=sorted(persons))
    return made


REFUSALS = ("FORBIDDEN", "PURPOSE_REQUIRED", "BAD_USER_INPUT")
"""Why a table is left out of a report, named, rather than the report failing: the reader's policy."""


def code(error: Any) -> str:
    return str(error.get("extensions", {}).get("code", "INTERNAL"))


async def institutions(
    service: Service, gate: PolicyGate, sectors: tuple[str, ...], record: dict[str, Any], persons: set[str]
) -> list[dict[str, Any]]:
    """The distinct employers in `sectors` of the workers the viewer may list, by tax code."""
    found: dict[str, dict[str, Any]] = {}
    after = None
    while True:
        result, context = await service.execute(INSTITUTIONS, gate, {"after": after})
        persons.update(context.trace.persons)
        record["sources"] = {**record.get("sources", {}), **context.trace.status}
        page = (result.data or {}).get("workers")
        if page is None:
            error = formatted(result.errors or [])[0]
            raise Unreportable(f"the institutions cannot be listed: {error['message']}", code(error))
        for node in page["nodes"]:
            employer = node.get("employer")
            if employer and employer.get("sector") in sectors and employer.get("taxCode"):
                found.setdefault(employer["taxCode"], employer)
        if not page["pageInfo"]["hasNextPage"]:
            return sorted(found.values(), key=lambda e: e["taxCode"])
        after = page["pageInfo"]["endCursor"]
