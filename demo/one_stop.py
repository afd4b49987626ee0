"""Trung tâm Phục vụ hành chính công (`hcc`): the one-stop centre's dossier system, one table of
dossiers and one of the steps each went through.

Its own conventions: dossier codes as the national public-service portal makes them, timestamps to
the second, nationality in English, birth dates in ISO form, employers' tax codes as typed on the
application (a branch's often with the dash), agencies and steps by their Vietnamese names.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from demo import mess
from demo.native import Place, Row, Written, write_table
from demo.records import Dossier, Step
from demo.world import World

PROCEDURE = "Cấp giấy phép lao động gắn với cấp Phiếu lý lịch tư pháp (liên thông)"
DOSSIERS = (
    "ma_ho_so", "thu_tuc", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "so_ho_chieu", "ma_so_thue_to_chuc",
    "ngay_tiep_nhan", "han_tra_ket_qua", "ngay_co_ket_qua", "trang_thai", "ket_qua", "so_giay_phep",
)  # fmt: skip
STEPS = (
    "ma_buoc", "ma_ho_so", "ten_buoc", "don_vi_xu_ly", "ngay_bat_dau", "han_xu_ly", "ngay_hoan_thanh",
    "trang_thai",
)  # fmt: skip
STEP_NAMES = {
    "RECEPTION": "Tiếp nhận hồ sơ",
    "CRIMINAL_RECORD": "Cấp Phiếu lý lịch tư pháp",
    "WORK_PERMIT": "Thẩm định, cấp giấy phép lao động",
    "RESULT": "Trả kết quả",
}
AGENCIES = {
    "hcc": "Trung tâm Phục vụ hành chính công",
    "cong_an": "Công an Thành phố",
    "noi_vu": "Sở Nội vụ",
    "bql_kcn": "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
}
NAMES = {"passport": 90, "title": 10}
STEP_STATUS = {(False, False): "Chờ xử lý", (True, False): "Đang xử lý", (True, True): "Hoàn thành"}
"""(started, finished) → how the system words a step's state."""


def write_hcc(world: World, place: Place, rng: random.Random) -> Written:
    dossiers = world.gather(lambda c: c.dossiers)
    write_table(place.url, "ho_so", DOSSIERS, [dossier(rng, d) for d in dossiers])
    write_table(place.url, "qua_trinh_xu_ly", STEPS, [step(rng, d, s) for d in dossiers for s in d.steps])
    return Written(f"{len(dossiers)} interlinked dossiers, {sum(len(d.steps) for d in dossiers)} steps")


def stamp(rng: random.Random, day: date | None) -> str | None:
    return None if day is None else str(datetime.combine(day, time(rng.randint(7, 16), rng.randrange(60))))


def dossier(rng: random.Random, d: Dossier) -> Row:
    person = d.person
    return (
        d.key, PROCEDURE, mess.name(rng, person, NAMES), d.born.isoformat(), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "e"), mess.passport(rng, d.passport, 0.1),
        mess.tax_code(rng, d.employer, 0.6), stamp(rng, d.received), stamp(rng, d.due), stamp(rng, d.decided),
        "Đã trả kết quả" if d.decided else "Đang xử lý", "Cấp giấy phép" if d.decided else None, d.permit,
    )  # fmt: skip


def step(rng: random.Random, d: Dossier, s: Step) -> Row:
    return (
        f"{d.key}-{s.number}", d.key, STEP_NAMES[s.step], AGENCIES[s.agency], stamp(rng, s.started),
        stamp(rng, s.due), stamp(rng, s.finished), STEP_STATUS[(s.started is not None, s.finished is not None)],
    )  # fmt: skip
