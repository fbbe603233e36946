"""The program's start-up: the first-run dialog before the main window, the demo choice, and the
restart that restores a backup with the database closed."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot
from settings_support import MessageBoxes

from desktop import paths
from desktop.demo import generate as demo_generate
from desktop.models.backup import backup_database
from desktop.models.db import open_database
from desktop.models.errors import LiaisonError
from desktop.models.station_setup import StationInput, load_station, save_station
from desktop.ui import app as app_module
from desktop.ui.main_window import MainWindow
from desktop.ui.settings.first_run_dialog import FirstRunDialog
from desktop.ui.settings.page import SettingsPage


@pytest.fixture(autouse=True)
def _quiet_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app installs a log file handler and an excepthook; keep both out of other tests."""
    monkeypatch.setattr(app_module, "setup_logging", lambda data_dir: data_dir / "log.txt")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(
        demo_generate, "DemoSize", functools.partial(demo_generate.DemoSize, 20, 10, 2, 2)
    )


def _when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Once a visible top-level widget of ``kind`` exists, do ``act`` to it (once)."""
    timer = QTimer(QApplication.instance())

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                timer.stop()
                timer.deleteLater()
                act(widget)
                return

    timer.timeout.connect(poll)
    timer.start(50)


def test_cancelling_the_first_run_quits_without_a_station(qtbot: QtBot, tmp_path: Path) -> None:
    _when_shown(FirstRunDialog, lambda dialog: dialog.reject())
    assert app_module.run_app(tmp_path, demo=False, lang="zh_CN") == 0
    db = open_database(paths.database_path(tmp_path))
    try:
        with db.reading() as session:
            assert load_station(session) is None
    finally:
        db.close()


def test_demo_choice_opens_the_demo_folder_then_restore_restarts_the_window(
    qtbot: QtBot, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    demo_dir = tmp_path / app_module.DEMO_FOLDER
    windows: list[MainWindow] = []

    def in_demo_window(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        windows.append(window)
        assert window.app.data_dir == demo_dir
        # Change the station, then restore the backup taken before the change.
        backup = backup_database(window.app.db.path, paths.backup_dir(demo_dir))
        with window.app.db.writing() as session:
            save_station(session, StationInput("改过的名字", "220122102203"))
        [settings] = [p for p in window.pages if isinstance(p, SettingsPage)]
        _when_shown(MainWindow, after_restore)
        settings.backup_box.restore_requested.emit(backup)

    def after_restore(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        windows.append(window)
        window.close()

    _when_shown(FirstRunDialog, lambda dialog: dialog.done(FirstRunDialog.DEMO))
    _when_shown(MainWindow, in_demo_window)
    assert app_module.run_app(tmp_path, demo=False, lang="zh_CN") == 0

    assert len(windows) == 2 and windows[0] is not windows[1]
    assert any(text.startswith("已从备份") for text in message_boxes.shown), message_boxes.shown
    db = open_database(paths.database_path(demo_dir))
    try:
        with db.reading() as session:
            station = load_station(session)
        assert station is not None and station.name != "改过的名字"
    finally:
        db.close()
    assert _no_station(tmp_path)  # the real data folder is untouched


def _no_station(data_dir: Path) -> bool:
    db = open_database(paths.database_path(data_dir))
    try:
        with db.reading() as session:
            return load_station(session) is None
    finally:
        db.close()


def test_slow_start_up_work_keeps_events_flowing_behind_a_busy_dialog(qtbot: QtBot) -> None:
    """Opening a database that must first be migrated (seconds for a big village) runs in a
    thread: the event loop keeps running, a busy dialog appears once it takes longer than the
    threshold, and the result or the error comes back."""
    release = threading.Event()
    ticks: list[int] = []
    seen: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    def watch() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        seen.extend(d.labelText() for d in dialogs)
        if len(ticks) > 20:
            release.set()

    watcher = QTimer()
    watcher.timeout.connect(watch)
    watcher.start(20)

    def work() -> str:
        assert release.wait(10)
        return "opened"

    assert app_module.busy("正在打开数据文件…", work, show_after_s=0.1) == "opened"
    timer.stop()
    watcher.stop()
    assert len(ticks) > 20  # the loop ran while the work waited
    assert "正在打开数据文件…" in seen
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]

    # Quick work shows no dialog; an error comes back as itself.
    seen.clear()
    watcher.start(5)
    assert app_module.busy("快", lambda: 42, show_after_s=5) == 42
    watcher.stop()
    assert seen == []

    def fail() -> None:
        raise LiaisonError("数据文件已损坏")

    with pytest.raises(LiaisonError, match="已损坏"):
        app_module.busy("正在打开数据文件…", fail)
