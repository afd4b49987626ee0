"""The sector departments' lists (giao_duc, van_hoa, du_lich), each an Excel file in the shape its
department keeps: a title row or none, its own headers, and tax codes as it types them.

Sở Giáo dục keeps tax codes in number cells, which drop their leading zero; Sở Văn hóa writes a
branch's with the dash; Sở Du lịch groups the digits with spaces.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from demo.employers import written_tax_code
from demo.native import Place, Written, write_sheet
from demo.records import Listing
from demo.world import World

STAMP = datetime(2026, 10, 15, 9, 0)
"""When each department last saved its list."""
LAYOUTS: dict[str, tuple[str, str | None, tuple[str, ...], Callable[[str], object]]] = {
    "giao_duc": (
        "co_so_giao_duc_nuoc_ngoai_2026.xlsx",
        "DANH SÁCH CƠ SỞ GIÁO DỤC CÓ SỬ DỤNG NGƯỜI NƯỚC NGOÀI NĂM 2026",
        ("STT", "Tên cơ sở giáo dục", "Mã số thuế", "Loại hình cơ sở", "Quyết định cho phép hoạt động",
         "Số giáo viên, chuyên gia nước ngoài"),
        int,
    ),
    "van_hoa": (
        "thiet_che_van_hoa_the_thao.xlsx",
        None,
        ("TT", "Đơn vị", "MST", "Lĩnh vực", "Giấy phép", "Số HLV, VĐV, diễn viên nước ngoài"),
        written_tax_code,
    ),
    "du_lich": (
        "doanh_nghiep_du_lich_2026.xlsx",
        "Sở Du lịch Hà Nội - Danh sách doanh nghiệp du lịch sử dụng lao động nước ngoài",
        ("STT", "Tên doanh nghiệp", "Mã số doanh nghiệp", "Loại hình kinh doanh", "Số giấy phép",
         "Số lao động nước ngoài"),
        lambda code: f"{code[:4]} {code[4:7]} {code[7:]}",
    ),
}  # fmt: skip
"""Department → (file, title row, headers, how it types a tax code)."""


def writer(department: str) -> Callable[[World, Place, random.Random], Written]:
    def write(world: World, place: Place, rng: random.Random) -> Written:
        file, title, header, typed = LAYOUTS[department]
        listed = [listing for listing in world.sector_listings if listing.source == department]
        rows = [row(number, listing, typed) for number, listing in enumerate(listed, start=1)]
        write_sheet(place.folder / file, STAMP, "Danh sách", header, rows, title)
        return Written(f"{len(listed)} institutions employing foreigners")

    return write


def row(number: int, listing: Listing, typed: Callable[[str], object]) -> tuple[object, ...]:
    return (
        number, listing.name, typed(listing.employer), listing.kind, listing.licence, listing.foreigners,
    )  # fmt: skip
