"""When each list falls due and which days it covers: a province's exchange calendar.

Hà Nội's agencies e-mail each other, before the 15th, what they issued or changed "from the 11th of
last month to the 10th of this month" (seed 003, Điều 5–12), and Sở Xây dựng reports each quarter
before the 15th of its last month (Điều 16.2); Bắc Ninh's plan (seed 000) asks for the investment
lists on the 20th of each month and names no window. So the day windows start, the due day and each
list's period are configuration (settings `exchange`, docs/operations.md), defaulting to Hà Nội's.

A list is asked for by the month it is sent in. A monthly list's window runs from the start day of
the month before to the day before the start day of its month (11/02 to 10/03 for 2026-03; with
start day 1, the whole month before). A quarterly list is sent in the quarter's last month (or asked
as 2026-Q4) and covers the three monthly windows ending with that month's. Days are the city's
(Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from graph.common.timezone import LOCAL
from graph.exchange.registry import LISTS, MONTHLY, PERIODS, QUARTERLY

MONTH = re.compile(r"(\d{4})-(\d{2})")
QUARTER = re.compile(r"(\d{4})-Q([1-4])")


class BadMonth(ValueError):
    """A month not written YYYY-MM, or not one a list is sent in; the message says what to write."""


@dataclass(frozen=True)
class Window:
    """One sending of a list: the month it is sent in, the days it covers, its due date."""

    month: str
    start: date
    end: date
    due: date
    quarter: str | None = None
    """For a quarterly list, the quarter it reports on (2026-Q4)."""

    def holds(self, value: date | datetime | None) -> bool:
        return value is not None and self.start <= local_day(value) <= self.end


@dataclass(frozen=True)
class DueRule:
    """How often one list is sent, and on which day of the month it is due (None: the province's)."""

    period: str = MONTHLY
    due_day: int | None = None


def regulation_rules() -> dict[str, DueRule]:
    return {name: DueRule(spec.period) for name, spec in LISTS.items()}


@dataclass(frozen=True)
class Calendar:
    """A province's exchange calendar. Defaults: Hà Nội's (seed 003)."""

    window_start_day: int = 11
    due_day: int = 15
    rules: Mapping[str, DueRule] = field(default_factory=regulation_rules)

    def __post_init__(self) -> None:
        """Refuse a calendar whose windows or due days some month lacks, or a list due before its
        window has ended."""
        if not 1 <= self.window_start_day <= 28:
            raise ValueError(f"window_start_day {self.window_start_day}: a day every month has, 1 to 28")
        for name, rule in {"": DueRule(MONTHLY, self.due_day), **self.rules}.items():
            where = f"lists.{name}." if name else ""
            due = rule.due_day if rule.due_day is not None else self.due_day
            if rule.period not in PERIODS:
                raise ValueError(f"{where}period {rule.period!r}: use {' or '.join(PERIODS)}")
            if not 1 <= due <= 28:
                raise ValueError(f"{where}due_day {due}: a day every month has, 1 to 28")
            if due < self.window_start_day:
                raise ValueError(
                    f"{where}due_day {due} falls before the window ends (the day before"
                    f" window_start_day {self.window_start_day})"
                )

    def rule(self, name: str) -> DueRule:
        return self.rules.get(name, DueRule())

    def window(self, name: str, month: str) -> Window:
        """The sending of list `name` in `month` (YYYY-MM; a quarterly list also YYYY-Qn)."""
        rule = self.rule(name)
        text = month.strip()
        quarter = QUARTER.fullmatch(text)
        found = MONTH.fullmatch(text)
        if rule.period == QUARTERLY and quarter:
            year, last = int(quarter[1]), 3 * int(quarter[2])
        elif found and 1 <= int(found[2]) <= 12:
            year, last = int(found[1]), int(found[2])
        else:
            example = "2026-12 or 2026-Q4" if rule.period == QUARTERLY else "2026-03"
            raise BadMonth(f"month {month!r}: give it as YYYY-MM, e.g. {example}")
        if rule.period == QUARTERLY and last % 3:
            raise BadMonth(
                f"{name}'s list is quarterly, sent in a quarter's last month: ask for"
                f" {year}-{last + 2 - (last - 1) % 3:02d} or {year}-Q{(last - 1) // 3 + 1}"
            )
        months = 3 if rule.period == QUARTERLY else 1
        end = date(year, last, self.window_start_day) - timedelta(days=1)
        start = shift(date(year, last, self.window_start_day), -months)
        due = date(year, last, rule.due_day if rule.due_day is not None else self.due_day)
        label = f"{year}-Q{last // 3}" if rule.period == QUARTERLY else None
        return Window(f"{year}-{last:02d}", start, end, due, label)

    def due_in(self, name: str, month: str) -> Window | None:
        """The sending of list `name` due in `month` (YYYY-MM), or None if it is not sent that
        month (a quarterly list outside a quarter's last month): what delivery asks each month."""
        found = MONTH.fullmatch(month.strip())
        if found and self.rule(name).period == QUARTERLY and 1 <= int(found[2]) <= 12 and int(found[2]) % 3:
            return None
        return self.window(name, month)


def month_of(text: str) -> str:
    """The month `text` names, written YYYY-MM (delivery and its log go by month); BadMonth otherwise."""
    found = MONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise BadMonth(f"month {text!r}: give it as YYYY-MM, e.g. 2026-03")
    return found[0]


def shift(day: date, months: int) -> date:
    """The same day `months` months away (days up to 28 exist in every month)."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def local_day(value: date | datetime) -> date:
    """The day in Hà Nội: an aware timestamp is converted; a naive one is already local time."""
    if isinstance(value, datetime):
        return (value.astimezone(LOCAL) if value.tzinfo else value).date()
    return value
