"""The attacks of the confidentiality review, each sent as the officer would send it.

The rule (docs/confidentiality.md): a value shown, a row's presence, its order, a label, a count, a match
or an error may depend only on fields the viewer may see in clear. Each test here is one way a
hostile officer with a valid token tried to learn more, and asserts on the whole answer.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import mini
import pytest
import strawberry
from serving import Officer, serving, settings_for
from strawberry.schema.config import StrawberryConfig

from graph.access.audit import AuditLog
from graph.access.present import read
from graph.common.timezone import today

EVERYONE = """{ workers(first: 1000) { nodes { id fullName passportNumber
  employer { taxCode }
  workPermits { status employerTaxCode }
  permitExemptions { employerTaxCode }
  visas { sponsorTaxCode }
  residenceCards { ward validFrom validTo }
  residenceDeclarations { ward stayFrom stayTo declaredAt }
  healthCertificates { conclusion } } } }"""
IDS = "{ workers(first: 1000) { nodes { id } } }"
BY_PASSPORT = "query($p: String!) { worker(passportNumber: $p) { id employer { taxCode } } }"


@pytest.fixture(scope="module")
def demo(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client, embedded_demo.parent


@pytest.fixture(scope="module")
def everyone(demo) -> list[dict[str, Any]]:
    """Every worker as noi_vu (which sees every record kind) sees them: where the cases are found."""
    client, folder = demo
    answer = Officer(client, folder, "noi_vu").post(EVERYONE)
    assert "errors" not in answer
    return answer["data"]["workers"]["nodes"]


def ids(officer: Officer, query: str = IDS, **variables: Any) -> set[str]:
    answer = officer.post(query, **variables)
    assert "errors" not in answer, answer
    return {node["id"] for node in answer["data"]["workers"]["nodes"]}


def test_a_health_officer_gets_no_permit_change_time(demo, everyone):
    """WorkPermit.asOf is nearly always the permit's validFrom, which y_te may not see."""
    client, folder = demo
    answer = Officer(client, folder, "y_te").post(
        "{ workers(first: 1000) { nodes { workPermits { status asOf } } } }"
    )
    permits = [p for node in answer["data"]["workers"]["nodes"] for p in node["workPermits"]]
    assert len(permits) > 100
    assert {p["asOf"] for p in permits} == {None}
    assert {(e["path"][-1], e["extensions"]["code"]) for e in answer["errors"]} == {("asOf", "FORBIDDEN")}
    assert len(answer["errors"]) == len(permits)


def sponsored_only(everyone: list[dict]) -> dict:
    """A worker whose employer comes from a visa's sponsor alone (no valid permit, no exemption),
    and whom y_te may know of (a permit or health certificate of theirs)."""
    return next(
        w
        for w in everyone
        if w["employer"]
        and not [p for p in w["workPermits"] if p["status"] == "VALID"]
        and not w["permitExemptions"]
        and w["employer"]["taxCode"] in {v["sponsorTaxCode"] for v in w["visas"]}
        and (w["workPermits"] or w["healthCertificates"])
    )


def test_the_visa_sponsor_is_no_employer_for_agencies_denied_visas(demo, everyone):
    client, folder = demo
    worker = sponsored_only(everyone)
    sponsor = worker["employer"]["taxCode"]
    health, police = Officer(client, folder, "y_te"), Officer(client, folder, "cong_an")
    assert health.post(BY_PASSPORT, p=worker["passportNumber"]) == {
        "data": {"worker": {"id": worker["id"], "employer": None}}
    }
    assert police.post(BY_PASSPORT, p=worker["passportNumber"]) == {
        "data": {"worker": {"id": worker["id"], "employer": {"taxCode": sponsor}}},
        "extensions": {"sources": {"tai_chinh": "OK"}},
    }
    by_employer = (
        "query($t: String!) { workers(first: 1000, filter: {employerTaxCode: $t}) { nodes { id } } }"
    )
    assert worker["id"] not in ids(health, by_employer, t=sponsor)
    assert worker["id"] in ids(police, by_employer, t=sponsor)
    listing = "query($t: String!) { employer(taxCode: $t) { workers(first: 1000) { nodes { id } } } }"
    shown = health.post(listing, t=sponsor)["data"]["employer"]["workers"]["nodes"]
    assert worker["id"] not in {node["id"] for node in shown}


def current_ward(worker: dict, day: str) -> str | None:
    begun = [d for d in worker["residenceDeclarations"] if d["stayFrom"] and d["stayFrom"] <= day]
    latest = max(begun, key=lambda d: (d["stayFrom"], d["declaredAt"] or ""))
    return None if latest["stayTo"] and latest["stayTo"] < day else latest["ward"]


def test_a_ward_no_longer_sees_a_worker_who_moved_out(demo, everyone):
    client, folder = demo
    day = today().isoformat()
    moved = next(
        w
        for w in everyone
        if len({d["ward"] for d in w["residenceDeclarations"]}) > 1 and current_ward(w, day)
    )
    now = current_ward(moved, day)
    before = next(d["ward"] for d in moved["residenceDeclarations"] if d["ward"] != now)
    assert moved["id"] not in ids(Officer(client, folder, "ubnd_xa", ward=before))
    assert moved["id"] in ids(Officer(client, folder, "ubnd_xa", ward=now))
    address = "query($p: String!) { workers(first: 1000, filter: {name: $p}) { nodes { residenceDeclarations { address } } } }"
    old_ward = Officer(client, folder, "ubnd_xa", ward=before).post(address, p=moved["fullName"])
    assert all(
        d["address"] is None or now not in d["address"]
        for node in old_ward["data"]["workers"]["nodes"]
        for d in node["residenceDeclarations"]
    )


def test_a_card_holder_who_never_declared_is_in_the_ward_of_the_card(demo, everyone):
    client, folder = demo
    day = today().isoformat()
    holder = next(
        w
        for w in everyone
        if not w["residenceDeclarations"]
        and any(c["ward"] and c["validFrom"] <= day <= (c["validTo"] or "9999") for c in w["residenceCards"])
    )
    ward = next(
        c["ward"] for c in holder["residenceCards"] if c["validFrom"] <= day <= (c["validTo"] or "9999")
    )
    assert holder["id"] in ids(Officer(client, folder, "ubnd_xa", ward=ward))


def test_a_worker_known_only_from_hidden_records_does_not_exist_for_the_viewer(tmp_path: Path):
    """y_te may see permits, exemptions and health certificates; Tanaka has only a visa, so for y_te
    he is not listed, not found by passport and not found by name, exactly as if he did not exist."""
    sources = mini.build(tmp_path)
    mini.write_visas(
        tmp_path / "visa.csv",
        [
            ["V1", "KIM JIHOON", "1985-02-01", "KOR", "M-1234567", "LĐ2", "2027-01-01", "0101234567"],
            ["V3", "TANAKA HIRO", "1980-03-04", "JPN", "TK1234567", "LĐ2", "2027-01-01", "0101234567"],
        ],
    )
    named = '{ workers(filter: {name: "tanaka"}) { nodes { fullName } } }'
    listing = "{ workers { nodes { fullName } } }"
    lookup = '{ worker(passportNumber: "TK1234567") { fullName } }'
    with serving(sources) as client:
        health, police = Officer(client, tmp_path, "y_te"), Officer(client, tmp_path, "cong_an")
        assert health.post(named) == {"data": {"workers": {"nodes": []}}}
        assert health.post(lookup) == {"data": {"worker": None}}
        shown = health.post(listing)
        assert sorted(node["fullName"] for node in shown["data"]["workers"]["nodes"]) == [
            "KIM JI-HOON",
            "WANG WEI",
        ]
        assert "errors" not in shown
        assert police.post(named) == {"data": {"workers": {"nodes": [{"fullName": "TANAKA HIRO"}]}}}
        assert police.post(lookup) == {"data": {"worker": {"fullName": "TANAKA HIRO"}}}


def test_a_spelling_only_a_hidden_record_carries_finds_nobody(tmp_path: Path):
    """The police's visa spells Kim's name KIM JEE HOON; y_te may not see visas, so that spelling
    must not find him for y_te, while cong_an finds him by it."""
    sources = mini.build(tmp_path)
    mini.write_visas(
        tmp_path / "visa.csv",
        [["V1", "KIM JEE HOON", "1985-02-01", "KOR", "M-1234567", "LĐ2", "2027-01-01", "0101234567"]],
    )
    named = '{ workers(filter: {name: "jee hoon"}) { nodes { fullName } } }'
    with serving(sources) as client:
        assert Officer(client, tmp_path, "y_te").post(named) == {"data": {"workers": {"nodes": []}}}
        assert Officer(client, tmp_path, "cong_an").post(named) == {
            "data": {"workers": {"nodes": [{"fullName": "KIM JI-HOON"}]}}
        }
        assert Officer(client, tmp_path, "y_te").post(
            '{ worker(passportNumber: "M1234567") { fullName } }'
        ) == {"data": {"worker": {"fullName": "KIM JI-HOON"}}}


def test_a_forged_cursor_is_refused(tmp_path: Path):
    sources = mini.build(tmp_path)
    forged = base64.urlsafe_b64encode(b"after:W0").decode()
    with serving(sources) as client:
        officer = Officer(client, tmp_path, "noi_vu")
        answer = officer.post("query($a: String) { workers(first: 1, after: $a) { nodes { id } } }", a=forged)
        assert answer == {
            "data": None,
            "errors": [
                {
                    "message": "invalid cursor: pass an endCursor or edge cursor from an earlier page",
                    "locations": [{"line": 1, "column": 21}],
                    "path": ["workers"],
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ],
        }
        first = officer.post("{ workers(first: 1) { pageInfo { endCursor } } }")
        after = first["data"]["workers"]["pageInfo"]["endCursor"]
        assert "errors" not in officer.post(
            "query($a: String) { workers(after: $a) { nodes { id } } }", a=after
        )


@strawberry.type
class Leaky:
    secret: str | None


@strawberry.type
class Root:
    @strawberry.field
    def leaky(self) -> Leaky | None:
        return {"secret": "M1234567"}  # type: ignore[return-value]


def test_the_default_resolver_refuses_a_value_the_gate_did_not_prepare():
    """A resolver that returned a raw mapping would bypass every decision: it gets an error instead."""

    schema = strawberry.Schema(query=Root, config=StrawberryConfig(default_resolver=read))
    result = schema.execute_sync("{ leaky { secret } }")
    assert result.data == {"leaky": {"secret": None}}
    assert [error.message for error in result.errors or []] == [
        "dict reached the schema without passing the gate"
    ]


def test_a_skipped_field_is_neither_fetched_nor_recorded_as_shown(tmp_path: Path):
    sources = mini.build(tmp_path)
    query = """query($no: Boolean!) { worker(passportNumber: "M1234567") {
        fullName workPermits @include(if: $no) { salary } visas @skip(if: true) { symbol } } }"""
    with serving(sources) as client:
        answer = Officer(client, tmp_path, "noi_vu").post(query, no=False)
    assert answer == {"data": {"worker": {"fullName": "KIM JI-HOON"}}}
    settings = settings_for(sources)
    (*_, (_, _, record)) = AuditLog(settings.audit_url, settings.audit_checkpoints).rows()
    assert record["fields"] == {"Query.worker": "allow", "Worker.fullName": "allow"}
    assert record["sources"] == {}


@pytest.mark.parametrize(
    "query",
    [
        "{ workers { nodes { id } } }",
        '{ worker(passportNumber: "M1234567") { id } }',
        '{ employer(taxCode: "0101234567") { name } }',
        '{ exchangeList(agency: "noi_vu", month: "2026-10") { rows { change } } }',
        "{ discrepancies { nodes { kind } } }",
    ],
)
def test_an_agency_without_a_policy_is_refused_every_root_field(tmp_path: Path, query: str):
    """so_khcn (Sở Khoa học và Công nghệ) has no policy file: it is refused outright, not shown an empty city."""
    sources = mini.build(tmp_path)
    with serving(sources) as client:
        answer = Officer(client, tmp_path, "so_khcn").post(query)
    field = query.split("{")[1].split("(")[0].strip()
    assert answer["data"] in (None, {field: None})  # a non-null connection nulls the whole data
    assert [(e["path"], e["extensions"]["code"]) for e in answer["errors"]] == [([field], "FORBIDDEN")]
