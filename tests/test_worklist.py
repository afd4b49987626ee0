"""The reconciliation work list: findings' ids and cases, and the four mutations that change a case.

Each mutation end to end over HTTP with tokens of agencies allowed and denied it; the state machine;
the status filter; each agency's own cases; persistence across a restart on SQLite and PostgreSQL;
a finding fixed at the source; the audit records; GET refused; limits and rate limits; and the
refusal of a finding the officer cannot see, which must be the refusal of one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from serving import Officer
from starlette.testclient import TestClient

from demo.keys import demo_token, ensure_demo_keys
from graph.access.audit import AuditLog, AuditUnavailable
from graph.cli import main
from graph.rules.reconciliation import Finding, finding_id
from graph.web.app import create_app
from graph.web.settings import Settings, load_settings
from graph.worklist.cases import Case, CaseConflict, CaseStore, Change, Note
from graph.worklist.workflow import STATUSES, TRANSITIONS, InvalidTransition, transition

LIST = """query($status: [FindingStatus!], $kind: [DiscrepancyKind!]) {
  discrepancies(first: 1000, status: $status, kind: $kind) {
    nodes { id kind workers { id } evidence { sourceAgency entity sourceRecordId }
            case { status assignee notes { text author at } updatedAt updatedBy } } } }"""
CASE = "status assignee notes { text author } updatedBy"
ASSIGN = f"mutation($id: ID!, $to: String!) {{ assignFinding(id: $id, assignee: $to) {{ {CASE} }} }}"
NOTE = f"mutation($id: ID!, $text: String!) {{ noteFinding(id: $id, text: $text) {{ {CASE} }} }}"
RESOLVE = f"mutation($id: ID!, $note: String) {{ resolveFinding(id: $id, note: $note) {{ {CASE} }} }}"
REFER = f"mutation($id: ID!, $note: String) {{ referFindingToPolice(id: $id, note: $note) {{ {CASE} }} }}"
MUTATIONS = {
    "assignFinding": (ASSIGN, {"to": "Nguyễn Văn An"}),
    "noteFinding": (NOTE, {"text": "Đã gọi điện"}),
    "resolveFinding": (RESOLVE, {}),
    "referFindingToPolice": (REFER, {}),
}
NOBODY = "0" * 32
"""A well-formed id no finding has."""
OFFICER = "noi_vu-officer"


def configured(folder: Path, sources: Path, worklist_url: str | None = None, **sections: Any) -> Settings:
    """Settings keeping this test's audit trail and work list in `folder`."""
    ensure_demo_keys(sources.parent)
    config = {
        "audit": {"url": f"sqlite:///{folder}/audit.sqlite", "checkpoints": f"{folder}/audit.checkpoints"},
        "worklist": {"url": worklist_url or f"sqlite:///{folder}/worklist.sqlite"},
        **sections,
    }
    path = folder / "lienthong.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return load_settings(path, sources, index_check_seconds=0)


@contextmanager
def served(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def findings(officer: Officer, **variables: Any) -> list[dict[str, Any]]:
    answer = officer.post(LIST, **variables)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]["discrepancies"]["nodes"]


def first_of(officer: Officer, kind: str) -> dict[str, Any]:
    return next(f for f in findings(officer) if f["kind"] == kind)


def changed(officer: Officer, mutation: str, **variables: Any) -> dict[str, Any]:
    """The case a mutation returns; the test fails on any error."""
    answer = officer.post(mutation, **variables)
    assert "errors" not in answer, answer["errors"]
    (case,) = answer["data"].values()
    return case


def refusal(answer: dict[str, Any]) -> str:
    (error,) = answer["errors"]
    assert list(answer["data"].values()) == [None]
    return error["extensions"]["code"]


@pytest.fixture
def settings(embedded_demo: Path, tmp_path: Path) -> Settings:
    return configured(tmp_path, embedded_demo)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with served(settings) as client:
        yield client


@pytest.fixture
def noi_vu(client: TestClient, embedded_demo: Path) -> Officer:
    return Officer(client, embedded_demo.parent, "noi_vu")


def test_an_officer_assigns_notes_resolves_reopens_and_refers_a_finding(noi_vu):
    target = first_of(noi_vu, "WORK_STATUS_WITHOUT_PERMIT")
    assert target["case"] == {
        "status": "OPEN",
        "assignee": None,
        "notes": [],
        "updatedAt": None,
        "updatedBy": None,
    }
    found = target["id"]
    assert changed(noi_vu, ASSIGN, id=found, to="Nguyễn Văn An") == {
        "status": "ASSIGNED",
        "assignee": "Nguyễn Văn An",
        "notes": [],
        "updatedBy": OFFICER,
    }
    assert changed(noi_vu, NOTE, id=found, text="  Đã gọi điện cho doanh nghiệp\n") == {
        "status": "ASSIGNED",
        "assignee": "Nguyễn Văn An",
        "notes": [{"text": "Đã gọi điện cho doanh nghiệp", "author": OFFICER}],
        "updatedBy": OFFICER,
    }
    resolved = changed(noi_vu, RESOLVE, id=found, note="Doanh nghiệp đã nộp hồ sơ cấp giấy phép")
    assert (resolved["status"], [n["text"] for n in resolved["notes"]]) == (
        "RESOLVED",
        ["Đã gọi điện cho doanh nghiệp", "Doanh nghiệp đã nộp hồ sơ cấp giấy phép"],
    )
    assert refusal(noi_vu.post(RESOLVE, id=found)) == "INVALID_TRANSITION"
    assert refusal(noi_vu.post(REFER, id=found)) == "INVALID_TRANSITION"
    reopened = changed(noi_vu, ASSIGN, id=found, to="Trần Thị Bình")
    assert (reopened["status"], reopened["assignee"]) == ("ASSIGNED", "Trần Thị Bình")
    assert changed(noi_vu, REFER, id=found)["status"] == "REFERRED_TO_POLICE"
    assert refusal(noi_vu.post(REFER, id=found)) == "INVALID_TRANSITION"
    listed = {f["id"]: f["case"] for f in findings(noi_vu)}
    case = listed[found]
    assert (case["status"], case["assignee"], case["updatedBy"]) == (
        "REFERRED_TO_POLICE",
        "Trần Thị Bình",
        OFFICER,
    )
    assert [(n["text"], n["author"]) for n in case["notes"]] == [
        ("Đã gọi điện cho doanh nghiệp", OFFICER),
        ("Doanh nghiệp đã nộp hồ sơ cấp giấy phép", OFFICER),
    ]
    moment = dt.datetime.fromisoformat(case["updatedAt"])
    assert dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5) < moment <= dt.datetime.now(dt.UTC)
    assert {c["status"] for i, c in listed.items() if i != found} == {"OPEN"}


@pytest.mark.parametrize(
    ("agency", "claims"), [("xay_dung", {"sector": "construction"}), ("ubnd_xa", {"ward": "Phường Láng"})]
)
def test_an_agency_denied_the_work_list_is_refused_every_change(
    client, embedded_demo, noi_vu, agency, claims
):
    target = findings(noi_vu)[0]["id"]
    other = Officer(client, embedded_demo.parent, agency, **claims)
    for name, (mutation, variables) in MUTATIONS.items():
        answer = other.post(mutation, id=target, **variables)
        assert answer["data"] == {name: None}
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["FORBIDDEN"]
    assert findings(noi_vu)[0]["case"]["status"] == "OPEN"


def test_a_finding_the_officer_cannot_see_is_refused_as_one_that_does_not_exist(
    client, embedded_demo, noi_vu
):
    hidden = first_of(noi_vu, "WORK_STATUS_WITHOUT_PERMIT")["id"]  # needs visas: bhxh may not see them
    insurance = Officer(client, embedded_demo.parent, "bhxh")
    assert hidden not in {f["id"] for f in findings(insurance)}
    for mutation, variables in MUTATIONS.values():
        refused = insurance.post(mutation, id=hidden, **variables)
        absent = insurance.post(mutation, id=NOBODY, **variables)
        assert refused == absent
        assert refusal(refused) == "NOT_FOUND"
    assert first_of(noi_vu, "WORK_STATUS_WITHOUT_PERMIT")["case"]["status"] == "OPEN"


def test_each_agency_keeps_its_own_case_of_a_finding_both_see(client, embedded_demo, noi_vu):
    shared = first_of(noi_vu, "INSURED_WITHOUT_PERMIT")
    insurance = Officer(client, embedded_demo.parent, "bhxh")
    (seen,) = [f for f in findings(insurance) if f["id"] == shared["id"]]
    assert (seen["kind"], seen["workers"]) == (shared["kind"], shared["workers"])
    changed(noi_vu, ASSIGN, id=shared["id"], to="Nguyễn Văn An")
    changed(noi_vu, NOTE, id=shared["id"], text="Hồ sơ của Sở Nội vụ")
    assert [f["case"] for f in findings(insurance) if f["id"] == shared["id"]] == [
        {"status": "OPEN", "assignee": None, "notes": [], "updatedAt": None, "updatedBy": None}
    ]
    assert changed(insurance, RESOLVE, id=shared["id"])["status"] == "RESOLVED"
    assert first_of(noi_vu, "INSURED_WITHOUT_PERMIT")["case"]["status"] == "ASSIGNED"


def test_status_filters_by_the_stored_status(noi_vu):
    every = findings(noi_vu)
    assigned, resolved = every[0]["id"], every[1]["id"]
    changed(noi_vu, ASSIGN, id=assigned, to="Nguyễn Văn An")
    changed(noi_vu, RESOLVE, id=resolved)
    changed(noi_vu, NOTE, id=every[2]["id"], text="Chưa xử lý, chỉ ghi chú")

    def ids(*status: str) -> list[str]:
        return [f["id"] for f in findings(noi_vu, status=list(status))]

    assert ids("ASSIGNED") == [assigned]
    assert ids("RESOLVED") == [resolved]
    assert ids("REFERRED_TO_POLICE") == []
    assert ids("ASSIGNED", "RESOLVED") == [assigned, resolved]
    assert ids("OPEN") == [f["id"] for f in every[2:]]
    assert [f["id"] for f in findings(noi_vu)] == [f["id"] for f in every]


def test_the_state_machine():
    closed = {"RESOLVED", "REFERRED_TO_POLICE"}
    expected = {
        ("assign", "OPEN"): "ASSIGNED",
        ("assign", "ASSIGNED"): "ASSIGNED",
        ("assign", "RESOLVED"): "ASSIGNED",
        ("assign", "REFERRED_TO_POLICE"): "ASSIGNED",
        ("note", "OPEN"): "OPEN",
        ("note", "ASSIGNED"): "ASSIGNED",
        ("note", "RESOLVED"): "RESOLVED",
        ("note", "REFERRED_TO_POLICE"): "REFERRED_TO_POLICE",
        ("resolve", "OPEN"): "RESOLVED",
        ("resolve", "ASSIGNED"): "RESOLVED",
        ("resolve", "RESOLVED"): None,
        ("resolve", "REFERRED_TO_POLICE"): "RESOLVED",
        ("refer", "OPEN"): "REFERRED_TO_POLICE",
        ("refer", "ASSIGNED"): "REFERRED_TO_POLICE",
        ("refer", "RESOLVED"): None,
        ("refer", "REFERRED_TO_POLICE"): None,
    }
    assert {(action, status) for action in TRANSITIONS for status in STATUSES} == set(expected)
    for (action, status), after in expected.items():
        if after is None:
            with pytest.raises(InvalidTransition, match="reopen it by assigning it first"):
                transition(action, status)
            assert status in closed
        else:
            assert transition(action, status) == after


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_cases_and_ids_outlive_a_restart(embedded_demo, tmp_path, request, store):
    url = (
        request.getfixturevalue("databases").create("postgresql", "worklist")
        if store == "postgresql"
        else None
    )
    settings = configured(tmp_path, embedded_demo, url)
    with served(settings) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        before = findings(officer)
        target = before[3]["id"]
        changed(officer, ASSIGN, id=target, to="Nguyễn Văn An")
        changed(officer, NOTE, id=target, text="Ghi chú trước khi khởi động lại")
    with served(settings) as client:
        after = findings(Officer(client, embedded_demo.parent, "noi_vu"))
    assert [(f["id"], f["kind"]) for f in after] == [(f["id"], f["kind"]) for f in before]
    case = next(f["case"] for f in after if f["id"] == target)
    assert (case["status"], case["assignee"], [n["text"] for n in case["notes"]]) == (
        "ASSIGNED",
        "Nguyễn Văn An",
        ["Ghi chú trước khi khởi động lại"],
    )


def test_a_finding_fixed_at_the_source_leaves_the_list_and_its_case_returns_with_it(embedded_demo, tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(embedded_demo.parent, demo)
    settings = configured(tmp_path, demo / embedded_demo.name)
    record = "000130/2025/STP-LLTP"  # issued by Sở Tư pháp after 01/03/2025: a wrong issuer
    export = demo / "tu_phap" / "lltp_2025.csv"
    original = export.read_text(encoding="utf-8-sig")
    assert record in original
    with served(settings) as client:
        officer = Officer(client, demo, "noi_vu")
        (target,) = [
            f
            for f in findings(officer, kind=["CRIMINAL_RECORD_WRONG_ISSUER"])
            if {e["sourceRecordId"] for e in f["evidence"]} == {record}
        ]
        changed(officer, REFER, id=target["id"], note="Chuyển Công an xử lý")
        fixed = "".join(line for line in original.splitlines(keepends=True) if not line.startswith(record))
        export.write_text(fixed, encoding="utf-8-sig")
        assert target["id"] not in {f["id"] for f in findings(officer)}
        assert refusal(officer.post(NOTE, id=target["id"], text="Còn không?")) == "NOT_FOUND"
        assert [f["id"] for f in findings(officer, status=["REFERRED_TO_POLICE"])] == []
        export.write_text(original, encoding="utf-8-sig")
        back = findings(officer, status=["REFERRED_TO_POLICE"])
    assert [(f["id"], [n["text"] for n in f["case"]["notes"]]) for f in back] == [
        (target["id"], ["Chuyển Công an xử lý"])
    ]


def test_every_change_is_audited_with_the_notes_length_not_its_text(
    client, settings, noi_vu, tmp_path, embedded_demo, capsys
):
    target = first_of(noi_vu, "OVERLAPPING_PERMITS")
    note = "Người lao động Nguyễn Văn X khai sai địa chỉ"
    changed(noi_vu, ASSIGN, id=target["id"], to="Nguyễn Văn An")
    changed(noi_vu, NOTE, id=target["id"], text=note)
    changed(noi_vu, RESOLVE, id=target["id"])
    log = AuditLog.open(settings)
    records = [record for _, _, record in log.rows()]
    changes = [r for r in records if "change" in r]
    assert [r["change"] for r in changes] == [
        {
            "finding": target["id"],
            "kind": "OVERLAPPING_PERMITS",
            "action": "assign",
            "from": "OPEN",
            "to": "ASSIGNED",
            "assignee": "Nguyễn Văn An",
            "noteChars": None,
        },
        {
            "finding": target["id"],
            "kind": "OVERLAPPING_PERMITS",
            "action": "note",
            "from": "ASSIGNED",
            "to": "ASSIGNED",
            "assignee": None,
            "noteChars": 44,
        },
        {
            "finding": target["id"],
            "kind": "OVERLAPPING_PERMITS",
            "action": "resolve",
            "from": "ASSIGNED",
            "to": "RESOLVED",
            "assignee": None,
            "noteChars": None,
        },
    ]
    assert {(r["sub"], r["agency"], r["role"]) for r in changes} == {(OFFICER, "noi_vu", "officer")}
    assert all(r["persons"] == [w["id"] for w in target["workers"]] for r in changes)
    requests = {r["requestId"] for r in records if "change" not in r}
    assert all(r["requestId"] in requests for r in changes)
    assert not any(note in json.dumps(r, ensure_ascii=False) for r in records)
    assert log.verify() == (len(records), [])
    config = str(tmp_path / "lienthong.yaml")
    assert (
        main(["audit", "--config", config, "--sources", str(embedded_demo), "show", "--agency", "noi_vu"])
        == 0
    )
    shown = capsys.readouterr().out
    assert (
        f"    changed: {target['id']} (OVERLAPPING_PERMITS) assign OPEN → ASSIGNED to Nguyễn Văn An\n"
        in shown
    )
    assert (
        f"    changed: {target['id']} (OVERLAPPING_PERMITS) note ASSIGNED → ASSIGNED, note of 44 characters\n"
        in shown
    )
    assert note not in shown


def test_no_audit_record_no_change(client, noi_vu, monkeypatch):
    service = client.app.state.service
    target = findings(noi_vu)[0]["id"]
    appended = service.audit_append

    async def refusing(record: dict[str, Any]) -> None:
        if "change" in record:
            raise AuditUnavailable("the store is down")
        await appended(record)

    monkeypatch.setattr(service, "audit_append", refusing)
    assert refusal(noi_vu.post(ASSIGN, id=target, to="Nguyễn Văn An")) == "AUDIT_UNAVAILABLE"
    assert findings(noi_vu)[0]["case"]["status"] == "OPEN"


def test_a_mutation_is_refused_over_get_even_as_a_persisted_query(client, embedded_demo, noi_vu):
    target = findings(noi_vu)[0]["id"]
    digest = hashlib.sha256(ASSIGN.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    headers = {"Authorization": f"Bearer {demo_token(embedded_demo.parent, 'noi_vu')}"}
    posted = client.post(
        "/graphql",
        json={"query": ASSIGN, "variables": {"id": target, "to": "Nguyễn Văn An"}, "extensions": extensions},
        headers=headers,
    )
    assert posted.json()["data"]["assignFinding"]["assignee"] == "Nguyễn Văn An"
    replayed = client.get(
        "/graphql",
        params={"extensions": json.dumps(extensions), "variables": json.dumps({"id": target, "to": "Kẻ lạ"})},
        headers={**headers, "Accept": "application/graphql-response+json"},
    )
    assert (replayed.status_code, replayed.json()) == (
        405,
        {
            "errors": [
                {"message": "a mutation changes things: POST it", "extensions": {"code": "BAD_REQUEST"}}
            ]
        },
    )
    assert findings(noi_vu)[0]["case"]["assignee"] == "Nguyễn Văn An"


def test_what_an_officer_types_is_bounded(noi_vu):
    target = findings(noi_vu)[0]["id"]
    for mutation, variables in [
        (NOTE, {"id": target, "text": "x" * 2001}),
        (NOTE, {"id": target, "text": " \n "}),
        (NOTE, {"id": target, "text": "ghi chú\x1b[31m"}),
        (ASSIGN, {"id": target, "to": "a" * 101}),
        (ASSIGN, {"id": "W-not-an-id", "to": "Nguyễn Văn An"}),
    ]:
        assert refusal(noi_vu.post(mutation, **variables)) == "BAD_USER_INPUT"
    assert changed(noi_vu, NOTE, id=target, text="x" * 2000)["notes"] == [
        {"text": "x" * 2000, "author": OFFICER}
    ]
    for number in range(49):
        changed(noi_vu, NOTE, id=target, text=f"ghi chú {number}")
    assert refusal(noi_vu.post(NOTE, id=target, text="một ghi chú nữa")) == "BAD_USER_INPUT"
    assert len(findings(noi_vu)[0]["case"]["notes"]) == 50


def test_two_changes_in_one_request_cost_two_city_scans_and_are_refused(client, embedded_demo, noi_vu):
    target = findings(noi_vu)[0]["id"]
    both = (
        'mutation($id: ID!) { a: assignFinding(id: $id, assignee: "An") { status }'
        ' b: noteFinding(id: $id, text: "x") { status } }'
    )
    headers = {"Authorization": f"Bearer {demo_token(embedded_demo.parent, 'noi_vu')}"}
    answer = client.post(
        "/graphql", json={"query": both, "variables": {"id": target}}, headers=headers
    ).json()
    assert answer == {
        "errors": [
            {
                "message": "the query would resolve more than 200,000 fields",
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ]
    }
    assert findings(noi_vu)[0]["case"]["status"] == "OPEN"


def test_changes_count_against_the_rate_limit(embedded_demo, tmp_path):
    settings = configured(tmp_path, embedded_demo, rate_limits={"requests_per_minute": 2})
    headers = {"Authorization": f"Bearer {demo_token(embedded_demo.parent, 'noi_vu')}"}
    with served(settings) as client:

        def assign(to: str) -> int:
            body = {"query": ASSIGN, "variables": {"id": NOBODY, "to": to}}
            return client.post("/graphql", json=body, headers=headers).status_code

        assert [assign("An"), assign("Bình"), assign("Chi")] == [200, 200, 429]


def test_ids_are_keyed_and_rest_on_the_records_every_viewer_of_the_kind_sees():
    permit = ("WorkPermit", {"sourceAgency": "noi_vu", "sourceRecordId": "GP-1"})
    insurance = ("SocialInsuranceRecord", {"sourceAgency": "bhxh", "sourceRecordId": "BH-1"})
    visa = ("Visa", {"sourceAgency": "cong_an", "sourceRecordId": "TT-1"})
    other_visa = ("Visa", {"sourceAgency": "cong_an", "sourceRecordId": "TT-2"})
    other_permit = ("WorkPermit", {"sourceAgency": "noi_vu", "sourceRecordId": "GP-2"})

    def of(kind: str, *evidence: tuple[str, dict[str, Any]]) -> str:
        return finding_id(b"key", Finding(kind, dt.date(2026, 1, 1), "summary", list(evidence)))

    insured = of("INSURED_WITHOUT_PERMIT", insurance, permit)
    assert len(insured) == 32 and int(insured, 16) >= 0
    assert of("INSURED_WITHOUT_PERMIT", insurance, visa, permit) == insured  # bhxh may not see visas
    assert of("INSURED_WITHOUT_PERMIT", permit, other_visa, insurance) == insured
    assert of("INSURED_WITHOUT_PERMIT", insurance, permit, other_permit) != insured
    assert of("WORK_STATUS_WITHOUT_PERMIT", visa, permit) != of(
        "WORK_STATUS_WITHOUT_PERMIT", other_visa, permit
    )
    assert of("WORK_STATUS_WITHOUT_PERMIT", visa, permit) != of(
        "PERMIT_ENDED_RESIDENCE_CARD_VALID", visa, permit
    )
    unkeyed = Finding("INSURED_WITHOUT_PERMIT", None, "summary", [insurance, permit])
    assert finding_id(b"another key", unkeyed) != insured


def test_ids_are_distinct_and_the_same_for_every_agency(noi_vu, client, embedded_demo):
    every = {f["id"] for f in findings(noi_vu)}
    assert (
        len(every) == 40
    )  # 34 of one worker's papers and contractors, 2 each of the inspectorate's, wards', one-stop centre's
    insured = [f["id"] for f in findings(Officer(client, embedded_demo.parent, "bhxh"))]
    assert len(insured) == 15 and set(insured) <= every


def test_a_stale_change_is_refused_by_the_store(tmp_path):
    store = CaseStore(f"sqlite:///{tmp_path}/cases.sqlite")
    at = "2026-12-01T02:00:00.000000+00:00"
    store.apply("noi_vu", "f" * 32, Case(), Change("ASSIGNED", "An", OFFICER, at))
    with pytest.raises(CaseConflict):
        store.apply("noi_vu", "f" * 32, Case(), Change("ASSIGNED", "Bình", "other", at))
    (read,) = store.cases("noi_vu", ["f" * 32]).values()
    with pytest.raises(CaseConflict):
        store.apply("noi_vu", "f" * 32, Case(version=7), Change("RESOLVED", "An", "other", at))
    store.apply("noi_vu", "f" * 32, read, Change("RESOLVED", "An", OFFICER, at, "Xong"))
    assert store.cases("noi_vu", ["f" * 32, "e" * 32]) == {
        "f" * 32: Case("RESOLVED", "An", (Note("Xong", OFFICER, at),), at, OFFICER, 2)
    }
    assert store.cases("bhxh", ["f" * 32]) == {}
    store.close()
