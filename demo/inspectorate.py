"""Thanh tra (`thanh_tra`): its case-management database, one table of inspections and one of the
workers' violations it sanctioned.

Its own conventions: dates typed dd/mm/yyyy, fines as forms write them (45.000.000), branches' tax
codes sometimes with the dash, nationalities in Vietnamese or as ISO codes, names as the minutes
recorded them (often the Sino-Vietnamese reading).
"""

from __future__ import annotations

import random

from demo import mess
from demo.native import Place, Row, Written, write_table
from demo.records import Inspection, Violation
from demo.world import World

INSPECTIONS = (
    "ma_cuoc_thanh_tra", "ma_so_thue_doi_tuong", "so_quyet_dinh", "ngay_quyet_dinh", "can_cu_phap_ly", "ket_luan",
    "so_tien_phat", "tinh_trang",
)  # fmt: skip
VIOLATIONS = (
    "ma_vi_pham", "ma_cuoc_thanh_tra", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "so_ho_chieu",
    "ma_so_thue_don_vi", "so_quyet_dinh_xu_phat", "ngay_xu_phat", "can_cu_phap_ly", "hanh_vi_vi_pham",
    "so_tien_phat",
)  # fmt: skip
STATUS = {"OPEN": "Đang thi hành", "CLOSED": "Đã kết thúc"}
NAMES = {"passport": 40, "local": 45, "title": 15}


def write_thanh_tra(world: World, place: Place, rng: random.Random) -> Written:
    write_table(place.url, "cuoc_thanh_tra", INSPECTIONS, [inspection(rng, i) for i in world.inspections])
    violations = world.gather(lambda c: c.violations)
    write_table(place.url, "vi_pham_nguoi_lao_dong", VIOLATIONS, [violation(rng, v) for v in violations])
    return Written(f"{len(world.inspections)} inspections, {len(violations)} violations of workers")


def inspection(rng: random.Random, i: Inspection) -> Row:
    return (
        i.key, mess.tax_code(rng, i.employer, 0.5), i.decision, mess.dmy(i.decided), i.legal, i.finding,
        mess.thousands(i.fine), STATUS[i.status],
    )  # fmt: skip


def violation(rng: random.Random, v: Violation) -> Row:
    person = v.person
    return (
        v.key, v.inspection, mess.name(rng, person, NAMES), mess.birth(rng, v, mess.dmy, 0.05),
        mess.GENDER[person.gender], mess.nationality(rng, person.nationality, "vv3"),
        mess.passport(rng, v.passport, 0.2), mess.tax_code(rng, v.employer, 0.5), v.decision, mess.dmy(v.decided),
        v.legal, v.act, mess.thousands(v.fine),
    )  # fmt: skip
