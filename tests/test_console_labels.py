"""The console's tables of Vietnamese words cover every value of the enums they word: a rule, a
compliance reason or an error code the schema gains without its line here fails, so an officer
never meets the API's English (graph/web/console/static/compliance.js, errors.js)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, build_schema

import graph.rules.compliance
from graph.web.console import routes

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(routes.__file__).parent / "static"


def enum_values(name: str) -> set[str]:
    enum = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8")).type_map[name]
    assert isinstance(enum, GraphQLEnumType)
    return set(enum.values)


def table_keys(module: str, table: str) -> set[str]:
    """The keys of `export const TABLE = { … };` in a static module, one `KEY:` per line."""
    text = (STATIC / module).read_text(encoding="utf-8")
    body = re.search(rf"^export const {table} = \{{\n(.*?)^\}};$", text, re.DOTALL | re.MULTILINE)
    assert body, f"{module} has no table {table}"
    return set(re.findall(r"^  ([A-Z][A-Z0-9_]*):", body.group(1), re.MULTILINE))


@pytest.mark.parametrize(
    ("module", "table", "enum"),
    [
        ("compliance.js", "RULES", "ComplianceRule"),
        ("compliance.js", "REASONS", "ComplianceReason"),
        ("errors.js", "ERRORS", "ErrorCode"),
        ("findings.js", "SUMMARIES", "DiscrepancyKind"),
        ("labels.js", "FINDINGS", "DiscrepancyKind"),
    ],
)
def test_every_value_of_the_enum_has_its_vietnamese_words(module, table, enum):
    values = enum_values(enum)
    assert len(values) >= 8
    assert table_keys(module, table) == values


def test_every_reason_the_rules_give_is_a_value_of_the_enum():
    source = Path(graph.rules.compliance.__file__).read_text(encoding="utf-8")
    given = set(re.findall(r"\b(?:passed|failed|not_applicable|unknown)\(\s*\"([A-Z_]+)\"", source))
    assert len(given) >= 30
    assert given == enum_values("ComplianceReason")


def test_the_page_shows_no_english_error_message():
    """Error messages are the API's English; the page words errors by their code (errors.js)."""
    for module in [*STATIC.glob("*.js"), *(STATIC / "views").glob("*.js")]:
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"(error|errors\?\.\[0\]|\be)\??\.message", text), module.name
