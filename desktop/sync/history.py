"""Turning a finished or failed sync round into a line of the sync history (同步 page).

Shared by the window's sync and ``liaison sync --once`` (a scheduled task), so the officer
sees unattended rounds in the same list.
"""

from __future__ import annotations

import datetime as dt

import liaison_wire as wire
from desktop.models.base import utcnow
from desktop.models.sync_views import SyncRun
from desktop.sync.engine import SyncReport
from desktop.sync.transport import Cancelled, SyncError


def finished_run(started: dt.datetime, report: SyncReport, user_started: bool) -> SyncRun:
    skew = report.clock_skew.total_seconds() if report.clock_skew is not None else None
    return SyncRun(
        started_at=wire.utc_iso(started),
        finished_at=wire.utc_iso(utcnow()),
        ok=True,
        user_started=user_started,
        summary=report.summary(),
        pushed=report.pushed,
        pulled=report.pulled,
        conflicts=report.conflicts,
        rejected=report.rejected,
        clock_skew_seconds=skew,
    )


def failed_run(started: dt.datetime, error: BaseException, user_started: bool) -> SyncRun:
    if isinstance(error, Cancelled):
        summary = "已取消；已完成的部分不受影响，下次继续"
    elif isinstance(error, SyncError):
        summary = error.message
    else:
        summary = "程序出了意外错误，详情见日志文件"
    return SyncRun(
        started_at=wire.utc_iso(started),
        finished_at=wire.utc_iso(utcnow()),
        ok=False,
        user_started=user_started,
        summary=summary,
    )
