"""The exchange window of a month: from the 11th of the month before to the 10th, in Hà Nội.

Agencies e-mail each other, before the 15th, what they issued or changed "from the 11th of last
month to the 10th of this month" (seed 003, Điều 4–7); days are the city's (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from graph.common.timezone import LOCAL

MONTH = re.compile(r"(\d{4})-(\d{2})")


class BadMonth(ValueError):
    """A month not written YYYY-MM; the message says how to write it."""


@dataclass(frozen=True)
class Window:
    month: str
    start: date
    end: date

    def holds(self, value: date | datetime | None) -> bool:
        return value is not None and self.start <= local_day(value) <= self.end


def window(month: str) -> Window:
    """The exchange window of `month` (YYYY-MM): the 11th of the month before to the 10th."""
    found = MONTH.fullmatch(month.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise BadMonth(f"month {month!r}: give it as YYYY-MM, e.g. 2026-03")
    end = date(int(found[1]), int(found[2]), 10)
    start = (end.replace(day=1) - timedelta(days=1)).replace(day=11)
    return Window(found[0], start, end)


def local_day(value: date | datetime) -> date:
    """The day in Hà Nội: an aware timestamp is converted; a naive one is already local time."""
    if isinstance(value, datetime):
        return (value.astimezone(LOCAL) if value.tzinfo else value).date()
    return value
