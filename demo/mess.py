"""The real-world mess of docs/domain.md §6: how agency staff actually type passports, names, dates and
countries.

Every variant normalises back to the same person: a passport upper-cased without punctuation, a
nationality through `to_iso3`, a birth date to the same day (or just its year). Only the seeded
problems change what a record says; the mess changes only how it is written.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

from connectors.nationality import names as nationality_names
from connectors.nationality import rows as nationality_rows
from connectors.nationality import to_iso3
from demo.employers import written_tax_code
from demo.people import Person
from demo.records import Held

EXCEL_EPOCH = date(1899, 12, 30)
GENDER = {"M": "Nam", "F": "Nữ"}
"""How Vietnamese forms write the sex."""


def passport(rng: random.Random, number: str, rate: float) -> str:
    """As typed at a counter, at `rate`: lower case, grouped with spaces, or with a dash."""
    if rng.random() >= rate:
        return number
    style = rng.randrange(4)
    if style == 0:
        return number.lower()
    if style == 1:
        return f"{number[:1]} {number[1:5]} {number[5:]}"
    if style == 2:
        return f"{number[:1]}-{number[1:]}"
    return f"{number[:3]} {number[3:]}".lower()


def name(rng: random.Random, person: Person, styles: Mapping[str, int]) -> str:
    """One of `styles` (style → weight): `passport` as printed, `title` case, `given_first`, or
    `local` (the Sino-Vietnamese reading or another Korean romanisation; title case for others)."""
    style = rng.choices(list(styles), list(styles.values()))[0]
    if style == "local" and person.local_name:
        return person.local_name
    if style == "given_first":
        return f"{person.given} {person.family}"
    if style in ("title", "local"):
        return person.full_name.title()
    return person.full_name


def nationality(rng: random.Random, iso3: str, styles: str) -> str:
    """A label in one of `styles`, each a letter: v(ietnamese), e(nglish), a(lias), 2 or 3 (ISO
    code); repeating a letter weights it."""
    return rng.choice(labels(iso3)[rng.choice(styles)])


@cache
def labels(iso3: str) -> dict[str, tuple[str, ...]]:
    """Every label that `to_iso3` reads back as `iso3`, by style (no alias: the English name)."""
    english, vietnamese, iso2 = nationality_names(iso3)
    row = next(r for r in nationality_rows() if r["iso3"] == iso3)
    aliases = tuple(a for a in row["aliases"].split("|") if a and to_iso3(a) == iso3) or (english,)
    found = {"v": (vietnamese,), "e": (english,), "a": aliases, "2": (iso2,), "3": (iso3,)}
    wrong = [label for options in found.values() for label in options if to_iso3(label) != iso3]
    if wrong:
        raise ValueError(f"nationalities.csv does not read {wrong} back as {iso3}")
    return found


def birth(rng: random.Random, record: Held, write: Callable[[date], Any], year_only: float) -> Any:
    """The birth date as `write` renders it; at `year_only`, only the year, as some records keep
    (never where the date itself is a seeded conflict, which a bare year would hide)."""
    if record.birth is None and rng.random() < year_only:
        return str(record.born.year)
    return write(record.born)


def dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def excel_serial(day: date) -> int:
    """The number Excel stores for a date: what a date cell becomes when pasted as a number."""
    return (day - EXCEL_EPOCH).days


def moment(rng: random.Random, day: date) -> str:
    """A working-hours timestamp on `day`, as a system's last-changed column holds it."""
    return f"{day.isoformat()} {rng.randint(7, 17):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def tax_code(rng: random.Random, code: str, dash_rate: float) -> str:
    """A branch's 13-digit code, at `dash_rate` with the dash between parent and branch number."""
    return written_tax_code(code) if rng.random() < dash_rate else code


def thousands(amount: int) -> str:
    """25000000 as Vietnamese forms write it: 25.000.000."""
    return f"{amount:,}".replace(",", ".")
