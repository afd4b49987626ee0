"""The monthly exchange lists: the window, what counts as issued or changed, each recipient's view,
and the CSV/XLSX files over HTTP and from the CLI."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import mini
import pytest
from openpyxl import load_workbook
from serving import Officer, serving, settings_for

from demo.keys import demo_token
from graph.access.audit import AuditLog
from graph.cli import main
from graph.exchange.lists import change
from graph.exchange.window import BadMonth, Calendar, local_day

LIST = """query($agency: String!, $month: String!) { exchangeList(agency: $agency, month: $month) {
  agency month windowStart windowEnd withheld
  rows { change worker { id passportNumber }
         workPermit { permitNumber issuer status validFrom revocationDate salary asOf }
         permitExemption { certificateNumber validFrom } visa { visaNumber validFrom } residenceCard { cardNumber validFrom }
         employer { taxCode asOf } } } }"""
MONTH = "2026-10"
HANOI = Calendar()


def window(month: str):
    """A monthly list's sending in Hà Nội (seed 003): the 11th of the month before to the 10th."""
    return HANOI.window("noi_vu", month)


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        ("2026-03", date(2026, 2, 11), date(2026, 3, 10)),
        ("2026-01", date(2025, 12, 11), date(2026, 1, 10)),
        ("2024-03", date(2024, 2, 11), date(2024, 3, 10)),
        ("2026-12", date(2026, 11, 11), date(2026, 12, 10)),
    ],
)
def test_the_window_runs_from_the_11th_before_to_the_10th(month, start, end):
    found = window(month)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "March", "2026-3", ""])
def test_a_month_not_written_yyyy_mm_is_refused(month):
    with pytest.raises(BadMonth, match=r"give it as YYYY-MM, e.g. 2026-03"):
        window(month)


def test_the_10th_belongs_to_this_month_and_the_11th_to_the_next():
    permit = {"validFrom": date(2026, 3, 10)}
    assert change("WorkPermit", permit, False, window("2026-03")) == "ISSUED"
    assert change("WorkPermit", permit, False, window("2026-04")) is None
    permit = {"validFrom": date(2026, 3, 11)}
    assert change("WorkPermit", permit, False, window("2026-03")) is None
    assert change("WorkPermit", permit, False, window("2026-04")) == "ISSUED"


def test_timestamps_are_read_in_hanoi_time():
    late = datetime(2026, 3, 10, 17, 30, tzinfo=UTC)  # 00:30 on the 11th in Hà Nội
    assert local_day(late) == date(2026, 3, 11)
    assert local_day(datetime(2026, 3, 10, 23, 30)) == date(2026, 3, 10)  # naive: already local
    changed = {"validFrom": date(2025, 1, 5), "asOf": late}
    assert change("WorkPermit", changed, True, window("2026-03")) is None
    assert change("WorkPermit", changed, True, window("2026-04")) == "CHANGED"


def test_a_change_time_counts_only_where_the_source_keeps_one():
    record = {"validFrom": date(2025, 1, 5), "asOf": datetime(2026, 3, 1, 9)}
    assert change("WorkPermit", record, True, window("2026-03")) == "CHANGED"
    assert change("WorkPermit", record, False, window("2026-03")) is None


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def listed(client, folder: Path, agency: str, of: str = "noi_vu", month: str = MONTH, **claims: Any) -> dict:
    return Officer(client, folder, agency, **claims).post(LIST, agency=of, month=month)


def test_a_permit_offices_list_holds_every_permit_it_issued_in_the_window(client, embedded_demo):
    result = listed(client, embedded_demo.parent, "noi_vu")
    assert "errors" not in result, result["errors"]
    data = result["data"]["exchangeList"]
    assert (data["windowStart"], data["windowEnd"], data["withheld"]) == ("2026-09-11", "2026-10-10", [])
    span = window(MONTH)
    permits = [row["workPermit"] for row in data["rows"] if row["workPermit"]]
    assert permits and all(p["issuer"] == "noi_vu" for p in permits)
    for row in data["rows"]:
        record = row["workPermit"] or row["permitExemption"]
        revoked, started = (
            bool(record.get(name)) and span.holds(date.fromisoformat(record[name]))
            for name in ("revocationDate", "validFrom")
        )
        assert row["change"] == ("REVOKED" if revoked else "ISSUED" if started else "CHANGED")
        if row["change"] == "CHANGED":
            assert span.holds(datetime.fromisoformat(row["workPermit"]["asOf"]))
    everyone = Officer(client, embedded_demo.parent, "noi_vu").post(
        "{ workers(first: 1000) { nodes { workPermits { permitNumber issuer validFrom } } } }"
    )
    issued_here = {
        p["permitNumber"]
        for node in everyone["data"]["workers"]["nodes"]
        for p in node["workPermits"]
        if p["issuer"] == "noi_vu" and span.start <= date.fromisoformat(p["validFrom"]) <= span.end
    }
    assert issued_here and issued_here <= {p["permitNumber"] for p in permits}


def test_an_export_file_without_a_change_column_lists_only_what_its_records_date(client, embedded_demo):
    """The zones' board sends Excel files, rewritten whole: their modification time says nothing of
    when a record changed, so a list whose window holds it shows no CHANGED row."""
    written = datetime.fromtimestamp(
        next((embedded_demo.parent / "bql_kcn").glob("gpld_*.xlsx")).stat().st_mtime
    )
    day = written.date()
    month = (day if day.day <= 10 else day.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    result = listed(client, embedded_demo.parent, "noi_vu", "bql_kcn", month)
    assert all(row["change"] == "ISSUED" for row in result["data"]["exchangeList"]["rows"])
    everyone = Officer(client, embedded_demo.parent, "noi_vu").post(
        "{ workers(first: 1000) { nodes { workPermits { issuer asOf } } } }"
    )
    stamped = [
        datetime.fromisoformat(p["asOf"])
        for node in everyone["data"]["workers"]["nodes"]
        for p in node["workPermits"]
        if p["issuer"] == "bql_kcn"
    ]
    assert stamped and all(
        window(month).holds(moment) for moment in stamped
    )  # the file's time, in the window


def test_each_recipient_sees_the_list_as_its_policy_allows(client, embedded_demo):
    folder = embedded_demo.parent
    police = listed(client, folder, "cong_an")
    assert police["data"]["exchangeList"]["rows"]
    codes = {(e["path"][-1], e["extensions"]["code"]) for e in police["errors"]}
    assert codes == {("salary", "FORBIDDEN")}
    health = listed(client, folder, "y_te")
    assert health == {
        "data": {
            "exchangeList": {
                "agency": "noi_vu",
                "month": "2026-10",
                "windowStart": "2026-09-11",
                "windowEnd": "2026-10-10",
                "withheld": ["PermitExemption", "WorkPermit"],
                "rows": [],
            }
        }
    }
    visas = listed(client, folder, "y_te", "cong_an")["data"]["exchangeList"]
    assert visas["withheld"] == ["ResidenceCard", "Visa"] and visas["rows"] == []
    nobody = listed(client, folder, "so_khcn")
    assert nobody["data"]["exchangeList"] is None and nobody["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_recipient_denied_permit_dates_learns_no_issue_date_from_the_lists(client, embedded_demo):
    """The attack: y_te may see a permit's status but not its dates. Reading noi_vu's list month by
    month, each permit's row would appear in the month of its validFrom (labelled ISSUED, ordered
    by date): twelve queries would give every issue date. So the list gives y_te no permit rows."""
    folder = embedded_demo.parent
    officer = Officer(folder=folder, client=client, agency="y_te")
    for month in ("2026-08", "2026-09", "2026-10", "2026-11"):
        answer = officer.post(
            'query($m: String!) { exchangeList(agency: "noi_vu", month: $m) { withheld'
            " rows { change workPermit { status } permitExemption { issuer } } } }",
            m=month,
        )
        assert answer == {
            "data": {"exchangeList": {"withheld": ["PermitExemption", "WorkPermit"], "rows": []}}
        }, month


def test_a_ward_gets_only_the_rows_of_workers_declared_in_it(client, embedded_demo):
    folder = embedded_demo.parent
    ward = "Phường Láng"
    everyone = {
        row["worker"]["id"]
        for row in listed(client, folder, "noi_vu", "cong_an")["data"]["exchangeList"]["rows"]
    }
    mine = listed(client, folder, "ubnd_xa", "cong_an", ward=ward)["data"]["exchangeList"]["rows"]
    scope = Officer(client, folder, "ubnd_xa", ward=ward).post("{ workers(first: 1000) { nodes { id } } }")
    in_ward = {node["id"] for node in scope["data"]["workers"]["nodes"]}
    assert mine and {row["worker"]["id"] for row in mine} == everyone & in_ward


def test_unknown_agencies_and_months_are_clear_errors(client, embedded_demo):
    for agency, month in (("ho_chieu", MONTH), ("noi_vu", "2026-13")):
        result = listed(client, embedded_demo.parent, "noi_vu", agency, month)
        assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", result


def download(client, folder: Path, agency: str, name: str, **claims: Any):
    token = demo_token(folder, agency, **claims)
    return client.get(f"/exchange/noi_vu/{name}", headers={"Authorization": f"Bearer {token}"})


def test_the_list_downloads_as_csv_and_xlsx_with_vietnamese_headers(client, embedded_demo):
    folder = embedded_demo.parent
    rows = listed(client, folder, "cong_an")["data"]["exchangeList"]["rows"]
    as_csv = download(client, folder, "cong_an", f"{MONTH}.csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["content-disposition"] == f'attachment; filename="noi_vu_{MONTH}.csv"'
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    header = table[0]
    assert header[:4] == ["STT", "Loại giấy tờ", "Loại thay đổi", "Số GPLĐ"]
    assert {"Họ và tên", "Số hộ chiếu", "Từ ngày", "Đến ngày"} <= set(header)
    assert "Mức lương (VNĐ)" not in header and "WorkPermit.salary" in as_csv.headers["x-withheld"]
    assert len(table) - 1 == len(rows)
    numbers = {row[header.index("Số GPLĐ")] for row in table[1:]} - {""}
    assert numbers == {r["workPermit"]["permitNumber"] for r in rows if r["workPermit"]}
    as_xlsx = download(client, folder, "noi_vu", f"{MONTH}.xlsx")
    book = load_workbook(io.BytesIO(as_xlsx.content))
    sheet = list(book["Danh sách"].iter_rows(values_only=True))
    assert sheet[0][0] == (
        "Danh sách người lao động nước ngoài được cấp giấy phép lao động hoặc xác nhận không thuộc diện cấp"
        " giấy phép lao động - Sở Nội vụ - tháng 10/2026 (từ ngày 11/09/2026 đến ngày 10/10/2026)"
    )
    assert "Mức lương (VNĐ)" in sheet[1] and len(sheet) - 2 == len(rows)
    assert [row[0] for row in book["Ghi chú"].iter_rows(values_only=True)][1:] == [
        "(không có)",
        "Căn cứ: Điều 5.6 Quy chế phối hợp quản lý người lao động nước ngoài (hằng tháng)",
        "Hạn gửi: trước ngày 15/10/2026",
        "Nơi nhận: Công an Thành phố, Sở Y tế, Sở Công Thương, Sở Giáo dục và Đào tạo",
    ]


def test_a_download_needs_a_token_a_valid_month_and_is_audited(client, embedded_demo):
    folder = embedded_demo.parent
    anonymous = client.get(f"/exchange/noi_vu/{MONTH}.xlsx")
    assert anonymous.status_code == 401 and "www-authenticate" in anonymous.headers
    assert download(client, folder, "noi_vu", "2026-13.csv").status_code == 400
    assert download(client, folder, "so_khcn", f"{MONTH}.csv").status_code == 403
    assert download(client, folder, "noi_vu", f"{MONTH}.pdf").status_code == 404
    assert download(client, folder, "bhxh", f"{MONTH}.csv").status_code == 200
    settings = settings_for(embedded_demo)
    trail = [r for _, _, r in AuditLog.open(settings).rows()]
    last = next(
        r for r in reversed(trail) if r.get("operationName") == "ExchangeList" and r["agency"] == "bhxh"
    )
    assert last["status"] == 200 and last["persons"]


def test_the_cli_writes_the_file_with_progress(embedded_demo, tmp_path, capsys):
    output = tmp_path / "list.csv"
    argv = ["exchange", "--agency", "noi_vu", "--month", MONTH, "--format", "csv", "--recipient", "cong_an"]
    assert main([*argv, "--sources", str(embedded_demo), "--output", str(output)]) == 0
    captured = capsys.readouterr()
    assert (
        "reading noi_vu's records for 2026-10" in captured.err
        and "withheld from cong_an: WorkPermit.salary" in captured.err
    )
    assert f"{output}:" in captured.out
    header = output.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("STT,Loại giấy tờ,Loại thay đổi,Số GPLĐ")
    assert (
        main(["exchange", "--agency", "noi_vu", "--month", "2026-13", "--sources", str(embedded_demo)]) == 2
    )
    assert "YYYY-MM" in capsys.readouterr().err


def test_a_failing_source_fails_its_own_agencys_list_only(tmp_path):
    sources = mini.build(tmp_path)
    with serving(sources) as client:
        with sqlite3.connect(tmp_path / "noi_vu.sqlite") as database:
            database.execute("DROP TABLE gp")  # the permit table is gone: the source fails
        failed = listed(client, tmp_path, "noi_vu", "noi_vu")
        other = listed(client, tmp_path, "noi_vu", "cong_an")
    assert failed["data"]["exchangeList"] is None
    assert failed["errors"][0]["extensions"]["code"] in ("SOURCE_UNAVAILABLE", "SOURCE_TIMEOUT")
    assert "errors" not in other and other["data"]["exchangeList"]["agency"] == "cong_an"


def test_the_cli_refuses_a_scoped_recipient_it_cannot_scope(embedded_demo, tmp_path, capsys):
    """The CLI names no ward or sector: a ward's list would be empty, so it is refused, not written."""
    output = tmp_path / "list.csv"
    argv = ["exchange", "--agency", "noi_vu", "--month", MONTH, "--format", "csv", "--recipient", "ubnd_xa"]
    assert main([*argv, "--sources", str(embedded_demo), "--output", str(output)]) == 2
    assert capsys.readouterr() == ("", "lienthong exchange: ubnd_xa is ward-scoped, but no ward is named\n")
    assert not output.exists()
