"""Starting the program: QApplication, translations, logging, the database, the main window."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import paths
from desktop.logs import setup_logging
from desktop.models.backup import maybe_auto_backup
from desktop.models.db import Database, open_database
from desktop.models.errors import LiaisonError
from desktop.ui.app_context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.taskman import TaskManager

log = logging.getLogger(__name__)

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
    return AppContext(db=db, data_dir=data_dir, tasks=TaskManager(), log_path=log_path)


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


def run_app(data_dir: Path, *, demo: bool, lang: str) -> int:
    app = application(lang)
    log_path = setup_logging(data_dir)
    db_path = paths.database_path(data_dir)
    try:
        if demo and not db_path.exists():
            from desktop.models.demo import DemoSize, generate_demo

            demo_db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
            try:
                generate_demo(demo_db, DemoSize())
            finally:
                demo_db.close()
        db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    except LiaisonError as error:
        QMessageBox.critical(None, "联络员工作台", error.message)
        return 1
    # The daily rotating backup runs beside the window; the backup API copies a live database.
    threading.Thread(
        target=_auto_backup, args=(db_path, paths.backup_dir(data_dir)), daemon=True
    ).start()
    context = build_context(db, data_dir, log_path)
    sys.excepthook = lambda kind, value, tb: _on_uncaught(context, kind, value, tb)
    try:
        window = MainWindow(context)
        window.show()
        window.sync.start()
        return app.exec()
    finally:
        context.tasks.shutdown()
        db.close()


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
