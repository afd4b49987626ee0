"""UBND xã/phường (`ubnd_xa`): each ward's monthly report of the residence checks it made, one CSV
per ward and month (kiem_tra_cu_tru_<ward>_<YYYY_MM>.csv), typed by hand.

Its own conventions: dates as dd/mm/yyyy or dd-mm-yyyy, often only the year of birth, nationality
in Vietnamese, names as the officer heard them (title case, the given name first), the result in
words that vary from one officer to the next.
"""

from __future__ import annotations

import random
import unicodedata

from demo import mess
from demo.native import Place, Row, Written, grouped, write_csv
from demo.records import ResidenceCheck
from demo.world import World

HEADER = (
    "Số biên bản", "Họ và tên", "Ngày sinh", "Giới tính", "Quốc tịch", "Số hộ chiếu", "Địa chỉ kiểm tra",
    "Phường/Xã", "Ngày kiểm tra", "Kết quả", "Ghi chú",
)  # fmt: skip
FOUND = ("Có mặt tại nơi cư trú", "có mặt", "Đang cư trú tại địa chỉ")
NOT_FOUND = ("Không tìm thấy", "không có mặt tại nơi cư trú")
NAMES = {"passport": 30, "title": 40, "given_first": 30}


def write_ubnd_xa(world: World, place: Place, rng: random.Random) -> Written:
    checks = sorted(world.gather(lambda c: c.checks), key=lambda c: (c.checked, c.key))
    reports = grouped(checks, lambda c: (c.home.ward, c.checked.strftime("%Y_%m")))
    for (ward, month), batch in reports.items():
        write_csv(
            place.folder / f"kiem_tra_cu_tru_{slug(ward)}_{month}.csv", HEADER, [row(rng, c) for c in batch]
        )
    return Written(f"{len(checks)} residence checks in {len(reports)} ward reports")


def slug(ward: str) -> str:
    """Phường Cầu Giấy → phuong_cau_giay: a file name without diacritics."""
    plain = unicodedata.normalize("NFD", ward.replace("đ", "d").replace("Đ", "D"))
    return "_".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())


def row(rng: random.Random, c: ResidenceCheck) -> Row:
    person = c.person
    day = mess.dmy(c.checked)
    return (
        c.key, mess.name(rng, person, NAMES), mess.birth(rng, c, mess.dmy, 0.4), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "vvv3"), mess.passport(rng, c.passport, 0.3), c.home.address,
        c.home.ward, day if rng.random() < 0.7 else day.replace("/", "-"),
        rng.choice(FOUND if c.found else NOT_FOUND), c.note,
    )  # fmt: skip
