"""The real-world mess of DOMAIN.md §6: how agencies actually spell passports, names, dates, countries."""

from __future__ import annotations

import random
from datetime import date

from connectors.nationality import names as nationality_names
from demo.people import ROMANISATION, SINO_VIETNAMESE, Person

EXCEL_EPOCH = date(1899, 12, 30)


def passport(rng: random.Random, number: str, chance: float = 0.2) -> str:
    """As typed at a counter: sometimes lower case, with spaces or dashes."""
    if rng.random() >= chance:
        return number
    style = rng.randrange(4)
    if style == 0:
        return number.lower()
    if style == 1:
        return f"{number[:1]} {number[1:5]} {number[5:]}"
    if style == 2:
        return f"{number[:1]}-{number[1:]}"
    return f"{number[:3]} {number[3:]}".lower()


def name(rng: random.Random, person: Person, style: str) -> str:
    """`passport` as printed; `title` in title case; `reversed` given name first; `local` with the
    Sino-Vietnamese reading of a Chinese name or another romanisation of a Korean one."""
    family, given = person.family, person.given
    if style == "local":
        if person.nationality == "CHN" and family in SINO_VIETNAMESE and given in SINO_VIETNAMESE:
            return f"{SINO_VIETNAMESE[family]} {SINO_VIETNAMESE[given]}"
        if person.nationality == "KOR":
            return f"{ROMANISATION.get(family, family)} {given.replace('-', '')}"
        style = "title"
    if style == "title":
        return f"{family} {given}".title()
    if style == "reversed":
        return f"{given} {family}"
    return f"{family} {given}"


def nationality(rng: random.Random, iso3: str, styles: str) -> str:
    """A label in one of `styles`: v(ietnamese), e(nglish), 3 (ISO alpha-3), 2 (ISO alpha-2)."""
    english, vietnamese, iso2 = nationality_names(iso3)
    return {"v": vietnamese, "e": english, "3": iso3, "2": iso2}[rng.choice(styles)]


def dmy(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def excel_serial(value: date) -> int:
    return (value - EXCEL_EPOCH).days
