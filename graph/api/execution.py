"""Executing a document: a View's leaf fields read straight from it, every other field as usual.

Nearly every field of a response is a leaf (a name, a date, a status) of a View that `present` has
already decided field by field (graph/access/present.py). graphql-core executes each one as it
would any field: it builds a resolve info of fourteen parts, calls Strawberry's wrapper around the
schema's default resolver (`read`), checks twice whether the answer is awaitable and dispatches on
the field's type — most of the time a page of workers spends in execution (bench/run.py (b)).

For a field that Strawberry itself would serve with `read` (no resolver, no arguments, no
permission or extension) and whose type is a scalar or an enum, this context does what `read` and
graphql-core's completion do, in one step: the prepared value, the refusal's error at the same
path, the same null check and the same output coercion. Anything else — a parent that is not a View,
a list, an object, a field with arguments — goes through graphql-core unchanged. The gate decides
exactly as before: only Views are read, and a Refusal is raised, never served.
tests/test_execution.py runs the same requests through both and compares whole answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.access.present import Refusal, View

DEFINITION = "strawberry-definition"  # where Strawberry keeps a field's definition on the GraphQL field


class ViewExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        if type(source) is View:
            field_node = field_details_list[0].node
            leaf = None if field_node.arguments else direct_leaves(parent_type).get(field_node.name.value)
            if leaf is not None:
                try:
                    return complete(source.get(leaf.key), leaf, parent_type, field_node.name.value)
                except Exception as raw_error:  # noqa: BLE001  # as graphql-core: any error is the field's
                    self.handle_field_error(raw_error, leaf.declared, field_details_list, path)
                    return None
        return super().execute_field(parent_type, source, field_details_list, path, position_context)


@dataclass(frozen=True)
class Leaf:
    """A field served by the default resolver alone, of a scalar or enum type."""

    key: str  # the View's key: Strawberry's python name, which it hands `read`
    declared: GraphQLOutputType
    type: GraphQLLeafType
    required: bool


def complete(value: Any, leaf: Leaf, parent: GraphQLObjectType, field: str) -> Any:
    """`read` then graphql-core's completion of a leaf, with the same errors."""
    if isinstance(value, Refusal):
        raise value.error()
    if value is None or value is Undefined:
        if leaf.required:
            raise TypeError(f"Cannot return null for non-nullable field {parent}.{field}.")
        return None
    return StrawberryGraphQLCoreExecutionContext.complete_leaf_value(leaf.type, value)


@cache
def direct_leaves(parent_type: GraphQLObjectType) -> dict[str, Leaf]:
    """The type's fields that Strawberry would serve with the default resolver alone (no resolver,
    arguments, permissions or extensions) and whose type is a scalar or an enum, by name."""
    leaves = {}
    for name, field_def in parent_type.fields.items():
        definition = (field_def.extensions or {}).get(DEFINITION)
        if definition is None or field_def.args or not definition.is_basic_field:
            continue
        required = isinstance(field_def.type, GraphQLNonNull)
        named = field_def.type.of_type if required else field_def.type
        if is_leaf_type(named):
            leaves[name] = Leaf(definition.python_name, field_def.type, named, required)
    return leaves
