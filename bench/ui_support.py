"""Helpers of ``bench/ui_bench.py`` that run inside the Qt child processes.

* :func:`start_like_run_app` builds the window the way ``desktop.ui.app._run_window`` does
  (logging, ``open_database``, the daily-backup thread, the context, the first-run check,
  ``MainWindow``, ``show``, ``sync.start``), minus ``app.exec()``: the caller runs the loop.
* :class:`FrameProbe` is an event filter that notes when a widget's ``Paint`` arrives and when
  the frame it belongs to is finished (a zero timer posted from the paint runs once the whole
  update round, painting and flush, has returned to the event loop).
* :class:`JobLog` wraps the window's database worker to time each job (queue, run, delivery)
  without changing any project code.

Clocks: ``time.monotonic`` (``CLOCK_MONOTONIC``, shared by every process on Linux), so a child's
marks can be compared with the moment the parent spawned it.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import resource
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.logs import setup_logging  # noqa: E402
from desktop.models.db import Database, open_database  # noqa: E402
from desktop.ui import app as app_module  # noqa: E402
from desktop.ui.app import application, build_context  # noqa: E402
from desktop.ui.app_context import AppContext  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings.page import SettingsPage  # noqa: E402

now = time.monotonic
RESULT_PREFIX = "UIBENCH-RESULT "


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_parts_mb() -> dict[str, float]:
    """VmHWM (peak), VmRSS and its parts: RssAnon (heap), RssFile (mapped files: libraries,
    fonts), RssShmem; from ``/proc/self/status``, in MB."""
    parts: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                parts[key] = round(int(value.split()[0]) / 1024.0, 1)
    except OSError:
        pass
    return parts


def emit_result(payload: dict[str, Any]) -> None:
    """One JSON line on stdout for the parent; then leave without Qt's teardown."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()


class BenchFailure(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# Waiting without spinning: the GUI thread sleeps in a real event loop, so the database worker
# gets the CPU and the GIL just as it does under app.exec().


def run_loop_until(done: Callable[[], bool], timeout_s: float, poll_ms: int = 2) -> bool:
    """Run the event loop until ``done()`` (checked every ``poll_ms``) or the timeout."""
    if done():
        return True
    loop = QEventLoop()
    deadline = now() + timeout_s
    timer = QTimer()
    timer.setInterval(poll_ms)

    def check() -> None:
        if done() or now() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return done()


def settle(
    app: AppContext,
    extra: Callable[[], bool] = lambda: True,
    quiet_ms: int = 60,
    timeout_s: float = 60.0,
) -> None:
    """Wait until no database job is pending, ``extra()`` holds, and then ``quiet_ms`` more."""
    if not run_loop_until(lambda: app.tasks.pending == 0 and extra(), timeout_s, poll_ms=5):
        raise BenchFailure(f"the window did not settle within {timeout_s:.0f} s")
    end = now() + quiet_ms / 1000.0
    run_loop_until(lambda: now() >= end, quiet_ms / 1000.0 + 1.0, poll_ms=5)
    if app.tasks.pending:
        settle(app, extra, quiet_ms, timeout_s)


# ---------------------------------------------------------------------------------------------
# Painting


class FrameProbe(QObject):
    """Watches one widget for ``Paint``; ``arm()`` before the action, then read the times.

    ``paint_at``: when the first paint after arming (and for which ``when()`` held) arrived.
    ``frame_at``: when that update round was over (painted and flushed): a zero timer posted
    from inside the paint runs only after the round has returned to the event loop.
    """

    def __init__(
        self,
        widget: QWidget,
        when: Callable[[], bool] | None = None,
        dispatch: Callable[[QEvent], object] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.when = when
        # With ``dispatch`` (e.g. a scroll area's ``viewportEvent``) the watched paint is run
        # right here, so its own duration is known too (``painted_at``).
        self.dispatch = dispatch
        self.armed = False
        self.paint_at: float | None = None
        self.painted_at: float | None = None
        self.frame_at: float | None = None
        self.on_frame: Callable[[], None] | None = None
        widget.installEventFilter(self)

    def arm(self, when: Callable[[], bool] | None = None) -> None:
        if when is not None:
            self.when = when
        self.paint_at = None
        self.painted_at = None
        self.frame_at = None
        self.armed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint and (self.when is None or self.when()):
            self.armed = False
            self.paint_at = now()
            QTimer.singleShot(0, self._frame_done)
            if self.dispatch is not None:
                self.dispatch(event)
                self.painted_at = now()
                return True
        return False

    def _frame_done(self) -> None:
        self.frame_at = now()
        if self.on_frame is not None:
            self.on_frame()

    def done(self) -> bool:
        return self.frame_at is not None


class TimerProbe(QObject):
    """Notes when a QTimer's timer event arrives (before its ``timeout`` slots run)."""

    def __init__(self, timer: QObject) -> None:
        super().__init__(timer)
        self.fired_at: float | None = None
        self.on_fire: Callable[[], None] | None = None
        timer.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer and self.fired_at is None:
            self.fired_at = now()
            if self.on_fire is not None:
                self.on_fire()
        return False


# ---------------------------------------------------------------------------------------------
# The database worker, timed


@dataclass
class Job:
    name: str
    submitted: float
    started: float | None = None
    ended: float | None = None
    delivered: float | None = None
    handled: float | None = None


@dataclass
class JobLog:
    """Wraps ``tasks.run_db`` of one window: every job's queue wait, run time and delivery."""

    jobs: list[Job] = field(default_factory=list)

    def install(self, app: AppContext) -> None:
        tasks = app.tasks
        original = tasks.run_db

        def run_db(fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
            job = Job(_job_name(fn), now())
            self.jobs.append(job)

            def work() -> Any:
                job.started = now()
                try:
                    return fn()
                finally:
                    job.ended = now()

            def deliver(future: Future[Any]) -> None:
                job.delivered = now()
                try:
                    done(future)
                finally:
                    job.handled = now()

            original(work, deliver)

        tasks.run_db = run_db  # type: ignore[method-assign]

    def since(self, t0: float) -> list[Job]:
        return [job for job in self.jobs if job.submitted >= t0]


def profile_rows(profiler: cProfile.Profile, calls: int, top: int = 16) -> list[dict[str, Any]]:
    """The functions with the most own time, per call of what was profiled."""
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
    return [
        {
            "where": _where(func),
            "ncalls": round(nc / calls, 1),
            "tottime_ms": round(tt * 1000 / calls, 2),
            "cumtime_ms": round(ct * 1000 / calls, 2),
        }
        for func, (_cc, nc, tt, ct, _callers) in rows
    ]


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = Path(filename)
    try:
        return f"{path.relative_to(ROOT)}:{line} {name}"
    except ValueError:
        parts = path.parts
        if "site-packages" in parts:
            rest = parts[parts.index("site-packages") + 1 :]
            return f"{'/'.join(rest)}:{line} {name}"
        return f"{path.name}:{line} {name}"


def _job_name(fn: Callable[[], Any]) -> str:
    owner = getattr(fn, "__self__", None)
    inner = getattr(owner, "fn", None)
    name = getattr(inner, "__qualname__", None) or getattr(fn, "__qualname__", repr(fn))
    return name.replace(".<locals>", "")


# ---------------------------------------------------------------------------------------------
# The window, built as run_app builds it


@dataclass
class Started:
    qapp: QApplication
    db: Database
    context: AppContext
    window: MainWindow
    backup: threading.Thread
    marks: dict[str, float]
    failures: list[str]


def start_like_run_app(data_dir: Path, lang: str = "zh_CN", *, show: bool = True) -> Started:
    """What ``desktop.ui.app._run_window`` does up to ``app.exec()``, step for step, with marks.

    Differences, none on the measured path: a failure raises instead of showing a message box,
    a missing station fails the benchmark instead of opening the first-run dialog, and an
    unexpected error is recorded (and fails the run) instead of opening the crash dialog.
    """
    marks: dict[str, float] = {}
    qapp = application(lang)
    marks["qapplication"] = now()
    log_path = setup_logging(data_dir)
    db_path = paths.database_path(data_dir)
    if not db_path.exists():
        raise BenchFailure(f"no database in {data_dir}")
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    marks["database_open"] = now()
    backup = threading.Thread(
        target=app_module._auto_backup,
        args=(db_path, paths.backup_dir(data_dir)),
        daemon=True,
    )
    backup.start()
    context = build_context(db, data_dir, log_path)
    failures: list[str] = []

    def record(error: BaseException) -> None:
        failures.append("".join(traceback.format_exception(error)))
        sys.stderr.write(failures[-1])

    context.report_bug = record  # type: ignore[method-assign]
    sys.excepthook = lambda kind, value, tb: record(value.with_traceback(tb))
    if not app_module._has_station(db):
        raise BenchFailure("the database has no station (the first-run dialog would open)")
    marks["first_run_check"] = now()
    window = MainWindow(context)
    for page in window.pages:
        if isinstance(page, SettingsPage):
            page.backup_box.restore_requested.connect(lambda _candidate: None)
    marks["window_built"] = now()
    if show:
        window.show()
        marks["shown"] = now()
        window.sync.start()
    return Started(qapp, db, context, window, backup, marks, failures)


def stop(started: Started) -> None:
    """What run_app's ``finally`` does (the worker joined, the database closed)."""
    started.window.sync.timer.stop()
    started.context.tasks.shutdown()
    started.db.close()


def hard_exit(code: int = 0) -> None:
    """Leave without Python's and Qt's teardown (it can take long and is not measured)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
