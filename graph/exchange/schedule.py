"""When the server delivers the lists by itself: `delivery.schedule`, e.g. "day 11, 08:00".

Lists are due before the 15th; the schedule names the day of the month and the time (Hà Nội) from
which a month's lists go out. The server then looks daily at that time (and once at start-up) for
the latest month that is due, and delivers what the delivery log does not show as delivered: a
restart, or a day the mail server was down, is made up the next time it looks, and a month already
delivered costs a few reads of the log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from graph.common.timezone import LOCAL

PATTERN = re.compile(r"day\s+(\d{1,2})\s*,\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Schedule:
    day: int
    at: time

    @classmethod
    def parse(cls, text: str) -> Schedule:
        """ "day D, HH:MM" (D from 1 to 28, so every month has it); ValueError saying how to write it."""
        found = PATTERN.fullmatch(text.strip())
        if not found or not 1 <= int(found[1]) <= 28 or int(found[2]) > 23 or int(found[3]) > 59:
            raise ValueError(
                f"{text!r}: write the day of the month (1 to 28) and the time, e.g. 'day 11, 08:00'"
            )
        return cls(int(found[1]), time(int(found[2]), int(found[3])))

    def due_month(self, moment: datetime, window_start_day: int) -> str:
        """The latest month whose lists are due at `moment`: this month once its day and time have
        come and its exchange window is over, else the month before."""
        local = moment.astimezone(LOCAL)
        this = local.strftime("%Y-%m")
        due = datetime.combine(local.date().replace(day=self.day), self.at, LOCAL)
        if local >= due and local.day >= window_start_day:  # this month's window ended the day before
            return this
        return (local.date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")

    def next_look(self, moment: datetime) -> datetime:
        """The next daily look after `moment`: the schedule's time, today or tomorrow (Hà Nội)."""
        local = moment.astimezone(LOCAL)
        today = datetime.combine(local.date(), self.at, LOCAL)
        return today if today > local else datetime.combine(local.date() + timedelta(days=1), self.at, LOCAL)
