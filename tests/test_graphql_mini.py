"""The unified schema over the mini sources, end to end over HTTP."""

from datetime import date
from pathlib import Path

import mini
import pytest
from serving import Officer, serving

PERMITS = "workPermits { permitNumber issuer status validTo salary employer { name status } sourceAgency }"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return mini.build(tmp_path)


@pytest.fixture
def client(sources: Path):
    """A permit officer: noi_vu sees everything the mini sources hold."""
    with serving(sources) as client:
        yield Officer(client, sources.parent, "noi_vu")


def query(client: Officer, text: str, **variables) -> dict:
    return client.post(text, **variables)


def worker(client: Officer, passport: str, fields: str = "id fullName") -> dict | None:
    result = query(client, f"query($p: String!) {{ worker(passportNumber: $p) {{ {fields} }} }}", p=passport)
    assert "errors" not in result, result
    return result["data"]["worker"]


@pytest.mark.parametrize("spelling", ["M1234567", "m1234567", "M 123 4567", "m-1234-567"])
def test_a_passport_in_any_spelling_finds_the_same_worker(client, spelling):
    assert worker(client, spelling) == worker(client, "M1234567")
    assert worker(client, spelling) is not None


def test_records_of_one_person_are_joined_across_agencies(client):
    found = worker(
        client,
        "M1234567",
        f"fullName nationality dateOfBirth {PERMITS} visas {{ symbol sponsor {{ name }} }}",
    )
    assert found["fullName"] == "KIM JI-HOON"
    assert found["nationality"] == "KOR"
    assert found["dateOfBirth"] == "1985-02-01"
    (permit,) = found["workPermits"]
    assert permit["permitNumber"] == "GP1"
    assert permit["sourceAgency"] == "noi_vu"
    assert permit["employer"] == {"name": "Công ty TNHH ABC", "status": "ACTIVE"}
    assert found["visas"] == [{"symbol": "LĐ2", "sponsor": {"name": "Công ty TNHH ABC"}}]


def test_permits_from_the_database_and_the_monthly_excel_list_meet_on_one_worker(client):
    found = worker(client, "E99887766", PERMITS)
    assert {(p["permitNumber"], p["issuer"]) for p in found["workPermits"]} == {
        ("GP2", "noi_vu"),
        ("K1", "bql_kcn"),
    }


def test_unknown_passport_is_null_not_an_error(client):
    assert worker(client, "Z0000000") is None


def test_a_malformed_passport_argument_is_a_clear_error(client):
    result = query(client, '{ worker(passportNumber: "--") { id } }')
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "passport" in result["errors"][0]["message"]


def test_aliases_and_fragments_read_the_same_fields(client):
    result = query(
        client,
        """{ a: worker(passportNumber: "M1234567") { name: fullName ...F }
             b: worker(passportNumber: "M1234567") { ... on Worker { fullName } } }
           fragment F on Worker { workPermits { n: permitNumber } }""",
    )
    assert result["data"]["a"] == {"name": "KIM JI-HOON", "workPermits": [{"n": "GP1"}]}
    assert result["data"]["b"] == {"fullName": "KIM JI-HOON"}


def test_filters_by_nationality_label_status_expiry_and_employer(client):
    def names(filter_: dict) -> list[str]:
        result = query(
            client, "query($f: WorkerFilter) { workers(filter: $f) { nodes { fullName } } }", f=filter_
        )
        assert "errors" not in result, result
        return sorted(n["fullName"] for n in result["data"]["workers"]["nodes"])

    assert names({"nationality": "Trung Quốc"}) == ["WANG WEI"]
    assert names({"nationality": "KR"}) == ["KIM JI-HOON"]
    assert names({"permitStatus": ["EXPIRED"]}) == ["WANG WEI"]
    assert names({"permitExpiringBefore": "2027-06-01"}) == ["KIM JI-HOON"]
    assert names({"permitExpiringBefore": "2026-06-01"}) == []
    assert names({"employerTaxCode": "0101234567"}) == ["KIM JI-HOON"]


def test_pages_follow_the_cursor_and_end(client):
    first = query(
        client, "{ workers(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"
    )
    page = first["data"]["workers"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["endCursor"] == page["edges"][0]["cursor"]
    second = query(
        client,
        "query($a: String) { workers(first: 1, after: $a) { nodes { id } pageInfo { hasNextPage } } }",
        a=page["pageInfo"]["endCursor"],
    )["data"]["workers"]
    assert second["pageInfo"]["hasNextPage"] is False
    assert second["nodes"][0]["id"] != page["edges"][0]["node"]["id"]


@pytest.mark.parametrize("cursor", ["nonsense!", "YWJj"])
def test_a_forged_cursor_is_refused(client, cursor):
    result = query(client, "query($a: String) { workers(after: $a) { nodes { id } } }", a=cursor)
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_page_size_is_bounded(client):
    result = query(client, "{ workers(first: 1001) { nodes { id } } }")
    assert "between 0 and 1000" in result["errors"][0]["message"]


def test_employer_lists_its_current_workers(client):
    result = query(
        client, '{ employer(taxCode: "0101234567") { name status workers { nodes { fullName } } } }'
    )
    assert result["data"]["employer"] == {
        "name": "Công ty TNHH ABC",
        "status": "ACTIVE",
        "workers": {"nodes": [{"fullName": "KIM JI-HOON"}]},
    }


def test_a_newly_dropped_monthly_file_is_served_without_restart(client, sources):
    assert worker(client, "E55555555") is None
    mini.write_kcn(
        sources.parent / "kcn_2026_10.xlsx", [["K2", "Li Na", "CN", "E5555 5555", date(2027, 1, 1)]]
    )
    assert worker(client, "E55555555", "fullName") == {"fullName": "LI NA"}


def test_a_source_down_since_start_up_is_reported_not_shown_as_empty(sources):
    text = sources.read_text(encoding="utf-8").replace("{here}/noi_vu.sqlite", "/nonexistent/dir/x.sqlite", 1)
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        result = officer.post(
            '{ worker(passportNumber: "M1234567") { fullName workPermits { permitNumber } visas { symbol } } }'
        )
    assert result["data"]["worker"] == {
        "fullName": "KIM JIHOON",
        "workPermits": None,
        "visas": [{"symbol": "LĐ2"}],
    }
    (error,) = result["errors"]
    assert error["path"] == ["worker", "workPermits"]
    assert error["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "noi_vu"}
    assert "x.sqlite" not in error["message"] and "nonexistent" not in str(result)
    assert result["extensions"]["sources"]["noi_vu"] == "UNAVAILABLE"
    assert result["extensions"]["sources"]["cong_an"] == "OK"


def test_a_rescan_that_finds_nothing_new_keeps_the_index(client, sources):
    index = client.client.app.state.service.index
    before = index.snapshot
    client.client.portal.call(index.rescan, ["noi_vu", "cong_an"])
    assert index.snapshot is before
    mini.write_visas(
        sources.parent / "visa_2.csv", [["V9", "LI NA", "1990", "CHN", "E5555555", "DL", "2027-01-01", ""]]
    )
    client.client.portal.call(index.rescan, ["cong_an"])
    assert index.snapshot is not before
