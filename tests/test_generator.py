"""The demo generator: deterministic, each agency in its native shape, the real-world mess, every
seeded problem of docs/domain.md §5 on its workers and none on the clean ones."""

from __future__ import annotations

import csv
import filecmp
import glob
import json
import sqlite3
from collections import Counter, defaultdict
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from connectors import open_connector
from connectors.config import load_sources
from connectors.nationality import names, to_iso3
from demo.generate import generate
from demo.people import FAMILY_READING, KOREAN_SPELLING

KINDS = {
    "WORK_STATUS_WITHOUT_PERMIT", "PERMIT_ENDED_RESIDENCE_CARD_VALID", "PERMIT_WITH_TOURIST_STATUS",
    "EMPLOYER_UNKNOWN_OR_INACTIVE", "WRONG_ISSUING_OFFICE", "PASSPORT_MISMATCH_PERMIT_CARD", "OVERLAPPING_PERMITS",
    "HEALTH_CERTIFICATE_INVALID", "CRIMINAL_RECORD_WRONG_ISSUER", "INSURED_WITHOUT_PERMIT",
    "PERMIT_HOLDER_NOT_INSURED", "MISSING_RESIDENCE_DECLARATION", "CONTRACTOR_HEADCOUNT_EXCEEDED",
    "IDENTITY_CONFLICT", "PERMITS_ISSUED_AFTER_VIOLATION", "DECLARED_RESIDENCE_NOT_FOUND",
    "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD",
}  # fmt: skip
POLICE_SINCE = date(2025, 3, 1)
Key = tuple[str, str, str]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("demo"), workers=300)


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict[str, Any]:
    return json.loads((demo.parent / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def read(demo: Path) -> tuple[dict[Key, dict[str, Any]], set[Key]]:
    """Every readable record as the connectors map it through the generated sources file, and the
    (source, file or table, row) of every row they had to skip."""
    records, skipped = {}, set()
    for name, config in load_sources(demo).items():
        connector = open_connector(config)
        for entity, mapping in config.entities.items():
            for record in connector.scan(entity, set(mapping.fields)):
                records[(name, entity, record["sourceRecordId"])] = record
        skipped |= {(p.source, Path(p.location).name, p.row) for p in connector.problems}
        connector.close()
    return records, skipped


@pytest.fixture(scope="module")
def canonical(read: tuple[dict[Key, dict[str, Any]], set[Key]]) -> dict[Key, dict[str, Any]]:
    return read[0]


def native(sources: Path) -> dict[tuple[str, str], tuple[str, list[dict[str, Any]]]]:
    """(key column, rows) per source and entity, read natively (sqlite3, csv, openpyxl) where the
    sources file says they are."""
    spec = yaml.safe_load(sources.read_text(encoding="utf-8").replace("{here}", str(sources.parent)))
    found = {}
    for name, source in spec["sources"].items():
        for entity, mapping in source["entities"].items():
            if source["kind"] == "sql":
                with closing(sqlite3.connect(source["url"].removeprefix("sqlite:///"))) as db:
                    cursor = db.execute(f"SELECT * FROM {mapping['table']}")
                    header = [column[0] for column in cursor.description]
                    rows = [dict(zip(header, row, strict=True)) for row in cursor]
            else:
                header_row = mapping.get("header_row", 1)
                rows = [
                    row
                    for path in sorted(glob.glob(mapping["path"]))
                    for row in table(Path(path), header_row)
                ]
            found[(name, entity)] = (mapping["key"], rows)
    return found


def table(path: Path, header_row: int) -> list[dict[str, Any]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    else:
        lines = [list(row) for row in load_workbook(path, read_only=True).worksheets[0].values]
    return [dict(zip(lines[header_row - 1], line, strict=False)) for line in lines[header_row:]]


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first, second = (generate(tmp_path / name, workers=150).parent for name in ("a", "b"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if not filecmp.cmp(first / f, second / f, shallow=False)] == []
    other = generate(tmp_path / "c", workers=150, seed=7).parent
    assert (other / "ground_truth.json").read_bytes() != (first / "ground_truth.json").read_bytes()


def test_every_problem_of_domain_5_is_seeded_at_least_twice(truth: dict[str, Any]) -> None:
    seeded = Counter(d["kind"] for d in truth["discrepancies"])
    assert set(seeded) == KINDS and min(seeded.values()) >= 2
    health = {d["note"] for d in truth["discrepancies"] if d["kind"] == "HEALTH_CERTIFICATE_INVALID"}
    assert health == {
        "health certificate: stale",
        "health certificate: UNFIT",
        "health certificate: unlicensed clinic",
    }


def test_every_ground_truth_key_is_in_its_native_table_or_file(demo: Path, truth: dict[str, Any]) -> None:
    keys = {where: {str(row[key]) for row in rows} for where, (key, rows) in native(demo).items()}
    references = [r for p in truth["persons"] for r in p["records"]]
    references += [r for d in truth["discrepancies"] for r in d["records"]]
    missing = [r for r in references if r["key"] not in keys[(r["source"], r["entity"])]]
    assert references and missing == []


def test_the_connectors_skip_exactly_the_planted_bad_rows(truth: dict[str, Any], read) -> None:
    planted = {(b["source"], Path(b["file"]).name, b["row"]) for b in truth["bad_rows"]}
    assert {b["source"] for b in truth["bad_rows"]} == {"noi_vu", "bql_kcn", "tu_phap", "y_te"}
    assert read[1] == planted


def test_one_person_one_passport_and_nationality_everywhere(truth: dict[str, Any], canonical) -> None:
    """Normalised passport and nationality agree across agencies; birth dates too (or give just the
    year) except on the seeded identity conflicts. Every person record belongs to someone."""
    conflicts = {
        (r["source"], r["entity"], r["key"])
        for d in truth["discrepancies"]
        if d["kind"] == "IDENTITY_CONFLICT"
        for r in d["records"]
    }
    owned = set()
    for person in truth["persons"]:
        for ref in person["records"]:
            key = (ref["source"], ref["entity"], ref["key"])
            record = canonical[key]
            owned.add(key)
            assert (
                record["passportNumber"] in person["passports"]
                and record["nationality"] == person["nationality"]
            )
            if key not in conflicts:
                assert record["dateOfBirth"] in (person["dateOfBirth"], person["dateOfBirth"][:4]), key
    assert {k for k, r in canonical.items() if "passportNumber" in r} == owned


def test_the_real_world_mess_is_there(demo: Path, truth: dict[str, Any], canonical) -> None:
    rows = {where: found for where, (_, found) in native(demo).items()}
    permits = rows[("noi_vu", "WorkPermit")]
    passports = [r["so_ho_chieu"] for r in permits]
    assert any(" " in p for p in passports) and any("-" in p for p in passports)
    assert any(p != p.upper() for p in passports)
    assert any(len(r["ngay_sinh"]) == 4 for r in permits), "some birth dates are only a year"
    births = {type(r["Ngày sinh"]).__name__ for r in rows[("bql_kcn", "WorkPermit")]}
    assert births == {"str", "int", "datetime"}, "typed as text, as an Excel serial, as a date cell"
    assert any(str(r["Ngày sinh"]).isdigit() for r in rows[("y_te", "HealthCertificate")]), "serials in a CSV"
    issued = [r["NgayCap"] for r in rows[("tu_phap", "CriminalRecordCertificate")]]
    assert any("/" in d for d in issued) and any("-" in d for d in issued)
    labels = {
        r[c]
        for found in rows.values()
        for r in found
        for c in ("quoc_tich", "nat_code", "Quốc tịch", "QuocTich")
        if c in r
    }
    assert [label for label in labels if to_iso3(label) is None] == ["Kô-xô-vô"], "only the planted bad label"
    styles = {
        style
        for label in labels if to_iso3(label)
        for style, value in zip(("english", "vietnamese", "alpha-2", "alpha-3"), (*names(to_iso3(label)), to_iso3(label)), strict=True)
        if value == label
    }  # fmt: skip
    assert styles == {"english", "vietnamese", "alpha-2", "alpha-3"}
    written = {
        r[c] for found in rows.values() for r in found for c in ("ho_ten", "Họ tên", "HoTen") if c in r
    }
    assert any(n.split()[0] in FAMILY_READING.values() for n in written), "Sino-Vietnamese readings"
    assert any(n.split()[0] in KOREAN_SPELLING.values() for n in written), "other Korean romanisations"
    renewed = {p["passports"][0]: p["passports"][1] for p in truth["persons"] if len(p["passports"]) > 1}
    reissued = [r for r in canonical.values() if r.get("issuanceType") == "REISSUE"]
    assert reissued and all(renewed[r["passportNumber"]] == r["previousPassportNumber"] for r in reissued)


def test_clean_workers_pass_every_check_and_seeded_ones_fail_theirs(truth: dict[str, Any], canonical) -> None:
    """An independent reading of docs/domain.md §4–5 over each person's records, as the ground
    truth groups them."""
    registry = {r["taxCode"]: r for (_, entity, _), r in canonical.items() if entity == "Employer"}
    clinics = {r["licenceNumber"]: r for (_, entity, _), r in canonical.items() if entity == "HealthFacility"}
    today = date.fromisoformat(truth["reference_date"])
    expected: dict[str, set[str]] = defaultdict(set)
    for found in truth["discrepancies"]:
        for person in found["persons"]:
            expected[person] |= {found["kind"], *found["also"]}
    for person in truth["persons"]:
        records: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ref in person["records"]:
            records[ref["entity"]].append(canonical[(ref["source"], ref["entity"], ref["key"])])
        assert problems(records, registry, clinics, today) == expected[person["person"]], person["person"]
    declared = Counter()
    for (_, entity, _), r in canonical.items():
        if entity == "ContractorDeclaration" and r["quarter"] == "2026-Q4":
            declared[r["employerTaxCode"]] += r["declaredForeignHeadcount"]
    staffed = Counter(
        r["employerTaxCode"] for (_, e, _), r in canonical.items() if e == "WorkPermit" and valid(r, today)
    )
    short = {
        d["employers"][0] for d in truth["discrepancies"] if d["kind"] == "CONTRACTOR_HEADCOUNT_EXCEEDED"
    }
    assert {code for code in declared if staffed[code] > declared[code]} == short


def valid(record: dict[str, Any], today: date, until: str = "validTo") -> bool:
    return record["validFrom"] <= today <= record[until] and record.get("status", "VALID") == "VALID"


def problems(
    records: dict[str, list[dict[str, Any]]], registry: dict, clinics: dict, today: date
) -> set[str]:
    permits, exemptions = records["WorkPermit"], records["PermitExemption"]
    authorised = [p for p in permits + exemptions if valid(p, today)]
    visas = [v for v in records["Visa"] if valid(v, today, "validUntil")]
    cards = [c for c in records["ResidenceCard"] if valid(c, today)]
    work = [paper for paper in visas + cards if paper["symbol"].startswith("LĐ")]
    latest = max(permits + exemptions, key=lambda p: p["validFrom"], default=None)
    insured = [i for i in records["SocialInsuranceRecord"] if i["status"] == "CONTRIBUTING"]
    checks = {
        "WORK_STATUS_WITHOUT_PERMIT": bool(work) and not authorised,
        "PERMIT_ENDED_RESIDENCE_CARD_VALID": bool(cards) and latest is not None and not valid(latest, today),
        "PERMIT_WITH_TOURIST_STATUS": bool(authorised)
        and not work
        and any(v["symbol"] in ("DL", "EV") for v in visas),
        "EMPLOYER_UNKNOWN_OR_INACTIVE": any(
            registry.get(p["employerTaxCode"], {}).get("status") != "ACTIVE" for p in authorised
        ),
        "WRONG_ISSUING_OFFICE": any(
            p["issuer"] != ("bql_kcn" if registry[p["employerTaxCode"]].get("inIndustrialZone") else "noi_vu")
            for p in authorised
            if p["employerTaxCode"] in registry
        ),
        "PASSPORT_MISMATCH_PERMIT_CARD": any(
            p["passportNumber"] != c["passportNumber"] for p in authorised for c in cards
        ),
        "OVERLAPPING_PERMITS": len({p["employerTaxCode"] for p in permits if valid(p, today)}) > 1,
        "HEALTH_CERTIFICATE_INVALID": latest is not None
        and unfit(records["HealthCertificate"], latest, clinics),
        "CRIMINAL_RECORD_WRONG_ISSUER": any(
            c["issuer"] != ("tu_phap" if c["issueDate"] < POLICE_SINCE else "cong_an")
            for c in records["CriminalRecordCertificate"]
        ),
        "INSURED_WITHOUT_PERMIT": bool(insured) and not authorised,
        "PERMIT_HOLDER_NOT_INSURED": not insured
        and any(p["workForm"] != "INTRA_COMPANY_TRANSFER" for p in permits if valid(p, today)),
        "MISSING_RESIDENCE_DECLARATION": bool(cards) and not records["ResidenceDeclaration"],
        "DECLARED_RESIDENCE_NOT_FOUND": any(
            check["result"] == "NOT_FOUND"
            and any(
                d["ward"] == check["ward"]
                and d["stayFrom"] <= check["checkedOn"] <= (d["stayTo"] or date.max)
                for d in records["ResidenceDeclaration"]
            )
            for check in records["ResidenceCheck"]
        ),
        "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD": any(
            dossier["outcome"] == "GRANTED"
            and not any(
                0 <= (dossier["decidedOn"] - c["issueDate"]).days <= 183
                for c in records["CriminalRecordCertificate"]
            )
            for dossier in records["Dossier"]
        ),
        "IDENTITY_CONFLICT": len(
            {r["dateOfBirth"] for e in records.values() for r in e if len(r["dateOfBirth"]) == 10}
        )
        > 1,
    }
    return {kind for kind, failed in checks.items() if failed}


def unfit(certificates: list[dict[str, Any]], filing: dict[str, Any], clinics: dict) -> bool:
    """The latest health conclusion before the filing: over 12 months old, not FIT, or from a clinic
    not authorised (docs/domain.md §4.5)."""
    before = [c for c in certificates if c["conclusionDate"] <= filing["validFrom"]]
    if not before:
        return True
    latest = max(before, key=lambda c: c["conclusionDate"])
    clinic = clinics.get(latest["facilityLicence"], {})
    return (
        (filing["validFrom"] - latest["conclusionDate"]).days > 365 or latest["conclusion"] != "FIT"
        or not clinic.get("authorisedForForeignWorkers") or clinic.get("status") != "ACTIVE"
    )  # fmt: skip


def test_more_workers_make_proportionally_more_records(tmp_path: Path) -> None:
    def counts(workers: int) -> tuple[int, int, int]:
        sources = generate(tmp_path / str(workers), workers=workers)
        truth = json.loads((sources.parent / "ground_truth.json").read_text(encoding="utf-8"))
        rows = native(sources)
        return (
            sum(len(p["records"]) for p in truth["persons"]),
            len(rows[("noi_vu", "WorkPermit")][1]),
            len(rows[("tai_chinh", "Employer")][1]),
        )

    small, large = counts(600), counts(2400)
    assert all(3.5 < b / a < 4.5 for a, b in zip(small, large, strict=True)), (small, large)


def test_a_database_agency_can_live_elsewhere(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'insurance.db'}"
    sources = generate(tmp_path / "data", workers=150, databases={"bhxh": url})
    assert f'url: "{url}"' in sources.read_text(encoding="utf-8")
    with closing(sqlite3.connect(tmp_path / "insurance.db")) as db:
        assert db.execute("SELECT count(*) FROM lao_dong_nuoc_ngoai").fetchone()[0] > 0
    with pytest.raises(ValueError, match="not a database agency"):
        generate(tmp_path / "other", workers=150, databases={"y_te": url})
