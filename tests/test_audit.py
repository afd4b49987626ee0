"""Every request leaves one tamper-evident audit record; no record, no data."""

import hashlib
import json
import stat
from pathlib import Path

import pytest
from racing import append_at_once
from serving import Officer, serving, settings_for
from sqlalchemy import text

from demo.keys import demo_token
from graph.access.audit import AuditLog
from graph.cli import main
from graph.cli.audit_report import show

LOOKUP = '{ worker(passportNumber: "m 123 4567") { fullName passportNumber workPermits { salary } } }'


def audit_of(folder: Path) -> AuditLog:
    settings = settings_for(folder / "sources.yaml")
    return AuditLog(settings.audit_url, settings.audit_key, settings.audit_checkpoints, checkpoint_every=2)


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
            (
                "update audit_record set body = (select body from audit_record where seq = 4),"
                " record_hash = (select record_hash from audit_record where seq = 4) where seq = 3"
            ),
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


def written(folder: Path, count: int) -> AuditLog:
    log = audit_of(folder)
    for n in range(count):
        log.append({"n": n, "at": f"2026-11-01T08:00:0{n}+00:00"})
    return log


def findings_of(log: AuditLog) -> list[str]:
    return [str(finding) for finding in log.verify()[1]]


def test_editing_only_the_time_column_is_found(folder):
    log = written(folder, 5)
    tamper(log, "update audit_record set at = '2026-10-01T08:00:02+00:00' where seq = 3")
    assert findings_of(log) == [
        "record 3: does not match its checkpoint: the log was rewritten",
        "record 3: edited: its content, time or number does not match its MAC",
    ]


def test_a_chain_recomputed_with_plain_sha256_is_found(folder, capsys):
    """The attacker edits a record and recomputes every hash and digest as the unkeyed chain did,
    checkpoints in the store included: without the audit key, nothing they write verifies."""
    log = written(folder, 3)
    tamper(log, """update audit_record set body = '{"n": 99}' where seq = 2""")
    previous = "0" * 64
    with log.engine.begin() as connection:
        for seq, body in connection.execute(text("select seq, body from audit_record order by seq")).all():
            record_hash = hashlib.sha256(body.encode()).hexdigest()
            previous = hashlib.sha256(f"{previous}{record_hash}".encode()).hexdigest()
            values = {"seq": seq, "hash": record_hash, "digest": previous}
            connection.execute(
                text("update audit_record set record_hash = :hash, digest = :digest where seq = :seq"), values
            )
            connection.execute(text("update audit_checkpoint set digest = :digest where seq = :seq"), values)
    assert main(["audit", "--sources", str(folder / "sources.yaml"), "verify"]) == 1
    assert capsys.readouterr().out == (
        "TAMPERED record 1: chain broken: deleted, reordered or replaced before here\n"
        "TAMPERED record 1: does not match its checkpoint: the log was rewritten\n"
        "TAMPERED record 1: edited: its content, time or number does not match its MAC\n"
        "TAMPERED record 2: chain broken: deleted, reordered or replaced before here\n"
        "TAMPERED record 2: does not match its checkpoint: the log was rewritten\n"
        "TAMPERED record 2: edited: its content, time or number does not match its MAC\n"
        "TAMPERED record 3: chain broken: deleted, reordered or replaced before here\n"
        "TAMPERED record 3: does not match its checkpoint: the log was rewritten\n"
        "TAMPERED record 3: edited: its content, time or number does not match its MAC\n"
        "3 records checked: 9 problems\n"
    )


def test_deleting_the_newest_records_after_the_last_table_checkpoint_is_found(folder):
    log = written(folder, 5)  # the store checkpoints records 2 and 4; the file every record
    tamper(log, "delete from audit_record where seq = 5")
    assert findings_of(log) == ["record 5: truncated: a checkpoint names record 5 but the log ends at 4"]


def cut_last_line(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-40])


def forge_line(path: Path) -> None:
    digest = hashlib.sha256(b"forged").hexdigest()
    line = {"seq": 9, "digest": digest, "at": "2026-11-01T09:00:00+00:00", "mac": digest}
    with path.open("a") as handle:
        handle.write(json.dumps(line) + "\n")


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (Path.unlink, ": missing: the checkpoint file was deleted, so a cut tail cannot show"),
        (cut_last_line, " line 3: unreadable: half-written or edited"),
        (forge_line, " line 4: wrong MAC: forged or edited"),
        (lambda path: path.write_text(""), ": names no record: it was emptied, deleted or replaced"),
    ],
)
def test_a_damaged_checkpoint_file_is_reported_without_a_traceback(folder, capsys, damage, problem):
    damage(written(folder, 3).checkpoint_file)
    assert main(["audit", "--sources", str(folder / "sources.yaml"), "verify"]) == 1
    assert capsys.readouterr() == (
        f"TAMPERED {folder / 'audit.checkpoints'}{problem}\n3 records checked: 1 problems\n",
        "",
    )


def test_a_newline_in_a_purpose_cannot_forge_a_line_in_audit_show(folder, capsys):
    audit_of(folder).append(
        {
            "at": "2026-11-01T08:00:00+00:00",
            "sub": "noi_vu-officer\r",
            "agency": "noi_vu",
            "role": "officer",
            "purpose": "x\n#999 forged\u2028\x1b[2J\\n",
            "outcome": "OK",
            "persons": [],
            "fields": {"WorkPermit.salary\x85": "allow"},
        }
    )
    show(settings_for(folder / "sources.yaml"), None, None, None)
    assert capsys.readouterr().out == (
        "#1 2026-11-01T08:00:00+00:00 noi_vu-officer\\r (noi_vu/officer) "
        "purpose=x\\n#999 forged\\u2028\\x1b[2J\\\\n op=- outcome=OK workers=0\n"
        "    saw: WorkPermit.salary\\x85\n"
        "1 records\n"
    )


def test_the_audit_key_is_configuration_that_the_store_does_not_hold(folder, monkeypatch, capsys):
    written(folder, 2)
    key = folder / ".lienthong-audit-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    stored = b"".join(path.read_bytes() for path in folder.glob("audit.*"))
    assert key.read_bytes().strip() not in stored
    monkeypatch.setenv("LIENTHONG_AUDIT_KEY", "another key")
    assert settings_for(folder / "sources.yaml").audit_key == b"another key"
    assert [finding for finding in findings_of(audit_of(folder)) if finding.startswith("record")] == [
        "record 1: chain broken: deleted, reordered or replaced before here",
        "record 1: edited: its content, time or number does not match its MAC",
        "record 2: chain broken: deleted, reordered or replaced before here",
        "record 2: edited: its content, time or number does not match its MAC",
    ]
    assert main(["config"]) == 0
    assert "LIENTHONG_AUDIT_KEY                        '(set)'" in capsys.readouterr().out


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
