"""The agencies the demo writes: each one's writer, and which of them keep a database.

A writer fills its agency's folder in the data folder or, for a database agency, the database at
its `Place.url` (a SQLite file in the folder unless the caller names another database).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from demo.departments import writer
from demo.health import write_y_te
from demo.inspectorate import write_thanh_tra
from demo.insurance import write_bhxh
from demo.justice import write_tu_phap
from demo.native import Place, Written
from demo.one_stop import write_hcc
from demo.permits import write_bql_kcn, write_noi_vu
from demo.police import write_cong_an
from demo.registries import write_cong_thuong, write_tai_chinh, write_xay_dung
from demo.wards import write_ubnd_xa
from demo.world import World

WRITERS: dict[str, Callable[[World, Place, random.Random], Written]] = {
    "noi_vu": write_noi_vu, "bql_kcn": write_bql_kcn, "cong_an": write_cong_an, "tu_phap": write_tu_phap,
    "y_te": write_y_te, "tai_chinh": write_tai_chinh, "cong_thuong": write_cong_thuong,
    "xay_dung": write_xay_dung, "bhxh": write_bhxh, "thanh_tra": write_thanh_tra,
    "ubnd_xa": write_ubnd_xa, "hcc": write_hcc, "giao_duc": writer("giao_duc"), "van_hoa": writer("van_hoa"),
    "du_lich": writer("du_lich"),
}  # fmt: skip
DATABASES = ("noi_vu", "cong_an", "tai_chinh", "bhxh")
"""Agencies whose system is a database: a SQLite file by default, any SQLAlchemy URL if given."""
