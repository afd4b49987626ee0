"""The schema as an Apollo Federation v2 subgraph: `_service` and `_entities` beside the plain query.

`_entities` is one more entry point, resolved by each entity type's `resolve_reference`
(graph/api/resolvers/entities.py) the same way as `worker` and `employer`.
"""

from __future__ import annotations

import strawberry
from strawberry.federation import Schema as FederationSchema
from strawberry.schema.config import StrawberryConfig

from graph.access.present import read
from graph.api.schema import EXTENSIONS, Query, Schema


class Subgraph(FederationSchema, Schema):
    """Federation's schema, with our error logging, printed with its @key directives."""

    def as_str(self) -> str:
        return strawberry.Schema.as_str(self)


def build_subgraph() -> strawberry.Schema:
    return Subgraph(query=Query, config=StrawberryConfig(default_resolver=read), extensions=EXTENSIONS)
