"""`Employer.contractorReports`: a foreign contractor's declared and actual foreign headcount per
quarter, against the ground truth, and refused where the viewer may not see what it counts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from serving import Officer, serving

QUERY = """query($t: String!) { employer(taxCode: $t) {
  contractorReports { quarter declaredForeignHeadcount actualForeignHeadcount declarations { packageName } } } }"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def test_each_quarter_declared_and_actual(client, embedded_demo, ground_truth):
    short = next(d for d in ground_truth["discrepancies"] if d["kind"] == "CONTRACTOR_HEADCOUNT_EXCEEDED")
    code = short["employers"][0]
    declared = Counter()
    for d in ground_truth["contractor_declarations"]:
        if d["employer"] == code:
            declared[d["quarter"]] += d["declared"]
    today = date(2026, 11, 1)
    valid = [
        r
        for p in ground_truth["persons"]
        for r in p["records"]
        if r["entity"] in ("WorkPermit", "PermitExemption")
        and r.get("employer") == code
        and r["validFrom"] <= today.isoformat() <= r["validTo"]
        and r.get("status", "VALID") == "VALID"
    ]
    result = Officer(client, embedded_demo.parent, "xay_dung", sector="construction").post(QUERY, t=code)
    assert "errors" not in result, result["errors"]
    reports = result["data"]["employer"]["contractorReports"]
    assert [r["quarter"] for r in reports] == ["2026-Q3", "2026-Q4"]
    assert [r["declaredForeignHeadcount"] for r in reports] == [declared["2026-Q3"], declared["2026-Q4"]]
    q4 = reports[1]
    assert q4["actualForeignHeadcount"] == len(valid) > q4["declaredForeignHeadcount"]  # the seeded shortfall
    assert all(r["declarations"] for r in reports)


def test_an_agency_that_may_not_see_permits_in_force_gets_no_actual_count(
    client, embedded_demo, ground_truth
):
    code = next(
        d["employers"][0]
        for d in ground_truth["discrepancies"]
        if d["kind"] == "CONTRACTOR_HEADCOUNT_EXCEEDED"
    )
    result = Officer(client, embedded_demo.parent, "y_te").post(QUERY, t=code)
    reports = result["data"]["employer"]["contractorReports"]
    assert [r["actualForeignHeadcount"] for r in reports] == [None, None]
    assert all(isinstance(r["declaredForeignHeadcount"], int) for r in reports)
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}
