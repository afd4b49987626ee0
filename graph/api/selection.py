"""The Selection (graph/common/selection.py) below the field being resolved, read from the document:
field names and their types, fragments and aliases merged.

Both the fetch plan (which sources, which columns) and the presentation of values (where every
field passes the gate) walk this one tree. Aliases and fragments collapse onto the field they name,
so asking for the same field twice, under another name or through a fragment, is still that field.
A field, fragment or spread that `@skip`/`@include` leaves out is not in the tree: it is neither
fetched nor presented, so the audit record does not list it as shown.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast,
)
from strawberry.types import Info

from graph.common.selection import Selection


def selection_of(info: Info, as_type: str | None = None) -> Selection:
    """The selection below the field being resolved (Strawberry keeps graphql-core's info inside).

    `as_type` narrows a field of abstract type (federation's `_entities`) to one object type: only
    the fragments on that type count.
    """
    raw: GraphQLResolveInfo = info._raw_info
    # Strawberry hands resolvers the coerced variables, a dict, where graphql-core's own info (and
    # so its type) holds a VariableValues (strawberry/schema/schema.py, build_resolve_info).
    variables: dict[str, Any] = raw.variable_values  # type: ignore[assignment]
    root = Selection(as_type or get_named_type(raw.return_type).name)
    for node in raw.field_nodes:
        if node.selection_set:
            root.merge(_collect(raw.schema, root.type, node.selection_set, raw.fragments, variables))
    return root


def included(node: SelectionNode, variables: dict[str, Any]) -> bool:
    """Whether `@skip`/`@include` keep this node, as execution will. Read here: graphql-core's
    `get_directive_values` wants its executor's own variable structure, and validation has already
    made `if` a Boolean literal or a Boolean variable."""
    for directive in node.directives or ():
        name = directive.name.value
        if name in ("skip", "include"):
            argument = next(a.value for a in directive.arguments or () if a.name.value == "if")
            if bool(value_from_ast(argument, GraphQLBoolean, variables)) == (name == "skip"):
                return False
    return True


def _collect(
    schema: GraphQLSchema,
    type_name: str,
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> Selection:
    parent = schema.type_map[type_name]
    assert isinstance(parent, GraphQLObjectType)
    result = Selection(type_name)
    for node in selection_set.selections:
        if not included(node, variables):
            continue
        if isinstance(node, FieldNode):
            name = node.name.value
            if name.startswith("__") or name not in parent.fields:
                continue
            child = Selection(get_named_type(parent.fields[name].type).name)
            if node.selection_set:
                child = _collect(schema, child.type, node.selection_set, fragments, variables)
            result.merge(Selection(type_name, {name: child}))
        elif isinstance(node, InlineFragmentNode):
            if node.type_condition is None or node.type_condition.name.value == type_name:
                result.merge(_collect(schema, type_name, node.selection_set, fragments, variables))
        elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
            fragment = fragments[node.name.value]
            if fragment.type_condition.name.value == type_name:
                result.merge(_collect(schema, type_name, fragment.selection_set, fragments, variables))
    return result
