"""Executing a document: a View's subtree completed straight from it, every other field as usual.

Nearly all of a response is Views that `present` has already decided field by field
(graph/access/present.py): a worker's name and dates, its permits, visas and employer, each a View
or a list of Views. graphql-core completes each of those fields as it would any field: it builds a
resolve info of fourteen parts and a response path, calls Strawberry's wrapper around the schema's
default resolver (`read`), checks twice whether the answer is awaitable and dispatches on the
field's type — most of the time a page of workers spends in execution (bench/run.py (b)).

Here, once graphql-core reaches a View, the View's selection is completed in one walk. A field that
Strawberry itself would serve with `read` (no resolver, no arguments, no permission or extension) is
`Direct`: its prepared value is read, a refusal raises its error at the same path, and the value is
completed as graphql-core would — the same null checks, output coercion, list items and nested
objects — building a response path only where an error needs one. Any other field (a resolver such
as `compliance`, a field with arguments, an abstract or type-checked type, a deferred fragment) goes
through graphql-core unchanged, awaited as it awaits it. Errors are handled by graphql-core's own
`handle_field_error`, so a null bubbles exactly as far. The gate decides exactly as before: only
Views are read, and a Refusal is raised, never served. tests/test_derived.py runs every agency's
requests through both and compares whole answers, errors and paths included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import Path, Undefined, gather_with_cancel, is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.access.present import Refusal, View

DEFINITION = "strawberry-definition"  # where Strawberry keeps a field's definition on the GraphQL field


@dataclass(frozen=True)
class Direct:
    """A field served by the default resolver alone, of a leaf or object type, or a list of one."""

    key: str  # the View's key: Strawberry's python name, which it hands `read`
    declared: GraphQLOutputType
    required: bool
    item: GraphQLOutputType | None  # a list's declared item type; None when the field is no list
    item_required: bool
    named: GraphQLNamedType
    leaf: bool
    scalar: bool  # a leaf that is no list: a value `complete_view` coerces in place


Step = tuple[str, FieldDetailsList, Direct | None]
"""A response name, its fields, and the Direct field behind them (None: graphql-core executes it)."""


class ViewExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans: dict[int, tuple[GroupedFieldSet, list[Step]]] = {}
        """id of a grouped field set → (it, kept alive so its id is not reused; its steps)."""

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if type(result) is View:
            grouped, deferred, _ = self.collect_subfields(return_type, field_details_list)
            if not deferred:
                return self.complete_view(return_type, grouped, path, result, position_context)
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )

    def complete_view(
        self, parent: GraphQLObjectType, grouped: GroupedFieldSet, path: Path, view: View, position: Any
    ) -> dict[str, Any] | Awaitable[dict[str, Any]]:
        """A View's selection as graphql-core's execute_fields would answer it."""
        results: dict[str, Any] = {}
        pending: list[str] = []
        try:
            for name, details, field in self.plan(parent, grouped):
                if field is None:
                    value = self.execute_field(parent, view, details, Path(path, name, parent.name), position)
                    if value is Undefined:
                        continue
                else:
                    value = view.get(field.key)
                    try:
                        if field.scalar and value is not None and not isinstance(value, Refusal):
                            value = self.complete_leaf_value(field.named, value)  # type: ignore[arg-type]
                        else:
                            value = self.complete_direct(field, value, details, path, name, parent, position)
                    except Exception as raw_error:  # noqa: BLE001  # as graphql-core: any error is the field's
                        self.handle_field_error(
                            raw_error, field.declared, details, Path(path, name, parent.name)
                        )
                        value = None
                results[name] = value
                if self.is_awaitable(value):
                    pending.append(name)
        except Exception:
            self.settle_in_background([results[name] for name in pending])
            raise
        return self.settled(results, pending) if pending else results

    def plan(self, parent: GraphQLObjectType, grouped: GroupedFieldSet) -> list[Step]:
        """Each response name's fields and, when it is one, its Direct field: worked out once per
        selection in an execution (graphql-core keeps `grouped` for the whole execution), not once
        per worker of a page."""
        known = self.plans.get(id(grouped))
        if known is None:
            direct = direct_fields(parent)
            steps = [
                (name, details, None if details[0].node.arguments else direct.get(details[0].node.name.value))
                for name, details in grouped.items()
            ]
            known = self.plans[id(grouped)] = (grouped, steps)
        return known[1]

    def complete_direct(
        self,
        field: Direct,
        value: Any,
        details: FieldDetailsList,
        path: Path,
        name: str,
        parent: GraphQLObjectType,
        position: Any,
    ) -> Any:
        """`read`, then graphql-core's completion of the value by the field's type."""
        if isinstance(value, Refusal):
            raise value.error()
        if value is None or value is Undefined:
            if field.required:
                raise null_error(parent, details)
            return None
        if field.item is None:
            return self.complete_one(field, value, details, lambda: Path(path, name, parent.name), position)
        if not is_iterable(value):
            raise GraphQLError(
                f"Expected Iterable, but did not find one for field '{parent}.{details[0].node.name.value}'."
            )
        field_path = Path(path, name, parent.name)
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, item in enumerate(value):
                try:
                    if item is None and field.item_required:
                        raise null_error(parent, details)
                    done = (
                        None
                        if item is None
                        else self.complete_one(
                            field, item, details, partial(field_path.add_key, index), position
                        )
                    )
                except Exception as raw_error:  # noqa: BLE001  # as graphql-core: an item's error is the item's
                    self.handle_field_error(raw_error, field.item, details, field_path.add_key(index))
                    done = None
                if self.is_awaitable(done):
                    pending.append(index)
                completed.append(done)
        except Exception:
            self.settle_in_background([completed[index] for index in pending])
            raise
        return self.settled(completed, pending) if pending else completed

    def complete_one(
        self, field: Direct, value: Any, details: FieldDetailsList, path: Callable[[], Path], position: Any
    ) -> Any:
        """One value of a field (or one item of a list field); its path is built only if needed."""
        named = field.named
        if field.leaf:
            return self.complete_leaf_value(named, value)  # type: ignore[arg-type]
        return self.collect_and_execute_subfields(named, details, path(), value, position)  # type: ignore[arg-type]

    async def settled(self, results: Any, pending: list[Any]) -> Any:
        """Results with their awaitable parts awaited together, as graphql-core gathers them (one
        alone awaited in place, without a task: as graphql-core, so work settles in as many turns)."""
        if len(pending) == 1:
            results[pending[0]] = await results[pending[0]]
            return results
        answers = await gather_with_cancel(*(results[key] for key in pending))
        for key, answer in zip(pending, answers, strict=True):
            results[key] = answer
        return results


def null_error(parent: GraphQLObjectType, details: FieldDetailsList) -> TypeError:
    """graphql-core's error for a null where the field (or its list's items) may not be null."""
    return TypeError(f"Cannot return null for non-nullable field {parent}.{details[0].node.name.value}.")


@cache
def direct_fields(parent_type: GraphQLObjectType) -> dict[str, Direct]:
    """The type's fields that Strawberry would serve with the default resolver alone (no resolver,
    arguments, permissions or extensions), of a leaf type or a concrete object type that needs no
    type check, or a list of one, by name."""
    fields = {}
    for name, field_def in parent_type.fields.items():
        definition = (field_def.extensions or {}).get(DEFINITION)
        if definition is None or field_def.args or not definition.is_basic_field:
            continue
        required, inner = unwrapped(field_def.type)
        item, item_required = None, False
        if isinstance(inner, GraphQLList):
            item = inner.of_type
            item_required, inner = unwrapped(item)
        if is_leaf_type(inner) or (isinstance(inner, GraphQLObjectType) and inner.is_type_of is None):
            leaf = is_leaf_type(inner)
            fields[name] = Direct(
                definition.python_name,
                field_def.type,
                required,
                item,
                item_required,
                inner,
                leaf,
                scalar=leaf and item is None,
            )
    return fields


def unwrapped(declared: GraphQLOutputType) -> tuple[bool, Any]:
    """(whether the type is non-null, the type inside)."""
    if isinstance(declared, GraphQLNonNull):
        return True, declared.of_type
    return False, declared
