"""Every request leaves one tamper-evident audit record; no record, no data."""

import json
from pathlib import Path

import pytest
from racing import append_at_once
from serving import Officer, serving, settings_for
from sqlalchemy import text

from graph.audit import AuditLog
from graph.audit_report import show
from graph.demo_keys import demo_token

LOOKUP = '{ worker(passportNumber: "m 123 4567") { fullName passportNumber workPermits { salary } } }'


def audit_of(folder: Path) -> AuditLog:
    settings = settings_for(folder / "sources.yaml")
    return AuditLog(settings.audit_url, settings.audit_checkpoints, checkpoint_every=2)


def records(folder: Path) -> list[dict]:
    return [record for _, _, record in audit_of(folder).rows()]


def test_every_request_is_recorded_including_refused_ones(folder):
    with serving(folder / "sources.yaml") as client:
        client.post("/graphql", json={"query": LOOKUP})
        Officer(client, folder, "noi_vu").post(LOOKUP, purpose="HS-2026/114")
        Officer(client, folder, "cong_an").post(LOOKUP)
        client.post(
            "/graphql",
            content=b"{not json",
            headers={"Authorization": f"Bearer {demo_token(folder, 'y_te')}"},
        )
    unauthenticated, allowed, forbidden, bad = records(folder)
    assert unauthenticated["outcome"] == "UNAUTHENTICATED"
    assert unauthenticated["status"] == 401
    assert allowed["outcome"] == "OK"
    assert (allowed["sub"], allowed["agency"], allowed["role"]) == ("noi_vu-officer", "noi_vu", "officer")
    assert allowed["purpose"] == "HS-2026/114"
    assert allowed["fields"]["WorkPermit.salary"] == "allow"
    assert len(allowed["persons"]) == 1 and allowed["persons"][0].startswith("W")
    assert allowed["sources"] == {"noi_vu": "OK"}
    assert len(allowed["operationHash"]) == 64
    assert forbidden["outcome"] == "FORBIDDEN"
    assert forbidden["fields"]["WorkPermit.salary"] == "deny"
    assert bad["outcome"] == "BAD_REQUEST"


def test_the_trail_holds_no_token_no_passport_and_no_refused_value(folder):
    with serving(folder / "sources.yaml") as client:
        token = demo_token(folder, "cong_an")
        client.post("/graphql", json={"query": LOOKUP}, headers={"Authorization": f"Bearer {token}"})
    stored = b"".join(path.read_bytes() for path in folder.glob("audit.*"))
    for secret in (token.encode(), b"M1234567", b"m 123 4567", b"25000000", b"KIM JI-HOON"):
        assert secret not in stored


def test_a_supervisor_finds_who_looked_at_a_worker_and_why(folder, capsys):
    with serving(folder / "sources.yaml") as client:
        Officer(client, folder, "noi_vu").post(LOOKUP, purpose="HS-2026/114")
        Officer(client, folder, "y_te").post('{ worker(passportNumber: "E99887766") { fullName } }')
    show(settings_for(folder / "sources.yaml"), None, "M-1234567", None)
    out = capsys.readouterr().out
    assert "noi_vu-officer" in out and "purpose=HS-2026/114" in out
    assert "y_te" not in out
    assert "1 records" in out


def test_an_intact_trail_verifies(folder):
    log = audit_of(folder)
    for n in range(5):
        log.append({"n": n})
    assert log.verify() == (5, [])


def tamper(log: AuditLog, statement: str) -> None:
    with log.engine.begin() as connection:
        connection.execute(text(statement))


@pytest.mark.parametrize(
    ("statement", "seq", "word"),
    [
        ("""update audit_record set body = '{"n": 99}' where seq = 3""", 3, "edited"),
        ("delete from audit_record where seq = 3", 3, "missing"),
        (
            "update audit_record set body = (select body from audit_record where seq = 4),"
            " record_hash = (select record_hash from audit_record where seq = 4) where seq = 3",
            3,
            "chain broken",
        ),
        ("delete from audit_record where seq >= 4", 4, "truncated"),
    ],
)
def test_edits_deletions_reordering_and_truncation_are_found_and_located(folder, statement, seq, word):
    log = audit_of(folder)
    for n in range(5):
        log.append({"n": n})
    tamper(log, statement)
    _, findings = log.verify()
    assert findings
    assert any(f.seq == seq and word in f.problem for f in findings), findings


def test_a_rewritten_log_is_caught_by_the_checkpoint_file(folder):
    log = audit_of(folder)
    for n in range(4):
        log.append({"n": n})
    tamper(log, "delete from audit_record")
    tamper(log, "delete from audit_checkpoint")
    for n in range(4):
        log.append({"n": n + 100})
    _, findings = log.verify()
    assert any("checkpoint" in f.problem for f in findings)


def test_concurrent_writers_keep_one_linear_chain(folder):
    assert append_at_once([audit_of(folder) for _ in range(4)], each=25) == []
    assert audit_of(folder).verify() == (100, [])


def test_no_data_is_served_when_the_audit_store_cannot_be_written(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_AUDIT_URL", f"sqlite:///{folder}/missing-dir/audit.sqlite")
    with serving(folder / "sources.yaml") as client:
        response = client.post(
            "/graphql",
            json={"query": LOOKUP},
            headers={"Authorization": f"Bearer {demo_token(folder, 'noi_vu')}"},
        )
    assert response.status_code == 503
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    assert "KIM" not in json.dumps(body)
