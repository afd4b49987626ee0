"""The two permit offices, each in its own shape.

`noi_vu` (employers outside industrial zones) runs a permit database: Vietnamese column names, dates
as dd/mm/yyyy text, salaries as "25.000.000". `bql_kcn` (employers inside zones) e-mails a monthly
Excel list: a title row above Vietnamese headers, real date cells for validity, birth dates typed
every way Excel allows; each permit is listed in the month it was issued or last changed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from demo import mess
from demo.native import BadRow, Place, Row, Written, grouped, write_sheet, write_table
from demo.records import Exemption, Permit
from demo.world import World

ISSUANCE = {"NEW": "Cấp mới", "REISSUE": "Cấp lại", "EXTENSION": "Gia hạn"}
STATUS = {
    "VALID": "Còn hiệu lực", "EXPIRED": "Hết hạn", "REVOKED": "Thu hồi", "RETURNED": "Đã nộp lại",
    "SUPERSEDED": "Đã được cấp lại",
}  # fmt: skip
POSITION = {
    "MANAGER": "Nhà quản lý", "EXECUTIVE_DIRECTOR": "Giám đốc điều hành", "EXPERT": "Chuyên gia",
    "TECHNICAL_WORKER": "Lao động kỹ thuật",
}  # fmt: skip
WORK_FORM = {
    "LABOUR_CONTRACT": "Hợp đồng lao động", "INTRA_COMPANY_TRANSFER": "Di chuyển trong nội bộ doanh nghiệp",
    "SERVICE_CONTRACT": "Thực hiện hợp đồng dịch vụ",
}  # fmt: skip

NOI_VU_PERMITS = (
    "so_giay_phep", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "so_ho_chieu", "so_ho_chieu_cu",
    "ma_so_doanh_nghiep", "hinh_thuc_cap", "trang_thai", "vi_tri_cong_viec", "hinh_thuc_lam_viec", "chuc_danh",
    "dia_diem_lam_viec", "tu_ngay", "den_ngay", "muc_luong", "so_gp_truoc", "so_quyet_dinh_thu_hoi",
    "ngay_thu_hoi", "ly_do_thu_hoi", "ngay_cap_nhat",
)  # fmt: skip
"""The permit table, every column text; the first is the key."""
NOI_VU_EXEMPTIONS = (
    "so_xac_nhan", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "so_ho_chieu", "ma_so_doanh_nghiep",
    "truong_hop_mien", "tu_ngay", "den_ngay", "ngay_cap_nhat",
)  # fmt: skip
NOI_VU_BAD = (
    "SNV-2026-990001", "ZHOU LEI", "31/02/1988", "Nam", "Trung Quốc", "E000000001", None, "0100000000", "Cấp mới",
    "Còn hiệu lực", "Chuyên gia", "Hợp đồng lao động", "Chuyên gia kỹ thuật", "-", "01/10/2026", "30/09/2028",
    "40.000.000", None, None, None, None, "2026-10-01 09:00:00",
)  # fmt: skip
"""A permit typed with a birth date that does not exist."""
NOI_VU_NAMES = {"passport": 70, "title": 15, "local": 15}

BQL_PERMITS = (
    "STT", "Số GPLĐ", "Họ và tên", "Ngày sinh", "Giới tính", "Quốc tịch", "Số hộ chiếu", "Số hộ chiếu cũ",
    "Mã số doanh nghiệp", "Hình thức cấp", "Tình trạng", "Vị trí công việc", "Hình thức làm việc",
    "Chức danh công việc", "Địa điểm làm việc", "Từ ngày", "Đến ngày", "Mức lương (VNĐ)", "Số GPLĐ đã cấp trước",
    "Số quyết định thu hồi", "Ngày thu hồi", "Lý do thu hồi",
)  # fmt: skip
BQL_EXEMPTIONS = (
    "Số văn bản xác nhận", "Họ và tên", "Ngày sinh", "Giới tính", "Quốc tịch", "Số hộ chiếu", "Mã số doanh nghiệp",
    "Trường hợp không thuộc diện cấp GPLĐ", "Từ ngày", "Đến ngày",
)  # fmt: skip
BQL_BAD = (
    "BQL-2026-990001", "TANAKA YUMI", "12/12/1990", "Nữ", "Nhật Bản", None, None, "0100000000", "Cấp mới",
    "Còn hiệu lực", "Chuyên gia", "Hợp đồng lao động", "Chuyên gia kỹ thuật", "-", date(2026, 10, 5),
    date(2028, 10, 4), 45_000_000, None, None, None, None,
)  # fmt: skip
"""A permit listed without a passport number (after its STT)."""
BQL_NAMES = {"passport": 80, "title": 10, "given_first": 10}
BQL_BIRTHS: dict[Callable[[date], Any], int] = {mess.dmy: 60, mess.excel_serial: 25, lambda day: day: 15}
"""How the zones' board types a birth date: text, an Excel serial number, or a real date cell."""


def write_noi_vu(world: World, place: Place, rng: random.Random) -> Written:
    permits = [p for p in world.gather(lambda c: c.permits) if p.source == "noi_vu"]
    exemptions = [e for e in world.gather(lambda c: c.exemptions) if e.source == "noi_vu"]
    write_table(
        place.url,
        "giay_phep_lao_dong",
        NOI_VU_PERMITS,
        [*(noi_vu_permit(rng, p) for p in permits), NOI_VU_BAD],
    )
    write_table(
        place.url,
        "xac_nhan_khong_thuoc_dien",
        NOI_VU_EXEMPTIONS,
        [noi_vu_exemption(rng, e) for e in exemptions],
    )
    bad = BadRow(
        "noi_vu", "WorkPermit", "giay_phep_lao_dong", NOI_VU_BAD[0], "birth date 31/02/1988 does not exist"
    )
    return Written(f"{len(permits):,} permits, {len(exemptions):,} exemptions", [bad])


def noi_vu_permit(rng: random.Random, p: Permit) -> Row:
    revoked = p.revocation
    previous = p.previous_passport and mess.passport(rng, p.previous_passport, 0.15)
    return (
        p.key, *noi_vu_person(rng, p), previous, mess.tax_code(rng, p.employer, 0.5), ISSUANCE[p.issuance],
        STATUS[p.status], POSITION[p.position], WORK_FORM[p.form], p.title, p.location, mess.dmy(p.start),
        mess.dmy(p.end), mess.thousands(p.salary), p.predecessor, revoked and revoked.decision,
        revoked and mess.dmy(revoked.on), revoked and revoked.ground, mess.moment(rng, p.changed),
    )  # fmt: skip


def noi_vu_exemption(rng: random.Random, e: Exemption) -> Row:
    return (
        e.key, *noi_vu_person(rng, e), mess.tax_code(rng, e.employer, 0.5), e.legal_basis, mess.dmy(e.start),
        mess.dmy(e.end), mess.moment(rng, e.start),
    )  # fmt: skip


def noi_vu_person(rng: random.Random, record: Permit | Exemption) -> Row:
    """Name, birth (a few only the year), sex, nationality in Vietnamese (now and then a code), passport."""
    person = record.person
    return (
        mess.name(rng, person, NOI_VU_NAMES), mess.birth(rng, record, mess.dmy, 0.02), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "vvvvvvvvv3"), mess.passport(rng, record.passport, 0.15),
    )  # fmt: skip


def write_bql_kcn(world: World, place: Place, rng: random.Random) -> Written:
    """The board's lists since it began sending them a year ago: the first lists every permit issued or
    changed up to then, each later one those issued or changed that month. The latest has a bad row."""
    stamp = datetime.combine(world.today, time())
    first = date(world.today.year - 1, world.today.month, 1) - timedelta(days=1)
    permits = sorted(
        (p for p in world.gather(lambda c: c.permits) if p.source == "bql_kcn"), key=lambda p: p.changed
    )
    months = grouped(permits, lambda p: f"{max(p.changed, first):%Y_%m}")
    latest = max(months)
    bad_rows = []
    for month, batch in months.items():
        rows = [(number, *bql_permit(rng, p)) for number, p in enumerate(batch, start=1)]
        if month == latest:
            rows.append((len(rows) + 1, *BQL_BAD))
            file = f"{place.folder.name}/gpld_{month}.xlsx"
            bad_rows.append(BadRow("bql_kcn", "WorkPermit", file, str(len(rows) + 2), "no passport number"))
        year, number = month.split("_")
        scope = "ĐÃ CẤP ĐẾN HẾT" if month == f"{first:%Y_%m}" else "CẤP, CẤP LẠI, GIA HẠN, THU HỒI"
        title = f"DANH SÁCH GIẤY PHÉP LAO ĐỘNG CỦA NGƯỜI NƯỚC NGOÀI {scope} THÁNG {number}/{year}"
        write_sheet(place.folder / f"gpld_{month}.xlsx", stamp, f"T{number}-{year}", BQL_PERMITS, rows, title)
    exemptions = sorted(
        (e for e in world.gather(lambda c: c.exemptions) if e.source == "bql_kcn"), key=lambda e: e.start
    )
    for issued, certified in grouped(exemptions, lambda e: e.start.year).items():
        sheet = [bql_exemption(rng, e) for e in certified]
        write_sheet(place.folder / f"xac_nhan_{issued}.xlsx", stamp, "Xác nhận", BQL_EXEMPTIONS, sheet)
    summary = f"{len(permits):,} permits in {len(months)} monthly lists, {len(exemptions):,} exemptions"
    return Written(summary, bad_rows)


def bql_permit(rng: random.Random, p: Permit) -> Row:
    revoked = p.revocation
    return (
        p.key, *bql_person(rng, p), p.previous_passport, p.employer, ISSUANCE[p.issuance], STATUS[p.status],
        POSITION[p.position], WORK_FORM[p.form], p.title, p.location, p.start, p.end, p.salary, p.predecessor,
        revoked and revoked.decision, revoked and revoked.on, revoked and revoked.ground,
    )  # fmt: skip


def bql_exemption(rng: random.Random, e: Exemption) -> Row:
    return (e.key, *bql_person(rng, e), e.employer, e.legal_basis, e.start, e.end)


def bql_person(rng: random.Random, record: Permit | Exemption) -> Row:
    """Name, birth typed any way Excel allows, sex, nationality in Vietnamese or English, passport."""
    person = record.person
    write = rng.choices(list(BQL_BIRTHS), list(BQL_BIRTHS.values()))[0]
    return (
        mess.name(rng, person, BQL_NAMES), mess.birth(rng, record, write, 0), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "vve"), mess.passport(rng, record.passport, 0.2),
    )  # fmt: skip
