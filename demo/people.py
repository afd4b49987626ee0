"""Synthetic foreign workers: names as their passports spell them, and the variants agencies write."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

NATIONALITIES = [
    ("CHN", 34),
    ("KOR", 28),
    ("JPN", 12),
    ("TWN", 8),
    ("IND", 4),
    ("PHL", 3),
    ("THA", 2),
    ("USA", 2),
    ("GBR", 2),
    ("FRA", 1),
    ("DEU", 1),
    ("MYS", 1),
    ("SGP", 1),
    ("AUS", 1),
]
FAMILY = {
    "CHN": ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU"],
    "TWN": ["CHEN", "LIN", "HUANG", "CHANG", "LEE", "WANG", "WU", "LIU"],
    "KOR": ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON"],
    "JPN": ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA"],
    "IND": ["SHARMA", "PATEL", "SINGH", "KUMAR", "GUPTA"],
    "PHL": ["SANTOS", "REYES", "CRUZ", "BAUTISTA"],
    "THA": ["SRISAI", "WONGSA", "CHAIYA"],
    "MYS": ["TAN", "LIM", "ABDULLAH"],
    "SGP": ["TAN", "LIM", "NG"],
}
GIVEN = {
    "CHN": ["WEI", "FANG", "MING", "HUA", "JUN", "LEI", "QIANG", "JIE", "NA", "TAO"],
    "TWN": ["CHIA-HAO", "YU-TING", "CHIH-MING", "SHU-FEN", "WEN-HSIUNG"],
    "KOR": ["JI-HOON", "MIN-JUN", "SEO-YEON", "HYUN-WOO", "JI-WOO", "SU-BIN", "DONG-HYUN", "YE-JIN"],
    "JPN": ["HIROSHI", "YUKI", "TAKESHI", "AKIKO", "KENJI", "HARUKA"],
    "IND": ["RAHUL", "PRIYA", "ARJUN", "ANITA"],
    "PHL": ["JOSE", "MARIA", "MARK", "ANNA"],
    "THA": ["SOMCHAI", "NARONG", "PIM"],
    "MYS": ["AHMAD", "MEI LING", "HAFIZ"],
    "SGP": ["WEI LIANG", "HUI MIN", "JUN JIE"],
}
WESTERN_FAMILY = ["SMITH", "JOHNSON", "BROWN", "MARTIN", "MULLER", "WILSON", "TAYLOR", "BERNARD"]
WESTERN_GIVEN = ["JOHN", "DAVID", "EMMA", "SARAH", "MICHAEL", "LUCAS", "ANNA", "THOMAS"]

SINO_VIETNAMESE = {
    "WANG": "Vương",
    "LI": "Lý",
    "ZHANG": "Trương",
    "LIU": "Lưu",
    "CHEN": "Trần",
    "YANG": "Dương",
    "HUANG": "Hoàng",
    "ZHAO": "Triệu",
    "WU": "Ngô",
    "ZHOU": "Chu",
    "WEI": "Vĩ",
    "FANG": "Phương",
    "MING": "Minh",
    "HUA": "Hoa",
    "JUN": "Tuấn",
    "LEI": "Lỗi",
    "QIANG": "Cường",
    "JIE": "Kiệt",
    "NA": "Na",
    "TAO": "Đào",
}
"""Sino-Vietnamese readings: how some Vietnamese officers write a Chinese worker's name."""
ROMANISATION = {"LEE": "YI", "PARK": "PAK", "CHOI": "CHOE", "JUNG": "JEONG", "CHO": "JO", "YOON": "YUN"}
"""Korean surname romanisations other agencies use for the same person."""


@dataclass
class Person:
    """One worker as their passport states them; `passports` lists the current one first."""

    pid: str
    family: str
    given: str
    nationality: str
    gender: str
    birth: date
    passports: list[str]
    year_only_birth: bool = False
    records: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.family} {self.given}"

    @property
    def passport(self) -> str:
        return self.passports[0]


def passport_number(rng: random.Random, nationality: str) -> str:
    prefix = {"CHN": "E", "KOR": "M", "JPN": "T", "TWN": "3", "USA": "5", "GBR": "1"}.get(nationality, "P")
    return prefix + "".join(rng.choice("0123456789") for _ in range(8))


def make_people(rng: random.Random, count: int, today: date) -> list[Person]:
    codes = [code for code, _ in NATIONALITIES]
    weights = [weight for _, weight in NATIONALITIES]
    people = []
    seen: set[str] = set()
    for number in range(1, count + 1):
        nationality = rng.choices(codes, weights)[0]
        family = rng.choice(FAMILY.get(nationality, WESTERN_FAMILY))
        given = rng.choice(GIVEN.get(nationality, WESTERN_GIVEN))
        passport = passport_number(rng, nationality)
        while passport in seen:
            passport = passport_number(rng, nationality)
        seen.add(passport)
        birth = today - timedelta(days=rng.randint(22 * 365, 60 * 365))
        people.append(
            Person(f"P{number:06d}", family, given, nationality, rng.choice("MF"), birth, [passport])
        )
    return people


def renew_passport(rng: random.Random, person: Person) -> None:
    """A renewed passport: a new number first, the old one kept in the history."""
    person.passports.insert(0, passport_number(rng, person.nationality))
