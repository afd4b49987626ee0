"""The `employers` query: employers listed and searched from the index, a page at a time.

The index keeps each registry's employers with the facts listings need (graph/identity/index.py
REFERENCE_FACTS), so a search reads no source; the page is then fetched and presented like
`employer(taxCode:)`. Order is by tax code; a condition on a field the viewer cannot see in clear is
refused before anything runs, and a scoped viewer lists only the employers of its sector or ward.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from strawberry.types import Info

from graph.access.present import Refusal, View, present
from graph.api.context import Context
from graph.api.inputs import EmployerFilter
from graph.api.pagination import cut, decode_cursor, encode_cursor, node_selection, page_size, raw_connection
from graph.api.selection import selection_of
from graph.identity.index import Snapshot

FILTER_FIELDS: dict[str, list[str]] = {
    "name": ["Employer.name", "Employer.foreignName", "Employer.shortName"],
    "sector": ["Employer.sector", "Employer.sectorListings", "SectorListing.sector"],
    "kind": ["Employer.kind"],
    "inZone": ["Employer.inIndustrialZone"],
    "status": ["Employer.status"],
    "openFindings": ["Employer.inspections", "Inspection.status"],
}
"""What a viewer must see in clear to filter by each condition: otherwise the filter is an oracle."""
NAMES = ("name", "foreignName", "shortName")


def words(text: str | None) -> list[str]:
    """Words folded for search: case and Vietnamese diacritics dropped (Đ as D)."""
    plain = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    letters = "".join(c for c in plain if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in letters.casefold()).split()


def matching(snapshot: Snapshot, wanted: EmployerFilter | None, context: Context) -> Iterator[str]:
    """Tax codes of the employers in scope that the filter keeps, in order; checked before any is."""
    gate = context.gate
    conditions = {name: getattr(wanted, name) for name in FILTER_FIELDS} if wanted else {}
    given = {name: value for name, value in conditions.items() if value is not None}
    for condition in given:
        gate.require_clear(FILTER_FIELDS[condition])
    searched = words(given.get("name"))
    inspections = snapshot.references["Inspection"]
    listings = snapshot.references["SectorListing"]

    def keeps(code: str, facts: Mapping[str, Any]) -> bool:
        named = {w for field in NAMES for w in words(facts.get(field))}
        open_findings = any(link.facts.get("status") == "OPEN" for link in inspections.get(code, []))
        sectors = {facts.get("sector"), *(link.facts.get("sector") for link in listings.get(code, []))}
        return (
            all(word in named for word in searched)
            and ("sector" not in given or given["sector"] in sectors)
            and given.get("kind", facts.get("kind")) == facts.get("kind")
            and given.get("inZone", facts.get("inIndustrialZone")) == facts.get("inIndustrialZone")
            and given.get("status", facts.get("status")) == facts.get("status")
            and given.get("openFindings", open_findings) == open_findings
        )

    employers = snapshot.references["Employer"]
    for code in sorted(employers):
        facts = employers[code][0].facts  # the record `employer(taxCode:)` shows
        if gate.employer_in_scope(code) and keeps(code, facts):
            yield code


async def employers(info: Info, wanted: EmployerFilter | None, first: int | None, after: str | None) -> View:
    context: Context = info.context
    context.gate.require("Query", "employers")
    first = page_size(first)
    key = context.index.secret
    codes = matching(context.index.snapshot, wanted, context)
    page, more = cut(codes, lambda code: code, decode_cursor(key, after), first)
    selection = selection_of(info)
    found = await context.loader.references("Employer", page, node_selection(selection, "Employer"))
    edges = []
    for code in page:
        records = found.get(code)
        if isinstance(records, Refusal):
            raise records.error()
        if records:  # else gone from its registry since the index last read it
            edges.append({"cursor": encode_cursor(key, code), "node": records[0]})
    return present(context.gate, selection, raw_connection(edges, more))
