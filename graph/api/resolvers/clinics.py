"""The `clinics` query: the Health department's list of clinics (seed 003 Điều 12.4).

A clinic is reached otherwise only through a health certificate that names it, so one that issued
none (newly licensed, or suspended before it examined anyone) could not be found. The list is the
whole register, in licence order; it is small (a city licenses tens of clinics), so it is not paged.
"""

from __future__ import annotations

from strawberry.types import Info

from graph.access.present import Refusal, View, present
from graph.api.context import Context
from graph.api.selection import selection_of


async def clinics(info: Info) -> list[View]:
    context: Context = info.context
    context.gate.require("Query", "clinics")
    context.loader.note_unindexed("HealthFacility")  # a register never read: unknown, not empty
    failure = context.loader.trace.failed.get(("*", "HealthFacility"))
    if failure:
        raise failure.error()
    selection = selection_of(info)
    licences = sorted(context.index.snapshot.references["HealthFacility"])
    found = await context.loader.references("HealthFacility", licences, selection)
    records = []
    for licence in licences:
        held = found.get(licence, [])
        if isinstance(held, Refusal):
            raise held.error()
        records += held
    return [present(context.gate, selection, record) for record in records]
