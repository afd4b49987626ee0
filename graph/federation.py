"""The schema as an Apollo Federation v2 subgraph, and how entities are resolved in it.

The subgraph links federation v2.9, the newest version that both Apollo's composition and The
Guild's (Hive Gateway) accept: The Guild's refuses v2.10 and later, so a newer @link would keep the
subgraph out of one of the two gateways (tests/composition composes it with both).

`_entities` is one more entry point, so it goes the same way as `worker` and `employer`: row scope
first (an entity out of scope resolves to null, as one that does not exist), then the loader and the
gate for every field, and the request's audit record lists the workers it touched.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.federation import Schema as FederationSchema
from strawberry.schema.config import StrawberryConfig

from graph.context import Context
from graph.present import View, present, read
from graph.schema import EXTENSIONS, Query, Schema
from graph.selection import selection_of
from graph.types import Employer, Worker
from graph.workers import normal_tax_code

FEDERATION_VERSION = "2.9"


class Subgraph(FederationSchema, Schema):
    """Federation's schema, with our error logging."""


def build_subgraph() -> strawberry.Schema:
    return Subgraph(
        query=Query,
        config=StrawberryConfig(default_resolver=read),
        extensions=EXTENSIONS,
        federation_version=FEDERATION_VERSION,
    )


class Entity(View):
    """A prepared view that can carry `strawberry.cast`'s mark (a plain dict takes no attributes)."""


def entity(kind: type, view: dict[str, Any]) -> dict[str, Any]:
    """A prepared view that federation's `_Entity` union can tell the type of."""
    return strawberry.cast(kind, Entity(view))


async def worker_entity(info: strawberry.Info, worker_id: str) -> dict[str, Any] | None:
    context: Context = info.context
    person = context.index.snapshot.by_id.get(worker_id)
    if person is None or not any(context.gate.visible([person])):
        return None
    selection = selection_of(info, as_type="Worker")
    (raw,) = await context.loader.workers([person], selection)
    return entity(Worker, present(context.gate, selection, raw))


async def employer_entity(info: strawberry.Info, tax_code: str) -> dict[str, Any] | None:
    context: Context = info.context
    context.gate.require_clear(["Employer.taxCode"])
    code = normal_tax_code(tax_code)
    selection = selection_of(info, as_type="Employer")
    found = await context.loader.references("Employer", [code], selection)
    records = found.get(code)
    if not isinstance(records, list) or not records:
        return None
    return entity(Employer, present(context.gate, selection, records[0]))
