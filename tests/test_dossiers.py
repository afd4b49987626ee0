"""The one-stop centre's interlinked dossiers (hcc): its tables mapped by the sources file alone,
each dossier's steps with their processing days and overdue flags, under each agency's policy, and
a dossier decided before its criminal-record certificate was issued, against the ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import Officer, serving

from connectors import open_connector
from connectors.config import load_sources

REFERENCE = "2026-11-01"
FIRST = "000.00.19.H26-250612-0001"
"""The first seeded dossier: decided 17/06/2025, its certificate issued 24/06/2025."""
DOSSIERS = """query($p: String!) { worker(passportNumber: $p) {
  dossiers { dossierNumber status outcome receivedOn dueOn decidedOn permitNumber processingDays overdue
             steps { step agency startedOn dueOn finishedOn status processingDays overdue } }
  criminalRecordCertificates { certificateNumber issueDate hasConviction } } }"""
FINDINGS = f"""query($kind: [DiscrepancyKind!]) {{ discrepancies(kind: $kind, to: "{REFERENCE}", first: 500) {{
  nodes {{ kind since summary evidence {{ sourceAgency entity sourceRecordId }} }} unchecked }} }}"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def owner(ground_truth: dict, key: str) -> str:
    return next(p["passports"][-1] for p in ground_truth["persons"] for r in p["records"] if r["key"] == key)


def test_the_dossier_tables_are_mapped_by_configuration(embedded_demo, ground_truth):
    connector = open_connector(load_sources(embedded_demo)["hcc"])
    dossiers = list(connector.scan("Dossier", {"dossierNumber", "status", "outcome", "employerTaxCode"}))
    steps = list(connector.scan("DossierStep", {"dossierNumber", "step", "agency", "finishedOn"}))
    truth = [r["key"] for p in ground_truth["persons"] for r in p["records"] if r["entity"] == "Dossier"]
    assert len(dossiers) == len(truth) == 117 and len(steps) == 4 * 117
    assert {(d["status"], d["outcome"]) for d in dossiers} == {("DECIDED", "GRANTED")}
    assert all(len(d["employerTaxCode"]) in (10, 13) for d in dossiers)
    first = sorted((s for s in steps if s["dossierNumber"] == FIRST), key=lambda s: s["sourceRecordId"])
    assert [(s["step"], s["agency"]) for s in first] == [
        ("RECEPTION", "hcc"), ("CRIMINAL_RECORD", "cong_an"), ("WORK_PERMIT", "noi_vu"), ("RESULT", "hcc"),
    ]  # fmt: skip


def test_the_centre_sees_each_steps_processing_time_and_whether_it_was_late(
    client, embedded_demo, ground_truth
):
    officer = Officer(client, embedded_demo.parent, "hcc")
    result = officer.post(DOSSIERS, p=owner(ground_truth, FIRST))
    worker = result["data"]["worker"]
    dossier = next(d for d in worker["dossiers"] if d["dossierNumber"] == FIRST)
    assert dossier | {"steps": None} == {
        "dossierNumber": FIRST, "status": "DECIDED", "outcome": "GRANTED", "receivedOn": "2025-06-12",
        "dueOn": "2025-07-02", "decidedOn": "2025-06-17", "permitNumber": "SNV-2025-000001", "processingDays": 5,
        "overdue": False, "steps": None,
    }  # fmt: skip
    assert [
        (s["step"], s["startedOn"], s["finishedOn"], s["processingDays"], s["overdue"])
        for s in dossier["steps"]
    ] == [
        ("RECEPTION", "2025-06-12", "2025-06-12", 0, False),
        ("CRIMINAL_RECORD", "2025-06-13", "2025-06-24", 11, True),
        ("WORK_PERMIT", "2025-06-14", "2025-06-17", 3, False),
        ("RESULT", "2025-06-17", "2025-06-18", 1, False),
    ]
    # the certificate's step is the centre's business; what the certificate says is not
    assert [c["hasConviction"] for c in worker["criminalRecordCertificates"]] == [None]
    assert worker["criminalRecordCertificates"][0]["issueDate"] == "2025-06-24"
    assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [
        (["worker", "criminalRecordCertificates", 0, "hasConviction"], "FORBIDDEN")
    ]


def test_a_dossier_decided_before_its_certificate_is_a_finding(client, embedded_demo, ground_truth):
    seeded = [
        d for d in ground_truth["discrepancies"] if d["kind"] == "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD"
    ]
    assert len(seeded) == 2
    result = Officer(client, embedded_demo.parent, "hcc").post(
        FINDINGS, kind=["DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD"]
    )
    assert "errors" not in result, result["errors"]
    found = result["data"]["discrepancies"]["nodes"]
    assert [(f["since"], f["summary"]) for f in found] == [
        (
            "2025-06-17",
            "work permit granted on 2025-06-17, no criminal-record certificate issued in the six months before",
        ),
        (
            "2026-08-06",
            "work permit granted on 2026-08-06, no criminal-record certificate issued in the six months before",
        ),
    ]
    proof = {(e["sourceAgency"], e["entity"], e["sourceRecordId"]) for f in found for e in f["evidence"]}
    assert proof == {(r["source"], r["entity"], r["key"]) for d in seeded for r in d["records"]}
