"""Synthetic foreign workers: who they are as their passports say, and how local officers read them.

The passport spelling (upper-case, family name first) is the truth the ground truth records.
`Person.local_name` is what some Vietnamese officers write instead: the Sino-Vietnamese reading of a
Chinese name ("WANG XIAOMING" → "Vương Tiểu Minh") or another romanisation of a Korean one
("LEE JI-HOON" → "YI JIHOON"), docs/domain.md §6.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

NATIONALITY_WEIGHTS = {
    "CHN": 34, "KOR": 26, "JPN": 12, "TWN": 8, "IND": 3, "PHL": 3, "THA": 2, "USA": 2, "GBR": 2,
    "MYS": 1, "SGP": 1, "HKG": 1, "FRA": 1, "DEU": 1, "AUS": 1, "RUS": 1, "IDN": 1,
}  # fmt: skip
"""Roughly the mix of a northern Vietnamese city's foreign workforce."""

FAMILY = {
    "CHN": ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN", "MA", "HU",
            "GUO", "LIN", "GAO"],
    "TWN": ["CHEN", "LIN", "HUANG", "CHANG", "LEE", "WANG", "WU", "LIU", "TSAI", "YANG"],
    "HKG": ["CHAN", "WONG", "LEUNG", "CHEUNG", "LAU"],
    "KOR": ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM"],
    "JPN": ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA", "KOBAYASHI", "KATO"],
    "IND": ["SHARMA", "PATEL", "SINGH", "KUMAR", "GUPTA"],
    "PHL": ["SANTOS", "REYES", "CRUZ", "BAUTISTA", "GARCIA"],
    "THA": ["SRISAI", "WONGSA", "CHAIYA", "SUKSAWAT"],
    "MYS": ["TAN", "LIM", "ABDULLAH"],
    "SGP": ["TAN", "LIM", "NG"],
    "IDN": ["SANTOSO", "WIJAYA", "HIDAYAT"],
    "RUS": ["IVANOV", "PETROV", "SMIRNOV"],
}  # fmt: skip
WESTERN_FAMILY = [
    "SMITH",
    "JOHNSON",
    "BROWN",
    "MARTIN",
    "MULLER",
    "WILSON",
    "TAYLOR",
    "BERNARD",
    "SCHMIDT",
    "DUBOIS",
]
GIVEN = {
    "CHN": ["WEI", "FANG", "XIAO MING", "JIAN GUO", "LI NA", "HAO YU", "HAI TAO", "MEI", "ZHI QIANG", "JUN", "HONG"],
    "TWN": ["CHIA HAO", "YU TING", "CHIH MING", "SHU FEN", "WEN HSIUNG", "MEI LING", "CHUN HUNG"],
    "HKG": ["KA WAI", "TAI MAN", "WING YAN", "CHI KIN"],
    "KOR": ["JI HOON", "MIN JUN", "SEO YEON", "HYUN WOO", "JI WOO", "SU BIN", "DONG HYUN", "YE JIN", "SUNG MIN"],
    "JPN": ["HIROSHI", "YUKI", "TAKESHI", "AKIKO", "KENJI", "HARUKA", "DAISUKE", "NAOKI"],
    "IND": ["RAHUL", "PRIYA", "ARJUN", "ANITA", "VIKRAM"],
    "PHL": ["JOSE", "MARIA", "MARK ANTHONY", "ANNA", "JOHN PAUL"],
    "THA": ["SOMCHAI", "NARONG", "PIMCHANOK"],
    "MYS": ["AHMAD", "MEI LING", "HAFIZ"],
    "SGP": ["WEI LIANG", "HUI MIN", "JUN JIE"],
    "IDN": ["BUDI", "DEWI", "AGUS"],
    "RUS": ["ALEXEI", "DMITRY", "OLGA"],
}  # fmt: skip
"""Given names as words (syllables for Chinese and Korean); `JOINER` says how a passport joins them."""
WESTERN_GIVEN = ["JOHN", "DAVID", "EMMA", "SARAH", "MICHAEL", "LUCAS", "ANNA", "THOMAS", "PETER", "LAURA"]
JOINER = {"CHN": "", "TWN": "-", "KOR": "-"}

FAMILY_READING = {
    "WANG": "Vương", "LI": "Lý", "ZHANG": "Trương", "LIU": "Lưu", "CHEN": "Trần", "YANG": "Dương",
    "HUANG": "Hoàng", "ZHAO": "Triệu", "WU": "Ngô", "ZHOU": "Chu", "XU": "Từ", "SUN": "Tôn", "MA": "Mã",
    "HU": "Hồ", "GUO": "Quách", "LIN": "Lâm", "GAO": "Cao", "CHANG": "Trương", "LEE": "Lý", "TSAI": "Thái",
    "CHAN": "Trần", "WONG": "Hoàng", "LEUNG": "Lương", "CHEUNG": "Trương", "LAU": "Lưu",
}  # fmt: skip
GIVEN_READING = {
    "WEI": "Vĩ", "FANG": "Phương", "XIAO": "Tiểu", "MING": "Minh", "JIAN": "Kiến", "GUO": "Quốc", "LI": "Lệ",
    "NA": "Na", "HAO": "Hạo", "YU": "Vũ", "HAI": "Hải", "TAO": "Đào", "MEI": "Mai", "ZHI": "Chí",
    "QIANG": "Cường", "JUN": "Tuấn", "HONG": "Hồng", "CHIA": "Gia", "TING": "Đình", "CHIH": "Chí",
    "SHU": "Thục", "FEN": "Phân", "WEN": "Văn", "HSIUNG": "Hùng", "LING": "Linh", "CHUN": "Xuân",
    "HUNG": "Hùng", "KA": "Gia", "WAI": "Vĩ", "TAI": "Đại", "MAN": "Văn", "WING": "Vĩnh", "YAN": "Ân",
    "CHI": "Chí", "KIN": "Kiên",
}  # fmt: skip
"""Sino-Vietnamese readings of the syllables above, as an officer may transcribe a Chinese name."""
KOREAN_SPELLING = {
    "LEE": "YI",
    "PARK": "PAK",
    "CHOI": "CHOE",
    "JUNG": "JEONG",
    "CHO": "JO",
    "YOON": "YUN",
    "LIM": "IM",
}
"""Korean family names as other romanisations write them."""
SINO = frozenset({"CHN", "TWN", "HKG"})

PASSPORT_PATTERNS = {
    "CHN": ("E########", "E@#######"), "KOR": ("M########",), "JPN": ("@@#######",), "TWN": ("3########",),
    "HKG": ("K########",), "USA": ("5########",), "GBR": ("1########",), "IND": ("@#######",),
    "PHL": ("P#######@",), "THA": ("@@#######",),
}  # fmt: skip
"""Each country's passport number shape: `#` a digit, `@` a letter; others a letter and 7–8 digits."""
DEFAULT_PATTERNS = ("@#######", "@########")
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(eq=False, slots=True)
class Person:
    """One worker as their passport states them."""

    pid: str
    family: str
    given: str
    nationality: str
    gender: str
    birth: date
    passports: list[str]
    """Current number first, then the ones it replaced."""
    local_name: str | None
    """How a Vietnamese officer may write the name instead; None when nobody writes it differently."""

    @property
    def full_name(self) -> str:
        return f"{self.family} {self.given}"

    @property
    def passport(self) -> str:
        return self.passports[0]


class PassportOffice:
    """Issues passport numbers in each country's shape, never one number twice, so a number
    (normalised) identifies one person except where the demo says otherwise."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.issued: set[str] = set()

    def issue(self, nationality: str) -> str:
        patterns = PASSPORT_PATTERNS.get(nationality, DEFAULT_PATTERNS)
        while True:
            number = "".join(self._fill(char) for char in self.rng.choice(patterns))
            if number not in self.issued:
                self.issued.add(number)
                return number

    def renew(self, person: Person) -> str:
        """A new passport: its number goes first, the old one stays in the history."""
        person.passports.insert(0, self.issue(person.nationality))
        return person.passport

    def _fill(self, char: str) -> str:
        if char == "#":
            return str(self.rng.randrange(10))
        return self.rng.choice(LETTERS) if char == "@" else char


def make_people(rng: random.Random, count: int, today: date, office: PassportOffice) -> list[Person]:
    codes = list(NATIONALITY_WEIGHTS)
    nationalities = rng.choices(codes, weights=list(NATIONALITY_WEIGHTS.values()), k=count)
    return [
        make_person(rng, f"P{number:06d}", nationality, today, office)
        for number, nationality in enumerate(nationalities, start=1)
    ]


def make_person(
    rng: random.Random, pid: str, nationality: str, today: date, office: PassportOffice
) -> Person:
    family = rng.choice(FAMILY.get(nationality, WESTERN_FAMILY))
    words = rng.choice(GIVEN.get(nationality, WESTERN_GIVEN)).split()
    return Person(
        pid=pid,
        family=family,
        given=JOINER.get(nationality, " ").join(words),
        nationality=nationality,
        gender=rng.choices("MF", (7, 3))[0],
        birth=today - timedelta(days=rng.randint(22 * 365, 60 * 365)),
        passports=[office.issue(nationality)],
        local_name=local_reading(nationality, family, words),
    )


def local_reading(nationality: str, family: str, words: list[str]) -> str | None:
    if nationality in SINO:
        return " ".join([FAMILY_READING[family], *(GIVEN_READING[word] for word in words)])
    if nationality == "KOR":
        return f"{KOREAN_SPELLING.get(family, family)} {''.join(words)}"
    return None
