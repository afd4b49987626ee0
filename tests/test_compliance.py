"""`Worker.compliance` over the demo: clean workers comply, each seeded problem fails its rule, and
what a viewer may not see, or a source cannot give, is UNKNOWN."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import mini
import pytest
from serving import Officer, serving

from graph.common.timezone import today

ALL = """query($after: String) { workers(first: 200, after: $after) { nodes {
  linkedRecords { entity sourceRecordId }
  compliance(at: "2026-11-01") { at status checks { rule result reason evidence { sourceAgency entity sourceRecordId } } }
} pageInfo { hasNextPage endCursor } } }"""
FAILS = {
    "WORK_STATUS_WITHOUT_PERMIT": "WORK_AUTHORISATION",
    "PERMIT_ENDED_RESIDENCE_CARD_VALID": "WORK_AUTHORISATION",
    "PERMIT_WITH_TOURIST_STATUS": "IMMIGRATION_PURPOSE",
    "EMPLOYER_UNKNOWN_OR_INACTIVE": "EMPLOYER_AND_OFFICE",
    "WRONG_ISSUING_OFFICE": "EMPLOYER_AND_OFFICE",
    "HEALTH_CERTIFICATE_INVALID": "FILING_DOCUMENTS",
    "CRIMINAL_RECORD_WRONG_ISSUER": "FILING_DOCUMENTS",
    "INSURED_WITHOUT_PERMIT": "WORK_AUTHORISATION",
    "PERMIT_HOLDER_NOT_INSURED": "SOCIAL_INSURANCE",
    "MISSING_RESIDENCE_DECLARATION": "RESIDENCE_DECLARED",
}
"""The rule of docs/domain.md §4 each seeded problem breaks. Overlapping permits, a passport renewed
without reissuing the permit and identity conflicts are reconciliation findings, not §4 breaches."""


@pytest.fixture(scope="module")
def judged(embedded_demo: Path) -> list[dict[str, Any]]:
    nodes, after = [], None
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        while True:
            result = officer.post(ALL, after=after)
            assert "errors" not in result, result["errors"][:3]
            nodes += result["data"]["workers"]["nodes"]
            if not result["data"]["workers"]["pageInfo"]["hasNextPage"]:
                return nodes
            after = result["data"]["workers"]["pageInfo"]["endCursor"]


def people(node: dict, ground_truth: dict) -> set[str]:
    owner = {(r["entity"], r["key"]): p["person"] for p in ground_truth["persons"] for r in p["records"]}
    return {
        owner[key]
        for link in node["linkedRecords"]
        if (key := (link["entity"], link["sourceRecordId"])) in owner
    }


def test_clean_workers_comply_and_seeded_ones_fail_the_rule_they_break(judged, ground_truth):
    seeded: dict[str, set[str]] = {}
    for found in ground_truth["discrepancies"]:
        for person in found["persons"]:
            seeded.setdefault(person, set()).update([found["kind"], *found["also"]])
    split = {p for r in ground_truth["identity_reviews"] if len(r["persons"]) == 1 for p in r["persons"]}
    parts: dict[str, int] = {}
    for node in judged:
        report = node["compliance"]
        results = {check["rule"]: check["result"] for check in report["checks"]}
        assert len(results) == 8 and report["at"] == "2026-11-01"
        if people(node, ground_truth) & split:  # one person's records apart until an officer joins them:
            for person in people(node, ground_truth) & split:  # each part is judged on its own records,
                parts[person] = parts.get(person, 0) + 1
            if not {link["entity"] for link in node["linkedRecords"]} & {"WorkPermit", "PermitExemption"}:
                assert results["WORK_AUTHORISATION"] == "FAILED"  # and the part without a permit fails
                assert report["status"] == "NON_COMPLIANT"
            continue
        kinds = set().union(*(seeded.get(p, set()) for p in people(node, ground_truth)))
        if not kinds:
            assert "FAILED" not in results.values(), report
            assert report["status"] in ("COMPLIANT", "UNKNOWN")
        for kind in kinds & FAILS.keys():
            assert results[FAILS[kind]] == "FAILED", (kind, report)
            assert report["status"] == "NON_COMPLIANT"
    assert parts == dict.fromkeys(split, 2)
    assert sum(node["compliance"]["status"] == "COMPLIANT" for node in judged) > len(judged) * 0.8


def test_a_failed_rule_says_why_and_cites_its_records(judged):
    failed = [c for node in judged for c in node["compliance"]["checks"] if c["result"] == "FAILED"]
    assert failed and all(c["reason"] for c in failed)
    assert any(c["evidence"] for c in failed)
    assert all(e["sourceAgency"] and e["sourceRecordId"] for c in failed for e in c["evidence"])


def test_rules_needing_what_the_viewer_may_not_see_are_unknown(embedded_demo):
    query = '{ workers(first: 30) { nodes { compliance(at: "2026-11-01") { status checks { rule result reason } } } } }'
    with serving(embedded_demo) as client:
        health = Officer(client, embedded_demo.parent, "y_te").post(query)
        police = Officer(client, embedded_demo.parent, "cong_an").post(query)
        nobody = Officer(client, embedded_demo.parent, "so_khcn").post(query)
    for node in health["data"]["workers"]["nodes"]:
        assert node["compliance"]["status"] == "UNKNOWN"
        assert {c["result"] for c in node["compliance"]["checks"]} == {"UNKNOWN"}
        assert all(c["reason"].startswith("your agency may not see") for c in node["compliance"]["checks"])
    for node in police["data"]["workers"]["nodes"]:
        insurance = next(c for c in node["compliance"]["checks"] if c["rule"] == "SOCIAL_INSURANCE")
        assert insurance["result"] == "UNKNOWN" and "SocialInsuranceRecord.status" in insurance["reason"]
    assert nobody["data"] is None and nobody["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_evidence_shows_ids_only_where_the_viewer_may_see_them(embedded_demo):
    query = """{ workers(first: 50) { nodes { compliance(at: "2026-11-01") { checks { rule evidence { entity sourceRecordId } } } } } }"""
    with serving(embedded_demo) as client:
        ward = Officer(client, embedded_demo.parent, "ubnd_xa", ward="Phường Láng").post(query)
    refused = {tuple(e["path"]) for e in ward["errors"] if e["extensions"]["code"] == "FORBIDDEN"}
    seen = set()
    for i, node in enumerate(ward["data"]["workers"]["nodes"]):
        for j, check in enumerate(node["compliance"]["checks"]):
            for k, item in enumerate(check["evidence"]):
                path = ("workers", "nodes", i, "compliance", "checks", j, "evidence", k, "sourceRecordId")
                seen.add(item["entity"])
                if (
                    item["entity"] == "WorkPermit"
                ):  # a ward sees a permit's status and validity, not its number
                    assert item["sourceRecordId"] is None and path in refused
                else:
                    assert item["sourceRecordId"] and path not in refused, item
                assert item["entity"] not in ("HealthCertificate", "SocialInsuranceRecord")
    assert {"WorkPermit", "ResidenceCard"} <= seen


def test_the_date_defaults_to_today_in_hanoi(embedded_demo):
    query = "{ workers(first: 1) { nodes { compliance { at } } } }"
    with serving(embedded_demo) as client:
        result = Officer(client, embedded_demo.parent, "noi_vu").post(query)
    assert result["data"]["workers"]["nodes"][0]["compliance"]["at"] == today().isoformat()


def test_a_source_that_does_not_answer_makes_its_rules_unknown(tmp_path):
    sources = mini.build(tmp_path)
    text = sources.read_text(encoding="utf-8").replace(
        "    kind: sql\n", "    kind: sql\n    timeout_seconds: 0.5\n", 1
    )
    sources.write_text(text, encoding="utf-8")
    query = '{ worker(passportNumber: "M1234567") { compliance { checks { rule result reason } } } }'
    with serving(sources) as client:
        officer = Officer(client, tmp_path, "noi_vu")
        holder = sqlite3.connect(tmp_path / "noi_vu.sqlite", isolation_level=None)
        holder.execute("PRAGMA journal_mode=DELETE")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            result = officer.post(query)
        finally:
            holder.rollback()
            holder.close()
    checks = {c["rule"]: c for c in result["data"]["worker"]["compliance"]["checks"]}
    assert checks["WORK_AUTHORISATION"]["result"] == "UNKNOWN"
    assert "noi_vu" in checks["WORK_AUTHORISATION"]["reason"]
    assert checks["RESIDENCE_DECLARED"]["result"] != "UNKNOWN"


def test_each_reason_comes_with_its_code_and_facts_for_other_languages(tmp_path):
    """The English `reason` for every client, and the same why as a code and facts a client words
    in its own language (the console: Vietnamese)."""
    query = """{ worker(passportNumber: "M1234567") { compliance(at: "2026-11-01") {
      checks { rule result reason code facts { name value } } } } }"""
    with serving(mini.build(tmp_path)) as client:
        result = Officer(client, tmp_path, "noi_vu").post(query)
    checks = {c["rule"]: c for c in result["data"]["worker"]["compliance"]["checks"]}
    assert checks["WORK_AUTHORISATION"] == {
        "rule": "WORK_AUTHORISATION",
        "result": "FAILED",
        "reason": "no work permit or exemption in force on 2026-11-01",
        "code": "NOT_AUTHORISED",
        "facts": [{"name": "at", "value": "2026-11-01"}],
    }
    assert checks["SOCIAL_INSURANCE"]["code"] == "NO_PERMIT" and checks["SOCIAL_INSURANCE"]["facts"] == []
