"""点单 from the county's service menu, and the small models of the demand screens."""

from __future__ import annotations

from demand_support import add_menu_item, contact_id
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import type_text

from desktop.models.db import Database
from desktop.models.demand import Demand
from desktop.models.queries import ContactRow
from desktop.ui.app_context import AppContext
from desktop.ui.demands.menu_order_dialog import MenuOrderDialog
from desktop.ui.demands.requester import ContactSuggestionTableModel


def _open(qtbot: QtBot, app: AppContext, host: QWidget) -> MenuOrderDialog:
    dialog = MenuOrderDialog(app, host)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    return dialog


def test_no_menu_yet(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    dialog = _open(qtbot, app, host)
    assert "县中心尚未发布服务菜单" in dialog.empty_label.text()
    assert dialog.empty_label.isVisible()
    assert not dialog.save_button.isEnabled()


def test_order_from_the_menu(
    qtbot: QtBot, app: AppContext, db: Database, qtmodeltester: ModelTester, host: QWidget
) -> None:
    item_id = add_menu_item(db, "上门理发")
    add_menu_item(db, "家电维修")
    dialog = _open(qtbot, app, host)
    qtmodeltester.check(dialog.menu_model)
    assert dialog.menu_model.rowCount() == 2
    assert dialog.selected_item() is not None
    dialog.menu_view.selectRow(
        next(r for r, i in enumerate(dialog.menu_model.items) if i.id == item_id)
    )
    assert dialog.title_edit.text() == "上门理发"
    assert dialog.menu_model.index(0, 1).data() == "便民服务 · 理发"

    # Without a requester the error sits next to the name, and nothing is filed.
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.requester.name_error.isVisible(), timeout=5000)

    qtbot.keyClicks(dialog.requester.name_edit, "ls")
    popup = dialog.requester.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible(), timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.requester.picked_contact_id() == contact_id(db, "李四")
    type_text(dialog.description_edit, "周六上午")
    with qtbot.waitSignal(dialog.demand_filed, timeout=5000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)

    with db.reading() as session:
        [demand] = session.scalars(select(Demand))
    assert demand.channel == "MENU_ORDER"
    assert demand.menu_item_id == item_id
    assert (demand.category_code, demand.topic_code) == ("CONVENIENCE", "haircut")
    assert demand.title == "上门理发"
    assert demand.description == "周六上午"
    assert demand.requester_name == "李四"


def test_contact_suggestion_model(qtmodeltester: ModelTester) -> None:
    model = ContactSuggestionTableModel()
    model.set_rows(
        [
            ContactRow("c1", "张三", "男", "13812345678", "一组", None, ""),
            ContactRow("c2", "李四", None, None, "", None, ""),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "张三　一组　138****5678"
    assert model.index(1, 0).data(ContactSuggestionTableModel.NameRole) == "李四"
    assert model.index(1, 0).data(ContactSuggestionTableModel.RecordRole) == "c2"
