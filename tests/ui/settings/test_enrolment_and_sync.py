"""设置 → 注册 against a real county server, then 立即同步 from the 同步 page."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from settings_support import VILLAGE, County, MessageBoxes
from sqlalchemy import func, select

from desktop.models.changes import Changes
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import OutboxOp
from desktop.sync.credentials import CredentialStore
from desktop.ui.app_context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.settings.page import SettingsPage
from desktop.ui.sync.page import SyncPage


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]) -> MainWindow:
    with context.db.writing() as session:
        save_station(
            session, StationInput("测试村新时代文明实践站", VILLAGE[0], "华家镇", "农安县")
        )
    window = MainWindow(context)
    keep(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settings(window: MainWindow) -> SettingsPage:
    page = window.show_page(SettingsPage)
    assert isinstance(page, SettingsPage)
    return page


def _pending(context: AppContext) -> int:
    with context.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxOp)) or 0)


def _type(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def test_enrol_with_wrong_then_right_code_then_sync_now(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    county: County,
    message_boxes: MessageBoxes,
    tmp_path: Path,
) -> None:
    page = _settings(window)
    assert page.sync_box.enrol_button.text() == "注册"
    _type(qtbot, page.sync_box.server_url, county.url)
    _type(qtbot, page.sync_box.code, "AAAA-BBBB-CCCC")
    qtbot.mouseClick(page.sync_box.enrol_button, Qt.MouseButton.LeftButton)
    # The county's own reason, next to the code field.
    qtbot.waitUntil(lambda: page.sync_box.code_error.isVisible(), timeout=20_000)
    assert "注册码不正确" in page.sync_box.code_error.text()
    assert not CredentialStore(context.data_dir).load_settings().enrolled

    _type(qtbot, page.sync_box.code, county.enrol_code())
    qtbot.keyClick(page.sync_box.code, Qt.Key.Key_Return)  # Enter registers
    qtbot.waitUntil(lambda: "测试村" in page.sync_box.enrolment_status.text(), timeout=20_000)
    assert f"“测试村”（{VILLAGE[0]}）" in page.sync_box.enrolment_status.text()
    assert not page.sync_box.code_error.isVisible() and page.sync_box.code.text() == ""
    assert page.sync_box.enrol_button.text() == "重新注册"
    settings = CredentialStore(context.data_dir).load_settings()
    assert (settings.enrolled, settings.village_code) == (True, VILLAGE[0])
    window.grab().save(str(tmp_path / "settings-enrolled.png"))

    # 立即同步 on the 同步 page sends the station to the county.
    assert _pending(context) == 1
    sync_page = window.show_page(SyncPage)
    assert isinstance(sync_page, SyncPage)
    qtbot.waitUntil(lambda: "已注册为“测试村”" in sync_page.enrolment_label.text())
    broadcast: list[Changes] = []
    context.signals.records_changed.connect(broadcast.append)
    with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(sync_page.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] is not None, message_boxes.shown  # a SyncReport, not a failure
    # The pages hear what the round touched: the station it reported, and the sync's state.
    assert broadcast == [Changes(station=True, sync_state=True)]
    assert _pending(context) == 0
    qtbot.waitUntil(lambda: sync_page.log_model.rowCount() == 1)
    log = sync_page.log_view.model()
    result, trigger, details = (log.index(0, c).data() for c in range(1, 4))
    assert (result, trigger) == ("成功", "手动")
    assert details.startswith("上报 1 条")
    qtbot.waitUntil(lambda: sync_page.pending_label.text() == "0 条")
    assert sync_page.online_label.text() == "在线"
    assert window.status_pending.text() == "无待上报"
    assert message_boxes.shown == []
    window.grab().save(str(tmp_path / "sync-page-after-sync.png"))

    # A round with nothing to send or receive reloads no list: only the sync's own state.
    broadcast.clear()
    qtbot.waitUntil(sync_page.sync_button.isEnabled)
    with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(sync_page.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] is not None and finished.args[0].pulled == 0
    assert broadcast == [Changes(sync_state=True)]
    qtbot.waitUntil(sync_page.sync_button.isEnabled)

    # The county revokes this PC: the next sync is refused, and 设置 asks for re-enrolment.
    county.command("revoke", settings.device_id)
    with qtbot.waitSignal(window.sync.sync_finished, timeout=30_000):
        qtbot.mouseClick(sync_page.sync_button, Qt.MouseButton.LeftButton)
    assert message_boxes.shown == ["本机的注册已失效（可能已被县中心注销），请重新注册"]
    qtbot.waitUntil(lambda: "重新注册" in sync_page.online_label.text())
    assert "本机的注册已失效" in window.status_error.text()
    page = _settings(window)
    assert "县中心不再接受本机的注册" in page.sync_box.enrolment_status.text()
    assert page.sync_box.enrol_button.text() == "重新注册"
    window.grab().save(str(tmp_path / "settings-refused.png"))

    _type(qtbot, page.sync_box.code, county.enrol_code())
    qtbot.mouseClick(page.sync_box.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "不再接受" not in page.sync_box.enrolment_status.text(), timeout=20_000)
    assert not window.sync.needs_enrolment
    assert CredentialStore(context.data_dir).load_settings().device_id != settings.device_id


def test_enrolment_problems_are_shown_next_to_the_field(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _settings(window)
    _type(qtbot, page.sync_box.server_url, "wmsj.example.gov.cn")
    _type(qtbot, page.sync_box.code, "ABCD-EFGH-JKLM")
    qtbot.mouseClick(page.sync_box.enrol_button, Qt.MouseButton.LeftButton)
    assert page.sync_box.server_url_error.isVisible()
    assert "https://" in page.sync_box.server_url_error.text()

    # Nobody listens on this port: "can't reach the server" is about the address, not the code.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _type(qtbot, page.sync_box.server_url, f"http://127.0.0.1:{port}")
    qtbot.mouseClick(page.sync_box.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "连不上县中心服务器" in page.sync_box.server_url_error.text(), timeout=20_000)
    assert not page.sync_box.code_error.isVisible()
    assert not CredentialStore(context.data_dir).load_settings().enrolled


def test_station_details_are_edited_with_the_same_checks(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _settings(window)
    form = page.station_box.station_form
    qtbot.waitUntil(lambda: form.division_code.text() == VILLAGE[0])
    _type(qtbot, form.division_code, "22012210220")
    qtbot.mouseClick(page.station_box.station_save, Qt.MouseButton.LeftButton)
    assert "现在是 11 位" in form.errors["division_code"].text()
    assert _pending(context) == 1  # only the first create

    _type(qtbot, form.division_code, "220122102204")
    qtbot.keyClick(form.division_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已保存" in page.station_box.station_status.text())
    with context.db.reading() as session:
        ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))
    assert [(op.op, op.fields) for op in ops][1] == ("update", {"division_code": "220122102204"})
