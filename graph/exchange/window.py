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
from graph.exchange.reports import HALF_YEAR, PERIOD_KINDS, REPORTS, YEAR

MONTH = re.compile(r"(\d{4})-(\d{2})")
QUARTER = re.compile(r"(\d{4})-Q([1-4])")
HALF = re.compile(r"(\d{4})-H1")
WHOLE_YEAR = re.compile(r"\d{4}")
MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")


class BadMonth(ValueError):
    """A month not written YYYY-MM, or not one a list is sent in; the message says what to write."""


class BadPeriod(ValueError):
    """A report period not written YYYY-H1 or YYYY; the message says what to write."""


@dataclass(frozen=True)
class Period:
    """One report: the period it covers (kỳ báo cáo), its days, and its due date in the province
    (None: the province requires none, the report is made on request)."""

    label: str
    kind: str
    start: date
    end: date
    due: date | None


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


SPANS = {HALF_YEAR: ("12-15", "06-14"), YEAR: ("12-15", "12-14")}
"""The days each kind of report covers, (first, last) as MM-DD, the first in the year before when it
falls after the last: the State's reporting periods (Nghị định 09/2019/NĐ-CP, Điều 12: six months
from 15/12 of the year before to 14/6, a year to 14/12), which seed 003's due dates of 15/6 and
10/12 or 15/12 follow."""


def regulation_dues() -> dict[str, dict[str, str | None]]:
    return {agency: dict(report.due) for agency, report in REPORTS.items()}


@dataclass(frozen=True)
class Calendar:
    """A province's exchange calendar. Defaults: Hà Nội's (seed 003)."""

    window_start_day: int = 11
    due_day: int = 15
    rules: Mapping[str, DueRule] = field(default_factory=regulation_rules)
    spans: Mapping[str, tuple[str, str]] = field(default_factory=lambda: dict(SPANS))
    """Each kind of report period's first and last day, MM-DD."""
    dues: Mapping[str, Mapping[str, str | None]] = field(default_factory=regulation_dues)
    """Each agency's report's due date (MM-DD) by kind of period; None: not required here."""

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
        for kind in PERIOD_KINDS:
            if kind not in self.spans:
                raise ValueError(f"spans.{kind}: give its first and last day, MM-DD")
            for first_or_last in self.spans[kind]:
                month_day(first_or_last, f"spans.{kind}")
        for agency, dues in self.dues.items():
            for kind, owed in dues.items():
                if kind not in PERIOD_KINDS:
                    raise ValueError(f"reports.{agency}.{kind}: the periods are {' and '.join(PERIOD_KINDS)}")
                if owed is not None:
                    month_day(owed, f"reports.{agency}.{kind}")

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

    def period(self, agency: str, text: str) -> Period:
        """The report of `agency` for `text`: YYYY-H1, the six months' report, or YYYY, the year's."""
        cleaned = text.strip()
        half = HALF.fullmatch(cleaned)
        if half:
            year, kind = int(half[1]), HALF_YEAR
        elif WHOLE_YEAR.fullmatch(cleaned):
            year, kind = int(cleaned), YEAR
        else:
            raise BadPeriod(
                f"period {text!r}: give YYYY-H1 for the six months' report or YYYY for the year's, e.g. 2026-H1"
            )
        first, last = (month_day(day, f"spans.{kind}") for day in self.spans[kind])
        end = date(year, *last)
        start = date(year - 1 if first > last else year, *first)
        due = self.dues.get(agency, {}).get(kind)
        return Period(cleaned, kind, start, end, date(year, *month_day(due, "due")) if due else None)


def month_day(text: str, where: str) -> tuple[int, int]:
    """(month, day) of a day written MM-DD that every year has; ValueError naming `where` otherwise."""
    found = MONTH_DAY.fullmatch(str(text))
    try:
        if not found:
            raise ValueError
        date(2025, int(found[1]), int(found[2]))  # not a leap year: 02-29 is refused
    except ValueError:
        raise ValueError(f"{where} {text!r}: write a day every year has as MM-DD, e.g. 06-15") from None
    return int(found[1]), int(found[2])


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
