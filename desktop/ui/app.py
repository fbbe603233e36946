"""Starting the program: QApplication, the database, the main window."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import paths
from desktop.models.backup import maybe_auto_backup
from desktop.models.db import Database, open_database
from desktop.models.errors import LiaisonError
from desktop.models.queries import CHINA_TZ
from desktop.models.summary import workbench_summary
from desktop.ui.main_window import MainWindow


def _today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationDisplayName("联络员工作台")
    return app


def build_self_test_window(db: Database) -> str:
    """Build (not show) the main window on ``db``; returns a one-line summary for self-test."""
    app = _application()
    with db.reading() as session:
        summary = workbench_summary(session, _today())
    window = MainWindow(summary)
    window.grab()
    window.close()
    app.processEvents()
    station = summary.station_name or "尚未设置站点"
    return (
        f"站点：{station}；需求 {summary.demands_total} 条，村民 {summary.contacts} 人，"
        f"待上报 {summary.pending_sync} 条；主窗口构建正常"
    )


def run_app(data_dir: Path, *, demo: bool, lang: str) -> int:
    app = _application()
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
    try:
        with db.reading() as session:
            summary = workbench_summary(session, _today())
        window = MainWindow(summary)
        window.show()
        return app.exec()
    finally:
        db.close()


def _auto_backup(db_path: Path, backup_dir: Path) -> None:
    try:
        maybe_auto_backup(db_path, backup_dir)
    except LiaisonError as error:
        # Unattended work reports to the log, not a dialog (the status bar comes with the UI).
        print(f"自动备份失败：{error.message}", file=sys.stderr)
