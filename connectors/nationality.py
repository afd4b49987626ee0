"""Nationality labels as agencies write them ("Trung Quốc", "China", "CN", "CHN") → ISO 3166 alpha-3.

The table is data (`nationalities.csv`) so a new label seen in an agency export is one line, not code.
Matching ignores case, diacritics, punctuation and spacing, because exports vary in all of them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("nationalities.csv")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (Đ→d too) and keep only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", plain.lower())


@cache
def rows() -> tuple[dict[str, str], ...]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def codes() -> dict[str, str]:
    """ISO alpha-2 and alpha-3 codes, upper-case, mapped to alpha-3."""
    return {code: row["iso3"] for row in rows() for code in (row["iso2"], row["iso3"])}


@cache
def labels() -> dict[str, str]:
    """Every known name, folded, mapped to its ISO alpha-3 code.

    Names and codes are kept apart because folded names collide with codes ("Mỹ" is "my", which is
    Malaysia's alpha-2 code).
    """
    table: dict[str, str] = {}
    for row in rows():
        for name in [row["english"], row["vietnamese"], *row["aliases"].split("|")]:
            if name:
                table[fold(name)] = row["iso3"]
    return table


def to_iso3(label: str) -> str | None:
    """The ISO alpha-3 code for a label, or None when the label is unknown."""
    label = label.strip()
    if re.fullmatch(r"[A-Z]{2,3}", label) and label in codes():
        return codes()[label]
    return labels().get(fold(label))


def names(iso3: str) -> tuple[str, str, str]:
    """(English, Vietnamese, ISO alpha-2) for a code: the labels a generator may write."""
    for row in rows():
        if row["iso3"] == iso3:
            return row["english"], row["vietnamese"], row["iso2"]
    raise KeyError(iso3)
