"""Query limits, checked on the parsed document before anything runs: tokens, depth, aliases, cost.

The cost model counts one per field and multiplies a list's subtree by its size: `first` where the
field pages (workers), an expected size elsewhere (a worker's permits). So `workers(first: 1000)`
asking for every facet costs what it will really cost, and a query that would fan out to millions of
fields is refused before a single source is asked. Introspection can be switched off here too.

The operation limited is the one that will run, chosen here strictly: an unknown `operationName`, or
a document of several operations with none named, is the client's error (never "run the first").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    parse,
)

PAGED_DEFAULT = 50
LIST_FIELDS = {
    "workPermits",
    "permitExemptions",
    "visas",
    "residenceCards",
    "residenceDeclarations",
    "healthCertificates",
    "criminalRecordCertificates",
    "socialInsurance",
    "passports",
    "contractorDeclarations",
}
"""List fields that are not paged; their size is estimated as `list_size`."""


@dataclass(frozen=True)
class Limits:
    max_tokens: int = 5_000
    max_depth: int = 12
    max_aliases: int = 30
    max_cost: int = 200_000
    list_size: int = 4
    introspection: bool = True


class TooComplex(Exception):
    """The query exceeds a limit; the message says which and by how much."""


class NoSuchOperation(Exception):
    """The document holds no operation by the requested name, or several and the request named none."""


@lru_cache(maxsize=1024)
def parsed(query: str, max_tokens: int) -> DocumentNode:
    """Parse once per distinct query text (bounded), refusing floods of tokens while parsing."""
    return parse(query, max_tokens=max_tokens)


def check(query: str, operation_name: str | None, variables: dict[str, Any] | None, limits: Limits) -> None:
    """Raise TooComplex if the operation exceeds a limit; GraphQLError if it does not parse."""
    try:
        document = parsed(query, limits.max_tokens)
    except GraphQLError as error:
        if "tokens" in error.message:
            raise TooComplex(f"the query has more than {limits.max_tokens} tokens") from None
        raise
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = Walk(fragments, variables or {}, limits)
    chosen = operation(document, operation_name)
    walk.selection_set(chosen.selection_set, depth=0, multiplier=1, seen=frozenset())
    if walk.depth > limits.max_depth:
        raise TooComplex(f"the query nests {walk.depth} levels deep; the limit is {limits.max_depth}")
    if walk.aliases > limits.max_aliases:
        raise TooComplex(f"the query uses {walk.aliases} aliases; the limit is {limits.max_aliases}")
    if walk.cost > limits.max_cost:
        raise TooComplex(
            f"the query would resolve about {walk.cost:,} fields; the limit is {limits.max_cost:,}"
        )
    if walk.introspects and not limits.introspection:
        raise TooComplex("introspection is switched off on this server")


def operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    """The operation a request runs, or NoSuchOperation saying why there is none."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        named = [o for o in operations if o.name and o.name.value == name]
        if not named:
            raise NoSuchOperation(f"the document holds no operation named {name!r}")
        return named[0]
    if len(operations) != 1:
        raise NoSuchOperation(
            f"the document holds {len(operations)} operations: name the one to run in 'operationName'"
        )
    return operations[0]


class Walk:
    def __init__(
        self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any], limits: Limits
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        self.depth = self.aliases = self.cost = 0
        self.introspects = False

    def selection_set(
        self, node: SelectionSetNode, depth: int, multiplier: int, seen: frozenset[str]
    ) -> None:
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, depth + 1, multiplier, seen)
            elif isinstance(selection, InlineFragmentNode):
                self.selection_set(selection.selection_set, depth, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in self.fragments and name not in seen:  # a cycle is the validator's to report
                    self.selection_set(self.fragments[name].selection_set, depth, multiplier, seen | {name})

    def field(self, node: FieldNode, depth: int, multiplier: int, seen: frozenset[str]) -> None:
        self.depth = max(self.depth, depth)
        self.aliases += node.alias is not None
        self.introspects |= node.name.value in ("__schema", "__type")
        self.cost += multiplier
        if node.selection_set:
            size = self.size(node)
            self.selection_set(node.selection_set, depth, multiplier * size, seen)

    def size(self, node: FieldNode) -> int:
        first = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        if isinstance(first, IntValueNode):
            return max(int(first.value), 1)
        if isinstance(first, VariableNode):
            value = self.variables.get(first.name.value)
            return max(value, 1) if isinstance(value, int) else PAGED_DEFAULT
        if node.name.value == "workers":
            return PAGED_DEFAULT
        return self.limits.list_size if node.name.value in LIST_FIELDS else 1
