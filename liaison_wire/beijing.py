"""Beijing time (UTC+8, no daylight saving) for both sides: instants are stored in UTC, a "day"
(a report's period, a deadline, 超期) is a Beijing calendar day."""

from __future__ import annotations

import datetime as dt

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def today(at: dt.datetime | None = None) -> dt.date:
    """The Beijing calendar day of ``at`` (an aware instant; default: now)."""
    return (at or dt.datetime.now(dt.UTC)).astimezone(CHINA_TZ).date()


def day_start_utc(day: dt.date) -> dt.datetime:
    """Start of a Beijing calendar day as a UTC instant."""
    return dt.datetime.combine(day, dt.time(), tzinfo=CHINA_TZ).astimezone(dt.UTC)
