"""Registries of employers, each in its own shape.

`tai_chinh` keeps the FDI enterprise register in a database (branches' 13-digit codes written with
a dash, sectors as VSIC section labels, the registration date, the last change, and a table of the
changes themselves); `cong_thuong` lists representative offices and branches of foreign traders in
a CSV with their licence date and the date each row was last updated; `xay_dung` receives each
foreign contractor's quarterly foreign headcount per package as an Excel list with a title row. An
employer no registry knows is simply absent. Dates and changes come from demo/registrations.py.
"""

from __future__ import annotations

import random
from datetime import datetime, time

from demo import mess
from demo.employers import SECTORS, Change, Employer
from demo.native import Place, Row, Written, grouped, write_csv, write_sheet, write_table
from demo.registrations import last_changed, registration
from demo.world import World

KIND = {
    "FDI_ENTERPRISE": "Doanh nghiệp có vốn đầu tư nước ngoài", "BRANCH": "Chi nhánh",
    "FOREIGN_CONTRACTOR": "Nhà thầu nước ngoài", "REPRESENTATIVE_OFFICE": "Văn phòng đại diện",
}  # fmt: skip
STATUS = {"ACTIVE": "Đang hoạt động", "SUSPENDED": "Tạm ngừng kinh doanh", "DISSOLVED": "Đã giải thể"}
ENTERPRISES = (
    "ma_so_doanh_nghiep", "ten_doanh_nghiep", "ten_nuoc_ngoai", "ten_viet_tat", "loai_hinh",
    "nganh_kinh_doanh_chinh", "trong_khu_cong_nghiep INTEGER", "tinh_trang", "dia_chi", "tinh_thanh_pho",
    "phuong_xa", "so_lao_dong_nuoc_ngoai INTEGER", "ngay_dang_ky", "ngay_cap_nhat",
)  # fmt: skip
HISTORY = (
    "ma_thay_doi",
    "ma_so_doanh_nghiep",
    "ngay_thay_doi",
    "noi_dung_thay_doi",
    "gia_tri_cu",
    "gia_tri_moi",
)
"""The register's change history: one row per field changed ("đăng ký thay đổi")."""
CHANGED_FIELD = {
    "address": "Địa chỉ trụ sở chính", "registeredForeignHeadcount": "Số lao động nước ngoài",
    "status": "Tình trạng hoạt động",
}  # fmt: skip
OFFICES = (
    "Mã số thuế", "Tên văn phòng đại diện/chi nhánh", "Tên thương nhân nước ngoài", "Loại hình",
    "Lĩnh vực hoạt động", "Địa chỉ trụ sở", "Phường/Xã", "Tỉnh/Thành phố", "Tình trạng", "Ngày cấp giấy phép",
    "Ngày cập nhật",
)  # fmt: skip
CONTRACTORS = (
    "Mã hồ sơ", "Tên nhà thầu", "Mã số thuế nhà thầu", "Tên gói thầu", "Chủ đầu tư", "Quý",
    "Số lao động nước ngoài khai báo",
)  # fmt: skip
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def registered(world: World, registry: str) -> list[Employer]:
    return [e for e in world.employers if e.registry == registry]


def write_tai_chinh(world: World, place: Place, rng: random.Random) -> Written:
    employers = registered(world, "tai_chinh")
    write_table(place.url, "doanh_nghiep", ENTERPRISES, [enterprise(rng, e) for e in employers])
    history = [
        (f"TD-{number:06d}", e.key, change.on.isoformat(), CHANGED_FIELD[change.field], *values(change))
        for number, (e, change) in enumerate(((e, c) for e in employers for c in e.changes), start=1)
    ]
    write_table(place.url, "lich_su_thay_doi", HISTORY, history)
    return Written(f"{len(employers):,} enterprises, {len(history):,} recorded changes")


def enterprise(rng: random.Random, e: Employer) -> Row:
    return (
        e.key, e.name, e.foreign_name, e.short_name, KIND[e.kind], SECTORS[e.sector], int(e.in_zone),
        STATUS[e.status], e.address, e.province, e.ward, e.headcount, mess.dmy(registration(e)),
        mess.moment(rng, last_changed(e)),
    )  # fmt: skip


def values(change: Change) -> tuple[str, str]:
    """A change's before and after as the register writes them: statuses by their labels."""
    if change.field == "status":
        return STATUS[change.before], STATUS[change.after]
    return change.before, change.after


def write_cong_thuong(world: World, place: Place, rng: random.Random) -> Written:
    offices = registered(world, "cong_thuong")
    rows = [
        (
            e.key,
            e.name,
            e.foreign_name,
            KIND[e.kind],
            "Thương mại",
            e.address,
            e.ward,
            e.province,
            STATUS[e.status],
            mess.dmy(registration(e)),
            mess.dmy(last_changed(e)),
        )
        for e in offices
    ]
    write_csv(place.folder / "van_phong_dai_dien.csv", OFFICES, rows)
    return Written(f"{len(offices):,} representative offices and branches")


def write_xay_dung(world: World, place: Place, rng: random.Random) -> Written:
    """One list per quarter, a title row above the headers."""
    names = {e.tax_code: e.name for e in world.employers}
    quarters = grouped(world.contractor_declarations, lambda d: d.quarter)
    stamp = datetime.combine(world.today, time())
    for quarter, declarations in quarters.items():
        year, number = quarter.split("-Q")
        title = f"BÁO CÁO SỬ DỤNG LAO ĐỘNG NƯỚC NGOÀI CỦA NHÀ THẦU NƯỚC NGOÀI QUÝ {ROMAN[number]}/{year}"
        rows = [
            (d.key, names[d.employer], d.employer, d.package, d.investor, quarter, d.declared)
            for d in declarations
        ]
        write_sheet(
            place.folder / f"nha_thau_{year}_q{number}.xlsx",
            stamp,
            f"Quý {ROMAN[number]}",
            CONTRACTORS,
            rows,
            title,
        )
    return Written(
        f"{len(world.contractor_declarations):,} contractor declarations in {len(quarters)} quarterly lists"
    )
