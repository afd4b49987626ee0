"""Query limits, checked on the parsed document before anything runs: tokens, depth, aliases, cost.

The cost model counts one per field and multiplies a list's subtree by its size: `first` where the
field pages (workers, discrepancies), as the executor will see it (the variable's value, else its
default, else the schema's 50), and an expected size elsewhere (a worker's permits). A whole-city
scan (`discrepancies`, `exchangeList`, `statistics`, the work list's mutations) also costs
`scan_cost`, what the deployment says reading the whole city costs, once per alias; so does a page
that reads its whole scope whatever `first` is (`WHOLE_SCOPE`): `workers` asked to sort (`orderBy`),
to count (`totalCount`) or to filter, `employers` asked to filter, once however many of these it
asks. `scan_cost` is configured, not counted: a cost taken from the index's size would let any
viewer probe the refusal threshold for the number of workers in the city, hidden ones included. So
`workers(first: 1000)` asking for every facet costs what it will really cost,
`workers(first: 1) { totalCount }` costs the city it counts, and a query that would fan out to
millions of fields is refused before a single source is asked. Introspection can be switched off
here too.

Introspection is limited apart from the data: its depth by the standard introspection query of
graphql-js and graphql-core (`INTROSPECTION_DEPTH`, whose type references reach nine wrappers, more
than any type of this schema needs), not by `max_depth`, so that GraphiQL, codegen and schema diffing
work under any data limit; its fan-out the way graphql-js's MaxIntrospectionDepthRule bounds it,
by how deeply the lists of types nest (`fields`, `interfaces`, `possibleTypes`, `inputFields`); and
`__schema` is read once per operation, since a second copy tells nothing the first did not, while
thirty aliased copies of the whole schema would cost thirty times its work.

The check takes time linear in the document: each fragment is summed once, however often it is
spread, and every total stops counting just past its limit, so a kilobyte of fragments spreading
each other cannot make it expand an exponential tree.

The operation limited is the one that will run, chosen here strictly: an unknown `operationName`, or
a document of several operations with none named, is the client's error (never "run the first").
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_introspection_query,
    parse,
)

from graph.api.documents import DOCUMENTS, Checked
from graph.api.pagination import DEFAULT_PAGE

PAGED = {"workers", "discrepancies", "employers", "identityReviews"}
"""Fields paged by `first`, `DEFAULT_PAGE` when it is absent or null."""
SCANS = {
    "discrepancies",
    "exchangeList",
    "statistics",
    "identityReviews",
    "assignFinding",
    "noteFinding",
    "resolveFinding",
    "referFindingToPolice",
}
"""Fields that read every worker in the index (or every record of an agency's tables), whatever
the page they answer: each costs `scan_cost`, once per alias. A change to the work list looks for
its finding as `discrepancies` would list it."""
WHOLE_SCOPE = {"workers": ("orderBy", "filter"), "employers": ("filter",)}
"""Pages that read their whole scope when given these arguments (or, for a `WorkerConnection`, asked
its `totalCount`), whatever `first` is: a sort or a count reads every worker in scope before the
first is answered, and a filter judges them one by one until the page is full, so a filter that
keeps few reads them all. Such a page costs `scan_cost` once, however many of these it asks.
`Employer.workers` too: the model goes by field name, and one employer may employ the city (sorting
one that employs an eighth of it reads the city's listing, graph/api/ordering.py)."""
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
    "notes",
    "inspections",
    "violations",
    "residenceChecks",
    "dossiers",
    "steps",
    "sectorListings",
    "clinics",
    "records",
    "comparisons",
}
"""List fields that are not paged; their size is estimated as `list_size`."""
INTROSPECTION = {"__schema", "__type"}
TYPE_LISTS = {"fields", "interfaces", "possibleTypes", "inputFields"}
"""Introspection's lists that lead back to types: nested, each multiplies what a query reads."""
MAX_TYPE_LISTS = 2
"""graphql-js's MaxIntrospectionDepthRule refuses three; the standard query nests one."""


@dataclass(frozen=True)
class Limits:
    max_tokens: int = 5_000
    max_depth: int = 12
    max_aliases: int = 30
    max_cost: int = 200_000
    max_query_bytes: int = 100_000
    """Parsing is linear but slow (about 0.75 s per MB of comments): this bounds its time."""
    scan_cost: int = 100_000
    """What one whole-city scan costs: about one per worker a city of 100,000 would read."""
    list_size: int = 4
    introspection: bool = True


class TooComplex(Exception):
    """The query exceeds a limit; the message says which and by how much."""


class NoSuchOperation(Exception):
    """The document holds no operation by the requested name, or several and the request named none."""


def check(
    query: str, operation_name: str | None, variables: dict[str, Any] | None, limits: Limits
) -> OperationDefinitionNode:
    """The operation that will run; TooComplex if it exceeds a limit, GraphQLError if it does not
    parse. A document that passes
    is kept parsed for the executor (graph/api/documents.py), one refused is not; a kept one is not
    parsed again, having passed this process's token limit already."""
    if len(query.encode()) > limits.max_query_bytes:
        raise TooComplex(f"the query is longer than {limits.max_query_bytes:,} bytes")
    checked = DOCUMENTS.get(query)
    document = checked.document if checked else parsed(query, limits.max_tokens)
    chosen = operation(document, operation_name)
    total = summed(checked, document, chosen, variables or {}, limits)
    if total.depth > limits.max_depth:
        raise TooComplex(f"the query nests {total.depth} levels deep; the limit is {limits.max_depth}")
    if total.aliases > limits.max_aliases:
        raise TooComplex(f"the query uses more than {limits.max_aliases} aliases")
    if total.cost > limits.max_cost:
        raise TooComplex(f"the query would resolve more than {limits.max_cost:,} fields")
    if total.introspection_depth and not limits.introspection:
        raise TooComplex("introspection is switched off on this server")
    if total.introspection_depth > INTROSPECTION_DEPTH:
        raise TooComplex(
            f"the introspection nests {total.introspection_depth} levels deep; the limit is {INTROSPECTION_DEPTH}"
        )
    if total.schema_reads > 1:
        raise TooComplex("the query reads __schema more than once; once tells all")
    if total.type_lists > MAX_TYPE_LISTS:
        raise TooComplex(
            f"the introspection nests lists of types ({', '.join(sorted(TYPE_LISTS))}) {total.type_lists} deep;"
            f" the limit is {MAX_TYPE_LISTS}"
        )
    DOCUMENTS.put(query, document)
    return chosen


def parsed(query: str, max_tokens: int) -> DocumentNode:
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLError as error:
        if "tokens" in error.message:
            raise TooComplex(f"the query has more than {max_tokens} tokens") from None
        raise


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


@dataclass(frozen=True)
class Summary:
    """What a selection set adds up to where it stands: the levels its data nests, its aliases, the
    fields it resolves (cost), how deep its introspection nests (0: none), in levels and in
    `TYPE_LISTS` (`lists`, counted on any field until an introspection root claims them), and how
    often it reads `__schema`."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    introspection_depth: int = 0
    type_lists: int = 0
    lists: int = 0
    schema_reads: int = 0
    counts: bool = False
    """Whether the selection set asks `totalCount` (directly or through a fragment)."""


NOTHING = Summary()


@dataclass
class Totals:
    """What the walks of one kept document found, so that the same operation with the same
    `first` values is not walked again: which variables each operation's walk read, and the
    totals per (operation, limits, values of those variables)."""

    reads: dict[tuple[str | None, Limits], tuple[str, ...]] = field(default_factory=dict)
    found: dict[tuple[Any, ...], Summary] = field(default_factory=dict)


TOTALS: WeakKeyDictionary[Checked, Totals] = WeakKeyDictionary()
"""Per kept document, forgotten with it when the document cache lets it go."""
TOTALS_PER_DOCUMENT = 16
"""Distinct `first` values remembered per document: a client paging with ever new sizes is walked."""
ABSENT = object()


def summed(
    checked: Checked | None,
    document: DocumentNode,
    chosen: OperationDefinitionNode,
    variables: dict[str, Any],
    limits: Limits,
) -> Summary:
    """The operation's totals: remembered for a kept document, walked otherwise. The walk reads
    the request's variables only for `first`, so the totals are keyed by the values of exactly the
    variables it read; a value that cannot be a key (a list, say) is walked every time."""
    if checked is None:
        return Walk(document, chosen, variables, limits).total
    totals = TOTALS.setdefault(checked, Totals())
    slot = (chosen.name.value if chosen.name else None, limits)
    reads = totals.reads.get(slot)
    if reads is not None:
        key = (slot, tuple(variables.get(name, ABSENT) for name in reads))
        with contextlib.suppress(TypeError):
            if key in totals.found:
                return totals.found[key]
    walk = Walk(document, chosen, variables, limits)
    totals.reads[slot] = reads = tuple(sorted(walk.read))
    if len(totals.found) < TOTALS_PER_DOCUMENT:
        with contextlib.suppress(TypeError):
            totals.found[(slot, tuple(variables.get(name, ABSENT) for name in reads))] = walk.total
    return walk.total


class Walk:
    """Sums an operation bottom-up, each fragment once: a fragment adds the same wherever it is
    spread (the cost model looks at field names, not types), so it is summed before whatever
    spreads it and then only looked up. Totals stop just past their limit, so the numbers stay
    small however the fragments multiply."""

    def __init__(
        self,
        document: DocumentNode,
        chosen: OperationDefinitionNode,
        variables: dict[str, Any],
        limits: Limits,
    ) -> None:
        self.variables = variables
        self.read: set[str] = set()
        """The variables the walk looked at: the only ones its totals depend on."""
        self.defaults = {d.variable.name.value: d.default_value for d in chosen.variable_definitions or ()}
        self.limits = limits
        definitions = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.fragments: dict[str, Summary] = {}
        for name in spread_order(definitions, chosen.selection_set):
            self.fragments[name] = self.selection_set(definitions[name].selection_set)
        self.total = self.selection_set(chosen.selection_set)

    def selection_set(self, node: SelectionSetNode) -> Summary:
        total = NOTHING
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection)
            elif isinstance(selection, InlineFragmentNode):
                part = self.selection_set(selection.selection_set)
            else:  # a spread of an unknown fragment, or one in a cycle, is the validator's to report
                assert isinstance(selection, FragmentSpreadNode)
                part = self.fragments.get(selection.name.value, NOTHING)
            total = self.capped(
                Summary(
                    max(total.depth, part.depth),
                    total.aliases + part.aliases,
                    total.cost + part.cost,
                    max(total.introspection_depth, part.introspection_depth),
                    max(total.type_lists, part.type_lists),
                    max(total.lists, part.lists),
                    total.schema_reads + part.schema_reads,
                    total.counts or part.counts,
                )
            )
        return total

    def field(self, node: FieldNode) -> Summary:
        inner = self.selection_set(node.selection_set) if node.selection_set else NOTHING
        name = node.name.value
        aliases = inner.aliases + (node.alias is not None)
        if name in INTROSPECTION:  # its own limits, not the data's
            introspection = Summary(
                depth=1,
                aliases=aliases,
                cost=1 + inner.cost,
                introspection_depth=inner.depth + 1,
                type_lists=inner.lists,
                schema_reads=int(name == "__schema"),
            )
            return self.capped(introspection)
        return self.capped(
            Summary(
                inner.depth + 1,
                aliases,
                1 + self.limits.scan_cost * self.scans(node, inner) + self.size(node) * inner.cost,
                inner.introspection_depth,
                inner.type_lists,
                inner.lists + (name in TYPE_LISTS),
                inner.schema_reads,
                counts=name == "totalCount",
            )
        )

    def scans(self, node: FieldNode, inner: Summary) -> bool:
        """Whether the field reads its whole scope: a scan, or a page asked to sort, count or filter."""
        name = node.name.value
        if name in SCANS:
            return True
        if name not in WHOLE_SCOPE:
            return False
        # every argument is read, so that `read` is the same whatever their values
        values = [self.argument(node, argument) for argument in WHOLE_SCOPE[name]]
        return inner.counts or any(
            value is not None and not isinstance(value, NullValueNode) for value in values
        )

    def capped(self, summary: Summary) -> Summary:
        limits = self.limits
        return replace(
            summary,
            aliases=min(summary.aliases, limits.max_aliases + 1),
            cost=min(summary.cost, limits.max_cost + 1),
            schema_reads=min(summary.schema_reads, 2),
        )

    def argument(self, node: FieldNode, name: str) -> Any:
        """An argument as the executor will see it: the variable's value, else its default (a literal,
        as is an argument written in the document), else None."""
        value: Any = next((a.value for a in node.arguments or () if a.name.value == name), None)
        if isinstance(value, VariableNode):
            variable = value.name.value
            self.read.add(variable)
            value = self.variables[variable] if variable in self.variables else self.defaults.get(variable)
        return value

    def size(self, node: FieldNode) -> int:
        """How many times a field's selection runs: `first` as the executor will see it."""
        name = node.name.value
        if name not in PAGED:
            return self.limits.list_size if name in LIST_FIELDS else 1
        first = self.argument(node, "first")
        if isinstance(first, IntValueNode):
            first = int(first.value)
        return max(first, 1) if isinstance(first, int) else DEFAULT_PAGE


def spread_order(fragments: dict[str, FragmentDefinitionNode], root: SelectionSetNode) -> list[str]:
    """The fragments `root` reaches, each after every fragment it spreads (a cycle, which the
    validator refuses, is cut). Without recursion: a chain of fragments can be longer than Python's
    stack is deep."""
    order: list[str] = []
    finished: dict[str, bool] = {}
    stack = spreads(root)
    while stack:
        name = stack[-1]
        if name not in fragments or finished.get(name):
            stack.pop()
        elif name in finished:
            finished[name] = True
            order.append(stack.pop())
        else:
            finished[name] = False
            stack += [spread for spread in spreads(fragments[name].selection_set) if spread not in finished]
    return order


def spreads(node: SelectionSetNode) -> list[str]:
    """The fragments a selection set spreads, at any depth."""
    found, pending = [], [node]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                found.append(selection.name.value)
            elif isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set:
                pending.append(selection.selection_set)
    return found


def standard_introspection_depth() -> int:
    """How deep the standard introspection query nests: graphql-core's `get_introspection_query` is
    graphql-js's `getIntrospectionQuery`, nine `ofType` levels deep by default in both."""
    query = get_introspection_query(type_depth=9)
    document = parse(query)
    return Walk(document, operation(document, None), {}, Limits()).total.introspection_depth


INTROSPECTION_DEPTH = standard_introspection_depth()
