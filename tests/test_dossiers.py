"""The one-stop centre's interlinked dossiers (hcc): its tables mapped by the sources file alone,
each dossier's steps with their processing days and overdue flags, under each agency's policy, and
a dossier decided before its criminal-record certificate was issued, against the ground truth."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

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
    assert len(dossiers) == len(truth) == 168 and len(steps) == 4 * 168
    states = Counter((d["status"], d["outcome"]) for d in dossiers)
    assert states == {("DECIDED", "GRANTED"): 117, ("PROCESSING", None): 51}
    assert Counter(s["step"] for s in steps if s["finishedOn"] is None) == {
        "CRIMINAL_RECORD": 51, "WORK_PERMIT": 51, "RESULT": 51,
    }  # fmt: skip
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


PENDING = "000.00.19.H26-261021-0119"
"""A dossier under way: received 21/10/2026, waiting on the police's certificate (due 01/11/2026)."""


def test_a_dossier_under_way_counts_its_days_to_today(client, embedded_demo, ground_truth):
    result = Officer(client, embedded_demo.parent, "hcc").post(DOSSIERS, p=owner(ground_truth, PENDING))
    dossier = next(d for d in result["data"]["worker"]["dossiers"] if d["dossierNumber"] == PENDING)
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert (dossier["status"], dossier["outcome"], dossier["decidedOn"], dossier["permitNumber"]) == (
        "PROCESSING", None, None, None,
    )  # fmt: skip
    assert dossier["processingDays"] == (today - date(2026, 10, 21)).days
    assert dossier["overdue"] == (today > date(2026, 11, 10))
    steps = [(s["step"], s["status"], s["startedOn"], s["dueOn"], s["finishedOn"]) for s in dossier["steps"]]
    assert steps == [
        ("RECEPTION", "DONE", "2026-10-21", "2026-10-22", "2026-10-21"),
        ("CRIMINAL_RECORD", "PROCESSING", "2026-10-22", "2026-11-01", None),
        ("WORK_PERMIT", "WAITING", None, None, None),
        ("RESULT", "WAITING", None, None, None),
    ]
    certificate = dossier["steps"][1]
    assert certificate["processingDays"] == (today - date(2026, 10, 22)).days
    assert certificate["overdue"] == (today > date(2026, 11, 1))
    assert [s["processingDays"] for s in dossier["steps"][2:]] == [None, None]


def test_workers_with_an_overdue_dossier_are_listed_as_the_field_says(client, embedded_demo, ground_truth):
    officer = Officer(client, embedded_demo.parent, "hcc")
    everyone = officer.post("{ workers(first: 1000) { nodes { id dossiers { dossierNumber overdue } } } }")
    late = {
        n["id"]
        for n in everyone["data"]["workers"]["nodes"]
        if any(d["overdue"] for d in n["dossiers"] or [])
    }
    with_dossiers = {n["id"] for n in everyone["data"]["workers"]["nodes"] if n["dossiers"]}
    query = "query($o: Boolean) { workers(first: 1000, filter: {dossierOverdue: $o}) { nodes { id } } }"
    overdue = {n["id"] for n in officer.post(query, o=True)["data"]["workers"]["nodes"]}
    on_time = {n["id"] for n in officer.post(query, o=False)["data"]["workers"]["nodes"]}
    assert overdue == late and late
    assert on_time & late == set() and with_dossiers - late <= on_time
    refused = Officer(client, embedded_demo.parent, "y_te").post(query, o=True)
    assert refused["data"] is None and [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
