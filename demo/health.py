"""Sở Y tế (`y_te`): the list of clinics it licenses, and each clinic's report of health certificates
issued to foreign workers, one CSV per clinic.

Clinics keep their own conventions: nationality in English ("Korea"), names often as the worker
wrote them on the form (Sino-Vietnamese readings, other Korean romanisations), birth dates
sometimes pasted from Excel as serial numbers.
"""

from __future__ import annotations

import random

from demo import mess
from demo.native import BadRow, Place, Row, Written, grouped, write_csv
from demo.records import HealthCertificate
from demo.world import World

FACILITIES = (
    "Số giấy phép hoạt động", "Tên cơ sở", "Địa chỉ", "Đủ điều kiện khám sức khỏe cho người nước ngoài",
    "Tình trạng hoạt động", "Ngày đình chỉ",
)  # fmt: skip
FACILITY_STATUS = {"ACTIVE": "Đang hoạt động", "SUSPENDED": "Tạm đình chỉ", "REVOKED": "Thu hồi giấy phép"}
CERTIFICATES = (
    "Số GCN", "Họ tên", "Ngày sinh", "Giới tính", "Quốc tịch", "Số hộ chiếu", "Số GPHĐ cơ sở", "Ngày kết luận",
    "Kết luận", "Phân loại sức khỏe", "Bệnh tật",
)  # fmt: skip
CONCLUSION = {"FIT": "Đủ sức khỏe", "UNFIT": "Không đủ sức khỏe", "CONDITIONAL": "Đủ sức khỏe có điều kiện"}
NAMES = {"passport": 50, "local": 35, "title": 15}
BAD = (
    "00101/GCNSK-990001", "ABDULLAH BIN OMAR", "01/01/1980", "Nam", "Kô-xô-vô", "P000000001", "00101/BYT-GPHĐ",
    "15/09/2026", "Đủ sức khỏe", "I", "",
)  # fmt: skip
"""A certificate naming a country nationalities.csv does not know, in the first clinic's report."""


def write_y_te(world: World, place: Place, rng: random.Random) -> Written:
    facilities = [
        (
            c.licence,
            c.name,
            c.address,
            "Có" if c.authorised else "Không",
            FACILITY_STATUS[c.status],
            mess.dmy(c.suspended) if c.suspended else "",
        )
        for c in world.clinics
    ]
    write_csv(place.folder / "co_so_kham.csv", FACILITIES, facilities)
    certificates = world.gather(lambda c: c.health)
    reports = {
        licence: [row(rng, c) for c in batch]
        for licence, batch in grouped(certificates, lambda c: c.clinic).items()
    }
    first = world.clinics[0]
    reports[first.licence].append(BAD)
    file = f"{place.folder.name}/gcnsk_{first.code}.csv"
    bad = BadRow(
        "y_te",
        "HealthCertificate",
        file,
        str(len(reports[first.licence]) + 1),
        "unknown nationality 'Kô-xô-vô'",
    )
    for clinic in world.clinics:
        if clinic.licence in reports:
            write_csv(place.folder / f"gcnsk_{clinic.code}.csv", CERTIFICATES, reports[clinic.licence])
    return Written(f"{len(world.clinics)} clinics, {len(certificates):,} health certificates", [bad])


def row(rng: random.Random, c: HealthCertificate) -> Row:
    person = c.person
    write = mess.dmy if rng.random() < 0.9 else mess.excel_serial
    return (
        c.key, mess.name(rng, person, NAMES), mess.birth(rng, c, write, 0), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "eeea"), mess.passport(rng, c.passport, 0.25), c.clinic,
        mess.dmy(c.concluded), CONCLUSION[c.conclusion], c.grade, c.diseases,
    )  # fmt: skip
