"""The exchange calendar as a province configures it: Hà Nội's (seed 003, the defaults) and Bắc
Ninh's (seed 000: due on the 20th, no window written, so the whole month before); the periodic
reports' days and due dates in both (15/6 and 10/12 or 15/12; 30/6 and 31/12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import mini
import pytest
from serving import Officer, serving

from graph.cli import main
from graph.exchange.window import BadMonth
from graph.web.settings import SettingsError, load_settings

BAC_NINH = "exchange: {window_start_day: 1, due_day: 20, lists: {xay_dung: {period: monthly}}}\n"
SPAN = "query($a: String!, $m: String!) { exchangeList(agency: $a, month: $m) { windowStart windowEnd dueDate quarter period } }"


def calendar(folder: Path, config: str | None):
    sources = mini.build(folder)
    path = None
    if config is not None:
        path = folder / "province.yaml"
        path.write_text(config, encoding="utf-8")
    return load_settings(path, sources).exchange


def test_ha_noi_sends_from_the_11th_to_the_10th_before_the_15th(tmp_path):
    hanoi = calendar(tmp_path, None)
    for name in ("noi_vu", "bql_kcn", "cong_an", "tai_chinh", "cong_thuong", "y_te"):
        sent = hanoi.window(name, "2026-03")
        assert (sent.start, sent.end, sent.due, sent.quarter) == (
            date(2026, 2, 11),
            date(2026, 3, 10),
            date(2026, 3, 15),
            None,
        )
    assert hanoi.window("noi_vu", "2026-01").start == date(2025, 12, 11)
    quarterly = hanoi.window("xay_dung", "2026-12")
    assert (quarterly.start, quarterly.end, quarterly.due, quarterly.quarter) == (
        date(2026, 9, 11),
        date(2026, 12, 10),
        date(2026, 12, 15),
        "2026-Q4",
    )
    assert hanoi.window("xay_dung", "2026-Q1").start == date(2025, 12, 11)
    assert [
        month for month in (f"2026-{m:02d}" for m in range(1, 13)) if hanoi.due_in("xay_dung", month)
    ] == [
        "2026-03",
        "2026-06",
        "2026-09",
        "2026-12",
    ]
    with pytest.raises(
        BadMonth, match="quarterly, sent in a quarter's last month: ask for 2026-06 or 2026-Q2"
    ):
        hanoi.window("xay_dung", "2026-04")


def test_bac_ninh_sends_the_month_before_on_the_20th(tmp_path):
    bac_ninh = calendar(tmp_path, BAC_NINH)
    sent = bac_ninh.window("tai_chinh", "2026-03")
    assert (sent.start, sent.end, sent.due) == (date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 20))
    leap = bac_ninh.window("bql_kcn", "2024-03")
    assert (leap.start, leap.end) == (date(2024, 2, 1), date(2024, 2, 29))
    january = bac_ninh.window("noi_vu", "2026-01")
    assert (january.start, january.end) == (date(2025, 12, 1), date(2025, 12, 31))
    monthly = bac_ninh.window("xay_dung", "2026-11")
    assert (monthly.start, monthly.end, monthly.due, monthly.quarter) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
        date(2026, 11, 20),
        None,
    )


def test_one_list_may_have_its_own_due_day_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LIENTHONG_EXCHANGE_LISTS_XAY_DUNG_DUE_DAY", "12")
    hanoi = calendar(tmp_path, None)
    assert hanoi.window("xay_dung", "2026-12").due == date(2026, 12, 12)
    assert hanoi.window("noi_vu", "2026-12").due == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("exchange: {due_day: 5}\n", "exchange: due_day 5 falls before the window ends"),
        (
            "exchange: {window_start_day: 31}\n",
            "exchange: window_start_day 31: a day every month has, 1 to 28",
        ),
        ("exchange: {lists: {xay_dung: {period: yearly}}}\n", "exchange: lists.xay_dung.period 'yearly'"),
        ("exchange: {lists: {xay_dung: {due_day: 8}}}\n", "exchange: lists.xay_dung.due_day 8 falls before"),
        (
            "exchange: {lists: {xay_dung: {due_day: soon}}}\n",
            "exchange.lists.xay_dung.due_day must be a whole",
        ),
        ("exchange: {lists: {bhxh: {period: monthly}}}\n", "unknown setting 'bhxh'"),
    ],
)
def test_a_calendar_that_cannot_work_stops_start_up_naming_the_setting(tmp_path, config, message):
    with pytest.raises(SettingsError, match=message):
        calendar(tmp_path, config)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, {"windowStart": "2026-09-11", "windowEnd": "2026-10-10", "dueDate": "2026-10-15"}),
        (BAC_NINH, {"windowStart": "2026-09-01", "windowEnd": "2026-09-30", "dueDate": "2026-10-20"}),
    ],
)
def test_the_query_and_the_cli_follow_the_provinces_calendar(tmp_path, capsys, config, expected):
    sources = mini.build(tmp_path)
    if config:
        (tmp_path / "lienthong.yaml").write_text(config, encoding="utf-8")  # what serving() reads
    with serving(sources) as client:
        officer = Officer(client, tmp_path, "noi_vu")
        answer = officer.post(SPAN, a="noi_vu", m="2026-10")["data"]["exchangeList"]
        contractors = officer.post(SPAN, a="xay_dung", m="2026-11")
    assert answer == {**expected, "quarter": None, "period": "monthly"}
    if config:  # Bắc Ninh: xay_dung's list is monthly
        assert contractors["data"]["exchangeList"]["period"] == "monthly"
    else:
        assert contractors["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    argv = ["exchange", "--agency", "noi_vu", "--month", "2026-10", "--format", "csv"]
    argv += ["--sources", str(sources), "--output", str(tmp_path / "list.csv")]
    if config:
        argv += ["--config", str(tmp_path / "lienthong.yaml")]
    assert main(argv) == 0
    start, end = expected["windowStart"], expected["windowEnd"]
    assert f"rows in the window {start} to {end}" in capsys.readouterr().err


# The periodic reports: the days they cover and their due dates (graph/exchange/reports.py).


def test_ha_noi_reports_by_15_6_and_by_10_12_or_15_12(tmp_path):
    hanoi = calendar(tmp_path, None)
    half = hanoi.period("cong_an", "2026-H1")
    assert (half.start, half.end, half.due) == (date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 15))
    year = hanoi.period("cong_an", "2026")
    assert (year.start, year.end, year.due) == (date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 10))
    assert hanoi.period("noi_vu", "2026").due == date(2026, 12, 15)
    assert hanoi.period("noi_vu", "2026-H1").due is None  # 003 asks Sở Nội vụ for a year's report only
    assert hanoi.period("bhxh", "2026").due is None


def test_bac_ninh_reports_by_30_6_and_31_12(tmp_path, monkeypatch):
    config = (
        "exchange:\n"
        "  spans: {half_year: {from: '01-01', to: '06-15'}, year: {from: '01-01', to: '12-15'}}\n"
        "  reports:\n"
        "    cong_an: {half_year: '06-30', year: '12-31'}\n"
        "    bhxh: {half_year: '06-30', year: '12-31'}\n"
        "    y_te: {half_year: null, year: null}\n"
    )
    bac_ninh = calendar(tmp_path, config)
    half = bac_ninh.period("cong_an", "2026-H1")
    assert (half.start, half.end, half.due) == (date(2026, 1, 1), date(2026, 6, 15), date(2026, 6, 30))
    assert bac_ninh.period("bhxh", "2026").due == date(2026, 12, 31)
    assert bac_ninh.period("y_te", "2026").due is None
    monkeypatch.setenv("LIENTHONG_EXCHANGE_REPORTS_CONG_AN_YEAR", "12-20")
    (tmp_path / "env").mkdir()
    assert calendar(tmp_path / "env", config).period("cong_an", "2026").due == date(2026, 12, 20)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("exchange: {reports: {cong_an: {year: '13-01'}}}", "reports.cong_an.year '13-01': write a day"),
        ("exchange: {reports: {cong_an: {year: '02-29'}}}", "reports.cong_an.year '02-29': write a day"),
        ("exchange: {spans: {year: {from: 'x', to: '12-14'}}}", "spans.year 'x': write a day"),
        ("exchange: {reports: {nobody: {year: '12-10'}}}", "unknown setting 'nobody'"),
    ],
)
def test_a_calendar_that_is_not_one_is_refused_by_name(tmp_path, config, message):
    with pytest.raises(SettingsError, match=message):
        calendar(tmp_path, config)
