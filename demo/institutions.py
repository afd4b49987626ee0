"""The sector departments' lists of institutions employing foreigners (seed 003 Điều 13–15): Sở
Giáo dục và Đào tạo (education), Sở Văn hóa và Thể thao (culture), Sở Du lịch (tourism).

Each lists the active employers its sector's registry entries name, and the education department
also a manufacturer's vocational training centre it licensed: an employer whose registry says
manufacturing, in the education department's sector by the department's own word.
"""

from __future__ import annotations

import random
from collections import Counter

from demo.records import Listing
from demo.world import World

DEPARTMENTS = {
    "giao_duc": ("education", ("Trường quốc tế", "Trung tâm ngoại ngữ", "Trung tâm tin học")),
    "van_hoa": ("culture", ("Câu lạc bộ thể thao", "Đơn vị nghệ thuật biểu diễn", "Trung tâm văn hóa")),
    "du_lich": ("tourism", ("Khách sạn 4 sao", "Khách sạn 5 sao", "Doanh nghiệp lữ hành quốc tế")),
}
"""Department → (its sector, the kinds of institution it words its list with)."""
TRAINING = "Trung tâm đào tạo nghề"


def list_institutions(world: World, rng: random.Random) -> None:
    """Each department's list; the education department's also names the most staffed manufacturer
    outside the zones, for its training centre."""
    staff = Counter(career.employer.tax_code for career in world.careers)
    active = [e for e in world.employers if e.registry and e.status == "ACTIVE"]
    for department, (sector, kinds) in DEPARTMENTS.items():
        listed = [(e, rng.choice(kinds)) for e in active if e.sector == sector]
        if department == "giao_duc":
            makers = [
                e for e in active if e.sector == "manufacturing" and not e.in_zone and staff[e.tax_code]
            ]
            trainer = max(makers, key=lambda e: (staff[e.tax_code], e.tax_code))
            listed.append((trainer, TRAINING))
        for number, (employer, kind) in enumerate(listed, start=1):
            world.sector_listings.append(
                Listing(
                    source=department,
                    key=employer.tax_code,
                    employer=employer.tax_code,
                    name=f"{TRAINING} {employer.short_name}" if kind == TRAINING else employer.name,
                    kind=kind,
                    licence=f"{number:03d}/QĐ-S{department[:2].upper()}",
                    foreigners=staff[employer.tax_code],
                )
            )
