"""A query asking for every field of the schema below Worker, and a walk of its answer by coordinate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLObjectType, get_named_type

from graph.api.schema import schema

SKIP = {("Employer", "workers"), ("Worker", "compliance")}
"""Fields with arguments of their own; each entry point is tested on its own."""


def selection(type_name: str, depth: int = 0) -> str:
    kind = schema._schema.type_map[type_name]
    assert isinstance(kind, GraphQLObjectType)
    parts = []
    for name, field in kind.fields.items():
        if (type_name, name) in SKIP:
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth < 2:
                parts.append(f"{name} {{ {selection(inner.name, depth + 1)} }}")
        else:
            parts.append(name)
    return " ".join(parts)


def walk(type_name: str, value: Any, path: tuple = ()) -> Iterator[tuple[str, tuple, Any]]:
    """(coordinate, response path, value) for every field in an answer of `type_name`."""
    kind = schema._schema.type_map[type_name]
    if not isinstance(value, dict):
        return
    for name, inner_value in value.items():
        coordinate = f"{type_name}.{name}"
        yield coordinate, (*path, name), inner_value
        inner = get_named_type(kind.fields[name].type)
        if isinstance(inner, GraphQLObjectType):
            items = inner_value if isinstance(inner_value, list) else [inner_value]
            for index, item in enumerate(items):
                item_path = (*path, name, index) if isinstance(inner_value, list) else (*path, name)
                yield from walk(inner.name, item, item_path)


WORKERS = "query Everything($first: Int) { workers(first: $first) { nodes { %s } } }" % selection("Worker")
