"""Every list of the registry (docs/domain.md §8) for the demo data, against what the generator's
ground truth says each should hold; the fixed columns of the files; each recipient's view."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from serving import Officer, serving

from connectors import open_connector
from connectors.config import load_sources
from demo.keys import demo_token
from demo.registries import STATUS
from graph.cli import main

ROWS = """query($agency: String!, $month: String!) { exchangeList(agency: $agency, month: $month) {
  withheld windowEnd rows { change
    workPermit { sourceRecordId } permitExemption { sourceRecordId } visa { sourceRecordId }
    residenceCard { sourceRecordId }
    employer { taxCode } changes { field previousValue newValue }
    healthFacility { licenceNumber }
    contractor { employerTaxCode quarter declaredForeignHeadcount actualForeignHeadcount } } } }"""
MONTHS = [f"2026-{m:02d}" for m in range(4, 13)]
TRACKED = {"noi_vu", "cong_an"}
"""Senders whose permit and visa tables keep a change time (demo/sources.yaml `as_of`)."""


def window(month: str) -> tuple[date, date]:
    """Hà Nội's window, written out: the 11th of the month before to the 10th."""
    end = date(int(month[:4]), int(month[5:]), 10)
    return (end.replace(day=1) - timedelta(days=1)).replace(day=11), end


def within(day: str | None, month: str) -> bool:
    start, end = window(month)
    return day is not None and start <= date.fromisoformat(day) <= end


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def sending(client, folder: Path, sender: str, month: str, viewer: str, **claims: Any) -> dict:
    result = Officer(client, folder, viewer, **claims).post(ROWS, agency=sender, month=month)
    assert "errors" not in result, result["errors"]
    return result["data"]["exchangeList"]


@pytest.mark.parametrize(
    ("sender", "viewer"), [("noi_vu", "cong_an"), ("bql_kcn", "noi_vu"), ("cong_an", "noi_vu")]
)
def test_permit_and_visa_lists_hold_what_the_ground_truth_dates_in_the_window(
    client, embedded_demo, ground_truth, sender, viewer
):
    records = [r for p in ground_truth["persons"] for r in p["records"] if r["source"] == sender]
    kinds = {"WorkPermit", "PermitExemption", "Visa", "ResidenceCard"}
    seen: Counter[str] = Counter()
    for month in MONTHS:
        expected = set()
        for r in (r for r in records if r["entity"] in kinds):
            if within(r.get("revocationDate"), month):
                expected.add((r["key"], "REVOKED"))
            elif within(r["validFrom"], month):
                expected.add((r["key"], "ISSUED"))
            elif sender in TRACKED and within(r["changed"], month):
                expected.add((r["key"], "CHANGED"))
        rows = sending(client, embedded_demo.parent, sender, month, viewer)["rows"]
        got = {
            (
                next(
                    row[k]["sourceRecordId"]
                    for k in ("workPermit", "permitExemption", "visa", "residenceCard")
                    if row[k]
                ),
                row["change"],
            )
            for row in rows
        }
        assert got == expected and len(rows) == len(expected), month
        seen.update(change for _, change in got)
    assert seen["ISSUED"] > 0
    if sender == "noi_vu":
        assert seen["REVOKED"] > 0 and seen["CHANGED"] > 0


def employers(truth: dict, registry: str, kinds: set[str]) -> list[dict]:
    return [e for e in truth["employers"] if e["registry"] == registry and e["kind"] in kinds]


def written(value: str, field: str) -> str:
    """A change's value as the register writes it: statuses by their Vietnamese labels."""
    return STATUS[value] if field == "status" else value


def test_the_fdi_list_holds_new_and_changed_enterprises_and_what_changed(client, embedded_demo, ground_truth):
    """tai_chinh keeps a history of changes: an enterprise is in the month of each change it records."""
    enterprises = employers(ground_truth, "tai_chinh", {"FDI_ENTERPRISE", "BRANCH"})
    seen: Counter[str] = Counter()
    for month in MONTHS:
        expected = {}
        for e in enterprises:
            changed = [c for c in e["changes"] if within(c["on"], month)]
            if within(e["registeredOn"], month):
                expected[e["taxCode"]] = ("ISSUED", [])
            elif changed:
                label = "TERMINATED" if e["status"] == "DISSOLVED" else "CHANGED"
                expected[e["taxCode"]] = (
                    label,
                    sorted(
                        (c["field"], written(c["before"], c["field"]), written(c["after"], c["field"]))
                        for c in changed
                    ),
                )
        for viewer in ("noi_vu", "cong_an"):
            rows = sending(client, embedded_demo.parent, "tai_chinh", month, viewer)["rows"]
            got = {
                row["employer"]["taxCode"]: (
                    row["change"],
                    sorted((c["field"], c["previousValue"], c["newValue"]) for c in row["changes"]),
                )
                for row in rows
            }
            assert got == expected and len(rows) == len(expected), (month, viewer)
        seen.update(label for label, _ in expected.values())
    assert seen["ISSUED"] and seen["CHANGED"]
    assert not {e["taxCode"] for e in ground_truth["employers"] if e["kind"] == "FOREIGN_CONTRACTOR"} & {
        row["employer"]["taxCode"]
        for month in MONTHS
        for row in sending(client, embedded_demo.parent, "tai_chinh", month, "noi_vu")["rows"]
    }


def test_the_office_list_holds_offices_licensed_changed_or_closed(client, embedded_demo, ground_truth):
    """cong_thuong's CSV keeps only the date a row was last updated: an office is in that month."""
    offices = employers(ground_truth, "cong_thuong", {"REPRESENTATIVE_OFFICE", "BRANCH"})
    seen: Counter[str] = Counter()
    for month in MONTHS:
        expected = {}
        for e in offices:
            updated = max([e["registeredOn"], *(c["on"] for c in e["changes"])])
            if within(e["registeredOn"], month):
                expected[e["taxCode"]] = "ISSUED"
            elif within(updated, month):
                expected[e["taxCode"]] = "TERMINATED" if e["status"] == "DISSOLVED" else "CHANGED"
        rows = sending(client, embedded_demo.parent, "cong_thuong", month, "cong_an")["rows"]
        assert {row["employer"]["taxCode"]: row["change"] for row in rows} == expected, month
        assert len(rows) == len(expected)
        seen.update(expected.values())
    assert seen["ISSUED"] and seen["TERMINATED"]


def test_the_clinic_list_is_every_clinic_allowed_to_examine_foreign_workers(
    client, embedded_demo, ground_truth
):
    expected = {c["licence"] for c in ground_truth["clinics"] if c["authorised"] and c["status"] == "ACTIVE"}
    for viewer in ("noi_vu", "bql_kcn"):
        listed = sending(client, embedded_demo.parent, "y_te", "2026-10", viewer)
        assert [row["change"] for row in listed["rows"]] == ["LISTED"] * len(expected)
        assert {row["healthFacility"]["licenceNumber"] for row in listed["rows"]} == expected
    assert len(expected) == 7  # of nine clinics: one not authorised, one suspended
    trade = sending(client, embedded_demo.parent, "y_te", "2026-10", "cong_thuong", sector="trade")
    assert (trade["withheld"], trade["rows"]) == (["HealthFacility"], [])


def in_force(record: dict, day: date) -> bool:
    """docs/domain.md §4: within its validity; a revoked permit only before its revocation; a
    returned one never."""
    if not date.fromisoformat(record["validFrom"]) <= day <= date.fromisoformat(record["validTo"]):
        return False
    if record.get("status") == "REVOKED":
        return day < date.fromisoformat(record["revocationDate"])
    return record.get("status") != "RETURNED"


@pytest.mark.parametrize(("month", "quarter"), [("2026-09", "2026-Q3"), ("2026-12", "2026-Q4")])
def test_the_contractor_report_sets_declared_beside_actual_headcount(
    client, embedded_demo, ground_truth, month, quarter
):
    end = date(int(month[:4]), int(month[5:]), 10)
    declared: Counter[str] = Counter()
    for d in ground_truth["contractor_declarations"]:
        if d["quarter"] == quarter:
            declared[d["employer"]] += d["declared"]
    actual = {
        code: sum(
            any(
                r["entity"] in ("WorkPermit", "PermitExemption")
                and r["employer"] == code
                and in_force(r, end)
                for r in p["records"]
            )
            for p in ground_truth["persons"]
        )
        for code in declared
    }
    listed = sending(client, embedded_demo.parent, "xay_dung", month, "noi_vu")
    assert listed["windowEnd"] == end.isoformat()
    got = {
        row["contractor"]["employerTaxCode"]: (
            row["contractor"]["quarter"],
            row["contractor"]["declaredForeignHeadcount"],
            row["contractor"]["actualForeignHeadcount"],
        )
        for row in listed["rows"]
    }
    assert got == {code: (quarter, declared[code], actual[code]) for code in declared}
    assert any(actual[code] > declared[code] for code in declared)  # the seeded under-declarers


def test_a_recipient_who_may_not_see_permit_validity_gets_no_actual_headcount(client, embedded_demo):
    """y_te sees employers and declarations but not permits' dates: a count of permits in force on
    the window's last day would tell them, contractor by contractor."""
    result = Officer(client, embedded_demo.parent, "y_te").post(ROWS, agency="xay_dung", month="2026-Q4")
    listed = result["data"]["exchangeList"]
    assert listed["withheld"] == ["ContractorReport.actualForeignHeadcount"]
    assert listed["rows"] and all(
        row["contractor"]["actualForeignHeadcount"] is None for row in listed["rows"]
    )
    assert all(row["contractor"]["declaredForeignHeadcount"] is not None for row in listed["rows"])
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}


def test_a_quarterly_list_is_asked_for_by_its_last_month_or_its_quarter(client, embedded_demo):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    query = 'query($m: String!) { exchangeList(agency: "xay_dung", month: $m) { month quarter dueDate windowStart } }'
    as_month, as_quarter = (officer.post(query, m=m)["data"]["exchangeList"] for m in ("2026-12", "2026-Q4"))
    assert (
        as_month
        == as_quarter
        == {
            "month": "2026-12",
            "quarter": "2026-Q4",
            "dueDate": "2026-12-15",
            "windowStart": "2026-09-11",
        }
    )
    refused = officer.post(query, m="2026-11")
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ask for 2026-12 or 2026-Q4" in refused["errors"][0]["message"]


def own_records(sources: Path, source: str, entity: str) -> dict[str, dict[str, Any]]:
    """The sender's records as its connector reads them: what its own list must say of each."""
    config = load_sources(sources)[source]
    fields = {"fullName", "passportNumber", "dateOfBirth"}
    return {r["sourceRecordId"]: r for r in open_connector(config).scan(entity, fields)}


def first_month(records: list[dict], source: str, entity: str) -> str:
    """The month whose window holds the first record of that kind the source issued in 2026."""
    day = min(
        date.fromisoformat(r["validFrom"])
        for r in records
        if r["source"] == source and r["entity"] == entity and r["validFrom"] >= "2026-01-11"
    )
    month = day if day.day <= 10 else (day.replace(day=1) + timedelta(days=32))
    return f"{month:%Y-%m}"


def files(client, folder: Path, sender: str, month: str, viewer: str) -> dict[str, list[dict[str, Any]]]:
    """The list as CSV and as XLSX: each a list of rows by header."""
    headers = {"Authorization": f"Bearer {demo_token(folder, viewer)}"}
    as_csv = client.get(f"/exchange/{sender}/{month}.csv", headers=headers)
    as_xlsx = client.get(f"/exchange/{sender}/{month}.xlsx", headers=headers)
    assert as_csv.status_code == as_xlsx.status_code == 200
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    sheet = [
        list(row)
        for row in load_workbook(io.BytesIO(as_xlsx.content))["Danh sách"].iter_rows(values_only=True)
    ][1:]
    return {
        "csv": [dict(zip(table[0], row, strict=True)) for row in table[1:]],
        "xlsx": [
            dict(zip(sheet[0], ["" if v is None else str(v) for v in row], strict=True)) for row in sheet[1:]
        ],
    }


def test_exemption_rows_carry_their_validity_and_employer_and_the_senders_own_names(
    client, embedded_demo, ground_truth
):
    records = [r for p in ground_truth["persons"] for r in p["records"]]
    month = first_month(records, "noi_vu", "PermitExemption")
    own = own_records(embedded_demo, "noi_vu", "PermitExemption")
    by_key = {r["key"]: r for r in records if r["entity"] == "PermitExemption"}
    for kind, rows in files(client, embedded_demo.parent, "noi_vu", month, "cong_an").items():
        exemptions = [row for row in rows if row["Loại giấy tờ"] == "Xác nhận không thuộc diện cấp GPLĐ"]
        assert exemptions, kind
        for row in exemptions:
            truth = by_key[row["Số văn bản xác nhận"]]
            assert row["Từ ngày"] == date.fromisoformat(truth["validFrom"]).strftime("%d/%m/%Y"), kind
            assert row["Đến ngày"] == date.fromisoformat(truth["validTo"]).strftime("%d/%m/%Y"), kind
            assert row["Mã số doanh nghiệp"] == truth["employer"] and row["Tên doanh nghiệp"], kind
            assert row["Họ và tên"] == own[row["Số văn bản xác nhận"]]["fullName"], kind
            assert row["Số hộ chiếu"] == own[row["Số văn bản xác nhận"]]["passportNumber"], kind


def test_residence_card_rows_carry_their_validity_and_sponsor_and_the_polices_own_names(
    client, embedded_demo, ground_truth
):
    records = [r for p in ground_truth["persons"] for r in p["records"]]
    month = first_month(records, "cong_an", "ResidenceCard")
    own = own_records(embedded_demo, "cong_an", "ResidenceCard")
    by_key = {r["key"]: r for r in records if r["entity"] == "ResidenceCard"}
    for kind, rows in files(client, embedded_demo.parent, "cong_an", month, "noi_vu").items():
        cards = [row for row in rows if row["Loại giấy tờ"] == "Thẻ tạm trú"]
        assert cards, kind
        for row in cards:
            truth = by_key[row["Số thẻ tạm trú"]]
            assert row["Giá trị từ ngày"] == date.fromisoformat(truth["validFrom"]).strftime("%d/%m/%Y"), kind
            assert row["Giá trị đến ngày"] == date.fromisoformat(truth["validTo"]).strftime("%d/%m/%Y"), kind
            assert row["Mã số thuế cơ quan bảo lãnh"] == truth["sponsor"], kind
            assert row["Cơ quan, tổ chức bảo lãnh"], kind
            assert row["Họ và tên"] == own[row["Số thẻ tạm trú"]]["fullName"], kind


def test_a_list_shows_the_senders_spelling_even_where_the_worker_is_named_otherwise(client, embedded_demo):
    """The police write some names given name first; their list keeps that spelling, whatever
    spelling the worker is shown under."""
    query = (
        'query($m: String!) { exchangeList(agency: "cong_an", month: $m) { rows {'
        " worker { fullName } visa { fullName } residenceCard { fullName } } } }"
    )
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    differing = [
        row
        for month in MONTHS
        for row in officer.post(query, m=month)["data"]["exchangeList"]["rows"]
        if (row["visa"] or row["residenceCard"])["fullName"] != row["worker"]["fullName"]
    ]
    assert differing


def test_the_new_lists_download_and_export_with_vietnamese_headers(
    client, embedded_demo, ground_truth, tmp_path, capsys
):
    offices = files(client, embedded_demo.parent, "cong_thuong", "2026-10", "noi_vu")["xlsx"]
    assert offices and {"Loại thay đổi", "Mã số doanh nghiệp", "Ngày đăng ký, cấp phép"} <= set(offices[0])
    output = tmp_path / "nha_thau.xlsx"
    argv = [
        "exchange",
        "--agency",
        "xay_dung",
        "--month",
        "2026-Q4",
        "--recipient",
        "cong_an",
        "--output",
        str(output),
    ]
    assert main([*argv, "--sources", str(embedded_demo)]) == 0
    contractors = {
        d["employer"] for d in ground_truth["contractor_declarations"] if d["quarter"] == "2026-Q4"
    }
    assert f"{len(contractors)} rows of xay_dung's list for 2026-Q4" in capsys.readouterr().out
    book = load_workbook(output)
    sheet = list(book["Danh sách"].iter_rows(values_only=True))
    assert sheet[0][0].startswith("Báo cáo tình hình nhà thầu nước ngoài") and "quý IV/2026" in sheet[0][0]
    assert sheet[1] == (
        "STT", "Mã số thuế nhà thầu", "Tên nhà thầu", "Tình trạng hoạt động", "Quý", "Gói thầu",
        "Số lao động nước ngoài dự kiến (khai báo)", "Số lao động nước ngoài thực tế",
    )  # fmt: skip
    assert len(sheet) - 2 == len(contractors)
    notes = [row[0] for row in book["Ghi chú"].iter_rows(values_only=True)]
    assert "Hạn gửi: trước ngày 15/12/2026" in notes and "Nơi nhận: Sở Nội vụ, Công an Thành phố" in notes
