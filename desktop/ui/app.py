"""Starting the program: QApplication, translations, logging, the database, the main window."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from desktop import paths
from desktop.logs import setup_logging
from desktop.models.backup import maybe_auto_backup, restore_database
from desktop.models.db import Database, open_database
from desktop.models.errors import LiaisonError
from desktop.models.station_setup import load_station
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import fit_to_screen
from desktop.ui.common.preferences import Preferences
from desktop.ui.common.taskman import TaskManager
from desktop.ui.instance import WindowInstance, bring_running_window_forward
from desktop.ui.main_window import MainWindow
from desktop.ui.settings.first_run_dialog import FirstRunDialog
from desktop.ui.settings.page import SettingsPage

log = logging.getLogger(__name__)
T = TypeVar("T")

# The demo data lives in its own folder inside the data folder (``liaison --demo`` uses it too).
DEMO_FOLDER = "demo"

# Readable by default on an office PC: body text of about 11 pt (Qt's default is 9).
BASE_POINT_SIZE = 11.0


def application(lang: str = "zh_CN") -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationDisplayName("联络员工作台")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(font)
    install_translations(app, lang)
    return app


def install_translations(app: QApplication, lang: str) -> None:
    """Chinese is the source language; other languages load ``resources/i18n/liaison_<lang>.qm``
    plus Qt's own ``qtbase`` catalogue (standard buttons and dialogs)."""
    QLocale.setDefault(QLocale(lang))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (
        (f"qtbase_{lang}", qt_dir),
        (f"liaison_{lang}", str(paths.resource_path("i18n"))),
    ):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
        elif not lang.startswith("zh") or name.startswith("qtbase"):
            log.info("no translation %s in %s", name, folder)


def build_context(db: Database, data_dir: Path, log_path: Path) -> AppContext:
    return AppContext(
        db=db,
        data_dir=data_dir,
        tasks=TaskManager(),
        log_path=log_path,
        preferences=Preferences(data_dir),
    )


def build_self_test_window(db: Database, data_dir: Path | None = None) -> str:
    """Build (not show) the main window on ``db``; returns a one-line summary for self-test."""
    app = application()
    folder = data_dir or db.path.parent
    context = build_context(db, folder, paths.log_dir(folder) / "liaison.log")
    window = MainWindow(context)
    window.grab()
    pages = len(window.pages)
    window.close()
    context.tasks.shutdown()
    app.processEvents()
    return f"主窗口构建正常（{pages} 个页面）"


@dataclass(frozen=True)
class _Start:
    """How to open the window: the data folder, demo or not, and a backup to restore first."""

    data_dir: Path
    demo: bool
    restore_from: Path | None = None


def run_app(data_dir: Path, *, demo: bool, lang: str) -> int:
    """Run the program window. The window starts again in the same process to switch to the
    demo data (first run) or to restore a backup, which needs the database closed."""
    app = application(lang)
    start: _Start | int = _Start(data_dir, demo)
    while isinstance(start, _Start):
        start = _run_window(app, start)
    return start


def _run_window(app: QApplication, start: _Start) -> _Start | int:
    """One window on ``start.data_dir``, unless that folder's window is open already."""
    instance = WindowInstance(start.data_dir)
    if not instance.claim():
        return _already_open(start.data_dir, instance)
    try:
        return _open_window(app, start, instance)
    finally:
        instance.release()


def _already_open(data_dir: Path, instance: WindowInstance) -> int:
    """A second start on the same data folder: the running window comes to the front."""
    if bring_running_window_forward(data_dir):
        print("联络员工作台已经打开，已切换到打开的窗口。")
        return 0
    holder = instance.lock.holder()
    process = f"，进程 {holder}" if holder else ""
    QMessageBox.information(
        None,
        "联络员工作台",
        f"联络员工作台已经打开了（数据文件夹：{data_dir}{process}）。请在任务栏上切换到已打开的窗口。",
    )
    return 0


def _open_window(app: QApplication, start: _Start, instance: WindowInstance) -> _Start | int:
    data_dir = start.data_dir
    log_path = setup_logging(data_dir)
    db_path = paths.database_path(data_dir)
    restored = _restore(start.restore_from, data_dir) if start.restore_from else ""
    try:
        if start.demo and not db_path.exists():
            _generate_demo(data_dir)
        db = busy(
            "正在打开数据文件，请稍候…\n（更新程序后第一次打开时要整理数据，可能需要一两分钟）",
            lambda: open_database(db_path, backup_dir=paths.backup_dir(data_dir)),
            show_after_s=OPEN_BUSY_AFTER_S,
        )
    except LiaisonError as error:
        QMessageBox.critical(None, "联络员工作台", error.message)
        return 1
    # The daily rotating backup runs beside the window; the backup API copies a live database.
    backup = threading.Thread(
        target=_auto_backup, args=(db_path, paths.backup_dir(data_dir)), daemon=True
    )
    backup.start()
    context = build_context(db, data_dir, log_path)
    sys.excepthook = lambda kind, value, tb: _on_uncaught(context, kind, value, tb)
    restart: list[_Start] = []
    try:
        if not _has_station(db):
            first_run = FirstRunDialog(context)
            fit_to_screen(first_run)
            choice = first_run.exec()  # start-up: no window and no event loop yet
            if choice == FirstRunDialog.DEMO:
                return _Start(data_dir / DEMO_FOLDER, demo=True)
            if choice != QDialog.DialogCode.Accepted:
                return 0
        window = MainWindow(context)
        instance.activation_requested.connect(window.bring_to_front)

        def restore_later(candidate: Path) -> None:
            restart.append(_Start(data_dir, start.demo, candidate))
            window.sync.timer.stop()
            window.close()

        for page in window.pages:
            if isinstance(page, SettingsPage):
                page.backup_box.restore_requested.connect(restore_later)
        window.show()
        log.info("main window shown on %s", data_dir)
        if restored:
            QTimer.singleShot(
                0,
                lambda: dialogs.notify(
                    window, context.title, restored, icon=QMessageBox.Icon.Information
                ),
            )
        window.sync.start()
        code = app.exec()
        window.deleteLater()
        return restart[0] if restart else code
    finally:
        context.tasks.shutdown()
        db.close()
        if restart:
            backup.join()  # the restore must not replace the file under a running copy


def _has_station(db: Database) -> bool:
    with db.reading() as session:
        return load_station(session) is not None


def _generate_demo(data_dir: Path) -> None:
    """Fill the demo folder's new database (a few seconds) while a busy dialog stays painted."""
    from desktop.demo.generate import DemoSize, generate_demo

    def generate() -> None:
        db_path = paths.database_path(data_dir)
        demo_db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
        try:
            generate_demo(demo_db, DemoSize())
        finally:
            demo_db.close()

    busy("正在生成演示数据，请稍候…", generate)


# A database opens in well under this; the busy dialog shows only when it takes longer (the
# first opening after an update that migrates the file: ~10 s for 100,000 demands).
OPEN_BUSY_AFTER_S = 0.5


def busy(text: str, work: Callable[[], T], *, show_after_s: float = 0.0) -> T:
    """Run ``work`` in a thread while the event loop keeps going, with a busy dialog saying
    ``text`` once it has taken ``show_after_s``; returns its result or raises its error.
    For start-up work before any window exists (nothing to cancel: it must finish)."""
    dialog: QProgressDialog | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="busy") as pool:
        future = pool.submit(work)
        shown_at = time.monotonic() + show_after_s
        while not future.done():
            if dialog is None and time.monotonic() >= shown_at:
                dialog = QProgressDialog(text, "", 0, 0)
                dialog.setWindowTitle("联络员工作台")
                dialog.setCancelButton(None)
                dialog.setMinimumDuration(0)
                dialog.show()
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            wait([future], timeout=0.05)
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
    return future.result()


def _restore(candidate: Path, data_dir: Path) -> str:
    """Restore ``candidate`` while no database is open; returns what to tell the officer."""
    try:
        saved = restore_database(
            candidate, paths.database_path(data_dir), paths.backup_dir(data_dir)
        )
    except LiaisonError as error:
        QMessageBox.warning(None, "联络员工作台", f"没有恢复：{error.message}")
        return ""
    except OSError as error:
        QMessageBox.warning(
            None,
            "联络员工作台",
            f"没有恢复：无法替换数据文件（{error.strerror}）。请关闭其他使用它的程序后再试。",
        )
        return ""
    log.info("restored the database from %s (previous copy: %s)", candidate, saved)
    message = f"已从备份“{candidate.name}”恢复数据。"
    if saved is not None:
        message += f"恢复前的数据库已另存为 {saved}"
    return message


def _on_uncaught(
    context: AppContext, kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    context.report_bug(value.with_traceback(tb))


def _auto_backup(db_path: Path, backup_dir: Path) -> None:
    try:
        maybe_auto_backup(db_path, backup_dir)
    except LiaisonError as error:
        # Unattended work reports to the log, not a dialog.
        log.warning("自动备份失败：%s", error.message)
