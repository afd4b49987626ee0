"""Bảo hiểm xã hội (`bhxh`): foreign workers enrolled in social insurance, one row per insurance number.

Its own conventions: ISO birth dates (a few only the year), nationality as ISO alpha-2 or in
Vietnamese, names as the employer declared them, each employer known by its unit code and tax code.
"""

from __future__ import annotations

import random
from datetime import date

from demo import mess
from demo.native import Place, Row, Written, write_table
from demo.records import Insurance
from demo.world import World

COLUMNS = (
    "ma_so_bhxh", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "so_ho_chieu", "ma_don_vi", "ma_so_thue_don_vi",
    "so_thang_dong INTEGER", "trang_thai", "ngay_cap_nhat",
)  # fmt: skip
STATUS = {"CONTRIBUTING": "Đang tham gia", "SUSPENDED": "Tạm dừng đóng", "CLOSED": "Đã chốt sổ"}
NAMES = {"passport": 60, "local": 25, "given_first": 15}


def write_bhxh(world: World, place: Place, rng: random.Random) -> Written:
    records = world.gather(lambda c: c.insurance)
    write_table(place.url, "lao_dong_nuoc_ngoai", COLUMNS, [row(rng, r, world.today) for r in records])
    return Written(f"{len(records):,} insured workers")


def row(rng: random.Random, r: Insurance, today: date) -> Row:
    """The employer as bhxh knows it: a unit code of its own, and the tax code."""
    person = r.person
    return (
        r.key, mess.name(rng, person, NAMES), mess.birth(rng, r, date.isoformat, 0.03), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "22v"), mess.passport(rng, r.passport, 0.1), f"TA{r.employer[2:7]}A",
        r.employer, r.months, STATUS[r.status], mess.moment(rng, today.replace(day=1)),
    )  # fmt: skip
