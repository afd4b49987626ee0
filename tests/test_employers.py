"""`employers(filter:)`: listing and searching the registries' employers from the index, a page at a
time, with each condition refused to a viewer who may not see its field in clear, and a sector
department listing only its sector's employers."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import Officer, serving

LIST = """query($filter: EmployerFilter, $first: Int, $after: String) {
  employers(filter: $filter, first: $first, after: $after) {
    nodes { taxCode name sector kind status inIndustrialZone ward } pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def listed(officer: Officer, **variables) -> list[dict]:
    result = officer.post(LIST, first=1000, **variables)
    assert "errors" not in result, result["errors"]
    return result["data"]["employers"]["nodes"]


def test_every_registered_employer_is_listed_in_tax_code_order(client, embedded_demo, ground_truth):
    nodes = listed(Officer(client, embedded_demo.parent, "noi_vu"))
    registered = sorted(e["taxCode"] for e in ground_truth["employers"] if e["registry"])
    assert len(registered) == 39  # of 40 employers, one no registry knows
    assert [n["taxCode"] for n in nodes] == registered


def test_pages_resume_where_the_last_one_stopped(client, embedded_demo):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    whole = [n["taxCode"] for n in listed(officer)]
    seen, after = [], None
    while True:
        page = officer.post(LIST, first=10, after=after)["data"]["employers"]
        seen += [n["taxCode"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == whole and len(seen) == 39


def test_conditions_narrow_the_list(client, embedded_demo, ground_truth):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    dissolved = listed(officer, filter={"status": "DISSOLVED"})
    expected = sorted(
        e["taxCode"] for e in ground_truth["employers"] if e["registry"] and e["status"] == "DISSOLVED"
    )
    assert [n["taxCode"] for n in dissolved] == expected and len(expected) == 3
    offices = listed(officer, filter={"kind": "REPRESENTATIVE_OFFICE", "status": "ACTIVE"})
    assert len(offices) == 4 and {n["kind"] for n in offices} == {"REPRESENTATIVE_OFFICE"}
    outside = listed(officer, filter={"inZone": False, "kind": "REPRESENTATIVE_OFFICE"})
    assert len(outside) == 6  # offices are never in a zone


def test_a_name_is_found_in_any_case_and_without_diacritics(client, embedded_demo):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    some = listed(officer, filter={"kind": "FDI_ENTERPRISE"})[0]
    words = some["name"].split()
    typed = " ".join(words[-2:]).lower().replace("ệ", "e").replace("ă", "a").replace("ạ", "a")
    found = [n["taxCode"] for n in listed(officer, filter={"name": typed})]
    assert some["taxCode"] in found
    assert listed(officer, filter={"name": "Không có doanh nghiệp nào tên này"}) == []


def test_inspectors_list_employers_with_open_findings(client, embedded_demo, ground_truth):
    officer = Officer(client, embedded_demo.parent, "thanh_tra")
    open_ = sorted({i["employer"] for i in ground_truth["inspections"] if i["status"] == "OPEN"})
    assert len(open_) == 4
    assert [n["taxCode"] for n in listed(officer, filter={"openFindings": True})] == open_
    others = [n["taxCode"] for n in listed(officer, filter={"openFindings": False})]
    assert not set(others) & set(open_) and len(others) == 39 - 4


@pytest.mark.parametrize(
    ("agency", "condition"),
    [("y_te", {"openFindings": True}), ("hcc", {"openFindings": False}), ("bhxh", {"openFindings": True})],
)
def test_a_condition_on_a_field_not_seen_in_clear_is_refused(client, embedded_demo, agency, condition):
    result = Officer(client, embedded_demo.parent, agency).post(LIST, filter=condition)
    assert result["data"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]


def test_a_sector_department_lists_only_its_sectors_employers(client, embedded_demo, ground_truth):
    city = listed(Officer(client, embedded_demo.parent, "noi_vu"))
    registered = {n["taxCode"] for n in city if n["sector"] == "education"}
    department = {s["employer"] for s in ground_truth["sector_listings"] if s["department"] == "giao_duc"}
    education = sorted(registered | department)
    assert len(registered) == 1 and len(education) == 2  # and a manufacturer's training centre it lists
    officer = Officer(client, embedded_demo.parent, "giao_duc", sector="education")
    assert [n["taxCode"] for n in listed(officer)] == education
    assert listed(officer, filter={"sector": "construction"}) == []
    assert [n["taxCode"] for n in listed(officer, filter={"sector": "education"})] == education
    in_ward = [n["taxCode"] for n in city if n["ward"] == "Phường Láng"]
    assert in_ward
    ward = Officer(client, embedded_demo.parent, "ubnd_xa", ward="Phường Láng")
    assert [n["taxCode"] for n in listed(ward)] == in_ward
