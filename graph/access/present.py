"""Presenting values: every field of every response passes a gate here, and only here.

Loaders produce raw mappings; `present` walks the request's selection over them and asks the gate
for each coordinate (`Type.field`) what the viewer gets: the value, a masked value, or a refusal,
and returns a `View`. The schema's default resolver (`read`) reads only Views, turning a refusal
into a GraphQL error at that path, and fails closed on anything else: a resolver that hands the
schema a raw mapping gets an error, never its values. Nothing reaches a client without passing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import GraphQLError

from graph.access.viewer import Viewer
from graph.common.facets import FACETS
from graph.common.selection import Selection
from graph.identity.index import Derived, Person

RAW = "__raw__"


@dataclass(frozen=True)
class Refusal:
    """Stands in for a value the viewer may not have; reading it raises the error it carries."""

    code: str
    message: str
    details: dict[str, str] | None = None

    def error(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code, **(self.details or {})})


FORBIDDEN = Refusal("FORBIDDEN", "Not permitted")
PURPOSE_REQUIRED = Refusal(
    "PURPOSE_REQUIRED", "This field needs a stated purpose: send the case number or legal basis in X-Purpose"
)


class Masked(str):
    """A masked text value; its response path is listed in `extensions.masked`."""


class View(dict[str, Any]):
    """Values prepared by `present` for one selection: the only parent `read` serves fields from."""


class Unpresented(Exception):
    """A resolver returned something `present` did not prepare: a bug, refused rather than served."""


class Gate(Protocol):
    @property
    def viewer(self) -> Viewer | None:
        """Who is asking; None for the open gate, which stands for no one in particular."""

    def __call__(self, type_name: str, field: str, value: Any, record: Mapping[str, Any]) -> Any:
        """The value the viewer may see for `Type.field`, a Masked value, or a Refusal."""

    def may_read(self, type_name: str, field: str) -> bool:
        """Whether the source may be asked for this field at all for this viewer."""

    def hidden(self, coordinates: Iterable[str]) -> list[str]:
        """The coordinates the viewer cannot see in clear: what may not be used to decide anything."""

    def require_clear(self, coordinates: Iterable[str]) -> None:
        """Refuse (FORBIDDEN) to filter or look up by fields the viewer cannot see in clear."""

    def require(self, type_name: str, field: str) -> None:
        """Refuse a root field the viewer may not ask."""

    def derived(self, fact: Derived) -> Any:
        """A derived fact's value if the viewer sees its whole basis in clear; else None."""

    def full_access(self, coordinates: Iterable[str]) -> bool:
        """Whether the viewer lists the whole city and sees these in clear with no purpose needed."""

    def visible(self, persons: Iterable[Person]) -> Iterator[Person]:
        """The persons the viewer may know of: in row scope, with a record of a kind it may see."""

    def employer_in_scope(self, code: str) -> bool:
        """Whether a listing may name the employer of this tax code: its row scope."""

    @property
    def entities(self) -> frozenset[str]:
        """The kinds of person record the viewer may see at all."""


class OpenGate:
    """Every value as it is: for schema export and the benchmark's policies-off comparison."""

    viewer = None

    def __call__(self, type_name: str, field: str, value: Any, record: Mapping[str, Any]) -> Any:
        return value

    def may_read(self, type_name: str, field: str) -> bool:
        return True

    def hidden(self, coordinates: Iterable[str]) -> list[str]:
        return []

    def require_clear(self, coordinates: Iterable[str]) -> None:
        return None

    def require(self, type_name: str, field: str) -> None:
        return None

    def derived(self, fact: Derived) -> Any:
        return fact.value

    def full_access(self, coordinates: Iterable[str]) -> bool:
        return True

    def visible(self, persons: Iterable[Person]) -> Iterator[Person]:
        return iter(persons)

    def employer_in_scope(self, code: str) -> bool:
        return True

    entities = frozenset(FACETS.values())


def present(gate: Gate, selection: Selection, raw: Mapping[str, Any]) -> View:
    """The prepared view of `raw` for this selection, every field decided by `gate`.

    The view keeps its raw record under RAW for resolvers that look further (an employer's workers
    are found by its tax code, whether or not the viewer asked to see the tax code).
    """
    view = View({RAW: raw})
    for name, child in selection.fields.items():
        value = gate(selection.type, name, raw.get(name), raw)
        if child.fields and value is not None and not isinstance(value, Refusal):
            if isinstance(value, list):
                value = [present(gate, child, item) for item in value]
            else:
                value = present(gate, child, value)
        view[name] = value
    return view


def read(source: Any, name: str) -> Any:
    """The schema's default resolver: a prepared value, or the error of a refusal."""
    if not isinstance(source, View):
        raise Unpresented(f"{type(source).__name__} reached the schema without passing the gate")
    value = source.get(name)
    if isinstance(value, Refusal):
        raise value.error()
    return value


def masked_paths(data: Any, path: tuple[str | int, ...] = ()) -> list[list[str | int]]:
    """The response paths of every masked value in executed data."""
    if isinstance(data, Masked):
        return [list(path)]
    if isinstance(data, Mapping):
        return [p for key, value in data.items() for p in masked_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in masked_paths(value, (*path, index))]
    return []
