"""The inspectorate's source (thanh_tra): its native tables mapped by the sources file alone, its
records in the schema under each agency's policy, and the finding it makes possible (an employer
fined before permits it still holds were issued) against the generator's ground truth."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from serving import Officer, serving
from sqlalchemy import create_engine, text

from connectors import open_connector
from connectors.config import load_sources

REFERENCE = "2026-11-01"
INSPECTIONS = """query($t: String!) { employer(taxCode: $t) {
  inspections { inspectionNumber decisionNumber decisionDate legalReference finding fine status sourceAgency } } }"""
FINDINGS = f"""query($kind: [DiscrepancyKind!]) {{ discrepancies(kind: $kind, to: "{REFERENCE}", first: 500) {{
  nodes {{ kind since summary employerTaxCode workers {{ id }} evidence {{ sourceAgency entity sourceRecordId }} }}
  unchecked }} }}"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def test_the_native_tables_are_mapped_by_configuration(embedded_demo, ground_truth):
    native = create_engine(f"sqlite:///{embedded_demo.parent}/thanh_tra/thanh_tra.sqlite")
    with native.connect() as connection:
        fines = connection.execute(text("SELECT so_tien_phat FROM cuoc_thanh_tra")).scalars().all()
        statuses = set(connection.execute(text("SELECT tinh_trang FROM cuoc_thanh_tra")).scalars())
    native.dispose()
    assert "0" in fines and all(f == "0" or f.endswith(".000.000") for f in fines)  # as forms write them
    assert statuses == {"Đang thi hành", "Đã kết thúc"}
    connector = open_connector(load_sources(embedded_demo)["thanh_tra"])
    fields = {"inspectionNumber", "employerTaxCode", "decisionDate", "fine", "status"}
    mapped = {r["inspectionNumber"]: r for r in connector.scan("Inspection", fields)}
    expected = {
        i["key"]: (i["employer"], date.fromisoformat(i["decided"]), i["fine"], i["status"])
        for i in ground_truth["inspections"]
    }
    assert len(mapped) == len(expected) == 11
    assert {
        k: (r["employerTaxCode"], r["decisionDate"], r["fine"], r["status"]) for k, r in mapped.items()
    } == (expected)
    violations = list(connector.scan("Violation", {"violationNumber", "passportNumber", "fine"}))
    assert len(violations) == 13
    assert {v["fine"] for v in violations} <= {3_000_000, 5_000_000, 10_000_000}


def test_an_employer_lists_its_inspections_for_the_inspectorate(client, embedded_demo, ground_truth):
    officer = Officer(client, embedded_demo.parent, "thanh_tra")
    fined = next(i for i in ground_truth["inspections"] if i["fine"] > 0)
    result = officer.post(INSPECTIONS, t=fined["employer"])
    assert "errors" not in result, result["errors"]
    shown = [i for i in result["data"]["employer"]["inspections"] if i["inspectionNumber"] == fined["key"]]
    assert len(shown) == 1
    assert shown[0]["decisionDate"] == fined["decided"] and shown[0]["fine"] == fined["fine"]
    assert shown[0]["sourceAgency"] == "thanh_tra"
    assert shown[0]["legalReference"] == "Bộ luật Lao động 2019; Nghị định 12/2022/NĐ-CP, Điều 32"


def test_a_worker_lists_the_violations_sanctioned(client, embedded_demo, ground_truth):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    owners = [
        (p["passports"][-1], r["key"])
        for p in ground_truth["persons"]
        for r in p["records"]
        if r["entity"] == "Violation"
    ]
    assert len(owners) == 13
    query = "query($p: String!) { worker(passportNumber: $p) { violations { violationNumber fine employerTaxCode } } }"
    for passport, key in owners:
        result = officer.post(query, p=passport)
        assert "errors" not in result, result["errors"]
        assert key in {v["violationNumber"] for v in result["data"]["worker"]["violations"]}


@pytest.mark.parametrize("agency", ["y_te", "hcc", "bhxh"])
def test_agencies_without_the_need_are_refused_an_employers_inspections(
    client, embedded_demo, ground_truth, agency
):
    officer = Officer(client, embedded_demo.parent, agency)
    fined = next(i for i in ground_truth["inspections"] if i["fine"] > 0)
    result = officer.post(INSPECTIONS, t=fined["employer"])
    assert result["data"]["employer"]["inspections"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]


def test_employers_fined_before_permits_they_still_hold_are_found(client, embedded_demo, ground_truth):
    seeded = [d for d in ground_truth["discrepancies"] if d["kind"] == "PERMITS_ISSUED_AFTER_VIOLATION"]
    assert len(seeded) == 2
    result = Officer(client, embedded_demo.parent, "noi_vu").post(
        FINDINGS, kind=["PERMITS_ISSUED_AFTER_VIOLATION"]
    )
    assert "errors" not in result, result["errors"]
    found = result["data"]["discrepancies"]["nodes"]
    assert sorted(f["employerTaxCode"] for f in found) == sorted(d["employers"][0] for d in seeded)
    for finding in found:
        truth = next(d for d in seeded if d["employers"] == [finding["employerTaxCode"]])
        proof = {(e["sourceAgency"], e["entity"], e["sourceRecordId"]) for e in finding["evidence"]}
        assert proof == {(r["source"], r["entity"], r["key"]) for r in truth["records"]}
        assert finding["workers"] == []
        assert finding["summary"].startswith("fined on ")
