import os
import shutil
import time
from datetime import date
from pathlib import Path

import mini
import pytest
from sqlalchemy import event

from connectors import open_connector
from connectors.config import ConfigError, load_sources
from connectors.source import UnreadableExport


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return mini.build(tmp_path)


def connector(sources: Path, name: str):
    return open_connector(load_sources(sources)[name])


def test_sql_rows_map_to_canonical_records(sources):
    records = {
        r["permitNumber"]: r
        for r in connector(sources, "noi_vu").scan("WorkPermit", {"permitNumber", "salary", "dateOfBirth"})
    }
    assert records["GP1"]["passportNumber"] == "M1234567"
    assert records["GP1"]["nationality"] == "KOR"
    assert records["GP1"]["salary"] == 25_000_000
    assert records["GP2"]["dateOfBirth"] == "1990"


def test_xlsx_rows_below_a_title_row_and_excel_date_cells(sources):
    (record,) = connector(sources, "bql_kcn").scan("WorkPermit", set())
    assert record["validTo"] == date(2027, 5, 1)
    assert record["passportNumber"] == "E99887766"
    assert record["issuer"] == "bql_kcn"
    assert record["asOf"] is not None


def test_a_bad_row_is_reported_with_source_file_row_and_reason_and_skipped(sources):
    visas = connector(sources, "cong_an")
    records = list(visas.scan("Visa", set()))
    assert [r["visaNumber"] for r in records] == ["V1"]
    (problem,) = list(visas.problems)
    assert problem.source == "cong_an"
    assert problem.location.endswith("visa.csv")
    assert problem.row == "3"
    assert "Atlantis" in problem.reason

    permits = connector(sources, "noi_vu")
    assert "GP3" not in {
        r["permitNumber"] for r in permits.scan("WorkPermit", {"permitNumber", "dateOfBirth"})
    }
    (problem,) = list(permits.problems)
    assert (problem.location, problem.row) == ("gp", "GP3")
    assert "dateOfBirth" in problem.reason


def test_a_row_without_passport_is_skipped_rather_than_joined_to_anyone(sources):
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K2", "No Passport", "China", None, date(2027, 1, 1)]]
    )
    permits = connector(sources, "bql_kcn")
    assert {r["permitNumber"] for r in permits.scan("WorkPermit", set())} == {"K1"}
    assert any("passportNumber is missing" in p.reason for p in permits.problems)


def test_sql_fetch_reads_only_the_columns_asked_for(sources):
    permits = connector(sources, "noi_vu")
    statements: list[str] = []
    event.listen(permits.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    (record,) = permits.fetch("WorkPermit", ["GP1"], {"status"})
    assert record["status"] == "VALID"
    assert "salary" not in record
    assert "muc_luong" not in statements[0]
    assert "trang_thai" in statements[0]


def test_a_new_monthly_file_is_picked_up_without_restart(sources):
    permits = connector(sources, "bql_kcn")
    before = permits.version()
    assert len(list(permits.scan("WorkPermit", set()))) == 1
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K2", "Li Na", "CN", "E55555555", date(2027, 1, 1)]]
    )
    assert permits.version() != before
    assert {r["permitNumber"] for r in permits.scan("WorkPermit", set())} == {"K1", "K2"}


def test_a_changed_file_is_reread_and_a_removed_one_forgotten(sources):
    visas = connector(sources, "cong_an")
    assert [r["symbol"] for r in visas.scan("Visa", set())] == ["LĐ2"]
    path = sources.parent / "visa.csv"
    mini.write_visas(path, [["V1", "KIM JIHOON", "1985-02-01", "KOR", "M1234567", "DL", "2027-01-01", ""]])
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [r["symbol"] for r in visas.scan("Visa", {"symbol"})] == ["DL"]
    mini.write_visas(
        sources.parent / "visa_2.csv", [["V9", "LI NA", "1990", "CHN", "E5555555", "DL", "2027-01-01", ""]]
    )
    path.unlink()
    assert [r["visaNumber"] for r in visas.scan("Visa", {"visaNumber"})] == ["V9"]


def test_an_export_with_no_file_left_is_a_fault_not_an_empty_list(sources):
    visas = connector(sources, "cong_an")
    (sources.parent / "visa.csv").unlink()
    with pytest.raises(FileNotFoundError, match="export is missing"):
        list(visas.scan("Visa", set()))


def test_a_corrupt_file_fails_its_entity_until_it_is_replaced(sources):
    """A later monthly file may restate or revoke earlier records: without it, the others mislead."""
    corrupt = sources.parent / "kcn_2026_10.xlsx"
    corrupt.write_bytes(b"not a workbook")
    permits = connector(sources, "bql_kcn")
    for _ in range(2):  # the failure is remembered for this version of the file, and raised again
        with pytest.raises(
            UnreadableExport, match=r"kcn_2026_10\.xlsx cannot be read whole: File is not a zip"
        ):
            list(permits.scan("WorkPermit", set()))
    assert list(permits.problems) == [], "a damaged file is a failure, not a skipped row"
    mini.write_kcn(corrupt, [["K2", "Li Na", "CN", "E55555555", date(2027, 1, 1)]])
    assert {r["permitNumber"] for r in permits.scan("WorkPermit", set())} == {"K1", "K2"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no header row 1: the file is empty or cut short"),
        (
            b"visa_no,name,dob,nat,passport,symbol,valid_until,sponsor\r\n",
            "header row 1 has no column 'until'",
        ),
    ],
    ids=["cut-before-header", "column-renamed"],
)
def test_a_csv_without_its_header_or_a_mapped_column_is_unreadable_not_empty(sources, content, reason):
    """Else every row would be skipped or read with the column's values missing, the source OK."""
    path = sources.parent / "visa.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableExport) as error:
        list(connector(sources, "cong_an").scan("Visa", set()))
    assert str(error.value) == f"{path} cannot be read whole: {reason}"


def test_later_monthly_file_restates_a_changed_record(sources):
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K1", "Wang Wei", "China", "E99887766", date(2028, 1, 1)]]
    )
    (record,) = connector(sources, "bql_kcn").scan("WorkPermit", set())
    assert record["validTo"] == date(2028, 1, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("WorkPermit:", "WorkPermits:"), "unknown entity"),
        (("salary: {column", "salaire: {column"), "fields.salaire: WorkPermit has no such field"),
        (("normalise: partial_date", "normalise: fuzzy_date"), "unknown normaliser 'fuzzy_date'"),
        (("kind: csv", "kind: excel"), "sources.cong_an.kind"),
        (('Hết hạn": EXPIRED', 'Hết hạn": GONE'), "GONE not in"),
        (
            ("          passportNumber: {column: passport, normalise: passport}\n", ""),
            "needs passportNumber mapped",
        ),
    ],
)
def test_a_wrong_sources_file_names_the_file_and_entry(sources, change, message):
    text = sources.read_text(encoding="utf-8")
    assert change[0] in text
    sources.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_sources(sources)
    assert str(sources) in str(error.value)


def test_toml_sources_files_work_too(tmp_path):
    db = Path(shutil.copy(mini.build(tmp_path).parent / "noi_vu.sqlite", tmp_path / "copy.sqlite"))
    toml = tmp_path / "sources.toml"
    toml.write_text(
        f"""
[sources.registry]
kind = "sql"
url = "sqlite:///{db}"
[sources.registry.entities.Employer]
table = "dn"
key = "mst"
fields = {{ taxCode = {{ column = "mst", normalise = "tax_code" }}, name = "ten" }}
""",
        encoding="utf-8",
    )
    (record,) = open_connector(load_sources(toml)["registry"]).scan("Employer", {"name"})
    assert record["name"] == "Công ty TNHH ABC"


def test_a_file_dropped_into_a_folder_listed_long_ago_is_seen_by_the_next_read(sources):
    """The folder's listing is kept while its modification time stays; adding a file changes it."""
    permits = connector(sources, "bql_kcn")
    long_ago = time.time() - 60
    os.utime(sources.parent, (long_ago, long_ago))
    assert permits.fetch("WorkPermit", ["K1"], {"permitNumber"})[0]["permitNumber"] == "K1"
    assert permits.held("WorkPermit", ["K1"], {"permitNumber"})[0]["permitNumber"] == "K1"
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K2", "Li Na", "CN", "E55555555", date(2027, 1, 1)]]
    )
    assert permits.held("WorkPermit", ["K2"], {"permitNumber"}) is None, "the export must be read again"
    assert permits.fetch("WorkPermit", ["K2"], {"permitNumber"})[0]["permitNumber"] == "K2"


def test_a_listing_taken_in_the_second_its_folder_changed_is_not_trusted(sources):
    """A file added in the same clock tick leaves the folder's time as it was: such a recent
    listing is taken again on every read."""
    permits = connector(sources, "bql_kcn")
    permits.fetch("WorkPermit", ["K1"], {"permitNumber"})
    stamp = os.stat(sources.parent).st_mtime_ns
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K2", "Li Na", "CN", "E55555555", date(2027, 1, 1)]]
    )
    os.utime(sources.parent, ns=(stamp, stamp))
    assert permits.held("WorkPermit", ["K2"], {"permitNumber"}) is None
