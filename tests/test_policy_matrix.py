"""The whole default policy matrix (docs/domain.md §7) against the demo data, one token per agency.

The same query, asking for every field, runs once through an open gate (the reference) and once per
agency; every value of every answer must then be exactly what that agency's decision says: equal to
the reference, its mask, or null with the refusal's code.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from kitchen_sink import WORKERS, walk
from serving import Officer, serving, settings_for

from graph.access.policy import DEFAULT_DIRECTORY, load_policies
from graph.api.context import Context
from graph.api.schema import schema
from graph.common.facets import FACETS
from graph.common.timezone import today
from graph.web.service import Service

POLICIES = load_policies(DEFAULT_DIRECTORY, schema._schema)
CITY_WIDE = sorted(a for a, p in POLICIES.agencies.items() if p.scope == "city")
PAGE = 60


@pytest.fixture(scope="module")
def reference(demo_sources: Path) -> dict[str, dict[str, Any]]:
    """Every worker as an open gate shows it, by id."""

    async def everything() -> dict[str, Any]:
        service = Service.open(settings_for(demo_sources))
        await service.start()
        try:
            result = await service.schema.execute(
                WORKERS,
                variable_values={"first": 1000},
                context_value=Context(service.sources, service.index, service.cache),
            )
        finally:
            await service.stop()
        assert not result.errors, result.errors
        return result.data

    data = asyncio.run(everything())
    return {node["id"]: node for node in data["workers"]["nodes"]}


@pytest.fixture(scope="module", params=["memory", "redis"])
def client(request, demo_sources: Path):
    """Every test here runs with the record cache in memory and again in Redis: the cache holds
    raw records only, so what each agency sees must not change."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "redis":
            url = request.getfixturevalue("redis_url")
            redis.Redis.from_url(url).flushdb()
            patch.setenv("LIENTHONG_CACHE_URL", url)
        with serving(demo_sources) as client:
            yield client


def at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


DERIVED = (
    "fullName",
    "otherNames",
    "nativeName",
    "gender",
    "dateOfBirth",
    "passportNumber",
    "passports",
    "employer",
    "linkedRecords",
)
"""Worker fields derived from several records: a viewer's comes only from records of kinds it may
see, so it equals the open gate's only for a worker all of whose records the viewer may see
(tests/test_derived.py checks that the others depend on nothing hidden)."""


def kinds_seen(agency: str, purpose: bool) -> set[str]:
    """The kinds of record the agency sees: not denied, and not waiting for a purpose not stated."""
    rules = {e: POLICIES.rule(agency, "officer", f"Worker.{f}") for f, e in FACETS.items()}
    return {e for e, rule in rules.items() if rule.effect != "deny" and (purpose or not rule.purpose)}


def check_answer(agency: str, result: dict, reference: dict, purpose: bool) -> int:
    """Assert every field of the answer obeys the agency's decision; returns how many were checked."""
    errors = {tuple(e["path"]): e["extensions"]["code"] for e in result.get("errors", [])}
    masked = {tuple(p) for p in result.get("extensions", {}).get("masked", [])}
    checked = 0
    seen = kinds_seen(agency, purpose)
    for index, node in enumerate(result["data"]["workers"]["nodes"]):
        expected_worker = reference[node["id"]]
        whole = {r["entity"] for r in expected_worker["linkedRecords"]} <= seen
        base = ("workers", "nodes", index)
        for coordinate, path, value in walk("Worker", node, base):
            if not whole and path[len(base)] in DERIVED:
                shape_only(agency, coordinate, path, value, errors, masked, purpose)
                continue
            rule = POLICIES.rule(agency, "officer", coordinate)
            relative = path[len(base) :]
            expected = at(expected_worker, relative)
            full = path
            if rule.effect == "deny":
                assert value is None and errors.get(full) == "FORBIDDEN", (agency, coordinate, value)
            elif rule.purpose and not purpose:
                assert value is None and errors.get(full) == "PURPOSE_REQUIRED", (agency, coordinate)
            elif rule.effect == "mask" and expected is not None:
                parent = at(expected_worker, relative[:-1])
                assert masked_as(rule.mask, value, str(expected), parent), (agency, coordinate, value)
                assert full in masked, (agency, coordinate)
            elif isinstance(expected, list):
                assert isinstance(value, list) and len(value) == len(expected), (agency, coordinate)
            elif not isinstance(expected, dict):
                assert value == expected, (agency, coordinate, value, expected)
                assert full not in masked and full not in errors
            checked += 1
    return checked


def masked_as(mask: str, shown: str, clear: str, parent: dict) -> bool:
    """Whether `shown` is `clear` under the mask, checked by what each mask promises (the production
    mask functions are not used to compute the expectation)."""
    if mask == "last4":
        return (
            len(shown) == max(len(clear), 4)
            and shown[-4:] == (clear[-4:] if len(clear) > 4 else "****")
            and set(shown[:-4]) <= {"*"}
        )
    if mask == "year":
        return shown == clear.split("-")[0] and len(shown) == 4
    return mask == "ward" and shown == parent["ward"] and shown != clear


def shape_only(
    agency: str, coordinate: str, path: tuple, value: Any, errors: dict, masked: set, purpose: bool
):
    """A derived value whose records the viewer sees only in part: refused, masked or clear as decided."""
    rule = POLICIES.rule(agency, "officer", coordinate)
    if rule.effect == "deny" or (rule.purpose and not purpose):
        assert value is None and errors.get(path) in ("FORBIDDEN", "PURPOSE_REQUIRED"), (agency, coordinate)
    elif rule.effect == "allow" and not isinstance(value, (dict, list)):
        assert path not in masked and path not in errors, (agency, coordinate)


@pytest.mark.parametrize("agency", CITY_WIDE)
def test_every_field_is_allowed_masked_or_denied_as_the_policy_says(client, demo_sources, reference, agency):
    officer = Officer(client, demo_sources.parent, agency)
    result = officer.post(WORKERS, first=PAGE)
    assert len(result["data"]["workers"]["nodes"]) == PAGE
    assert check_answer(agency, result, reference, purpose=False) > PAGE * 20


@pytest.mark.parametrize(
    ("agency", "claims"),
    [
        ("ubnd_xa", {"ward": "Phường Láng"}),
        ("xay_dung", {"sector": "construction"}),
        ("giao_duc", {"sector": "education"}),
    ],
)
def test_scoped_agencies_see_masked_values_as_their_policy_says(
    client, demo_sources, reference, agency, claims
):
    result = Officer(client, demo_sources.parent, agency, **claims).post(WORKERS, first=PAGE)
    nodes = result["data"]["workers"]["nodes"]
    assert nodes
    assert check_answer(agency, result, reference, purpose=False) > len(nodes) * 20
    assert any(path[-1] == "passportNumber" for path in result["extensions"]["masked"])


@pytest.mark.parametrize("agency", ["cong_an", "thanh_tra"])
def test_fields_that_need_a_purpose_are_shown_once_it_is_stated(client, demo_sources, reference, agency):
    officer = Officer(client, demo_sources.parent, agency)
    result = officer.post(WORKERS, purpose=quote("Vụ việc 12/2026/TT"), first=PAGE)
    check_answer(agency, result, reference, purpose=True)
    assert not any(e["extensions"]["code"] == "PURPOSE_REQUIRED" for e in result.get("errors", []))


def test_health_officer_never_sees_criminal_record_details(client, demo_sources):
    query = (
        "{ workers(first: 200) { nodes { criminalRecordCertificates { hasConviction convictionDetails } } } }"
    )
    result = Officer(client, demo_sources.parent, "y_te").post(query, purpose="any purpose at all")
    assert all(n["criminalRecordCertificates"] is None for n in result["data"]["workers"]["nodes"])
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}


def living_in(worker: dict, day: str) -> str | None:
    """The ward docs/access.md defines: the latest declaration whose stay has begun
    (none if that stay has ended), else for one who never declared the latest card in force."""
    declared = [d for d in worker["residenceDeclarations"] or [] if d["stayFrom"] and d["stayFrom"] <= day]
    if declared:
        latest = max(declared, key=lambda d: (d["stayFrom"], d["declaredAt"] or ""))
        return None if latest["stayTo"] and latest["stayTo"] < day else latest["ward"]
    cards = [
        c
        for c in worker["residenceCards"] or []
        if c["validFrom"] and c["validFrom"] <= day and not (c["validTo"] and c["validTo"] < day)
    ]
    return max(cards, key=lambda c: c["validFrom"])["ward"] if cards else None


def wards(reference: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    day = today().isoformat()
    for worker_id, worker in reference.items():
        ward = living_in(worker, day)
        if ward:
            found.setdefault(ward, set()).add(worker_id)
    return found


def sectors(reference: dict) -> dict[str, set[str]]:
    """Workers by their employer's sector, where a permit or exemption names the employer: a sector
    department may not see visas, so a visa's sponsor places nobody in its scope."""
    found: dict[str, set[str]] = {}
    for worker_id, worker in reference.items():
        employer = worker["employer"] or {}
        authorised = [p for p in worker["workPermits"] or [] if p["status"] == "VALID"]
        authorised += worker["permitExemptions"] or []
        if employer.get("sector") and any(a["employerTaxCode"] == employer["taxCode"] for a in authorised):
            found.setdefault(employer["sector"], set()).add(worker_id)
    return found


def listed(
    officer: Officer, query: str = "{ workers(first: 1000) { nodes { id } } }", **variables
) -> set[str]:
    result = officer.post(query, **variables)
    assert "errors" not in result, result["errors"]
    return {node["id"] for node in result["data"]["workers"]["nodes"]}


def test_a_ward_officer_lists_only_workers_living_in_the_ward(client, demo_sources, reference):
    ward, expected = max(wards(reference).items(), key=lambda item: len(item[1]))
    officer = Officer(client, demo_sources.parent, "ubnd_xa", ward=ward)
    assert listed(officer) == expected
    assert (
        listed(officer, '{ workers(first: 1000, filter: {nationality: "CHN"}) { nodes { id } } }') <= expected
    )
    assert len(expected) < len(reference)


def test_a_sector_department_lists_only_workers_of_its_sector(client, demo_sources, reference):
    expected = sectors(reference)["manufacturing"]
    officer = Officer(client, demo_sources.parent, "cong_thuong", sector="manufacturing")
    assert listed(officer) == expected
    assert len(expected) == max(len(workers) for workers in sectors(reference).values())


def test_row_scope_holds_inside_employer_workers_and_nested_lists(client, demo_sources, reference):
    ward, expected = max(wards(reference).items(), key=lambda item: len(item[1]))
    officer = Officer(client, demo_sources.parent, "ubnd_xa", ward=ward)
    employers = {w["employer"]["taxCode"] for w in reference.values() if w["employer"]}
    seen: set[str] = set()
    query = "query($t: String!) { employer(taxCode: $t) { workers(first: 100) { nodes { id employer { workers(first: 100) { nodes { id } } } } } } }"
    for tax_code in sorted(employers)[:25]:
        result = officer.post(query, t=tax_code)
        for node in result["data"]["employer"]["workers"]["nodes"]:
            seen.add(node["id"])
            seen |= {inner["id"] for inner in node["employer"]["workers"]["nodes"]}
    assert seen and seen <= expected


def test_out_of_scope_looks_exactly_like_not_existing(client, demo_sources, reference):
    ward, expected = max(wards(reference).items(), key=lambda item: len(item[1]))
    officer = Officer(client, demo_sources.parent, "ubnd_xa", ward=ward)
    outside = next(w for i, w in reference.items() if i not in expected)
    inside = reference[next(iter(expected))]
    answers = [
        officer.post("query($p: String!) { worker(passportNumber: $p) { fullName } }", p=p)
        for p in (outside["passportNumber"], inside["passportNumber"], "ZZ0000000")
    ]
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.parametrize(
    ("agency", "claims", "filter_", "needs"),
    [
        ("y_te", {}, {"permitExpiringBefore": "2030-01-01"}, "WorkPermit.validTo"),
        ("bhxh", {}, {"nationality": "KOR"}, None),
        ("cong_thuong", {"sector": "trade"}, {"permitStatus": ["VALID"]}, None),
    ],
)
def test_filters_on_fields_not_seen_in_clear_are_refused_before_anything_runs(
    client, demo_sources, agency, claims, filter_, needs
):
    officer = Officer(client, demo_sources.parent, agency, **claims)
    result = officer.post("query($f: WorkerFilter) { workers(filter: $f) { nodes { id } } }", f=filter_)
    if needs:
        assert result["data"] is None
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert needs not in result["errors"][0]["message"]
    else:
        assert "errors" not in result


def test_lookups_by_a_masked_passport_are_refused(client, demo_sources, reference):
    worker = next(iter(reference.values()))
    officer = Officer(client, demo_sources.parent, "ubnd_xa", ward="Phường Láng")
    result = officer.post(
        "query($p: String!) { worker(passportNumber: $p) { id } }", p=worker["passportNumber"]
    )
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_aliases_fragments_and_typename_give_no_way_around_a_decision(client, demo_sources):
    query = """
      { workers(first: 20) { nodes {
          __typename
          pay: workPermits { s: salary }
          ... on Worker { workPermits { salary } }
          ...F
      } } }
      fragment F on Worker { healthCertificates { diseases ... on HealthCertificate { healthGrade } } }
    """
    result = Officer(client, demo_sources.parent, "cong_an").post(query)
    for node in result["data"]["workers"]["nodes"]:
        assert node["__typename"] == "Worker"
        assert all(p["s"] is None for p in node["pay"] or [])
        assert all(p["salary"] is None for p in node["workPermits"] or [])
        assert all(
            h["diseases"] is None and h["healthGrade"] is None for h in node["healthCertificates"] or []
        )
    codes = {e["extensions"]["code"] for e in result["errors"]}
    assert codes == {"FORBIDDEN"}


@pytest.mark.parametrize(
    ("facet", "agency"),
    [
        ("violations", "y_te"), ("violations", "hcc"), ("violations", "bhxh"),
        ("residenceChecks", "y_te"), ("residenceChecks", "bhxh"), ("residenceChecks", "hcc"),
        ("dossiers", "y_te"), ("dossiers", "bhxh"), ("dossiers", "tu_phap"),
    ],
)  # fmt: skip
def test_the_new_sources_records_are_refused_to_agencies_without_the_need(
    client, demo_sources, facet, agency
):
    """thanh_tra's violations, the wards' checks and hcc's dossiers: null and FORBIDDEN on every worker."""
    result = Officer(client, demo_sources.parent, agency).post(
        f"{{ workers(first: 5) {{ nodes {{ {facet} {{ sourceRecordId }} }} }} }}"
    )
    nodes = result["data"]["workers"]["nodes"]
    assert len(nodes) == 5 and all(node[facet] is None for node in nodes)
    assert [(e["path"][-1], e["extensions"]["code"]) for e in result["errors"]] == [(facet, "FORBIDDEN")] * 5
