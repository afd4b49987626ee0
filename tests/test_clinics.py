"""The `clinics` query: the Health department's whole register (seed 003 Điều 12.4), reachable even
for a clinic that issued no certificate, under each agency's policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import Officer, serving

QUERY = "{ clinics { licenceNumber name authorisedForForeignWorkers status suspendedOn sourceAgency } }"


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


def test_the_register_lists_every_clinic_in_licence_order(client, embedded_demo, ground_truth):
    result = Officer(client, embedded_demo.parent, "y_te").post(QUERY)
    assert "errors" not in result, result["errors"]
    clinics = result["data"]["clinics"]
    assert [c["licenceNumber"] for c in clinics] == [
        "00101/BYT-GPHĐ", "00102/BYT-GPHĐ", "00215/HNO-GPHĐ", "00216/HNO-GPHĐ", "00377/HNO-GPHĐ",
        "01024/HNO-GPHĐ", "01388/HNO-GPHĐ", "02051/HNO-GPHĐ", "02107/HNO-GPHĐ",
    ]  # fmt: skip
    suspended = clinics[-1]
    assert suspended == {
        "licenceNumber": "02107/HNO-GPHĐ",
        "name": "Phòng khám Đa khoa Hồng Phúc",
        "authorisedForForeignWorkers": True,
        "status": "SUSPENDED",
        "suspendedOn": "2026-06-15",
        "sourceAgency": "y_te",
    }
    assert [c["licenceNumber"] for c in clinics if not c["authorisedForForeignWorkers"]] == ["02051/HNO-GPHĐ"]
    assert all(c["suspendedOn"] is None for c in clinics[:-1])
    issuing = {
        r["key"].split("/")[0] for p in ground_truth["persons"] for r in p["records"] if r["source"] == "y_te"
    }
    assert "02107" not in issuing  # reachable only through the register: it issued no certificate


@pytest.mark.parametrize("agency", ["noi_vu", "hcc", "thanh_tra"])
def test_agencies_checking_certificates_see_the_register(client, embedded_demo, agency):
    result = Officer(client, embedded_demo.parent, agency).post(QUERY)
    assert "errors" not in result, result["errors"]
    assert len(result["data"]["clinics"]) == 9


@pytest.mark.parametrize("agency", ["bhxh", "tu_phap", "ubnd_xa"])
def test_agencies_without_the_need_are_refused_the_register(client, embedded_demo, agency):
    claims = {"ward": "Phường Láng"} if agency == "ubnd_xa" else {}
    result = Officer(client, embedded_demo.parent, agency, **claims).post(QUERY)
    assert result["data"]["clinics"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
