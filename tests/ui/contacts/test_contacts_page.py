"""The 村民通讯录 page: a lazy list over SQL, found by pinyin initials or phone digits, with
masked phones and no sensitive tags; and its export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from contact_support import ZHANG_PHONE
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.ui.app_context import AppContext
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.contacts.table_model import PAGE_SIZE, ContactTableModel


def _page(qtbot: QtBot, app: AppContext) -> ContactsPage:
    page = ContactsPage(app)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.refresh()
    return page


def _names(page: ContactsPage) -> list[str]:
    model = page.model
    return [model.index(r, ContactTableModel.COL_NAME).data() for r in range(model.rowCount())]


def test_search_by_pinyin_initials_finds_the_contact(qtbot: QtBot, app: AppContext) -> None:
    page = _page(qtbot, app)
    assert page.count_label.text() == "共 452 人"

    qtbot.keyClicks(page.search_edit, "zjg")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 1 人", timeout=5_000)

    assert _names(page) == ["张建国"]
    row = page.model.index(0, ContactTableModel.COL_PHONE)
    assert row.data() == "138****5678"
    assert page.model.index(0, 0).data(ContactTableModel.RecordRole) == page.current_contact_id()
    texts = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert ZHANG_PHONE not in texts and not any("留守" in (t or "") for t in texts)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["姓名", "性别", "电话", "村民小组", "网格", "住址"]

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "5678")  # phone digits
    qtbot.waitUntil(lambda: page.count_label.text() == "共 2 人", timeout=5_000)
    assert sorted(_names(page)) == ["张建国", "李秀兰"]


def test_group_filter_and_lazy_pages(qtbot: QtBot, app: AppContext) -> None:
    page = _page(qtbot, app)
    qtbot.waitUntil(lambda: page.group_combo.count() == 4, timeout=5_000)

    page.group_combo.setCurrentIndex(page.group_combo.findData("三组"))
    qtbot.waitUntil(lambda: page.count_label.text() == "共 450 人", timeout=5_000)

    model = page.model
    far = PAGE_SIZE * 2 + 10
    assert model.index(far, 0).data() == "…"  # not read yet: asked for in the background
    qtbot.waitUntil(lambda: model.index(far, 0).data() == f"村民{far:04d}", timeout=5_000)


def test_models_pass_the_model_tester(
    qtbot: QtBot, app: AppContext, qtmodeltester: ModelTester
) -> None:
    page = _page(qtbot, app)
    qtmodeltester.check(page.model)


def test_export_of_the_list_is_masked(qtbot: QtBot, app: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, app)
    page.search_edit.setText("张建国")
    page.apply_filter()
    qtbot.waitUntil(lambda: page.count_label.text() == "共 1 人", timeout=5_000)
    target = tmp_path / "通讯录.xlsx"

    with qtbot.waitSignal(page.export_finished, timeout=10_000) as finished:
        page.export_to(target)

    assert finished.args[0].count == 1
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[3][1] == "张建国" and rows[3][3] == "138****5678"
    assert ZHANG_PHONE not in repr(rows) and "留守" not in repr(rows)
    assert "已导出 1 位村民" in page.message_label.text()
