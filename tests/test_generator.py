"""The demo generator: deterministic, native shapes, real-world mess, every seeded problem."""

import csv
import filecmp
import json
import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from connectors.nationality import to_iso3
from connectors.normalise import passport
from demo.generate import generate
from demo.world import SEEDED


def tables(database: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as db:
        names = [row[0] for row in db.execute("select name from sqlite_master where type = 'table'")]
        return {name: sorted(db.execute(f"select * from {name}")) for name in names}


def test_the_same_seed_writes_the_same_sources(tmp_path):
    first, second = generate(tmp_path / "a", workers=150).parent, generate(tmp_path / "b", workers=150).parent
    for path in sorted(first.rglob("*")):
        twin = second / path.relative_to(first)
        if path.suffix in (".csv", ".json", ".yaml"):
            assert filecmp.cmp(path, twin, shallow=False), path
        elif path.suffix == ".sqlite":
            assert tables(path) == tables(twin), path
        elif path.suffix == ".xlsx":
            rows = [list(load_workbook(p, read_only=True).active.values) for p in (path, twin)]
            assert rows[0] == rows[1], path


def test_every_problem_of_domain_5_is_seeded(embedded_demo, ground_truth):
    kinds = {d["kind"] for d in ground_truth["discrepancies"]}
    assert kinds == set(SEEDED) | {"CONTRACTOR_HEADCOUNT_EXCEEDED"}


def test_each_agency_keeps_its_own_native_shape(embedded_demo):
    folder = embedded_demo.parent
    with sqlite3.connect(folder / "noi_vu" / "noi_vu.sqlite") as db:
        columns = [row[1] for row in db.execute("pragma table_info(giay_phep_lao_dong)")]
        labels = {row[0] for row in db.execute("select quoc_tich from giay_phep_lao_dong")}
    assert {"so_giay_phep", "ho_ten", "ngay_sinh", "quoc_tich", "so_ho_chieu", "ma_so_doanh_nghiep"} <= set(
        columns
    )
    assert "Trung Quốc" in labels
    with sqlite3.connect(folder / "cong_an" / "cong_an.sqlite") as db:
        symbols = {row[0] for row in db.execute("select symbol from visa")}
    assert {"LĐ2", "LĐ1", "DL", "EV"} <= symbols
    workbook = load_workbook(next((folder / "bql_kcn").glob("gpld_*.xlsx")), read_only=True)
    title, header, first = list(workbook.active.iter_rows(max_row=3, values_only=True))
    assert "DANH SÁCH" in title[0] and "Số GPLĐ" in header and hasattr(first[header.index("Từ ngày")], "year")


def test_the_real_world_mess_is_there(embedded_demo, ground_truth):
    folder = embedded_demo.parent
    with sqlite3.connect(folder / "noi_vu" / "noi_vu.sqlite") as db:
        passports = [row[0] for row in db.execute("select so_ho_chieu from giay_phep_lao_dong")]
        births = [row[0] for row in db.execute("select ngay_sinh from giay_phep_lao_dong")]
    assert (
        any(" " in p for p in passports)
        and any("-" in p for p in passports)
        and any(p != p.upper() for p in passports)
    )
    assert any(len(b) == 4 for b in births), "some birth dates are only a year"
    rows = []
    for path in (folder / "y_te").glob("gcnsk_*.csv"):
        with path.open(encoding="utf-8-sig") as handle:
            rows += list(csv.DictReader(handle))
    assert {r["quoc_tich"] for r in rows} <= {
        r["quoc_tich"] for r in rows if to_iso3(r["quoc_tich"]) or r["ho_ten"].startswith("Le Van Loi")
    }
    renewed = [p for p in ground_truth["persons"] if len(p["passports"]) > 1]
    assert len(renewed) >= 4
    names = {r["ho_ten"] for r in rows}
    assert any(n.startswith(("YI ", "PAK ", "Vương", "Lý", "Trương")) for n in names), (
        "local spellings of names"
    )


def test_every_ground_truth_record_exists_in_its_source(embedded_demo, ground_truth):
    folder = embedded_demo.parent
    with sqlite3.connect(folder / "cong_an" / "cong_an.sqlite") as db:
        visas = {row[0]: passport(row[1]) for row in db.execute("select visa_no, passport_no from visa")}
    for person in ground_truth["persons"]:
        for record in person["records"]:
            if (record["source"], record["entity"]) == ("cong_an", "Visa"):
                assert visas[record["key"]] in person["passports"]


def test_more_workers_make_proportionally_more_records(tmp_path):
    small = json.loads((generate(tmp_path / "s", workers=100).parent / "ground_truth.json").read_text())
    large = json.loads((generate(tmp_path / "l", workers=400).parent / "ground_truth.json").read_text())
    count = lambda truth: sum(len(p["records"]) for p in truth["persons"])  # noqa: E731
    assert 3.5 < count(large) / count(small) < 4.5
