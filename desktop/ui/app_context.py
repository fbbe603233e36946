"""The services every window part needs, passed in through constructors (no globals)."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.db import Database
from desktop.sync.credentials import CredentialStore
from desktop.ui.common import dialogs
from desktop.ui.common.preferences import Preferences
from desktop.ui.common.taskman import TaskManager

log = logging.getLogger(__name__)


class AppSignals(QObject):
    records_changed = Signal(object)  # desktop.models.changes.Changes
    sync_state_changed = Signal()


@dataclass
class AppContext:
    db: Database
    data_dir: Path
    tasks: TaskManager
    log_path: Path
    preferences: Preferences
    signals: AppSignals = field(default_factory=AppSignals)
    title: str = "联络员工作台"
    window: QWidget | None = None
    # The data folder's sync settings (server, village, CA file, proxy), read once and kept
    # current by the saves made through it. Never the keyring on the GUI thread: the token is
    # read by the sync's own store, in its worker thread (desktop/sync/setup.transport_for).
    credentials: CredentialStore = field(init=False)

    def __post_init__(self) -> None:
        self.credentials = CredentialStore(self.data_dir, use_keyring=False)

    def report_bug(self, error: BaseException) -> None:
        """A failure nobody planned for: log it and tell the officer where the details are."""
        details = "".join(traceback.format_exception(error))
        log.error("unexpected error\n%s", details)
        dialogs.notify(
            self.window,
            self.title,
            QCoreApplication.translate(
                "AppContext", "程序出了一个意外错误，已记录到日志文件。您已保存的数据不受影响。"
            ),
            icon=QMessageBox.Icon.Critical,
            informative=QCoreApplication.translate("AppContext", "日志文件：{0}").format(
                self.log_path
            ),
            details=details,
        )
