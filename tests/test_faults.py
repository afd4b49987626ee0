"""Faults injected into real sources: one source failing never takes the others down."""

import sqlite3
import time
from pathlib import Path

import mini
import pytest
from serving import Officer, ops, serving, until_served

from graph.cli import main

LOOKUP = '{ worker(passportNumber: "M1234567") { fullName workPermits { permitNumber } visas { symbol } } }'
TUNING = "    kind: sql\n    timeout_seconds: 0.5\n    breaker_threshold: 2\n    breaker_reset_seconds: 0.6\n"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = mini.build(tmp_path)
    text = path.read_text(encoding="utf-8").replace("    kind: sql\n", TUNING, 1)
    path.write_text(text, encoding="utf-8")
    return path


def errors_by_field(result: dict) -> dict[str, str]:
    return {error["path"][-1]: error["extensions"]["code"] for error in result.get("errors", [])}


def lock(database: Path) -> sqlite3.Connection:
    """Hold an exclusive lock: readers of this database now wait, as on a hung server."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("BEGIN EXCLUSIVE")
    return connection


def test_a_hang_past_the_timeout_gives_partial_results_fast(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        holder = lock(sources.parent / "noi_vu.sqlite")
        try:
            started = time.monotonic()
            result = officer.post(LOOKUP)
            elapsed = time.monotonic() - started
        finally:
            holder.rollback()
            holder.close()
    assert elapsed < 3
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert result["data"]["worker"]["workPermits"] is None
    assert errors_by_field(result) == {"workPermits": "SOURCE_TIMEOUT"}
    assert result["extensions"]["sources"] == {"noi_vu": "TIMEOUT", "cong_an": "OK"}


def test_the_breaker_opens_fails_fast_then_probes_and_closes(sources):
    database = sources.parent / "noi_vu.sqlite"
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        holder = lock(database)
        try:
            for _ in range(2):
                assert errors_by_field(officer.post(LOOKUP)) == {"workPermits": "SOURCE_TIMEOUT"}
            started = time.monotonic()
            open_result = officer.post(LOOKUP)
            assert time.monotonic() - started < 0.4, "an open breaker answers without waiting"
            assert errors_by_field(open_result) == {"workPermits": "SOURCE_UNAVAILABLE"}
        finally:
            holder.rollback()
            holder.close()
        time.sleep(0.7)
        recovered = until_served(officer, LOOKUP)
    assert "errors" not in recovered
    assert recovered["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert recovered["extensions"]["sources"]["noi_vu"] == "OK"


def test_an_employer_whose_source_hangs_is_refused_as_a_timeout(sources):
    """The look-up by tax code names the failing source, as any other field does, rather than failing
    on the refusal that stands in for the employer's records."""
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace("agency: tai_chinh\n    kind: sql\n", "agency: tai_chinh\n" + TUNING), "utf-8"
    )
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        holder = lock(sources.parent / "noi_vu.sqlite")
        try:
            result = officer.post('{ employer(taxCode: "0101234567") { name } }')
        finally:
            holder.rollback()
            holder.close()
    assert result["data"] == {"employer": None}
    assert errors_by_field(result) == {"employer": "SOURCE_TIMEOUT"}
    assert result["extensions"]["sources"] == {"tai_chinh": "TIMEOUT"}


def test_a_table_renamed_under_us_is_a_data_error_until_it_is_back(sources):
    database = sources.parent / "noi_vu.sqlite"

    def rename(old: str, new: str) -> None:
        with sqlite3.connect(database) as connection:
            connection.execute(f"ALTER TABLE {old} RENAME TO {new}")

    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        rename("gp", "gp_old")
        broken = officer.post(LOOKUP)
        rename("gp_old", "gp")
        back = until_served(officer, LOOKUP)
    assert errors_by_field(broken) == {"workPermits": "SOURCE_UNAVAILABLE"}
    assert broken["extensions"]["sources"]["noi_vu"] == "DATA_ERROR"
    assert "no such table" not in str(broken) and "gp" not in broken["errors"][0]["message"]
    assert back["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]


def test_the_server_starts_while_a_source_is_down_and_serves_the_rest(sources):
    text = sources.read_text(encoding="utf-8").replace(
        "{here}/noi_vu.sqlite", "{here}/not-yet/noi_vu.sqlite", 1
    )
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert errors_by_field(result) == {"workPermits": "SOURCE_UNAVAILABLE"}


def test_corrupt_rows_are_skipped_and_the_rest_of_the_file_served(sources):
    mini.write_visas(
        sources.parent / "visa.csv",
        [
            ["V1", "KIM JIHOON", "1985-02-01", "KOR", "M1234567", "LĐ2", "2027-01-01", "0101234567"],
            ["V7", "\x00\x01garbage", "not a date", "???", "", "", "", ""],
        ],
    )
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert "errors" not in result


def test_a_removed_export_makes_its_fields_unavailable_not_empty(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(LOOKUP)["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
        (sources.parent / "visa.csv").unlink()
        result = officer.post(LOOKUP)
    assert result["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert result["data"]["worker"]["visas"] is None
    assert errors_by_field(result) == {"visas": "SOURCE_UNAVAILABLE"}


def test_a_refused_connection_is_unavailable_and_the_rest_is_served(sources):
    """A PostgreSQL server that is not listening: the connection is refused at once."""
    text = sources.read_text(encoding="utf-8").replace(
        'url: "sqlite:///{here}/noi_vu.sqlite"', 'url: "postgresql+psycopg://lienthong@127.0.0.1:9/agency"', 1
    )
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        result = Officer(client, sources.parent, "noi_vu").post(LOOKUP)
        ready = ops(client).get("/readyz").json()
    assert result["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert errors_by_field(result) == {"workPermits": "SOURCE_UNAVAILABLE"}
    assert "127.0.0.1" not in str(result) and "lienthong@" not in str(result)
    assert ready["sources"]["noi_vu"]["status"] == "UNAVAILABLE"


DOSSIER = """query($passport: String!) { worker(passportNumber: $passport) {
  workPermits { permitNumber } visas { symbol }
  compliance(at: "2026-11-01") { checks { rule result reason } } } }"""
KCN_DAMAGED = (
    "An export of the bql_kcn source cannot be read whole; its records are unknown until it is fixed"
)
CONG_AN_DAMAGED = (
    "An export of the cong_an source cannot be read whole; its records are unknown until it is fixed"
)


def results(answer: dict, *rules: str) -> dict[str, tuple[str, str]]:
    checks = answer["data"]["worker"]["compliance"]["checks"]
    return {check["rule"]: (check["result"], check["reason"]) for check in checks if check["rule"] in rules}


def test_a_truncated_xlsx_is_a_data_error_for_its_permits_until_it_is_fixed(sources):
    export = sources.parent / "kcn_2026_09.xlsx"
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        served = officer.post(DOSSIER, passport="E99887766")
        assert served["data"]["worker"]["workPermits"] == [{"permitNumber": "K1"}, {"permitNumber": "GP2"}]
        whole = export.read_bytes()
        export.write_bytes(whole[: len(whole) // 2])
        damaged = [officer.post(DOSSIER, passport="E99887766") for _ in range(4)]  # past the breaker
        other = officer.post(LOOKUP)
        ready = ops(client).get("/readyz")
        kept = [link.key for link in client.app.state.service.index.partitions["bql_kcn"]]
        mini.write_kcn(export, [["K1", "Wang Wei", "China", "e 9988 7766", mini.date(2027, 5, 1)]])
        fixed = officer.post(DOSSIER, passport="E99887766")
        ready_again = ops(client).get("/readyz")
    for answer in damaged:
        assert answer["data"]["worker"]["workPermits"] is None
        (error,) = answer["errors"]
        assert (error["path"], error["message"]) == (["worker", "workPermits"], KCN_DAMAGED)
        assert error["extensions"] == {"code": "DATA_ERROR", "agency": "bql_kcn"}
        assert answer["extensions"]["sources"] == {"bql_kcn": "UNREADABLE", "noi_vu": "OK"}
        assert results(answer, "WORK_AUTHORISATION") == {"WORK_AUTHORISATION": ("UNKNOWN", KCN_DAMAGED)}
    assert "kcn_2026_09" not in str(damaged) and "zip" not in str(damaged)
    assert other["data"]["worker"] == {
        "fullName": "KIM JI-HOON",
        "workPermits": None,
        "visas": [{"symbol": "LĐ2"}],
    }
    assert errors_by_field(other) == {"workPermits": "DATA_ERROR"}, "a new permit may be in the damaged file"
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    assert ready.json()["sources"]["bql_kcn"] == {
        "agency": "bql_kcn",
        "status": "UNREADABLE",
        "breaker": "closed",
        "indexed": True,
    }
    assert kept == ["K1"], "the index keeps the last good read of the export"
    assert "errors" not in fixed
    assert fixed["data"]["worker"]["workPermits"] == [{"permitNumber": "K1"}, {"permitNumber": "GP2"}]
    assert fixed["extensions"]["sources"] == {"bql_kcn": "OK", "noi_vu": "OK", "tai_chinh": "OK"}
    assert ready_again.json()["status"] == "ready"


V1 = "V1,KIM JIHOON,1985-02-01,KOR,M-1234567,LĐ2,2027-01-01,0101234567\r\n"
HEADER = ",".join(mini.VISA_HEADER) + "\r\n"


@pytest.mark.parametrize(
    "damage",
    [
        b"V5,\xff\xfeLI NA,1990,CHN,E5555555,DL,2027-01-01,\r\n",
        b'V5,"LI NA,1990,CHN,E5555555,DL,2027-01-01,\r\n',
    ],
    ids=["invalid-utf8", "unterminated-quote"],
)
def test_a_corrupt_csv_is_a_data_error_for_its_visas_until_it_is_fixed(sources, damage):
    export = sources.parent / "visa.csv"
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        assert officer.post(LOOKUP)["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
        export.write_bytes(HEADER.encode() + damage + V1.encode())
        damaged = officer.post(DOSSIER, passport="M1234567")
        export.write_bytes((HEADER + V1).encode())
        fixed = officer.post(DOSSIER, passport="M1234567")
    assert damaged["data"]["worker"]["workPermits"] == [{"permitNumber": "GP1"}]
    assert damaged["data"]["worker"]["visas"] is None
    (error,) = damaged["errors"]
    assert (error["path"], error["message"]) == (["worker", "visas"], CONG_AN_DAMAGED)
    assert error["extensions"] == {"code": "DATA_ERROR", "agency": "cong_an"}
    assert damaged["extensions"]["sources"] == {"cong_an": "UNREADABLE", "noi_vu": "OK", "tai_chinh": "OK"}
    assert results(damaged, "RESIDENCE_STATUS") == {"RESIDENCE_STATUS": ("UNKNOWN", CONG_AN_DAMAGED)}
    assert "errors" not in fixed
    assert fixed["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
    assert fixed["extensions"]["sources"] == {"cong_an": "OK", "noi_vu": "OK", "tai_chinh": "OK"}


def test_lienthong_check_names_each_unreadable_export_and_still_lists_bad_rows(sources, capsys):
    xlsx = sources.parent / "kcn_2026_09.xlsx"
    xlsx.write_bytes(xlsx.read_bytes()[:1000])
    visas = sources.parent / "visa.csv"
    visas.write_bytes(HEADER.encode() + V1.encode() + b'V5,"LI NA,1990,CHN,E5555555,DL,2027-01-01,\r\n')
    code = main(["check", "--sources", str(sources)])
    out = capsys.readouterr()
    assert code == 1
    assert out.out.splitlines() == [
        "noi_vu       WorkPermit                        2 records",
        "  skipped: noi_vu WorkPermit gp row GP3: dateOfBirth (ngay_sinh): date '32/13/1990' matches none of %d/%m/%Y, %Y-%m-%d",
        "tai_chinh    Employer                          1 records",
        f"cong_an      Visa                       unreadable: {visas} cannot be read whole: line 3: unexpected end of data",
        f"bql_kcn      WorkPermit                 unreadable: {xlsx} cannot be read whole: File is not a zip file",
        "1 rows skipped",
    ]
    assert "Traceback" not in out.out + out.err
