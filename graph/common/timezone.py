"""The city's clock: agencies date their records and exchange windows in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in the city, whatever zone the server runs in."""
    return datetime.now(LOCAL).date()
