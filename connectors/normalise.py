"""Normalisers: turn one native cell into one canonical value, or say clearly why it cannot.

Each normaliser is built once from its options in the sources file (`make(spec)`), then called per
cell. A value that cannot be read raises `BadValue`; the connector reports the row and skips it, so a
bad cell never crashes a source and never lands on the wrong person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from connectors.nationality import fold, to_iso3
from connectors.timeparse import parsed

Normaliser = Callable[[Any], Any]

EXCEL_EPOCH = date(1899, 12, 30)
DEFAULT_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
TRUE_VALUES = ("1", "x", "có", "co", "yes", "y", "true", "đúng")
FALSE_VALUES = ("0", "", "không", "khong", "no", "n", "false", "sai")
GENDERS = {"nam": "M", "m": "M", "male": "M", "nữ": "F", "nu": "F", "f": "F", "female": "F"}


class BadValue(ValueError):
    """A cell that cannot be read as its canonical field; the message says why."""


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    return str(value).strip()


def name(value: Any) -> str:
    return " ".join(str(value).split()).upper()


def passport(value: Any) -> str:
    cleaned = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    if len(cleaned) < 5:
        raise BadValue(f"passport number {value!r} is too short")
    return cleaned


def nationality(value: Any) -> str:
    code = to_iso3(str(value))
    if code is None:
        raise BadValue(f"unknown nationality {value!r}")
    return code


def make_nationality(labels: Mapping[str, str] | None = None) -> Normaliser:
    """Nationalities as connectors/nationalities.csv knows them, and an agency's own labels beside
    (`labels: {"Korea, Republic of": KOR}` in the sources file): a deployment adds a label it meets
    without touching code. Labels match as the table's do: case, diacritics and punctuation aside."""
    if not labels:
        return nationality
    unknown = sorted(code for code in labels.values() if to_iso3(str(code)) != code)
    if unknown:
        raise TypeError(f"labels: {', '.join(map(str, unknown))} not an ISO 3166 alpha-3 code")
    own = {fold(label): code for label, code in labels.items()}

    def parse(value: Any) -> str:
        return own.get(fold(str(value))) or nationality(value)

    return parse


def gender(value: Any) -> str:
    try:
        return GENDERS[str(value).strip().lower()]
    except KeyError:
        raise BadValue(f"unknown gender {value!r}") from None


def integer(value: Any) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    digits = re.sub(r"[.,\s]", "", str(value))
    if not re.fullmatch(r"-?\d+", digits):
        raise BadValue(f"{value!r} is not a whole number")
    return int(digits)


def tax_code(value: Any) -> str:
    digits = re.sub(r"[-.\s]", "", str(value))
    if not re.fullmatch(r"\d{10}|\d{13}", digits):
        raise BadValue(f"tax code {value!r} is not 10 or 13 digits")
    return digits


def make_tax_code(lost_zeros: bool = False) -> Normaliser:
    """Tax codes; with `lost_zeros`, also as a spreadsheet keeps them in number cells, which drop the
    leading zero every Vietnamese code begins with: padded back to 10 digits, or 13 for a branch."""

    def parse(value: Any) -> str:
        if lost_zeros:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            digits = re.sub(r"[-.\s]", "", str(value))
            if digits.isdigit() and len(digits) in (9, 12):
                value = digits.zfill(len(digits) + 1)
        return tax_code(value)

    return parse


def make_date(formats: list[str] | None = None, excel_serial: bool = False) -> Normaliser:
    """Dates written as text in any of `formats`, real date cells, and (if enabled) Excel serials."""
    patterns = tuple(formats or DEFAULT_DATE_FORMATS)

    def parse(value: Any) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        raw = str(value).strip()
        if excel_serial and re.fullmatch(r"\d{5}(\.0+)?", raw):
            return EXCEL_EPOCH + timedelta(days=int(float(raw)))
        for pattern in patterns:
            found = parsed(raw, pattern)
            if found is not None:
                return found.date()
        raise BadValue(f"date {value!r} matches none of {', '.join(patterns)}")

    return parse


def make_partial_date(formats: list[str] | None = None, excel_serial: bool = False) -> Normaliser:
    """Like a date, but a bare year is kept as a year: birth dates are sometimes known only so."""
    full = make_date(formats, excel_serial)

    def parse(value: Any) -> str:
        raw = str(value).strip()
        if re.fullmatch(r"(19|20)\d\d", raw):
            return raw
        return full(value).isoformat()

    return parse


def make_datetime(formats: list[str] | None = None) -> Normaliser:
    """Date-times; a bare date (cell or text) means its midnight, as exports often drop the time."""
    patterns = tuple(
        formats or ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y")
    )

    def parse(value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        raw = str(value).strip()
        for pattern in patterns:
            found = parsed(raw, pattern)
            if found is not None:
                return found
        raise BadValue(f"date-time {value!r} matches none of {', '.join(patterns)}")

    return parse


def make_code(codes: Mapping[str, str]) -> Normaliser:
    """A code list: native labels (compared without case and surrounding space) → canonical codes."""
    table = {str(native).strip().lower(): canonical for native, canonical in codes.items()}

    def parse(value: Any) -> str:
        try:
            return table[str(value).strip().lower()]
        except KeyError:
            raise BadValue(f"{value!r} is not in the code list") from None

    return parse


def make_boolean(true_values: list[str] | None = None, false_values: list[str] | None = None) -> Normaliser:
    truthy = {v.lower() for v in (true_values or TRUE_VALUES)}
    falsy = {v.lower() for v in (false_values or FALSE_VALUES)}

    def parse(value: Any) -> bool:
        raw = str(value).strip().lower()
        if raw in truthy:
            return True
        if raw in falsy:
            return False
        raise BadValue(f"{value!r} is neither yes nor no")

    return parse


SIMPLE: dict[str, Normaliser] = {
    "text": text,
    "name": name,
    "passport": passport,
    "gender": gender,
    "integer": integer,
}
FACTORIES: dict[str, Callable[..., Normaliser]] = {
    "date": make_date,
    "partial_date": make_partial_date,
    "datetime": make_datetime,
    "code": make_code,
    "nationality": make_nationality,
    "boolean": make_boolean,
    "tax_code": make_tax_code,
}
NAMES = sorted(SIMPLE) + sorted(FACTORIES)


def make(kind: str, options: Mapping[str, Any]) -> Normaliser:
    """The normaliser `kind` configured with `options`; TypeError/KeyError name what is wrong."""
    if kind in SIMPLE:
        if options:
            raise TypeError(f"normaliser {kind!r} takes no options, got {', '.join(options)}")
        return SIMPLE[kind]
    if kind in FACTORIES:
        return FACTORIES[kind](**options)
    raise KeyError(f"unknown normaliser {kind!r}; known: {', '.join(NAMES)}")
