"""The sync history (同步 page, 同步记录) and the one way a sync round runs.

:func:`run_round` is a round as the window's 立即同步 and timer and ``liaison sync --once`` (a
scheduled task) all run it: the data folder's transport, the engine with its photos, and a
line in the history whether it finished or failed, so the officer sees unattended rounds in
the same list.

The history is a JSON-lines file, ``logs/sync-history.jsonl`` in the data folder, one line per
finished round, trimmed to the newest :data:`HISTORY_KEEP` rounds. It lives beside the log
file rather than in the database because it describes this PC's attempts, not records: a
restored backup must not bring back an old history, and writing it never competes with record
saves for the database lock.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import liaison_wire as wire
from desktop import paths
from desktop.models.base import utcnow
from desktop.models.db import Database
from desktop.models.photos import photos_dir
from desktop.sync.engine import Progress, SyncEngine, SyncReport
from desktop.sync.setup import transport_for
from desktop.sync.transport import Cancelled, SyncError
from liaison_wire.files import write_atomically

log = logging.getLogger(__name__)


def run_round(
    db: Database,
    data_dir: Path,
    *,
    user_started: bool,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """One sync round of ``data_dir`` (push, pull, photos), recorded in the history.
    Raises SyncError (Offline, Unauthorized, UpdateRequired, Cancelled …) as the engine does;
    the caller holds the data folder's sync lock."""
    started = utcnow()
    try:
        transport = transport_for(data_dir, cancelled=cancelled)
        try:
            engine = SyncEngine(
                db,
                transport,
                progress=progress,
                cancelled=cancelled,
                photos_dir=photos_dir(data_dir),
            )
            report = engine.run()
        finally:
            transport.close()
    except BaseException as error:
        append_sync_run(data_dir, failed_run(started, error, user_started))
        raise
    append_sync_run(data_dir, finished_run(started, report, user_started))
    return report


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


HISTORY_FILE = "sync-history.jsonl"
HISTORY_KEEP = 500
HISTORY_TRIM_BYTES = 256 * 1024


@dataclass(frozen=True)
class SyncRun:
    """One finished sync round, as the sync log lists it."""

    started_at: str  # UTC ISO with Z
    finished_at: str
    ok: bool
    user_started: bool
    summary: str  # the report's summary, or the error in plain words
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    clock_skew_seconds: float | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def started(self) -> dt.datetime:
        return wire.parse_utc(self.started_at)

    @staticmethod
    def from_json(raw: dict[str, Any]) -> SyncRun:
        known = {k: v for k, v in raw.items() if k in SyncRun.__dataclass_fields__}
        return SyncRun(**known)


def history_path(data_dir: Path) -> Path:
    return paths.log_dir(data_dir) / HISTORY_FILE


def append_sync_run(data_dir: Path, run: SyncRun) -> None:
    """Add ``run`` to the history. Never raises for a disk problem: losing a history line
    must not turn a finished sync into a failure (the log file still has the details)."""
    path = history_path(data_dir)
    line = json.dumps(asdict(run), ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line)
        if path.stat().st_size > HISTORY_TRIM_BYTES:
            _trim(path)
    except OSError as error:
        log.warning("could not write the sync history %s: %s", path, error)


def _trim(path: Path) -> None:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    write_atomically(path, "".join(lines[-HISTORY_KEEP:]).encode())


def read_sync_runs(data_dir: Path, limit: int = HISTORY_KEEP) -> list[SyncRun]:
    """The newest ``limit`` runs, newest first; unreadable lines (a crash mid-write) skipped."""
    path = history_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as error:
        log.warning("could not read the sync history %s: %s", path, error)
        return []
    runs: list[SyncRun] = []
    for line in reversed(text.splitlines()):
        if len(runs) >= limit:
            break
        try:
            run = SyncRun.from_json(json.loads(line))
            wire.parse_utc(run.started_at)  # a run without a readable time is skipped too
        except (ValueError, TypeError, AttributeError):
            continue
        runs.append(run)
    return runs
