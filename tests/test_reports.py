"""The periodic reports (graph/exchange/reports.py): counts against the demo generator's ground
truth, the workbook read back with openpyxl, the download's order
(token, who may have it, audit), and the CLI's mistakes. The calendar of two provinces is
tests/test_exchange_calendar.py's."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from serving import serving, settings_for

from connectors.nationality import names
from demo.keys import demo_token
from graph.access.audit import AuditLog
from graph.cli import main
from graph.exchange.delivery_log import DeliveryLog
from graph.web.settings import load_settings

YEAR = (date(2025, 12, 15), date(2026, 12, 14))
"""Hà Nội's year 2026 for reports: 15/12/2025 to 14/12/2026 (Nghị định 09/2019, Điều 12)."""
ISSUERS = {"noi_vu": "Sở Nội vụ", "bql_kcn": "Ban Quản lý các khu công nghệ cao và khu công nghiệp"}
STATUSES = {
    "VALID": "Còn hiệu lực",
    "EXPIRED": "Hết hạn",
    "REVOKED": "Thu hồi",
    "RETURNED": "Đã nộp lại",
    "SUPERSEDED": "Đã được cấp lại",
}
INSURED = {"CONTRIBUTING": "Đang tham gia", "SUSPENDED": "Tạm dừng đóng", "CLOSED": "Đã chốt sổ"}


def country(code: str) -> str:
    return names(code)[1]


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def download(client, folder: Path, agency: str, period: str, reader: str | None = None, **claims: Any):
    headers = (
        {"Authorization": f"Bearer {demo_token(folder, reader or agency, **claims)}"} if reader != "" else {}
    )
    return client.get(f"/reports/{agency}/{period}.xlsx", headers=headers)


def workbook(client, folder: Path, agency: str, period: str = "2026", **claims: Any) -> Workbook:
    response = download(client, folder, agency, period, **claims)
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def cells(book: Workbook, sheet: str) -> dict[tuple[str, ...], int | None]:
    """A table sheet's rows as {labels: count}, down to the blank row before the total."""
    rows = book[sheet].iter_rows(min_row=2, values_only=True)
    width = next(book[sheet].iter_rows(max_row=1, values_only=True)).index("Ghi chú") - 1
    found = {}
    for row in rows:
        if row[0] is None:
            break
        found[tuple(row[:width])] = row[width]
    return found


def within_year(day: str | None) -> bool:
    return day is not None and YEAR[0] <= date.fromisoformat(day) <= YEAR[1]


def test_the_city_report_counts_workers_and_permits_as_the_ground_truth_has_them(
    client, embedded_demo, ground_truth
):
    book = workbook(client, embedded_demo.parent, "noi_vu")
    nationality = {p["person"]: p["nationality"] for p in ground_truth["persons"]}
    workers = Counter((country(p["nationality"]),) for p in ground_truth["persons"])
    for finding in ground_truth["discrepancies"]:
        if finding["kind"] == "IDENTITY_CONFLICT":  # kept apart by design: two workers
            workers.update((country(nationality[p]),) for p in finding["persons"])
    for review in ground_truth["identity_reviews"]:  # one person's records left apart for an officer
        if len(review["persons"]) == 1:
            workers.update((country(nationality[p]),) for p in review["persons"])
    assert cells(book, "Bảng 1") == dict(workers)
    permits = Counter(
        (ISSUERS[r["source"]], STATUSES[r["status"]])
        for p in ground_truth["persons"]
        for r in p["records"]
        if r["entity"] == "WorkPermit" and within_year(r["validFrom"])
    )
    assert cells(book, "Bảng 4") == dict(permits) and sum(permits.values()) > 100


def test_the_residence_report_counts_visas_and_cards_issued_in_the_period(
    client, embedded_demo, ground_truth
):
    book = workbook(client, embedded_demo.parent, "cong_an", "2026-H1")
    first, last = date(2025, 12, 15), date(2026, 6, 14)
    expected = Counter(
        (country(p["nationality"]),)
        for p in ground_truth["persons"]
        for r in p["records"]
        if r["entity"] in ("Visa", "ResidenceCard") and first <= date.fromisoformat(r["validFrom"]) <= last
    )
    assert cells(book, "Bảng 1") == dict(expected) and sum(expected.values()) > 20
    assert book["Báo cáo"]["B7"].value == datetime(2026, 6, 15)  # due before 15/6 (Điều 7.6)


def test_the_insured_counts_are_the_workers_bhxh_insures(client, embedded_demo, ground_truth):
    """Each insured person counted once, by its best record: contributing, else suspended, else closed."""
    rank = list(INSURED)
    expected: Counter[tuple[str, ...]] = Counter()
    for person in ground_truth["persons"]:
        statuses = [r["status"] for r in person["records"] if r["entity"] == "SocialInsuranceRecord"]
        if statuses:
            expected[(INSURED[min(statuses, key=rank.index)],)] += 1
    book = workbook(client, embedded_demo.parent, "bhxh")
    found = cells(book, "Bảng 1")
    assert {key: n for key, n in found.items() if key != ("Không xác định",)} == dict(expected)
    assert expected[("Đang tham gia",)] > 300


def test_a_sector_departments_list_holds_the_institutions_of_its_sector(client, embedded_demo, ground_truth):
    """giao_duc lists the education employers of the workers it may list: each employer of a worker
    whose permits in force all name it, and no employer of another sector."""
    sector = {e["taxCode"]: e["sector"] for e in ground_truth["employers"]}
    surely = set()
    for person in ground_truth["persons"]:
        valid = {
            r["employer"] for r in person["records"] if r["entity"] == "WorkPermit" and r["status"] == "VALID"
        }
        if len(valid) == 1 and sector.get(next(iter(valid))) == "education":
            surely |= valid
    book = workbook(client, embedded_demo.parent, "giao_duc", sector="education")
    sheet = book["Danh sách đơn vị"]
    listed = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert surely and surely <= listed
    assert {sector[code] for code in listed} == {"education"}
    assert all(isinstance(row[8], datetime) for row in sheet.iter_rows(min_row=2, values_only=True) if row[1])
    assert sheet.cell(2, 9).number_format == "dd/mm/yyyy"


def test_the_workbook_is_formatted_and_charts_its_main_counts(client, embedded_demo):
    book = workbook(client, embedded_demo.parent, "noi_vu")
    assert book.sheetnames == ["Báo cáo", "Bảng 1", "Bảng 2", "Bảng 3", "Bảng 4"]
    cover = book["Báo cáo"]
    assert cover["A1"].value == "BÁO CÁO TÌNH HÌNH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI LÀM VIỆC TRÊN ĐỊA BÀN THÀNH PHỐ"
    block = {row[0]: row[1] for row in cover.iter_rows(min_row=3, max_row=11, values_only=True)}
    assert block["Cơ quan báo cáo"] == "Sở Nội vụ"
    assert (block["Số liệu từ ngày"], block["Số liệu đến ngày"]) == (
        datetime(2025, 12, 15),
        datetime(2026, 12, 14),
    )
    assert block["Hạn gửi"] == datetime(2026, 12, 15)  # Điều 5.6: before 15/12
    assert "Điều 5.6" in block["Căn cứ"]
    assert isinstance(block["Thời điểm lập"], datetime)
    assert [cover[f"B{row}"].number_format for row in (5, 6, 7)] == ["dd/mm/yyyy"] * 3
    table = book["Bảng 1"]
    assert [c.value for c in table[1][:3]] == ["Quốc tịch", "Số người lao động", "Ghi chú"]
    assert all(c.font.bold for c in table[1][:3])
    assert table.freeze_panes == "A2"
    rows = len(cells(book, "Bảng 1"))
    assert table.auto_filter.ref == f"A1:C{rows + 1}"
    assert table.column_dimensions["A"].width > 20
    (chart,) = table._charts
    (series,) = chart.series
    assert series.val.numRef.f == f"'Bảng 1'!$B$2:$B${rows + 1}"
    assert (series.cat.numRef or series.cat.strRef).f == f"'Bảng 1'!$A$2:$A${rows + 1}"
    two = book["Bảng 4"]  # two dimensions: the chart draws the first one's totals
    (chart,) = two._charts
    assert chart.series[0].val.numRef.f == "'Bảng 4'!$G$2:$G$3"
    assert [two.cell(row, 6).value for row in (2, 3)] == sorted(ISSUERS.values())


def test_small_counts_are_suppressed_as_statistics_suppresses_them_for_the_reader(client, embedded_demo):
    book = workbook(client, embedded_demo.parent, "giao_duc", sector="education")
    found = cells(book, "Bảng 1")
    hidden = [key for key, n in found.items() if n is None]
    assert hidden and all(n >= 5 for n in found.values() if n is not None)
    marks = [
        row[2] for row in book["Bảng 1"].iter_rows(min_row=2, values_only=True) if row[0] and row[1] is None
    ]
    assert set(marks) == {"Ẩn"} and len(marks) == len(hidden)
    assert "Số nhỏ hơn 5 được ẩn" in next(
        row[1] for row in book["Báo cáo"].iter_rows(values_only=True) if row[0] == "Ghi chú"
    )


def test_the_download_needs_a_token_and_is_only_for_the_agency_and_its_recipients(client, embedded_demo):
    folder = embedded_demo.parent
    assert download(client, folder, "cong_an", "2026", reader="").status_code == 401
    refused = download(client, folder, "cong_an", "2026", reader="y_te")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert download(client, folder, "cong_an", "2026", reader="noi_vu").status_code == 200  # Điều 7.6
    assert download(client, folder, "cong_an", "2026-H2").status_code == 400
    assert download(client, folder, "tai_chinh", "2026", sector="manufacturing").status_code == 404
    assert client.get("/reports/cong_an/2026.csv").status_code == 404


def test_every_download_is_audited_with_its_questions(folder):
    sources = folder / "sources.yaml"
    with serving(sources) as client:
        assert download(client, folder, "cong_an", "2026-H1", reader="noi_vu").status_code == 200
        assert download(client, folder, "cong_an", "2026-H1", reader="y_te").status_code == 403
    settings = settings_for(sources)
    log = AuditLog(settings.audit_url, settings.audit_key, settings.audit_checkpoints)
    made, refused = [record for _, _, record in log.rows()]
    assert (made["agency"], made["operationName"], made["outcome"]) == ("noi_vu", "Report", "OK")
    assert made["report"] == {"agency": "cong_an", "period": "2026-H1"}
    assert [(q["unit"], q["groupBy"], q["from"]) for q in made["statistics"]] == [
        ("VISAS_AND_CARDS", ["NATIONALITY"], "2025-12-15"),
        ("WORKERS", ["WARD"], None),
        ("WORKERS", ["NATIONALITY", "PERMIT_STATUS"], None),
    ]
    assert (refused["agency"], refused["outcome"], refused["status"]) == ("y_te", "FORBIDDEN", 403)


def test_the_cli_writes_the_report_as_the_agencys_officer(embedded_demo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIENTHONG_AUDIT_URL", f"sqlite:///{tmp_path}/audit.sqlite")
    monkeypatch.setenv("LIENTHONG_AUDIT_CHECKPOINTS", str(tmp_path / "audit.checkpoints"))
    output = tmp_path / "report.xlsx"
    argv = ["report", "--agency", "bql_kcn", "--period", "2026", "--output", str(output)]
    assert main([*argv, "--sources", str(embedded_demo)]) == 0
    assert capsys.readouterr().out == (
        f"{output}: bql_kcn's report for 2026 (15/12/2025 to 14/12/2026, due 10/12/2026), 2 tables\n"
    )
    book = load_workbook(output)
    assert book["Báo cáo"]["B3"].value == "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
    (record,) = [r for _, _, r in AuditLog.open(load_settings(None, embedded_demo)).rows()]
    assert record["sub"].startswith("cli:") and record["report"] == {"agency": "bql_kcn", "period": "2026"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--agency", "cong_an", "--period", "2026-H2"],
            "period '2026-H2': give YYYY-H1 for the six months'",
        ),
        (["--agency", "cong_an", "--period", "H1"], "period 'H1': give YYYY-H1"),
        (["--agency", "congan", "--period", "2026"], "no agency 'congan' has a policy"),
        (["--agency", "tai_chinh", "--period", "2026"], "tai_chinh owes no periodic report"),
    ],
)
def test_the_clis_mistakes_are_one_line_and_exit_2(embedded_demo, tmp_path, capsys, options, message):
    output = tmp_path / "report.xlsx"
    assert main(["report", *options, "--output", str(output), "--sources", str(embedded_demo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"lienthong report: {message}") and err.count("\n") == 1
    assert not output.exists() and "indexing" not in err


def test_reports_due_in_a_month_are_delivered_to_the_recipients_the_regulation_names(embedded_demo, tmp_path):
    """In June Hà Nội's six-month reports fall due (15/6): each goes, as an XLSX the recipient's own
    policy makes, through a real SMTP server, and the delivery log records it."""
    from test_delivery import RECIPIENTS, Mailbox, attachment, smtp_server, write_config

    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port)
    try:
        argv = ["deliver", "--month", "2026-06", "--sources", str(embedded_demo), "--config", str(config)]
        assert main(argv) == 0
    finally:
        server.stop()
    assert {a["agency"] for a in RECIPIENTS} == {"noi_vu", "cong_an", "giao_duc", "cong_thuong"}
    reports = {
        (attachment(message)[0], to[0]): message
        for to, message in mailbox.messages
        if attachment(message)[0].startswith("bao_cao_")
    }
    police, ministry = "pa08@congan.test", "vieclam@noivu.test"
    assert set(reports) == {
        ("bao_cao_cong_an_2026-H1.xlsx", ministry),  # Điều 7.6
        *(
            (f"bao_cao_{agency}_2026-H1.xlsx", to)
            for agency in ("y_te", "giao_duc", "van_hoa", "du_lich")
            for to in (ministry, police)
        ),  # Điều 12.5, 13.3, 14.3, 15.3
    }
    letter = reports[("bao_cao_cong_an_2026-H1.xlsx", ministry)]
    assert letter["Subject"] == (
        "Báo cáo tình hình cư trú và hoạt động của lao động nước ngoài trên địa bàn - 6 tháng đầu năm 2026"
        " - Công an Thành phố gửi Sở Nội vụ"
    )
    assert "hạn gửi trước ngày 15/06/2026" in letter.get_body(("plain",)).get_content()
    book = load_workbook(io.BytesIO(attachment(letter)[1]))
    block = {row[0]: row[1] for row in book["Báo cáo"].iter_rows(values_only=True) if row[0]}
    assert block["Lập theo quyền xem của"] == "Sở Nội vụ" and block["Hạn gửi"] == datetime(2026, 6, 15)
    rows = DeliveryLog(load_settings(config, embedded_demo).delivery_log_url).rows("2026-06")
    sent = {(r["list"], r["sender"], r["address"]) for r in rows if r["status"] == "SENT"}
    assert ("report 2026-H1", "cong_an", ministry) in sent and len(sent) > len(reports)
