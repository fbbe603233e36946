"""The one entry point of sync in the window: 立即同步, the automatic timer, the status bar.

Automatic sync runs every few minutes; after an "offline" result it probes more often so the
outbox leaves as soon as the connection returns. Errors of a sync the officer started are shown
in a dialog; errors of unattended syncs only in the status bar and the sync log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.orm import Session

from desktop.models.base import utcnow
from desktop.models.errors import LiaisonError
from desktop.models.sync_views import pending_records
from desktop.sync import state
from desktop.sync.engine import SyncReport
from desktop.sync.history import append_sync_run, finished_run, run_round
from desktop.sync.package import Exported, export_package, import_answer
from desktop.sync.transport import Cancelled, Offline, SyncError, Unauthorized, UpdateRequired
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.operations import DbOp, NetOp
from desktop.ui.common.taskman import OpContext
from desktop.ui.instance import SYNC_LOCK, FolderLock

log = logging.getLogger(__name__)

AUTO_INTERVAL_MS = 5 * 60 * 1000
OFFLINE_RETRY_MS = 30 * 1000


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    online: bool | None  # None: not tried yet
    pending: int  # records waiting to be reported
    last_success: str
    last_error: str
    running: bool = False
    # What waits, per kind of record: (label, records), the most first.
    pending_kinds: tuple[tuple[str, int], ...] = ()


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    sync_finished = Signal(object)  # SyncReport | None

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.running = False
        self.online: bool | None = None
        # The county refused this PC's token: automatic sync stops until it is enrolled again.
        self.needs_enrolment = False
        self._started = False
        # Held while a round runs: a scheduled `liaison sync --once` waits its turn, and so
        # does this window for one.
        self._sync_lock = FolderLock(app.data_dir, SYNC_LOCK)
        self._status = SyncStatus(False, None, 0, "", "")
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.sync_now(user_started=False))
        self.app.signals.records_changed.connect(lambda _changes: self.refresh_status())

    def start(self) -> None:
        """Begin automatic sync (the first round shortly after the window opened)."""
        self._started = True
        self.timer.start(AUTO_INTERVAL_MS)
        QTimer.singleShot(3000, lambda: self.sync_now(user_started=False))
        self.refresh_status()

    @property
    def status(self) -> SyncStatus:
        """The status last published (pages built later show it without waiting)."""
        return self._status

    def enrolment_changed(self) -> None:
        """The officer (re-)enrolled this PC in 设置: resume automatic sync."""
        self.needs_enrolment = False
        self.online = None
        if self._started:
            self.timer.start(AUTO_INTERVAL_MS)
        self.refresh_status()

    def enrolled(self) -> bool:
        return self.app.credentials.load_settings().enrolled

    def refresh_status(self) -> None:
        def load(session: Session, _ctx: OpContext) -> tuple[list[tuple[str, int]], str, str]:
            return (
                pending_records(session),
                state.get_state(session, state.LAST_SUCCESS),
                state.get_state(session, state.LAST_ERROR),
            )

        DbOp(None, self.app, load).success(self._publish).run_in_background()

    def _publish(self, loaded: tuple[list[tuple[str, int]], str, str]) -> None:
        kinds, last_success, last_error = loaded
        self._status = SyncStatus(
            self.enrolled(),
            self.online,
            sum(count for _label, count in kinds),
            last_success,
            last_error,
            self.running,
            tuple(kinds),
        )
        self.status_changed.emit(self._status)

    def sync_now(self, *, user_started: bool = True) -> None:
        if self.running:
            return
        if not self.enrolled():
            if user_started:
                dialogs.notify(
                    self.app.window,
                    self.app.title,
                    self.tr("本机还没有在县中心注册。请到“设置”页填写服务器地址和注册码。"),
                    icon=QMessageBox.Icon.Information,
                )
            return
        if not self._sync_lock.try_lock():
            log.info("another sync round of this data folder is running; this one is skipped")
            if user_started:
                dialogs.notify(
                    self.app.window,
                    self.app.title,
                    self.tr("计划任务正在与县中心同步，请稍等一会儿再点“立即同步”。"),
                    icon=QMessageBox.Icon.Information,
                )
            return
        self.running = True
        self.refresh_status()

        def run(ctx: OpContext) -> SyncReport:
            return run_round(
                self.app.db,
                self.app.data_dir,
                user_started=user_started,
                progress=lambda phase, done, total: ctx.report(done, total, _phase(phase)),
                cancelled=ctx.cancelled,
            )

        op = NetOp(self.app.window if user_started else None, self.app, run)
        if user_started:
            op.with_progress(self.tr("正在与县中心同步…"))
        op.success(self._done).failure(lambda error: self._failed(error, user_started))
        op.run_in_background()

    def _done(self, report: SyncReport) -> None:
        self.running = False
        self._sync_lock.unlock()
        self.online = True
        self.needs_enrolment = False
        self.timer.start(AUTO_INTERVAL_MS)
        log.info("sync finished: %s", report.summary())
        # Only what the round touched reloads: a round that brought nothing reloads no list.
        self.app.signals.records_changed.emit(report.changes)
        self.sync_finished.emit(report)
        self.refresh_status()

    def _failed(self, error: BaseException, user_started: bool) -> None:
        self.running = False
        self._sync_lock.unlock()
        if not isinstance(error, SyncError):
            self.sync_finished.emit(None)
            self.refresh_status()
            self.app.report_bug(error)
            return
        log.warning("sync failed: %s", error.message)
        self.online = not isinstance(error, Offline)
        # Offline: probe again soon, so the outbox leaves as soon as the network is back.
        self.timer.start(OFFLINE_RETRY_MS if isinstance(error, Offline) else AUTO_INTERVAL_MS)
        if isinstance(error, Unauthorized | UpdateRequired):
            self.timer.stop()
        self.needs_enrolment = isinstance(error, Unauthorized)
        self.sync_finished.emit(None)
        self.refresh_status()
        if user_started:
            dialogs.notify(self.app.window, self.app.title, error.message)

    # --- 同步包 by USB stick ---------------------------------------------------------------

    def export_package(self, path: Path, *, done: Callable[[Exported], None]) -> None:
        """Write the 同步包 (what waits, with its photos) to ``path``."""
        data_dir = self.app.data_dir

        def run(_ctx: OpContext) -> Exported:
            return export_package(self.app.db, data_dir, path)

        NetOp(self.app.window, self.app, run).with_progress(
            self.tr("正在导出同步包…"), cancellable=False
        ).success(done).run_in_background()

    def import_answer(self, path: Path, *, done: Callable[[SyncReport], None]) -> None:
        """Apply the county's 回执包 at ``path`` like a sync round (never during one)."""
        if self.running or not self._sync_lock.try_lock():
            dialogs.notify(
                self.app.window,
                self.app.title,
                self.tr("正在与县中心同步，请等同步结束后再导入回执包。"),
                icon=QMessageBox.Icon.Information,
            )
            return
        self.running = True
        self.refresh_status()
        data_dir = self.app.data_dir

        def run(ctx: OpContext) -> SyncReport:
            started = utcnow()
            report = import_answer(
                self.app.db,
                data_dir,
                path,
                progress=lambda phase, count, total: ctx.report(count, total, _phase(phase)),
                cancelled=ctx.cancelled,
            )
            append_sync_run(data_dir, finished_run(started, report, user_started=True))
            return report

        def finished(report: SyncReport) -> None:
            self._package_finished()
            self.app.signals.records_changed.emit(report.changes)
            self.sync_finished.emit(report)
            done(report)

        def failed(error: BaseException) -> None:
            self._package_finished()
            if isinstance(error, LiaisonError):
                dialogs.notify(self.app.window, self.app.title, error.message)
            elif not isinstance(error, Cancelled):
                self.app.report_bug(error)

        NetOp(self.app.window, self.app, run).with_progress(self.tr("正在导入回执包…")).success(
            finished
        ).failure(failed).run_in_background()

    def _package_finished(self) -> None:
        self.running = False
        self._sync_lock.unlock()
        self.refresh_status()


def _phase(phase: str) -> str:
    return {
        "push": "正在上报本村记录…",
        "pull": "正在接收县中心的更新…",
        "photos": "正在上传照片…",
        "photos-down": "正在下载照片…",
    }.get(phase, "")
