"""The 群众需求 page: search as you type, filters, the count, and the keyboard paths."""

from __future__ import annotations

import pytest
from demand_support import contact_id, register, set_status
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_support import type_text

from desktop.models.changes import Changes
from desktop.models.db import Database
from desktop.models.demands import FiledDemand
from desktop.models.errors import StorageError
from desktop.ui.app_context import AppContext
from desktop.ui.demands import table_model as demand_table_model
from desktop.ui.demands.detail_dialog import DemandDetailDialog
from desktop.ui.demands.page import DemandsPage
from desktop.ui.demands.table_model import DemandTableModel


def _page(qtbot: QtBot, app: AppContext, host: QWidget) -> DemandsPage:
    page = DemandsPage(app, host)
    page.resize(host.size())
    host.show()
    with qtbot.waitSignal(page.model.total_counted, timeout=5000):
        page.refresh()
    return page


def _titles(page: DemandsPage) -> list[str]:
    model = page.model
    return [model.index(r, DemandTableModel.COL_TITLE).data() for r in range(model.rowCount())]


def test_find_by_pinyin_initials_and_open_with_enter(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    wanted = register(db, title="三组路灯坏了")
    register(
        db, title="想学智能手机", requester_contact_id=contact_id(db, "李四"), requester_name="李四"
    )
    page = _page(qtbot, app, host)
    assert page.count_label.text() == "共 2 条"

    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "zs")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 1 条", timeout=5000)
    assert _titles(page) == ["三组路灯坏了"]
    assert page.model.index(0, DemandTableModel.COL_REQUESTER).data() == "张三"

    page.table.setFocus()
    assert page.current_demand_id() == wanted  # the first row is selected
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.detail_dialog.dialog
    assert isinstance(dialog, DemandDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    assert dialog.isVisible()
    assert dialog.demand_id == wanted
    assert "三组路灯坏了" in dialog.heading.text()
    dialog.close()


def test_search_by_phone_digits_and_keyword(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    register(db, title="三组路灯坏了")
    register(
        db, title="想学智能手机", requester_contact_id=contact_id(db, "李四"), requester_name="李四"
    )
    page = _page(qtbot, app, host)
    qtbot.keyClicks(page.search_edit, "0000111")  # a piece of 李四's number
    qtbot.waitUntil(lambda: _titles(page) == ["想学智能手机"], timeout=5000)
    page.search_edit.clear()
    type_text(page.search_edit, "路灯")
    qtbot.waitUntil(lambda: _titles(page) == ["三组路灯坏了"], timeout=5000)
    page.search_edit.clear()
    type_text(page.search_edit, "没有这样的需求")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 0 条", timeout=5000)
    assert page.empty_label.isVisible()


def test_filters_and_clear(qtbot: QtBot, app: AppContext, db: Database, host: QWidget) -> None:
    register(db, title="三组路灯坏了")
    resolved = register(db, title="老人想理发")
    set_status(db, resolved, "RESOLVED")
    page = _page(qtbot, app, host)
    qtbot.waitUntil(lambda: page.category_combo.count() > 1, timeout=5000)

    page.awaiting_box.setChecked(True)
    qtbot.waitUntil(lambda: _titles(page) == ["老人想理发"], timeout=5000)
    page.awaiting_box.setChecked(False)
    page.status_combo.setCurrentIndex(page.status_combo.findText("已上报"))
    qtbot.waitUntil(lambda: _titles(page) == ["三组路灯坏了"], timeout=5000)
    page.category_combo.setCurrentIndex(page.category_combo.findText("卫生健康"))
    qtbot.waitUntil(lambda: page.count_label.text() == "共 0 条", timeout=5000)

    page.clear_button.click()
    qtbot.waitUntil(lambda: page.count_label.text() == "共 2 条", timeout=5000)


def test_the_list_follows_changes_made_elsewhere(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    page = _page(qtbot, app, host)
    app.signals.records_changed.connect(page.on_changes)  # as the main window passes it on
    assert page.count_label.text() == "共 0 条"
    assert page.empty_label.isVisible()
    assert not page.open_button.isEnabled()
    register(db, title="新来的需求")
    app.signals.records_changed.emit(Changes(demands=True))
    qtbot.waitUntil(lambda: page.count_label.text() == "共 1 条", timeout=5000)
    assert page.open_button.isEnabled()


def test_ctrl_n_opens_the_register_form(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    page = _page(qtbot, app, host)
    page.activateWindow()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.register_dialog.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.requester.name_edit)
    dialog.reject()


def test_a_new_demand_is_selected_for_its_receipt(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    register(db, title="早先的需求")
    page = _page(qtbot, app, host)
    app.signals.records_changed.connect(page.on_changes)
    filed = _file(qtbot, page, "刚登记的需求")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 2 条", timeout=5000)
    qtbot.waitUntil(lambda: page.current_demand_id() == filed.id, timeout=5000)
    assert filed.number in page.message_label.text()
    assert page.receipt_button.isEnabled()
    assert page.receipt_target() == filed.id


def _file(qtbot: QtBot, page: DemandsPage, title: str) -> FiledDemand:
    """Register an anonymous demand through the page's form; what was filed."""
    filed: list[FiledDemand] = []
    page.open_register_dialog()
    dialog = page.register_dialog.dialog
    assert dialog is not None
    dialog.demand_filed.connect(filed.append)
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    dialog.requester.anonymous_box.setChecked(True)
    dialog.category_combo.setCurrentIndex(1)
    type_text(dialog.title_edit, title)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(filed) and page.register_dialog.dialog is None, timeout=5000)
    return filed[0]


def test_the_receipt_after_registering_is_the_new_demand_even_when_the_search_hides_it(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    """点单 or 登记 while a search shows another villager's demand: 打印回执 prints the new one."""
    register(db, title="三组路灯坏了")
    page = _page(qtbot, app, host)
    app.signals.records_changed.connect(page.on_changes)
    type_text(page.search_edit, "路灯")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 1 条", timeout=5000)
    assert page.current_demand_id() is not None  # 张三's demand is selected

    filed = _file(qtbot, page, "想学智能手机")
    qtbot.waitUntil(lambda: "看不到它" in page.message_label.text(), timeout=5000)
    assert page.count_label.text() == "共 1 条"  # the search still hides the new demand
    assert page.current_demand_id() is None
    assert page.receipt_target() == filed.id
    page.receipt_button.click()
    qtbot.waitUntil(lambda: page.receipt_prompt.dialog is not None, timeout=5000)
    prompt = page.receipt_prompt.dialog
    assert prompt is not None and prompt.text() == f"需求 {filed.number} 的回执"
    prompt.reject()
    qtbot.waitUntil(lambda: page.receipt_prompt.dialog is None)

    # Once the officer picks a row, the receipt is that row's again.
    page.table.selectRow(0)
    assert page.receipt_target() == page.current_demand_id() != filed.id


def test_a_failed_read_is_said_plainly(
    qtbot: QtBot, app: AppContext, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, app, host)

    def busy(*_args: object, **_kwargs: object) -> list[object]:
        raise StorageError("数据文件正被其他程序占用，请稍后再试。")

    monkeypatch.setattr(demand_table_model, "list_demands", busy)
    type_text(page.search_edit, "路灯")
    qtbot.waitUntil(lambda: page.count_label.text() == "读取失败", timeout=5000)
    assert page.message_label.text() == "数据文件正被其他程序占用，请稍后再试。"
