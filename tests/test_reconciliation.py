"""Reconciliation against the demo's ground truth: every seeded discrepancy is found with its proof,
clean workers give none, pages resume, and each agency gets only the kinds it may see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from serving import Officer, serving

REFERENCE = "2026-11-01"
LIST = f"""query($kind: [DiscrepancyKind!], $from: Date, $first: Int, $after: String) {{
  discrepancies(kind: $kind, from: $from, to: "{REFERENCE}", first: $first, after: $after) {{
    edges {{ cursor node {{ kind since summary facts {{ name value }} employerTaxCode workers {{ id }}
                          evidence {{ sourceAgency entity sourceRecordId }} }} }}
    pageInfo {{ hasNextPage endCursor }} unchecked }} }}"""
SPLIT_BY_CONFLICT = {"HEALTH_CERTIFICATE_INVALID", "INSURED_WITHOUT_PERMIT", "PERMIT_HOLDER_NOT_INSURED"}
"""What a seeded identity conflict also shows: its records kept apart, the permit holder's filing has
no health check, or the insurance belongs to no permit holder."""


def listing(officer: Officer, first: int = 500, **variables: Any) -> dict[str, Any]:
    result = officer.post(LIST, first=first, **variables)
    assert "errors" not in result, result["errors"]
    return result["data"]["discrepancies"]


@pytest.fixture(scope="module")
def findings(demo_sources: Path) -> list[dict[str, Any]]:
    with serving(demo_sources) as client:
        page = listing(Officer(client, demo_sources.parent, "noi_vu"))
    assert not page["pageInfo"]["hasNextPage"] and page["unchecked"] == []
    return [edge["node"] for edge in page["edges"]]


def owners(ground_truth: dict) -> dict[tuple[str, str], str]:
    return {(r["entity"], r["key"]): p["person"] for p in ground_truth["persons"] for r in p["records"]}


def subjects(finding: dict, owner: dict) -> set[str]:
    if finding["employerTaxCode"] and not finding["workers"]:
        return {finding["employerTaxCode"]}
    return {
        owner[(e["entity"], e["sourceRecordId"])]
        for e in finding["evidence"]
        if (e["entity"], e["sourceRecordId"]) in owner
    }


def test_every_seeded_discrepancy_is_found_with_records_from_each_agency(findings, ground_truth):
    owner = owners(ground_truth)
    for seeded in ground_truth["discrepancies"]:
        wanted = set(seeded["persons"] or seeded["employers"])
        found = [f for f in findings if f["kind"] == seeded["kind"] and subjects(f, owner) & wanted]
        assert found, seeded
        proof = {(e["entity"], e["sourceRecordId"]) for f in found for e in f["evidence"]}
        agencies = {e["sourceAgency"] for f in found for e in f["evidence"]}
        truth = {(r["entity"], r["key"]) for r in seeded["records"]}
        assert proof & truth, (seeded, proof)
        assert {r["source"] for r in seeded["records"]} <= agencies, (seeded, agencies)


def test_clean_workers_and_employers_give_no_finding(findings, ground_truth):
    owner = owners(ground_truth)
    expected: dict[str, set[str]] = {}
    for seeded in ground_truth["discrepancies"]:
        implied = SPLIT_BY_CONFLICT if seeded["kind"] == "IDENTITY_CONFLICT" else set()
        for subject in seeded["persons"] + seeded["employers"]:
            expected.setdefault(subject, set()).update({seeded["kind"], *seeded["also"], *implied})
    for review in ground_truth["identity_reviews"]:  # what a pair left for review shows until decided
        for subject in review["persons"]:
            expected.setdefault(subject, set()).update(review["also"])
    for finding in findings:
        concerned = subjects(finding, owner)
        assert concerned, finding
        for subject in concerned:
            assert finding["kind"] in expected.get(subject, set()), (subject, finding)


def test_every_kind_is_seeded_and_found(findings, ground_truth):
    assert {f["kind"] for f in findings} == {d["kind"] for d in ground_truth["discrepancies"]}


def test_pages_resume_where_the_last_one_stopped(embedded_demo, findings):
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        seen, after = [], None
        while True:
            page = listing(officer, first=7, after=after)
            seen += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        forged = officer.post(LIST, first=5, after="bm90LWEtY3Vyc29y")
    assert seen == findings
    assert forged["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_kinds_and_start_dates_narrow_the_list(embedded_demo, findings):
    since = "2026-09-01"
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        overlapping = listing(officer, kind=["OVERLAPPING_PERMITS"])
        recent = listing(officer, **{"from": since})
    assert [e["node"] for e in overlapping["edges"]] == [
        f for f in findings if f["kind"] == "OVERLAPPING_PERMITS"
    ]
    kept = [e["node"] for e in recent["edges"]]
    assert kept == [f for f in findings if f["since"] is None or f["since"] >= since]
    assert 0 < len(kept) < len(findings)


def test_an_agency_gets_only_the_kinds_it_may_see(embedded_demo, findings):
    with serving(embedded_demo) as client:
        insurance = Officer(client, embedded_demo.parent, "bhxh")
        page = listing(insurance)
        asked = insurance.post(LIST, first=5, kind=["WORK_STATUS_WITHOUT_PERMIT"])
    kinds = {edge["node"]["kind"] for edge in page["edges"]}
    assert "INSURED_WITHOUT_PERMIT" in kinds and "PERMIT_HOLDER_NOT_INSURED" in kinds
    unchecked = {line.split(":")[0] for line in page["unchecked"]}
    assert "WORK_STATUS_WITHOUT_PERMIT" in unchecked and not kinds & unchecked
    assert asked["data"]["discrepancies"] is None
    assert asked["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("agency", "claims"),
    [("ubnd_xa", {"ward": "Phường Láng"}), ("xay_dung", {"sector": "construction"}), ("so_khcn", {})],
)
def test_ward_sector_and_unknown_agencies_are_refused(embedded_demo, agency, claims):
    with serving(embedded_demo) as client:
        result = Officer(client, embedded_demo.parent, agency, **claims).post(LIST, first=5)
    assert result["data"]["discrepancies"] is None
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("kind", "agency", "reason"),
    [
        (
            "PERMITS_ISSUED_AFTER_VIOLATION",
            "hcc",
            "your agency may not see Employer.inspections, Inspection.decisionDate, Inspection.fine",
        ),
        (
            "DECLARED_RESIDENCE_NOT_FOUND",
            "y_te",
            (
                "your agency may not see Worker.residenceDeclarations, ResidenceDeclaration.stayFrom,"
                " ResidenceDeclaration.stayTo, Worker.residenceChecks, ResidenceCheck.ward, ResidenceCheck.checkedOn,"
                " ResidenceCheck.result, ResidenceDeclaration.ward"
            ),
        ),
        (
            "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD",
            "y_te",
            (
                "your agency may not see Worker.dossiers, Dossier.status, Dossier.outcome, Dossier.decidedOn,"
                " Worker.criminalRecordCertificates, CriminalRecordCertificate.issueDate"
            ),
        ),
    ],
)
def test_a_new_sources_kind_is_unchecked_for_an_agency_that_may_not_see_its_inputs(
    embedded_demo, kind, agency, reason
):
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, agency)
        page = officer.post(LIST, first=500)["data"]["discrepancies"]
        asked = officer.post(LIST, kind=[kind], first=5)
    assert kind not in {edge["node"]["kind"] for edge in page["edges"]}
    assert f"{kind}: {reason}" in page["unchecked"]
    assert asked["data"]["discrepancies"] is None
    assert [e["extensions"]["code"] for e in asked["errors"]] == ["FORBIDDEN"]


FIRST_OF_KIND = {
    "WORK_STATUS_WITHOUT_PERMIT": (
        "LĐ1 status valid, no work permit or exemption in force",
        {"symbol": "LĐ1"},
    ),
    "PERMIT_ENDED_RESIDENCE_CARD_VALID": (
        "work permit expired on 2026-09-12, residence card valid until 2026-12-02",
        {"permitStatus": "EXPIRED", "ended": "2026-09-12", "until": "2026-12-02"},
    ),
    "WRONG_ISSUING_OFFICE": (
        "issued by noi_vu; for an employer inside zones that is bql_kcn",
        {"reason": "WRONG_OFFICE", "issuer": "noi_vu", "inZone": "true", "competent": "bql_kcn"},
    ),
    "DECLARED_RESIDENCE_NOT_FOUND": (
        "declared as living in Phường Hoàn Kiếm; not found there when the ward checked on 2026-09-13",
        {"ward": "Phường Hoàn Kiếm", "checkedOn": "2026-09-13"},
    ),
    "IDENTITY_CONFLICT": (
        "passport M39579060 held by records born 1977-03-10 and 1977-10-03: review by hand",
        {"passport": "M39579060", "births": "1977-03-10, 1977-10-03"},
    ),
    "CONTRACTOR_HEADCOUNT_EXCEEDED": (
        "declared 27 foreign workers for 2026-Q4; 35 hold a valid permit or exemption",
        {"declared": "27", "quarter": "2026-Q4", "actual": "35"},
    ),
    "PERMITS_ISSUED_AFTER_VIOLATION": (
        "fined on 2026-07-08; 4 work permit(s) issued since are still valid",
        {"fined": "2026-07-08", "permits": "4"},
    ),
    "PASSPORT_MISMATCH_PERMIT_CARD": (
        "the work permit and the residence card name different passports (renewed, permit not reissued)",
        {},
    ),
}


def test_a_finding_states_its_summary_as_facts_a_client_can_word(findings):
    """The demo's first finding of each kind, as the English summary and as facts."""
    first = {}
    for finding in findings:
        first.setdefault(finding["kind"], finding)
    for kind, (summary, facts) in FIRST_OF_KIND.items():
        assert first[kind]["summary"] == summary, kind
        assert {f["name"]: f["value"] for f in first[kind]["facts"]} == facts, kind


def test_facts_say_nothing_the_summary_does_not(findings):
    """Each fact's value is in the sentence, but the code the sentence is chosen by (`reason`) and
    the zone it words ("inside zones")."""
    worded = {"reason", "inZone"}
    assert len(findings) > 20
    for finding in findings:
        for fact in finding["facts"]:
            if fact["name"] in worded:
                continue
            for part in fact["value"].split(", "):
                assert part.lower() in finding["summary"].lower(), (finding, fact)
