"""`Employer.contractorReports`: a foreign contractor's foreign headcount, declared to Sở Xây dựng
and actual, quarter by quarter (seed 003 Điều 16.2: "số lượng người lao động nước ngoài dự kiến và
thực tế").

The actual headcount is the workers holding a permit or exemption in force for the contractor on the
quarter's last day (today, for the quarter under way), among those the viewer may know of, and only
for a viewer who sees in clear what says a permit is in force. It is counted once per request and
day, however many contractors a page shows: a request scans the index at most once per quarter
declared, so the field is not priced as a scan per parent (graph/web/limits.py SCANS).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.types import Info

from graph.access.present import FORBIDDEN, RAW, Refusal, View, present, read
from graph.api.context import Context
from graph.api.selection import selection_of
from graph.common.selection import Selection
from graph.common.timezone import today
from graph.rules.reconciliation import AUTHORISED_BY_EMPLOYER, authorised_counts

DECLARED = ("employerTaxCode", "quarter", "declaredForeignHeadcount")


def quarter_end(quarter: str) -> date | None:
    """2026-Q4 → 31/12/2026; None for a quarter not written so."""
    year, _, number = quarter.partition("-Q")
    if not (year.isdigit() and number in ("1", "2", "3", "4")):
        return None
    month = 3 * int(number)
    return date(int(year), month, 31 if month in (3, 12) else 30)


async def contractor_reports(info: Info, employer: View) -> list[View]:
    context: Context = info.context
    read(employer, "contractorReports")  # raises the gate's refusal of Employer.contractorReports
    code = employer[RAW].get("taxCode") or ""
    selection = selection_of(info)
    wanted = Selection("ContractorDeclaration", {name: Selection("") for name in DECLARED})
    shown = selection.get("declarations")
    if shown is not None:
        wanted.merge(shown)
    found = (await context.loader.references("ContractorDeclaration", [code], wanted)).get(code, [])
    if isinstance(found, Refusal):
        raise found.error()
    quarters: dict[str, list[dict[str, Any]]] = {}
    for record in found:
        quarters.setdefault(record.get("quarter") or "", []).append(record)
    reports = []
    for quarter, records in sorted(quarters.items()):
        end = quarter_end(quarter)
        reports.append(
            {
                "employerTaxCode": code,
                "quarter": quarter,
                "declarations": sorted(records, key=lambda r: r["sourceRecordId"]),
                "declaredForeignHeadcount": sum(r.get("declaredForeignHeadcount") or 0 for r in records),
                "actualForeignHeadcount": actual(context, code, end),
            }
        )
    await context.loader.resolve_references([(reports, selection)])
    return [present(context.gate, selection, report) for report in reports]


def actual(context: Context, code: str, end: date | None) -> int | Refusal | None:
    if context.gate.hidden(AUTHORISED_BY_EMPLOYER):
        return FORBIDDEN
    if end is None:
        return None
    day = min(end, today())
    if day not in context.headcounts:
        visible = context.gate.visible(context.index.snapshot.ordered)
        context.headcounts[day] = authorised_counts(visible, day)
    return context.headcounts[day].get(code, 0)
