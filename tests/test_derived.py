"""No answer depends on a field the viewer may not see in clear, at any entry point, for any agency.

For each agency, every entry point is asked twice: over the demo sources as they are, and over the
same sources with every field that agency may not see in clear changed (dates moved, codes and
texts altered, numbers and flags changed). The rule (docs/confidentiality.md) says a value, a row's
presence, its order, a label, a count, a match or an error may depend only on what the viewer sees
in clear, so the two answers must be identical, byte for byte.

Not changed: the fields identity matching reads (names, birth dates, passports, the codes that
corroborate a name match). Which records are one person is decided on every record, by design; what
a viewer is shown of that person is what tests/test_confidentiality.py attacks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from kitchen_sink import selection
from serving import settings_for

from connectors.model import PERSON_FIELDS
from graph.access.gate import PolicyGate
from graph.access.policy import DEFAULT_DIRECTORY, coordinates, load_policies
from graph.access.viewer import Viewer
from graph.api.context import Context
from graph.api.federation import FEDERATION_VERSION, Subgraph, build_subgraph
from graph.api.schema import OPTIONS, PlainSchema, schema
from graph.exchange.registry import LISTS
from graph.identity.linking import DOCUMENTS
from graph.rules.statistics import DIMENSIONS
from graph.web.service import Service

POLICIES = load_policies(DEFAULT_DIRECTORY, schema._schema)
SCHEMA = coordinates(schema._schema)
LINKING = PERSON_FIELDS | {
    "previousPassportNumber",
    "employerTaxCode",
    "sponsorTaxCode",
    "sourceRecordId",
    *DOCUMENTS,
}
"""What identity matching reads (graph/identity/linking.py, the documents that tie a name match
included): left as it is."""
CLAIMS = {"ubnd_xa": {"ward": "Phường Láng"}} | {
    agency: {"sector": sector}
    for agency, sector in (
        ("xay_dung", "construction"),
        ("giao_duc", "education"),
        ("van_hoa", "culture"),
        ("du_lich", "tourism"),
        ("cong_thuong", "trade"),
        ("tai_chinh", "manufacturing"),
    )
}
AT = "2026-11-01"
WORKER = selection("Worker")
COMPLIANCE = "compliance(at: $at) { status checks { rule result reason evidence { entity sourceRecordId } } }"
FILTERS = [
    {"nationality": "KOR"},
    {"permitStatus": ["VALID"]},
    {"permitExpiringBefore": "2027-06-01"},
    {"name": "NGUYEN"},
    {"visaSymbol": "LĐ2"},
    {"residenceCardExpiringBefore": "2027-01-01"},
    {"healthCertificateExpiringBefore": "2026-12-01"},
]


def changed(value: Any) -> Any:
    """Another value of the same type: what a hidden field could just as well have held."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, datetime | date):
        return value + timedelta(days=400)
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, str):
        return value + " (khác)"
    return value


def hiding(agency: str) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """A record with every field `agency` may not see in clear changed."""
    hidden = {
        coordinate for coordinate in SCHEMA if POLICIES.rule(agency, "officer", coordinate).effect != "allow"
    }

    def alter(entity: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            name: changed(value) if name not in LINKING and f"{entity}.{name}" in hidden else value
            for name, value in record.items()
        }

    return alter


def perturb(service: Service, alter: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
    for source in service.sources.values():
        connector = source.connector
        scan, fetch = connector.scan, connector.fetch

        def scanned(entity: str, fields: set[str], scan: Any = scan) -> Iterator[dict[str, Any]]:
            return (alter(entity, record) for record in scan(entity, fields))

        def fetched(entity: str, keys: Any, fields: set[str], fetch: Any = fetch) -> list[dict[str, Any]]:
            return [alter(entity, record) for record in fetch(entity, keys, fields)]

        connector.scan, connector.fetch = scanned, fetched  # type: ignore[method-assign]


TABLE = "cells { values count suppressed } totals { dimension value count suppressed } total totalSuppressed"
STATISTICS = (
    "query($at: Date) { "
    + " ".join(f"{d.lower()}: statistics(groupBy: [{d}], at: $at) {{ {TABLE} }}" for d in DIMENSIONS)
    + f" two: statistics(groupBy: [NATIONALITY, PERMIT_STATUS], at: $at) {{ {TABLE} }}"
    + f' issued: statistics(groupBy: [ISSUER, MONTH_OF_ISSUE], unit: WORK_PERMITS, from: "2026-01-01") {{ {TABLE} }}'
    + f" cards: statistics(groupBy: [MONTH_OF_ISSUE], unit: VISAS_AND_CARDS, to: $at) {{ {TABLE} }}"
    + f" health: statistics(groupBy: [SECTOR], unit: HEALTH_CERTIFICATES) {{ {TABLE} }}"
    + f" employers: statistics(groupBy: [EMPLOYER_KIND, IN_INDUSTRIAL_ZONE], unit: EMPLOYERS) {{ {TABLE} }}"
    + " }"
)
"""Every dimension, and each unit, as a count: an oracle like any other answer."""


def requests(passports: list[str], employers: list[str], senders: list[str]) -> list[tuple[str, dict]]:
    """Every entry point, with the arguments an officer would send."""
    asked: list[tuple[str, dict]] = [
        (
            (
                f"query($at: Date) {{ workers(first: 1000) {{ nodes {{ {WORKER} {COMPLIANCE} }} "
                "pageInfo { endCursor hasNextPage } } }"
            ),
            {"at": AT},
        )
    ]
    asked += [
        ("query($f: WorkerFilter) { workers(first: 1000, filter: $f) { nodes { id fullName } } }", {"f": f})
        for f in FILTERS
    ]
    asked += [
        (
            "query($p: String!) { worker(passportNumber: $p) { id fullName passportNumber employer { name } } }",
            {"p": p},
        )
        for p in passports
    ]
    asked += [
        (
            (
                "query($t: String!) { employer(taxCode: $t) { name workers(first: 1000) { nodes { id } } }"
                " workers(first: 1000, filter: {employerTaxCode: $t}) { nodes { id } } }"
            ),
            {"t": t},
        )
        for t in employers
    ]
    asked.append(
        (
            (
                "query($at: Date) { discrepancies(to: $at, first: 1000) { nodes { id kind since summary"
                " workers { id } employerTaxCode evidence { sourceAgency entity sourceRecordId } } unchecked } }"
            ),
            {"at": AT},
        )
    )
    asked.append(
        (
            (
                "{ identityReviews(first: 1000) { id kind status reason records { side sourceAgency entity"
                " sourceRecordId fullName dateOfBirth gender nationality passportNumber }"
                " comparisons { field agrees } } }"
            ),
            {},
        )
    )
    asked += [
        (
            (
                "query($a: String!, $m: String!) { exchangeList(agency: $a, month: $m) { withheld rows { change"
                " worker { id fullName } workPermit { permitNumber status validFrom } permitExemption { validFrom }"
                " visa { validFrom } residenceCard { validFrom ward } employer { taxCode status }"
                " changes { field newValue } healthFacility { licenceNumber }"
                " contractor { employerTaxCode declaredForeignHeadcount actualForeignHeadcount } } } }"
            ),
            {"a": agency, "m": month},
        )
        for agency in senders
        for month in (("2026-09", "2026-12") if agency == "xay_dung" else ("2026-09", "2026-10", "2026-11"))
    ]
    asked.append((STATISTICS, {"at": AT}))
    return asked


ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { id fullName employer { name } } } }"


async def answers(service: Service, agency: str, asked: list[tuple[str, dict]], ids: list[str]) -> bytes:
    viewer = Viewer("tester", agency, "officer", purpose="HS-2026/114", **CLAIMS.get(agency, {}))
    out = []
    for query, variables in asked:
        gate = PolicyGate(service.policies, viewer, service.index)
        context = Context(service.sources, service.index, service.cache, gate)
        result = await service.schema.execute(query, variable_values=variables, context_value=context)
        assert not [e for e in result.errors or [] if not e.path], (
            query,
            result.errors,
        )  # ran, not refused whole
        out.append({"data": result.data, "errors": [e.formatted for e in result.errors or []]})
    gate = PolicyGate(service.policies, viewer, service.index)
    representations = [{"__typename": "Worker", "id": i} for i in ids]
    result = await build_subgraph().execute(
        ENTITIES,
        variable_values={"r": representations},
        context_value=Context(service.sources, service.index, service.cache, gate),
    )
    out.append({"data": result.data, "errors": [e.formatted for e in result.errors or []]})
    return orjson.dumps(out, option=orjson.OPT_INDENT_2)


async def started(sources: Path) -> Service:
    service = Service.open(settings_for(sources))
    await service.start()
    return service


@pytest.fixture(scope="module")
def cases(embedded_demo: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    async def gather() -> tuple[list[tuple[str, dict]], list[str]]:
        service = await started(embedded_demo)
        try:
            persons = service.index.snapshot.ordered
            employers = sorted(service.index.snapshot.by_employer)
            senders = sorted({s.config.agency for s in service.sources.values()} & set(LISTS))
            asked = requests([p.passport for p in persons[::40]], employers[::15], senders)
            return asked, [p.id for p in persons[::20]]
        finally:
            await service.stop()

    return asyncio.run(gather())


@pytest.fixture(scope="module")
def plain(embedded_demo: Path, cases) -> dict[str, bytes]:
    """Every agency's answers over the sources as they are."""

    async def ask() -> dict[str, bytes]:
        service = await started(embedded_demo)
        try:
            return {agency: await answers(service, agency, *cases) for agency in sorted(POLICIES.agencies)}
        finally:
            await service.stop()

    return asyncio.run(ask())


@pytest.mark.parametrize("agency", sorted(POLICIES.agencies))
def test_no_answer_changes_when_what_the_agency_may_not_see_changes(embedded_demo, cases, plain, agency):
    async def ask() -> bytes:
        service = Service.open(settings_for(embedded_demo))
        perturb(service, hiding(agency))
        await service.start()
        try:
            return await answers(service, agency, *cases)
        finally:
            await service.stop()

    altered = asyncio.run(ask())
    listed = orjson.loads(plain[agency])[0]["data"]["workers"]["nodes"]
    assert len(listed) >= 10, "the agency sees workers, so the comparison says something"
    assert altered == plain[agency]


def test_leaves_read_straight_from_views_answer_as_graphql_core_does(
    embedded_demo, cases, plain, monkeypatch
):
    """graph/api/execution.py serves a View's leaves without graphql-core's per-field machinery;
    every agency's answers at every entry point, errors and their paths included, are the same as
    when graphql-core executes every field itself."""
    everywhere = {**OPTIONS, "execution_context_class": None}  # Strawberry's own execution
    monkeypatch.setitem(
        globals(), "build_subgraph", lambda: Subgraph(**everywhere, federation_version=FEDERATION_VERSION)
    )

    async def ask() -> dict[str, bytes]:
        service = await started(embedded_demo)
        service.schema = PlainSchema(**everywhere)
        try:
            return {agency: await answers(service, agency, *cases) for agency in sorted(POLICIES.agencies)}
        finally:
            await service.stop()

    assert asyncio.run(ask()) == plain
