"""Employers of foreign workers: FDI enterprises and their branches (tai_chinh), foreign contractors
(tai_chinh, declaring headcount to xay_dung), representative offices and branches of foreign
traders (cong_thuong).

Whether an employer is inside an industrial zone decides which office issues its permits
(docs/domain.md §2, §4.7); the sector decides which sector department may see its workers (§7).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

SECTORS = {
    "manufacturing": "Công nghiệp chế biến, chế tạo",
    "construction": "Xây dựng",
    "education": "Giáo dục và đào tạo",
    "tourism": "Dịch vụ lưu trú và ăn uống",
    "trade": "Bán buôn và bán lẻ",
    "culture": "Nghệ thuật, vui chơi và giải trí",
}
"""Canonical sector → the registry's VSIC section label."""
FDI_SECTORS = {"manufacturing": 62, "trade": 12, "education": 10, "tourism": 10, "culture": 6}
"""FDI enterprises' sectors and their weights."""
OTHERS = {
    ("FOREIGN_CONTRACTOR", "construction", "tai_chinh"): (0.07, 3),
    ("REPRESENTATIVE_OFFICE", "trade", "cong_thuong"): (0.06, 2),
    ("BRANCH", "trade", "cong_thuong"): (0.03, 1),
}
"""Employers other than FDI enterprises and their branches: (kind, sector, registry) → (share of all
employers, least count), so small demos still show every kind."""
BRANCHES = (0.05, 2)
"""FDI enterprises' branches (13-digit tax codes): share of all employers, least count."""
ZONED = {0: True, 1: True, 2: True, 3: False, 4: False, 5: False}
"""The first FDI enterprises are placed in and out of zones, so both permit offices always have work."""
NAMING = {
    "FDI_ENTERPRISE": ("Công ty TNHH {brand} Việt Nam", "{brand} Vietnam Co., Ltd."),
    "FOREIGN_CONTRACTOR": ("Nhà thầu {brand} Corporation", "{brand} Corporation"),
    "REPRESENTATIVE_OFFICE": ("Văn phòng đại diện {brand} Co., Ltd. tại Hà Nội", "{brand} Co., Ltd."),
    "BRANCH": ("Chi nhánh thương nhân nước ngoài {brand} tại Hà Nội", "{brand} Ltd."),
}
"""Kind → (Vietnamese name, foreign name) patterns."""
WARDS = [
    "Phường Láng", "Phường Cầu Giấy", "Phường Nghĩa Đô", "Phường Hoàn Kiếm", "Phường Ba Đình", "Phường Tây Hồ",
    "Phường Long Biên", "Phường Hà Đông", "Phường Thanh Xuân", "Phường Hoàng Mai", "Phường Bồ Đề",
    "Phường Kim Liên", "Phường Ô Chợ Dừa", "Phường Yên Hòa", "Phường Từ Liêm",
]  # fmt: skip
ZONES = [
    ("KCN Thăng Long", "Xã Thiên Lộc"), ("KCN Nội Bài", "Xã Nội Bài"), ("KCN Quang Minh", "Xã Quang Minh"),
    ("Khu CNC Hòa Lạc", "Xã Hòa Lạc"), ("KCN Thạch Thất - Quốc Oai", "Xã Thạch Thất"),
]  # fmt: skip
"""Industrial and high-tech zones, with the commune each lies in."""
STREETS = [
    "Láng Hạ", "Kim Mã", "Trần Duy Hưng", "Phạm Hùng", "Xuân Diệu", "Nguyễn Chí Thanh", "Lê Văn Lương", "Duy Tân",
    "Liễu Giai", "Nguyễn Văn Linh", "Tố Hữu", "Hoàng Quốc Việt",
]  # fmt: skip
BRAND_HEADS = [
    "Dae", "Han", "Sung", "Shin", "Jin", "Hua", "Tian", "Zhong", "Xin", "Nichi", "Taka", "Sun", "Asia", "Vina",
    "Pacific", "Golden", "Ever", "Kyo", "Mei", "Hoa",
]  # fmt: skip
BRAND_TAILS = [
    "won",
    "tech",
    "lux",
    "star",
    "hong",
    "ming",
    "sei",
    "wa",
    "ko",
    "da",
    "tron",
    "link",
    "field",
    "san",
]
TRADES = {
    "manufacturing": ["Electronics", "Precision", "Textile", "Steel", "Plastics", "Auto Parts", "Components"],
    "construction": ["Engineering & Construction", "E&C", "Construction"],
    "education": ["Education", "Academy", "Language School"],
    "tourism": ["Hospitality", "Hotel & Resort", "Travel"],
    "trade": ["Trading", "Commerce", "Distribution"],
    "culture": ["Media", "Entertainment", "Art Studio"],
}
"""Sector → the second word of a brand ("Daewon Precision")."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change as the register records it; `after` is what the employer's record says now."""

    on: date
    field: str
    """The canonical Employer field changed: address, registeredForeignHeadcount or status."""
    before: str
    after: str


@dataclass(eq=False, slots=True)
class Employer:
    entity: ClassVar[str] = "Employer"
    tax_code: str
    """Digits only: 10, or 13 for a branch (parent code + 3 digits)."""
    name: str
    foreign_name: str
    short_name: str
    kind: str
    sector: str
    in_zone: bool
    registry: str | None
    """The agency that registered it; None when no registry knows it (a seeded problem)."""
    address: str
    ward: str
    weight: int
    """How many workers it tends to employ, relative to the others."""
    status: str = "ACTIVE"
    province: str = "Hà Nội"
    headcount: int = 0
    registered: date | None = None
    """When its registry registered it (demo/registrations.py); None for an unregistered one."""
    changes: list[Change] = field(default_factory=list)
    """What its registry recorded changing since, oldest first."""

    @property
    def office(self) -> str:
        """The competent permit office (docs/domain.md §2): the zones' board inside zones, else Nội vụ."""
        return "bql_kcn" if self.in_zone else "noi_vu"

    @property
    def source(self) -> str | None:
        return self.registry

    @property
    def key(self) -> str:
        return written_tax_code(self.tax_code)


def written_tax_code(code: str) -> str:
    """A branch's 13-digit code as registries print it: parent code, dash, branch number."""
    return f"{code[:10]}-{code[10:]}" if len(code) == 13 else code


class EmployerMaker:
    """Makes employers with unique tax codes and names, as many as asked, each kind in proportion."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.codes: set[str] = set()
        self.names: dict[str, int] = {}

    def make(self, count: int) -> list[Employer]:
        others = [(spec, max(least, round(count * share))) for spec, (share, least) in OTHERS.items()]
        branches = max(BRANCHES[1], round(count * BRANCHES[0]))
        fdi = max(8, count - branches - sum(number for _, number in others))
        enterprises = [self.enterprise(ZONED.get(n)) for n in range(fdi)]
        return [
            *enterprises,
            *(self.branch(self.rng.choice(enterprises), n) for n in range(branches)),
            *(self.one(*spec) for spec, number in others for _ in range(number)),
        ]

    def enterprise(self, zone: bool | None = None) -> Employer:
        """An FDI enterprise: in a zone (a manufacturer), outside, or (None) as chance has it."""
        sector = (
            "manufacturing" if zone else self.rng.choices(list(FDI_SECTORS), list(FDI_SECTORS.values()))[0]
        )
        employer = self.one("FDI_ENTERPRISE", sector, "tai_chinh")
        if zone or (zone is None and sector == "manufacturing" and self.rng.random() < 0.6):
            zone_name, ward = self.rng.choice(ZONES)
            employer.in_zone, employer.ward = True, ward
            employer.address = f"Lô CN{self.rng.randint(1, 40):02d}, {zone_name}, {ward}"
        return employer

    def one(self, kind: str, sector: str, registry: str | None) -> Employer:
        brand = self.brand(sector)
        ward = self.rng.choice(WARDS)
        names = NAMING[kind]
        return Employer(
            tax_code=self.tax_code(),
            name=names[0].format(brand=brand),
            foreign_name=names[1].format(brand=brand),
            short_name=brand.split()[0].upper(),
            kind=kind,
            sector=sector,
            in_zone=False,
            registry=registry,
            address=f"Số {self.rng.randint(1, 300)} {self.rng.choice(STREETS)}, {ward}",
            ward=ward,
            weight=1 if registry == "cong_thuong" else self.rng.choice([1, 2, 3, 5, 8, 13]),
        )

    def branch(self, parent: Employer, number: int) -> Employer:
        ward = self.rng.choice(WARDS)
        return Employer(
            tax_code=f"{parent.tax_code}{number % 999 + 1:03d}",
            name=f"Chi nhánh {parent.name} tại Hà Nội",
            foreign_name=f"{parent.foreign_name} - Hanoi Branch",
            short_name=f"{parent.short_name} HN",
            kind="BRANCH",
            sector=parent.sector,
            in_zone=False,
            registry="tai_chinh",
            address=f"Số {self.rng.randint(1, 300)} {self.rng.choice(STREETS)}, {ward}",
            ward=ward,
            weight=self.rng.choice([1, 2, 3]),
        )

    def tax_code(self) -> str:
        while (code := f"01{self.rng.randrange(10**8):08d}") in self.codes:
            pass
        self.codes.add(code)
        return code

    def brand(self, sector: str) -> str:
        name = (
            f"{self.rng.choice(BRAND_HEADS)}{self.rng.choice(BRAND_TAILS)} {self.rng.choice(TRADES[sector])}"
        )
        self.names[name] = self.names.get(name, 0) + 1
        return name if self.names[name] == 1 else f"{name} {self.names[name]}"


def register_headcounts(rng: random.Random, employers: list[Employer], workers: dict[str, int]) -> None:
    """The foreign headcount an employer registered: what it employs, give or take a few."""
    for employer in employers:
        employer.headcount = workers.get(employer.tax_code, 0) + rng.randint(0, 4)
