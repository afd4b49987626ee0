"""graph/api/execution.py completes a View's subtree itself; here every way a field can go wrong
inside one — a refusal, a null where the schema says non-null, at a field, a list item or a nested
object, beside a resolver that awaits — answers exactly as graphql-core's own execution does:
the same data, the same nulls bubbled as far, the same errors at the same paths, in the same order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig

from graph.access.present import FORBIDDEN, Refusal, View, read
from graph.api.execution import ViewExecutionContext


@strawberry.type
class Item:
    code: str
    label: str | None

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return "awaited"


@strawberry.type
class Card:
    name: str
    note: str | None
    count: int | None
    item: Item | None
    needed: Item
    items: list[Item]
    maybe_items: list[Item | None] | None
    tags: list[str] | None


def item(code: Any = "A1", label: Any = "first") -> View:
    return View({"code": code, "label": label})


CARDS = {
    "whole": View(
        name="Nguyễn",
        note=None,
        count=3,
        item=item(),
        needed=item("B"),
        items=[item(), item("C")],
        maybe_items=[item(), None],
        tags=["x", "y"],
    ),
    "refused_nullable": View(
        name="A",
        note=FORBIDDEN,
        count=Refusal("PURPOSE_REQUIRED", "purpose"),
        item=FORBIDDEN,
        needed=item(),
        items=[],
        maybe_items=FORBIDDEN,
        tags=[FORBIDDEN, "t"],
    ),
    "refused_required": View(
        name=FORBIDDEN, note="n", count=1, item=None, needed=item(), items=[], maybe_items=None, tags=None
    ),
    "null_in_required_item": View(
        name="A",
        note=None,
        count=None,
        item=None,
        needed=item(),
        items=[item(), None],
        maybe_items=None,
        tags=None,
    ),
    "refused_inside_item": View(
        name="A",
        note=None,
        count=None,
        item=item(FORBIDDEN),
        needed=item(),
        items=[item(), item(FORBIDDEN)],
        maybe_items=[item(code=FORBIDDEN), item()],
        tags=None,
    ),
    "required_object_refused_inside": View(
        name="A",
        note=None,
        count=None,
        item=None,
        needed=item(code=None),
        items=[],
        maybe_items=None,
        tags=None,
    ),
    "not_a_list": View(
        name="A",
        note=None,
        count="three",
        item=None,
        needed=item(),
        items=item(),
        maybe_items=None,
        tags=None,
    ),
    "raw_mapping_not_presented": View(
        name="A",
        note=None,
        count=None,
        item={"code": "raw", "label": "raw"},
        needed=item(),
        items=[],
        maybe_items=None,
        tags=None,
    ),
}


@strawberry.type
class Query:
    @strawberry.field
    def card(self, which: str) -> Card | None:
        return CARDS[which]  # type: ignore[return-value]  # a View stands for the type, as present() makes


QUERY = """query($w: String!) { card(which: $w) {
  name note count tags
  item { code label later }
  needed { code label }
  first: items { code later }
  items { label }
  maybe_items { code ... on Item { label } }
} }"""


def run(execution_context_class: type | None, which: str) -> dict[str, Any]:
    schema = strawberry.Schema(
        query=Query,
        config=StrawberryConfig(default_resolver=read, auto_camel_case=False),
        execution_context_class=execution_context_class,
    )
    result = asyncio.run(schema.execute(QUERY, variable_values={"w": which}))
    return {"data": result.data, "errors": [error.formatted for error in result.errors or []]}


@pytest.mark.parametrize("which", sorted(CARDS))
def test_a_views_subtree_answers_as_graphql_core_answers_it(which):
    assert run(ViewExecutionContext, which) == run(None, which)


def test_the_comparison_sees_errors_and_bubbled_nulls():
    """The cases above are not vacuous: graphql-core itself nulls and reports them."""
    assert run(None, "whole")["errors"] == []
    assert run(None, "refused_required") == {
        "data": {"card": None},
        "errors": [
            {
                "message": "Not permitted",
                "locations": [{"line": 2, "column": 3}],
                "path": ["card", "name"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    assert run(None, "null_in_required_item")["data"] == {"card": None}
    inside = run(None, "refused_inside_item")
    assert inside["data"] == {"card": None}  # items are Item!, so `first` is nulled, and card with it
    assert [error["path"] for error in inside["errors"]] == [
        ["card", "item", "code"],
        ["card", "first", 1, "code"],
    ]
