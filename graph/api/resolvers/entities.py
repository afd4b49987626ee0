"""Federation's `_entities`: a gateway's reference to a worker or an employer, resolved.

It is one more entry point, so it goes the same way as `worker` and `employer`: row scope first (an
entity out of scope resolves to null, as one that does not exist), then the loader and the gate for
every field, and the request's audit record lists the workers it touched. The entity types mark the
views with `strawberry.cast` (graph/api/types.py) so that federation's `_Entity` union can tell them.
"""

from __future__ import annotations

import strawberry

from graph.access.present import View, present
from graph.api.context import Context
from graph.api.inputs import normal_tax_code
from graph.api.selection import selection_of


class Entity(View):
    """A prepared view that can carry `strawberry.cast`'s mark (a plain dict takes no attributes)."""


async def worker_entity(info: strawberry.Info, worker_id: str) -> Entity | None:
    context: Context = info.context
    person = context.index.snapshot.by_id.get(worker_id)
    if person is None or not any(context.gate.visible([person])):
        return None
    selection = selection_of(info, as_type="Worker")
    (raw,) = await context.loader.workers([person], selection)
    return Entity(present(context.gate, selection, raw))


async def employer_entity(info: strawberry.Info, tax_code: str) -> Entity | None:
    context: Context = info.context
    context.gate.require_clear(["Employer.taxCode"])
    code = normal_tax_code(tax_code)
    selection = selection_of(info, as_type="Employer")
    found = await context.loader.references("Employer", [code], selection)
    records = found.get(code)
    if not isinstance(records, list) or not records:
        return None
    return Entity(present(context.gate, selection, records[0]))
