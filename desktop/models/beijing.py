"""Dates and times as the officer lives them: Beijing time (UTC+8, no daylight saving).

Instants are stored in UTC; a "day" (today, a date filter, a deadline's date, once a day for an
urge) is a Beijing calendar day. Every conversion and every date or time shown goes through
here.
"""

from __future__ import annotations

import datetime as dt

from liaison_wire.beijing import CHINA_TZ, day_start_utc, today

__all__ = ["CHINA_TZ", "day_start_utc", "today"]



def now() -> dt.datetime:
    """The current Beijing time (aware)."""
    return dt.datetime.now(CHINA_TZ)


def beijing_date(instant: dt.datetime | None) -> str:
    """``2026-12-07``: the Beijing date of an instant; empty for None."""
    return instant.astimezone(CHINA_TZ).strftime("%Y-%m-%d") if instant else ""


def beijing_time(instant: dt.datetime | None) -> str:
    """``2026-12-07 09:30``: an instant in Beijing time, to the minute; empty for None."""
    return instant.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if instant else ""


def clock_time(instant: dt.datetime) -> str:
    """``09:30``: the Beijing time of day of an instant."""
    return instant.astimezone(CHINA_TZ).strftime("%H:%M")
