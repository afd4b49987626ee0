"""The wards' residence checks (ubnd_xa): CSV reports mapped by the sources file alone, the checks
on their workers under each agency's policy, and a declaration the ward found false."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from serving import Officer, serving

from connectors import open_connector
from connectors.config import load_sources

REFERENCE = "2026-11-01"
CHECKS = """query($p: String!) { worker(passportNumber: $p) {
  residenceChecks { checkNumber ward address checkedOn result sourceAgency } } }"""
FINDINGS = f"""query($kind: [DiscrepancyKind!]) {{ discrepancies(kind: $kind, to: "{REFERENCE}", first: 500) {{
  nodes {{ kind since summary workers {{ id passportNumber }} evidence {{ sourceAgency entity sourceRecordId }} }}
  unchecked }} }}"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def checks(ground_truth: dict) -> list[tuple[dict, str]]:
    return [
        (person, r["key"])
        for person in ground_truth["persons"]
        for r in person["records"]
        if r["entity"] == "ResidenceCheck"
    ]


def test_the_ward_reports_are_mapped_by_configuration(embedded_demo, ground_truth):
    reports = sorted(p.name for p in (embedded_demo.parent / "ubnd_xa").glob("*.csv"))
    assert len(reports) == 35 and reports[0] == "kiem_tra_cu_tru_phuong_ba_dinh_2026_07.csv"
    connector = open_connector(load_sources(embedded_demo)["ubnd_xa"])
    mapped = {
        r["checkNumber"]: r
        for r in connector.scan("ResidenceCheck", {"checkNumber", "ward", "checkedOn", "result"})
    }
    assert len(mapped) == len(checks(ground_truth)) == 47
    assert {r["result"] for r in mapped.values()} == {"FOUND", "NOT_FOUND"}
    assert all(
        isinstance(r["checkedOn"], date) and r["ward"].startswith(("Phường ", "Xã ")) for r in mapped.values()
    )
    assert [k for k, r in sorted(mapped.items()) if r["result"] == "NOT_FOUND"] == [
        "0001/BB-KTCT",
        "0002/BB-KTCT",
    ]


@pytest.mark.parametrize("agency", ["noi_vu", "cong_an", "thanh_tra"])
def test_each_check_is_served_on_its_worker(client, embedded_demo, ground_truth, agency):
    officer = Officer(client, embedded_demo.parent, agency)
    for person, key in checks(ground_truth):
        result = officer.post(CHECKS, p=person["passports"][-1])
        assert "errors" not in result, result["errors"]
        shown = {c["checkNumber"]: c for c in result["data"]["worker"]["residenceChecks"]}
        assert shown[key]["sourceAgency"] == "ubnd_xa" and shown[key]["result"] in ("FOUND", "NOT_FOUND")


def test_a_ward_officer_sees_the_checks_of_workers_living_in_its_ward(client, embedded_demo):
    officer = Officer(client, embedded_demo.parent, "ubnd_xa", ward="Phường Láng")
    result = officer.post("{ workers(first: 1000) { nodes { residenceChecks { ward result } } } }")
    assert "errors" not in result, result["errors"]
    wards = {c["ward"] for n in result["data"]["workers"]["nodes"] for c in n["residenceChecks"]}
    assert wards == {"Phường Láng"}


def test_a_declared_residence_the_ward_did_not_find_is_a_finding(client, embedded_demo, ground_truth):
    seeded = [d for d in ground_truth["discrepancies"] if d["kind"] == "DECLARED_RESIDENCE_NOT_FOUND"]
    assert len(seeded) == 2
    result = Officer(client, embedded_demo.parent, "cong_an").post(
        FINDINGS, kind=["DECLARED_RESIDENCE_NOT_FOUND"]
    )
    assert "errors" not in result, result["errors"]
    found = result["data"]["discrepancies"]["nodes"]
    assert len(found) == 2
    proof = {(e["sourceAgency"], e["entity"], e["sourceRecordId"]) for f in found for e in f["evidence"]}
    assert proof == {(r["source"], r["entity"], r["key"]) for d in seeded for r in d["records"]}
    assert all(f["summary"].startswith("declared as living in ") for f in found)
