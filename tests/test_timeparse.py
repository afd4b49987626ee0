"""connectors/timeparse.py answers exactly as datetime.strptime does: its value, or None where it raises."""

import random
from datetime import datetime, timedelta

import pytest

from connectors.timeparse import compiled, parsed

FORMATS = [
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y",
    "%Y%m%d",
    "%d%m%Y",
    "%H%M",
    "%d  %m %%Y %Y",
]


def strptime(value, form):
    try:
        return datetime.strptime(value, form)
    except ValueError:
        return None


@pytest.mark.parametrize("form", FORMATS)
def test_the_same_answer_as_strptime_on_any_text(form):
    draw = random.Random(form)
    for _ in range(4000):
        value = "".join(draw.choices("0123456789/-.: tT%\t", k=draw.randrange(23)))
        assert parsed(value, form) == strptime(value, form), value


@pytest.mark.parametrize("form", FORMATS)
def test_the_same_answer_as_strptime_on_real_dates(form):
    draw = random.Random(form)
    for _ in range(2000):
        written = (datetime(1000, 1, 1) + timedelta(seconds=draw.randrange(10**11))).strftime(form)
        assert parsed(written, form) == strptime(written, form), written


@pytest.mark.parametrize(
    ("value", "form", "expected"),
    [
        ("05/11/2026", "%d/%m/%Y", datetime(2026, 11, 5)),
        ("5/1/2026", "%d/%m/%Y", datetime(2026, 1, 5)),
        ("2026-11-05 07:08:09", "%Y-%m-%d %H:%M:%S", datetime(2026, 11, 5, 7, 8, 9)),
        ("2026-11-05t07:08:09", "%Y-%m-%dT%H:%M:%S", datetime(2026, 11, 5, 7, 8, 9)),
    ],
)
def test_numeric_formats_read_without_strptime(value, form, expected):
    assert compiled(form) is not None
    assert parsed(value, form) == expected


@pytest.mark.parametrize("value", ["31/02/1988", "05/11/26", "05/11/2026 ", "5/13/2026", "00/01/2026"])
def test_impossible_or_malformed_dates_are_refused(value):
    assert parsed(value, "%d/%m/%Y") is None


def test_other_directives_are_left_to_strptime():
    assert compiled("%d %b %Y") is None and compiled("%d/%d") is None
    assert parsed("05 Nov 2026", "%d %b %Y") == datetime(2026, 11, 5)
    assert parsed("05 Nox 2026", "%d %b %Y") is None
