"""The documents kept parsed, and known valid, between requests: bounded by bytes, not by count.

A parsed document takes far more memory than its text (about 360 bytes per token in graphql-core,
and every node keeps the whole text, comments included, alive), so Strawberry's ParserCache and
ValidationCache, 1,024 entries of any size each, let a client pin gigabytes with distinct large
queries. Here a document weighs its text plus TOKEN_BYTES per token, the least recently used go
first once the total passes the bound, and one document may take at most a sixteenth of it. Only
documents that passed the limits are put here (graph/web/limits.py), so a refused one takes no room; a
document is remembered as valid only once it validated without error, so no error list is kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

TOKEN_BYTES = 400
"""What one token of a parsed document holds, measured with tracemalloc (graphql-core 3.3)."""
CACHE_BYTES = 64_000_000
"""The documents kept by one process, by weight: some 1,500 queries of a hundred tokens."""


@dataclass(eq=False)
class Checked:
    """A kept document; compared by identity, so facts about it can be kept beside it weakly."""

    document: DocumentNode
    weight: int
    valid_for: set[tuple[GraphQLSchema, tuple[Any, ...]]] = field(default_factory=set)
    """The (schema, validation rules) it passed validation with."""


class Documents:
    """Query text → its parsed document, least recently used first, at most `max_bytes` in all."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, Checked] = OrderedDict()
        self.weight = 0

    def get(self, query: str) -> Checked | None:
        checked = self.entries.get(query)
        if checked is not None:
            self.entries.move_to_end(query)
        return checked

    def put(self, query: str, document: DocumentNode) -> None:
        if query in self.entries:
            return
        weight = len(query.encode()) + TOKEN_BYTES * tokens(document)
        if weight > self.max_bytes // 16:
            return
        self.entries[query] = Checked(document, weight)
        self.weight += weight
        while self.weight > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.weight -= dropped.weight


def tokens(document: DocumentNode) -> int:
    count, token = 0, document.loc.start_token if document.loc else None
    while token is not None:
        count, token = count + 1, token.next
    return count


DOCUMENTS = Documents(CACHE_BYTES)


class ParseOnce(SchemaExtension):
    """Hands Strawberry the document the limits parsed and kept, if any; it parses the others."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        checked = DOCUMENTS.get(context.query or "")
        if checked:
            context.graphql_document = checked.document
        yield


class ValidateOnce(SchemaExtension):
    """Strawberry's validation step, skipped for a kept document that already passed it."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema, rules = context.schema._schema, tuple(context.validation_rules)
        document = context.graphql_document
        assert document is not None  # parsed before validation, as Strawberry's own step asserts
        checked = DOCUMENTS.get(context.query or "")
        if checked and checked.document is document and (schema, rules) in checked.valid_for:
            context.pre_execution_errors = []
        else:
            context.pre_execution_errors = validate_document(schema, document, rules)
            if checked and not context.pre_execution_errors:
                checked.valid_for.add((schema, rules))
        yield
