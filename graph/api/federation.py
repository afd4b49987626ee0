"""The schema as an Apollo Federation v2 subgraph: `_service` and `_entities` beside the plain query.

The subgraph links federation v2.9, the newest version that both Apollo's composition and The
Guild's (Hive Gateway) accept: The Guild's refuses v2.10 and later, so a newer @link would keep the
subgraph out of one of the two gateways (tests/composition composes it with both).

`_entities` is one more entry point, resolved by each entity type's `resolve_reference`
(graph/api/resolvers/entities.py) the same way as `worker` and `employer`.
"""

from __future__ import annotations

from typing import Final

import strawberry
from strawberry.federation import Schema as FederationSchema
from strawberry.schema.config import StrawberryConfig

from graph.access.present import read
from graph.api.schema import EXTENSIONS, Mutation, Query, Schema

FEDERATION_VERSION: Final = "2.9"


class Subgraph(FederationSchema, Schema):
    """Federation's schema, with our error logging."""


def build_subgraph() -> strawberry.Schema:
    return Subgraph(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(default_resolver=read),
        extensions=EXTENSIONS,
        federation_version=FEDERATION_VERSION,
    )
