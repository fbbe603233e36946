"""What the 实践活动 widget tests and their conftest share."""

from __future__ import annotations

import datetime as dt

from desktop.models.beijing import CHINA_TZ

# The first activity: 28 November, 09:00–11:00 Beijing time.
HELD = dt.datetime(2026, 11, 28, 9, tzinfo=CHINA_TZ)
