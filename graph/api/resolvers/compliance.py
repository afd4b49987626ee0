"""`Worker.compliance`: the worker's dossier, loaded once per request for the whole page, judged by
the rules of docs/domain.md §4 (graph/rules/compliance.py)."""

from __future__ import annotations

from datetime import date

from strawberry.types import Info

from graph.access.present import RAW, View, present, read
from graph.api.selection import selection_of
from graph.common.timezone import today
from graph.rules.compliance import report


async def worker_compliance(info: Info, worker: View, at: date | None) -> View | None:
    read(worker, "compliance")  # raises the gate's refusal of Worker.compliance, if it refused
    context = info.context
    dossier = await context.dossiers.load(worker[RAW]["id"])
    if dossier is None:
        return None
    return present(context.gate, selection_of(info), report(dossier, at or today()))
