"""Sở Tư pháp (`tu_phap`): criminal-record certificates it issued before the police took them over on
01/03/2025, exported as one CSV per year.

Its own conventions: CamelCase column names from the export tool, dates typed either dd/mm/yyyy or
yyyy-mm-dd (even within one file), names in title case, nationality in Vietnamese.
"""

from __future__ import annotations

import random
from datetime import date

from demo import mess
from demo.native import BadRow, Place, Row, Written, grouped, write_csv
from demo.records import CriminalRecord
from demo.world import World

HEADER = (
    "SoPhieu", "HoTen", "NgaySinh", "GioiTinh", "QuocTich", "SoHoChieu", "LoaiPhieu", "NgayCap", "CoAnTich",
    "NoiDungAnTich",
)  # fmt: skip
NAMES = {"title": 70, "passport": 20, "local": 10}


def write_tu_phap(world: World, place: Place, rng: random.Random) -> Written:
    """One file per year; the earliest also holds a certificate dated 30 February."""
    certificates = sorted(
        (r for r in world.gather(lambda c: c.criminal) if r.source == "tu_phap"), key=lambda r: r.issued
    )
    years = {
        year: [row(rng, c) for c in batch]
        for year, batch in grouped(certificates, lambda c: c.issued.year).items()
    }
    first = min(years, default=2024)
    rows = years.setdefault(first, [])
    rows.append((
        f"000000/{first}/STP-LLTP", "Park Min Soo", "05/05/1985", "Nam", "Hàn Quốc", "M000000001", "Phiếu số 1",
        f"30/02/{first}", "Không", "",
    ))  # fmt: skip
    file = f"{place.folder.name}/lltp_{first}.csv"
    reason = f"issue date 30/02/{first} does not exist"
    bad = BadRow("tu_phap", "CriminalRecordCertificate", file, str(len(rows) + 1), reason)
    for year, batch in sorted(years.items()):
        write_csv(place.folder / f"lltp_{year}.csv", HEADER, batch)
    return Written(f"{len(certificates):,} criminal records in {len(years)} yearly files", [bad])


def row(rng: random.Random, c: CriminalRecord) -> Row:
    write = rng.choice([mess.dmy, date.isoformat])
    person = c.person
    return (
        c.key, mess.name(rng, person, NAMES), mess.birth(rng, c, write, 0), mess.GENDER[person.gender],
        mess.nationality(rng, person.nationality, "vvva"), mess.passport(rng, c.passport, 0.15),
        f"Phiếu số {c.form[-1]}", write(c.issued), "Có" if c.conviction else "Không", c.details or "",
    )  # fmt: skip
