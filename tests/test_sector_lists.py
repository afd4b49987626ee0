"""The sector departments' lists (giao_duc, van_hoa, du_lich): each Excel file in its department's
shape mapped by the sources file alone, and the sector a department's officers are scoped by taken
from the department's own list, not only from the registry's main line of business."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from serving import Officer, serving

from connectors import open_connector
from connectors.config import load_sources

WORKERS = "{ workers(first: 1000) { nodes { id employer { taxCode } } } }"
EMPLOYER = """query($t: String!) { employer(taxCode: $t) {
  sector sectorListings { sector institutionName institutionKind foreignHeadcount sourceAgency } } }"""


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def trainer(ground_truth: dict) -> str:
    return next(
        s["employer"] for s in ground_truth["sector_listings"] if s["kind"] == "Trung tâm đào tạo nghề"
    )


@pytest.mark.parametrize(("department", "count"), [("giao_duc", 2), ("van_hoa", 2), ("du_lich", 5)])
def test_each_list_is_mapped_in_its_departments_shape(embedded_demo, ground_truth, department, count):
    mapped = list(
        open_connector(load_sources(embedded_demo)[department]).scan(
            "SectorListing", {"employerTaxCode", "sector"}
        )
    )
    expected = {s["employer"] for s in ground_truth["sector_listings"] if s["department"] == department}
    assert len(mapped) == len(expected) == count
    assert {r["employerTaxCode"] for r in mapped} == expected
    assert {r["sector"] for r in mapped} == {
        {"giao_duc": "education", "van_hoa": "culture", "du_lich": "tourism"}[department]
    }


def test_a_tax_code_typed_into_a_number_cell_is_read_back_whole(embedded_demo, ground_truth):
    book = load_workbook(next((embedded_demo.parent / "giao_duc").glob("*.xlsx")))
    cells = [row[2] for row in book["Danh sách"].iter_rows(min_row=3, values_only=True)]
    assert all(isinstance(cell, int) and len(str(cell)) in (9, 12) for cell in cells)  # the zero is gone
    assert trainer(ground_truth).lstrip("0") in {str(cell) for cell in cells}


def test_the_education_department_sees_the_workers_of_an_institution_it_lists(
    client, embedded_demo, ground_truth
):
    code = trainer(ground_truth)
    city = Officer(client, embedded_demo.parent, "noi_vu")
    employer = city.post(EMPLOYER, t=code)["data"]["employer"]
    assert employer["sector"] == "manufacturing"  # its registry's main line of business
    assert [(s["sector"], s["institutionKind"], s["sourceAgency"]) for s in employer["sectorListings"]] == [
        ("education", "Trung tâm đào tạo nghề", "giao_duc")
    ]
    staff = {
        n["id"]
        for n in city.post(WORKERS)["data"]["workers"]["nodes"]
        if (n["employer"] or {}).get("taxCode") == code
    }
    assert staff
    education = Officer(client, embedded_demo.parent, "giao_duc", sector="education")
    seen = {n["id"] for n in education.post(WORKERS)["data"]["workers"]["nodes"]}
    assert staff <= seen
    manufacturing = Officer(client, embedded_demo.parent, "cong_thuong", sector="manufacturing")
    assert staff <= {n["id"] for n in manufacturing.post(WORKERS)["data"]["workers"]["nodes"]}
    listed = education.post("{ employers(first: 1000) { nodes { taxCode } } }")["data"]["employers"]["nodes"]
    assert code in {n["taxCode"] for n in listed}
    culture = Officer(client, embedded_demo.parent, "van_hoa", sector="culture")
    assert not staff & {n["id"] for n in culture.post(WORKERS)["data"]["workers"]["nodes"]}
