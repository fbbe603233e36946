"""设置 → 备份与恢复: a verified copy made on the database worker, and a restore that happens
only with the database closed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from settings_support import MessageBoxes

from desktop import paths
from desktop.models.backup import backup_database
from desktop.models.db import open_database
from desktop.models.station_setup import StationInput, load_station, save_station
from desktop.ui import app as app_module
from desktop.ui.app_context import AppContext
from desktop.ui.settings.backup_box import backup_label
from desktop.ui.settings.page import SettingsPage
from desktop.ui.sync.controller import SyncController


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]) -> SettingsPage:
    with context.db.writing() as session:
        save_station(session, StationInput("测试村新时代文明实践站", "220122102203"))
    page = SettingsPage(context, SyncController(context))
    keep(page)
    page.show()
    page.refresh()
    return page


def test_backup_now_writes_a_checked_copy(
    qtbot: QtBot, page: SettingsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "U盘" / "备份.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    page.backup_box.backup_button.click()
    qtbot.waitUntil(lambda: "已备份到" in page.backup_box.backup_status.text(), timeout=10_000)
    assert str(out) in page.backup_box.backup_status.text()
    copy = open_database(out)
    try:
        with copy.reading() as session:
            station = load_station(session)
        assert station is not None and station.name == "测试村新时代文明实践站"
    finally:
        copy.close()


def test_restore_is_confirmed_then_handed_to_the_start_up_code(
    qtbot: QtBot,
    page: SettingsPage,
    context: AppContext,
    message_boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = backup_database(context.db.path, paths.backup_dir(context.data_dir), reason="auto")
    page.refresh()
    qtbot.waitUntil(lambda: page.backup_box.backup_list.count() == 1)
    assert page.backup_box.backup_list.item(0).text() == backup_label(made)
    assert backup_label(made).startswith("自动备份 · ")

    # Without the start-up code (e.g. in self-test) the page shows the exact command instead.
    page.backup_box.backup_list.setCurrentRow(0)
    page.backup_box.restore_selected_button.click()
    qtbot.waitUntil(lambda: len(message_boxes.shown) == 1)
    assert f'liaison restore "{made}" --data-dir "{context.data_dir}"' in message_boxes.shown[0]

    requested: list[Path] = []
    page.backup_box.restore_requested.connect(requested.append)
    message_boxes.answer = "取消"
    page.backup_box.restore_selected_button.click()
    qtbot.waitUntil(lambda: len(message_boxes.shown) == 2)
    assert requested == []

    message_boxes.answer = "恢复"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(made), ""))
    page.backup_box.restore_file_button.click()
    qtbot.waitUntil(lambda: requested == [made])


def test_a_file_that_is_no_backup_is_refused(
    qtbot: QtBot, page: SettingsPage, message_boxes: MessageBoxes, tmp_path: Path
) -> None:
    requested: list[Path] = []
    page.backup_box.restore_requested.connect(requested.append)
    message_boxes.answer = "恢复"
    bogus = tmp_path / "照片.db"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    page.backup_box.restore_from(bogus)
    qtbot.waitUntil(lambda: len(message_boxes.shown) == 1)
    assert "不是数据库备份文件" in message_boxes.shown[0]
    assert requested == []


def test_start_up_code_restores_with_the_database_closed(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    db = open_database(paths.database_path(data_dir))
    with db.writing() as session:
        save_station(session, StationInput("旧名字实践站", "220122102203"))
    backup = backup_database(db.path, paths.backup_dir(data_dir))
    with db.writing() as session:
        save_station(session, StationInput("新名字实践站", "220122102203"))
    db.close()

    message = app_module._restore(backup, data_dir)
    assert message.startswith(f"已从备份“{backup.name}”恢复数据。恢复前的数据库已另存为 ")
    db = open_database(paths.database_path(data_dir))
    try:
        with db.reading() as session:
            station = load_station(session)
        assert station is not None and station.name == "旧名字实践站"
    finally:
        db.close()
    kept = [p for p in paths.backup_dir(data_dir).iterdir() if p.name.startswith("pre-restore-")]
    assert len(kept) == 1  # the replaced database can be got back
