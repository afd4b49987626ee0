"""The API as a frontend team reads it: described, with enums for codes, every error code listed,
and worker lists counted and sorted only by what the viewer sees in clear."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import mini
import pytest
from graphql import get_introspection_query, graphql_sync
from serving import Officer, serving

from connectors.model import CODE_LISTS
from graph.api.errors import ErrorCode
from graph.api.schema import schema

ROOT = Path(__file__).resolve().parent.parent
BUILT_IN = {"String", "Boolean", "Int", "Float", "ID"}


def introspected() -> list[dict]:
    result = graphql_sync(schema._schema, get_introspection_query(descriptions=True))
    assert result.errors is None
    return [t for t in result.data["__schema"]["types"] if not t["name"].startswith("__")]


def described(element: dict) -> bool:
    return bool((element["description"] or "").strip())


def test_every_type_field_argument_and_enum_value_is_described():
    missing = []
    for kind in introspected():
        name = kind["name"]
        if name not in BUILT_IN and not described(kind):
            missing.append(name)
        for field in (kind["fields"] or []) + (kind["inputFields"] or []):
            if not described(field):
                missing.append(f"{name}.{field['name']}")
            missing += [
                f"{name}.{field['name']}({a['name']}:)" for a in field.get("args") or [] if not described(a)
            ]
        missing += [f"{name}.{value['name']}" for value in kind["enumValues"] or [] if not described(value)]
    assert missing == []


def test_the_walk_sees_fields_arguments_and_enum_values():
    """The test above would pass on an empty walk: it reaches what it must judge."""
    kinds = {kind["name"]: kind for kind in introspected()}
    assert "orderBy" in {
        a["name"] for a in next(f for f in kinds["Query"]["fields"] if f["name"] == "workers")["args"]
    }
    assert {v["name"] for v in kinds["PermitStatus"]["enumValues"]} == {
        "VALID",
        "EXPIRED",
        "REVOKED",
        "RETURNED",
        "SUPERSEDED",
    }
    assert "permitStatus" in {f["name"] for f in kinds["WorkerFilter"]["inputFields"]}


ENUM_OF = {
    "WorkPermit.issuanceType": "IssuanceType",
    "WorkPermit.status": "PermitStatus",
    "WorkPermit.jobPosition": "JobPosition",
    "WorkPermit.workForm": "WorkForm",
    "Visa.entries": "VisaEntries",
    "HealthCertificate.conclusion": "HealthConclusion",
    "CriminalRecordCertificate.form": "CriminalRecordForm",
    "Employer.kind": "EmployerKind",
    "Employer.status": "EmployerStatus",
    "SocialInsuranceRecord.status": "InsuranceStatus",
    "HealthFacility.status": "FacilityStatus",
    "ResidenceCheck.result": "ResidenceCheckResult",
    "Dossier.status": "DossierStatus",
    "Dossier.outcome": "DossierOutcome",
    "DossierStep.step": "DossierStepKind",
    "DossierStep.agency": "DossierAgency",
    "DossierStep.status": "DossierStepStatus",
    "Inspection.status": "InspectionStatus",
}


@pytest.mark.parametrize("coordinate", sorted(ENUM_OF))
def test_each_code_field_is_the_enum_of_the_connectors_code_list(coordinate):
    """Names equal to the codes the sources file maps to, so JSON values did not change."""
    type_name, field = coordinate.split(".")
    enum = schema._schema.type_map[ENUM_OF[coordinate]]
    assert schema._schema.type_map[type_name].fields[field].type is enum
    assert set(enum.values) == CODE_LISTS[coordinate]


def test_codes_not_in_the_connectors_lists_are_enums_too():
    types = schema._schema.type_map
    expected = {
        "WorkPermit.issuer": ("PermitIssuer", {"noi_vu", "bql_kcn"}),
        "CriminalRecordCertificate.issuer": ("CriminalRecordIssuer", {"tu_phap", "cong_an"}),
        "Worker.gender": ("Gender", {"M", "F"}),
        "ComplianceCheck.result": ("CheckResult", {"PASSED", "FAILED", "NOT_APPLICABLE", "UNKNOWN"}),
        "Compliance.status": ("ComplianceStatus", {"COMPLIANT", "NON_COMPLIANT", "UNKNOWN"}),
        "LinkedRecord.matchedBy": (
            "MatchMethod",
            {"passport", "passport_history", "name_birth_date", "officer_decision"},
        ),
        "ExchangeList.period": ("ListPeriod", {"monthly", "quarterly"}),
        "DeliveryAttempt.status": ("DeliveryStatus", {"SENDING", "SENT", "FAILED", "REJECTED"}),
    }
    for coordinate, (enum_name, names) in expected.items():
        type_name, field = coordinate.split(".")
        assert types[type_name].fields[field].type is types[enum_name], coordinate
        assert set(types[enum_name].values) == names, coordinate


def test_the_codes_of_ward_checks_dossiers_and_inspections_are_enums_of_todays_codes():
    """Strings until these enums: each value is named as the code the field always answered."""
    types = schema._schema.type_map
    expected = {
        "ResidenceCheck.result": ("ResidenceCheckResult", {"FOUND", "NOT_FOUND"}),
        "Dossier.status": ("DossierStatus", {"RECEIVED", "PROCESSING", "DECIDED"}),
        "Dossier.outcome": ("DossierOutcome", {"GRANTED", "REFUSED"}),
        "DossierStep.step": ("DossierStepKind", {"RECEPTION", "CRIMINAL_RECORD", "WORK_PERMIT", "RESULT"}),
        "DossierStep.agency": ("DossierAgency", {"hcc", "cong_an", "noi_vu", "bql_kcn"}),
        "DossierStep.status": ("DossierStepStatus", {"WAITING", "PROCESSING", "DONE"}),
        "Inspection.status": ("InspectionStatus", {"OPEN", "CLOSED"}),
    }
    for coordinate, (enum_name, names) in expected.items():
        type_name, field = coordinate.split(".")
        assert types[type_name].fields[field].type is types[enum_name], coordinate
        assert {name: value.value for name, value in types[enum_name].values.items()} == {
            name: name for name in names
        }, coordinate


# --- error codes ---------------------------------------------------------------------------------

EMITTERS = re.compile(r"([Ee]rror|Refusal|refuse|error_payload)$")
CODE = re.compile(r"[A-Z][A-Z_]{2,}")


def emitted_codes() -> dict[str, str]:
    """Every code literal the code base puts in an error: the value of a "code" key, an all-caps
    argument of an error's constructor or of `refuse`/`error_payload`, a parameter `code`'s default."""
    found: dict[str, str] = {}
    for path in [*(ROOT / "graph").rglob("*.py"), *(ROOT / "connectors").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            literals: list[ast.expr] = []
            if isinstance(node, ast.Dict):
                literals += [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "code"
                ]
            elif isinstance(node, ast.Call):
                callee = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if EMITTERS.search(callee):
                    literals += [*node.args, *(k.value for k in node.keywords if k.arg == "code")]
            elif isinstance(node, ast.FunctionDef):
                arguments = node.args.args[len(node.args.args) - len(node.args.defaults) :]
                literals += [d for a, d in zip(arguments, node.args.defaults, strict=True) if a.arg == "code"]
            for literal in literals:
                if (
                    isinstance(literal, ast.Constant)
                    and isinstance(literal.value, str)
                    and CODE.fullmatch(literal.value)
                ):
                    found.setdefault(literal.value, where)
    return found


def test_every_code_the_server_emits_is_in_the_error_code_enum_and_no_other():
    emitted = emitted_codes()
    assert {"FORBIDDEN", "UNKNOWN_CODE", "OVERLOADED", "CLIENT_DISCONNECTED", "BAD_REQUEST"} <= set(emitted)
    unlisted = {code: where for code, where in emitted.items() if code not in ErrorCode.__members__}
    assert unlisted == {}, "add these to graph/api/errors.py ErrorCode and README's Error codes"
    assert set(ErrorCode.__members__) - set(emitted) == set(), "listed but never emitted"


def test_the_readme_lists_the_same_error_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Error codes\n", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.MULTILINE)) == set(ErrorCode.__members__)


def test_error_codes_are_published_in_the_schema():
    sdl = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert "enum ErrorCode {" in sdl
    assert '"""\n  Field: the source holds a code outside' in sdl


# --- over HTTP, on the mini sources -----------------------------------------------------------------

PERMITS = '{ worker(passportNumber: "M1234567") { workPermits { permitNumber issuer status } } }'


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return mini.build(tmp_path)


def test_a_code_outside_the_enum_is_unknown_code_with_the_code_never_another_value(sources):
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("constants: {issuer: noi_vu}", "constants: {issuer: so_lao_dong}", 1))
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(PERMITS)
    assert result["data"]["worker"]["workPermits"] == [
        {"permitNumber": "GP1", "issuer": None, "status": "VALID"}
    ]
    (error,) = result["errors"]
    assert error["path"] == ["worker", "workPermits", 0, "issuer"]
    assert error["extensions"] == {"code": "UNKNOWN_CODE", "value": "so_lao_dong"}


def test_codes_keep_their_json_values(sources):
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(PERMITS)
    assert result == {
        "data": {"worker": {"workPermits": [{"permitNumber": "GP1", "issuer": "noi_vu", "status": "VALID"}]}},
        "extensions": {"sources": {"noi_vu": "OK"}},
    }


def test_request_errors_of_graphql_core_carry_a_code(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        response = client.post(
            "/graphql",
            json={"query": "{ workers { nodes { bogus } } }"},
            headers={"Authorization": f"Bearer {officer.token}"},
        )
        assert response.json()["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
        result = officer.post("query($f: Int) { workers(first: $f) { totalCount } }", f="x")
    assert result["data"] is None
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def names(result: dict) -> list[str]:
    assert "errors" not in result, result
    return [node["fullName"] for node in result["data"]["workers"]["nodes"]]


def test_total_count_is_what_paging_would_count(sources):
    """The mini sources hold two workers noi_vu may know of (GP3's row is unreadable), one Korean."""
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        everyone = officer.post("{ workers(first: 1) { totalCount pageInfo { hasNextPage } } }")
        koreans = officer.post(
            '{ workers(filter: {nationality: "Hàn Quốc"}) { totalCount nodes { fullName } } }'
        )
    assert everyone["data"]["workers"] == {"totalCount": 2, "pageInfo": {"hasNextPage": True}}
    assert koreans["data"]["workers"] == {"totalCount": 1, "nodes": [{"fullName": "KIM JI-HOON"}]}


def test_order_by_a_field_in_clear_both_ways_and_page_by_page(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        by_name = "query($d: OrderDirection, $a: String) { workers(first: 1, after: $a, orderBy: {field: FULL_NAME, direction: $d}) { nodes { fullName } pageInfo { endCursor hasNextPage } } }"
        first = officer.post(by_name, d="DESC")
        cursor = first["data"]["workers"]["pageInfo"]["endCursor"]
        second = officer.post(by_name, d="DESC", a=cursor)
        ascending = officer.post("{ workers(orderBy: {field: FULL_NAME}) { nodes { fullName } } }")
        by_birth = officer.post("{ workers(orderBy: {field: DATE_OF_BIRTH}) { nodes { fullName } } }")
        by_nationality = officer.post(
            "{ workers(orderBy: {field: NATIONALITY, direction: DESC}) { nodes { fullName } } }"
        )
        other_order = officer.post(by_name.replace("FULL_NAME", "NATIONALITY"), d="DESC", a=cursor)
        no_order = officer.post("query($a: String) { workers(after: $a) { nodes { id } } }", a=cursor)
    assert names(first) == ["WANG WEI"]
    assert names(second) == ["KIM JI-HOON"]
    assert second["data"]["workers"]["pageInfo"]["hasNextPage"] is False
    assert names(ascending) == ["KIM JI-HOON", "WANG WEI"]
    assert names(by_birth) == ["KIM JI-HOON", "WANG WEI"]  # 1985-02-01 before 1990
    assert names(by_nationality) == ["KIM JI-HOON", "WANG WEI"]  # KOR after CHN, descending
    for refused in (other_order, no_order):
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "same orderBy" in refused["errors"][0]["message"]


def test_order_by_a_field_not_in_clear_is_refused_before_anything_runs(sources):
    """A ward officer sees birth dates masked to the year: sorting by them would tell the dates."""
    with serving(sources) as client:
        ward = Officer(client, sources.parent, "ubnd_xa", ward="Phường Láng")
        result = ward.post("{ workers(orderBy: {field: DATE_OF_BIRTH}) { nodes { fullName } } }")
        by_name = ward.post("{ workers(orderBy: {field: FULL_NAME}) { totalCount nodes { fullName } } }")
    assert result["data"] is None
    assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert "errors" not in by_name


# --- on the demo's 400 workers -----------------------------------------------------------------------

PAGE = """query($a: String, $o: WorkerOrder) {
  workers(first: 60, after: $a, orderBy: $o) {
    totalCount nodes { fullName nationality } pageInfo { endCursor hasNextPage } } }"""


def every_page(officer: Officer, order: dict | None) -> tuple[list[dict], set[int]]:
    nodes: list[dict] = []
    counts: set[int] = set()
    cursor = None
    while True:
        result = officer.post(PAGE, a=cursor, o=order)
        assert "errors" not in result, result
        page = result["data"]["workers"]
        nodes += page["nodes"]
        counts.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, counts
        cursor = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    ("agency", "claims"), [("noi_vu", {}), ("y_te", {}), ("ubnd_xa", {"ward": "Phường Láng"})]
)
def test_on_the_demo_total_count_is_the_pages_and_order_by_name_sorts_them(embedded_demo, agency, claims):
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, agency, **claims)
        listed, counts = every_page(officer, None)
        by_name, by_name_counts = every_page(officer, {"field": "FULL_NAME", "direction": "DESC"})
    assert counts == by_name_counts == {len(listed)}
    assert len(listed) > 0
    assert sorted(n["fullName"] for n in by_name) == sorted(n["fullName"] for n in listed)
    assert [n["fullName"] for n in by_name] == sorted((n["fullName"] for n in listed), reverse=True)


def test_an_employers_workers_in_order_each_page_after_the_last(embedded_demo):
    """An employer's few workers are sorted as they are, not from the city's listing: the same order."""
    employer = """query($t: String!, $a: String) { employer(taxCode: $t) { workers(first: 2, after: $a,
        orderBy: {field: FULL_NAME}) { totalCount nodes { fullName } pageInfo { endCursor hasNextPage } } } }"""
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        codes = officer.post("{ workers(first: 300) { nodes { employer { taxCode } } } }")["data"]["workers"][
            "nodes"
        ]
        tax_code = max(
            {n["employer"]["taxCode"] for n in codes if n["employer"]},
            key=lambda code: sum(1 for n in codes if n["employer"] and n["employer"]["taxCode"] == code),
        )
        names, cursor, total = [], None, None
        while True:
            page = officer.post(employer, t=tax_code, a=cursor)["data"]["employer"]["workers"]
            names += [n["fullName"] for n in page["nodes"]]
            total = page["totalCount"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            cursor = page["pageInfo"]["endCursor"]
    assert len(names) == total > 2
    assert names == sorted(names)


def test_every_kind_of_record_the_sources_hold_is_a_record_kind():
    """A record's `entity` is a RecordKind: a kind of record missing from it would be an UNKNOWN_CODE
    error on every linked record of that kind."""
    from connectors.model import ENTITY_FIELDS
    from graph.api.codes import RecordKind

    assert set(RecordKind.__members__) == set(ENTITY_FIELDS)
