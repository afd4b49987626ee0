"""`datetime.strptime`, with the same answers, several times faster for the numeric formats exports use.

Reading a source normalises every date cell of every row, and with the record cache off (or cold)
`datetime.strptime` was the largest single cost of reading a page of workers (bench/run.py (b): about
a tenth of the process's time): it looks its format up under a lock, matches a regular expression
built for every directive it knows and then converts each group through a chain of branches. The
formats exports use are made only of day, month, year, hour, minute and second, so those are compiled
here once into one expression, with the very sub-patterns CPython's `_strptime` uses for them, and
the groups go straight to `datetime`, which rejects the same impossible dates (31/02) with the same
ValueError. Any other directive (%b, %y, %p …) goes to `datetime.strptime` itself, so no format is
read differently; tests/test_timeparse.py compares the two on generated input.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

# The sub-patterns of CPython's _strptime.TimeRE for these directives (Lib/_strptime.py).
DIRECTIVES = {
    "d": r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])",
    "m": r"(?P<m>1[0-2]|0[1-9]|[1-9]| [1-9])",
    "Y": r"(?P<Y>\d\d\d\d)",
    "H": r"(?P<H>2[0-3]|[0-1]\d|\d)",
    "M": r"(?P<M>[0-5]\d|\d)",
    "S": r"(?P<S>6[0-1]|[0-5]\d|\d)",
}


def parsed(value: str, form: str) -> datetime | None:
    """What `datetime.strptime(value, form)` returns, or None where it raises ValueError (no
    exception raised here: a reader tries several formats per cell)."""
    pattern = compiled(form)
    if pattern is None:
        try:
            return datetime.strptime(value, form)
        except ValueError:
            return None
    found = pattern.match(value)  # then the end checked, as _strptime does (not fullmatch's backtracking)
    if found is None or found.end() != len(value):
        return None
    parts = found.groupdict()
    try:
        return datetime(
            int(parts.get("Y") or 1900),
            int(parts.get("m") or 1),
            int(parts.get("d") or 1),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
            int(parts.get("S") or 0),
        )
    except ValueError:  # 31/02, year 0
        return None


@cache
def compiled(form: str) -> re.Pattern[str] | None:
    """The expression `_strptime` would build for `form` (literals escaped, a run of white space
    matching any run, case ignored); None when `form` holds another directive or one twice."""
    parts: list[str] = []
    position = 0
    while position < len(form):
        character = form[position]
        if character == "%":
            directive = form[position + 1 : position + 2]
            if directive == "%":
                parts.append("%")
            elif directive in DIRECTIVES:
                parts.append(DIRECTIVES[directive])
            else:
                return None
            position += 2
            continue
        if character.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(re.escape(character))
        position += 1
    try:
        return re.compile("".join(parts), re.IGNORECASE)
    except re.error:  # a directive twice: strptime refuses it too, in its own words
        return None
