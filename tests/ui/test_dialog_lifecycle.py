"""Every dialog opens, closes every way (保存, 取消, Esc, the window's ×) and opens again, in
any order, as often as an officer opens it in a day: in the real main window, by the keys and
buttons an officer uses. Afterwards no dialog is left alive and nothing was reported as a bug
(a Python reference to a deleted dialog, the bug of issue 9, is reported as one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_support import Workbench, answer, type_text

from desktop.ui.activities.page import ActivitiesPage
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import DemandsPage
from desktop.ui.statistics.page import StatisticsPage
from desktop.ui.volunteers.page import VolunteersPage
from desktop.ui.workbench.page import WorkbenchPage

WAYS = ("esc", "cancel", "x")


def _key(qtbot: QtBot, dialog: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` where the keyboard focus is (inside ``dialog``), as a person does."""
    focused = QApplication.focusWidget()
    target = focused if focused is not None and focused.window() is dialog else dialog
    qtbot.keyClick(target, key, modifier)


def _button(dialog: QWidget, *labels: str) -> QPushButton:
    for button in dialog.findChildren(QPushButton):
        if button.text() in labels and button.isVisible() and button.window() is dialog:
            return button
    raise AssertionError(f"no button {labels} in {dialog.windowTitle()}")


def _close(qtbot: QtBot, slot: DialogSlot[QDialog], way: str) -> None:
    dialog = slot.dialog
    assert dialog is not None and dialog.isVisible()
    if way == "esc":
        _key(qtbot, dialog, Qt.Key.Key_Escape)
    elif way == "cancel":
        qtbot.mouseClick(_button(dialog, "取消", "关闭", "完成"), Qt.MouseButton.LeftButton)
    else:
        dialog.close()  # the window's ×
    qtbot.waitUntil(lambda: slot.dialog is None, timeout=5_000)


def _cycle(
    qtbot: QtBot,
    bench: Workbench,
    slot: DialogSlot[QDialog],
    openers: list[Callable[[], None]],
    *,
    ready: Callable[[QDialog], bool] = lambda _d: True,
    save: Callable[[QDialog], None] | None = None,
    rounds: int = 2,
) -> int:
    """Open through each opener in turn and close every way, ``rounds`` times; returns how
    many times the dialog was opened."""
    opened = 0
    ways: list[str] = [*WAYS, "save"] if save is not None else list(WAYS)
    for _round in range(rounds):
        for way in ways:
            openers[opened % len(openers)]()
            qtbot.waitUntil(lambda: slot.dialog is not None and slot.dialog.isVisible())
            dialog = slot.dialog
            assert dialog is not None
            bench.settle(qtbot, lambda d=dialog: ready(d))
            opened += 1
            if way == "save":
                assert save is not None
                save(dialog)
                qtbot.waitUntil(lambda: slot.dialog is None, timeout=10_000)
            else:
                _close(qtbot, slot, way)
            bench.settle(qtbot)
            assert bench.bugs == []
    return opened


def test_register_and_order_again_and_again(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(DemandsPage)
    bench.settle(qtbot, lambda: page.model.rowCount() > 0)
    workbench_page = bench.window.pages[0]
    assert isinstance(workbench_page, WorkbenchPage)
    titles = iter(f"第{n}次登记" for n in "一二三四五六七八九十")

    def ctrl_n() -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is bench.window)
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    def quick_action() -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is bench.window)
        qtbot.keyClick(bench.window.navigation, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
        assert workbench_page.isVisible()
        qtbot.mouseClick(workbench_page.register_button, Qt.MouseButton.LeftButton)

    def file(dialog: QDialog) -> None:
        dialog.requester.anonymous_box.setChecked(True)  # type: ignore[attr-defined]
        dialog.category_combo.setCurrentIndex(1)  # type: ignore[attr-defined]
        type_text(dialog.title_edit, next(titles))  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    opened = _cycle(
        qtbot,
        bench,
        page.register_dialog,  # type: ignore[arg-type]
        [ctrl_n, lambda: page.register_button.click(), quick_action],
        ready=lambda d: d.ready,  # type: ignore[attr-defined]
        save=file,
    )
    assert opened == 8

    # A form with something typed asks first, on every way out.
    for way in WAYS:
        page.open_register_dialog()
        qtbot.waitUntil(lambda: page.register_dialog.dialog is not None)
        form = page.register_dialog.dialog
        assert form is not None
        bench.settle(qtbot, lambda f=form: f.ready)
        type_text(form.title_edit, "写了一半")
        dialog = form
        if way == "esc":
            _key(qtbot, dialog, Qt.Key.Key_Escape)
        elif way == "cancel":
            _button(dialog, "取消").click()
        else:
            dialog.close()
        answer(qtbot, form.discard_prompt, "放弃修改", text="放弃修改？")
        qtbot.waitUntil(lambda: page.register_dialog.dialog is None)

    def order(dialog: QDialog) -> None:
        dialog.requester.anonymous_box.setChecked(True)  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    page.show()
    _cycle(
        qtbot,
        bench,
        page.menu_dialog,  # type: ignore[arg-type]
        [lambda: page.menu_button.click()],
        ready=lambda d: d.ready,  # type: ignore[attr-defined]
        save=order,
    )


def test_details_evaluation_and_receipt_again_and_again(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(DemandsPage)
    page.awaiting_box.setChecked(True)
    bench.settle(qtbot, lambda: page.model.total is not None and page.model.rowCount() > 2)

    def enter() -> None:
        page.table.setFocus()
        page.table.selectRow(0)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)

    _cycle(
        qtbot,
        bench,
        page.detail_dialog,  # type: ignore[arg-type]
        [enter, lambda: page.open_button.click()],
        ready=lambda d: d.loaded,  # type: ignore[attr-defined]
    )

    enter()
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is not None)
    detail = page.detail_dialog.dialog
    assert detail is not None
    bench.settle(qtbot, lambda: detail.loaded and detail.evaluate_button.isEnabled())

    def evaluate(dialog: QDialog) -> None:
        dialog.buttons_by_value["SATISFIED"].click()  # type: ignore[attr-defined]
        _button(dialog, "保存评价").click()

    _cycle(
        qtbot,
        bench,
        detail.evaluation_dialog,  # type: ignore[arg-type]
        [lambda: detail.evaluate_button.click()],
        save=evaluate,
        rounds=1,
    )
    bench.settle(qtbot, lambda: not detail.evaluate_button.isEnabled())

    for way in ("esc", "cancel", "x"):
        detail.receipt_button.click()
        qtbot.waitUntil(lambda: detail.receipt_prompt.dialog is not None)
        prompt = detail.receipt_prompt.dialog
        assert prompt is not None
        if way == "esc":
            qtbot.keyClick(prompt, Qt.Key.Key_Escape)
        elif way == "cancel":
            _button(prompt, "取消").click()
        else:
            prompt.close()
        qtbot.waitUntil(lambda: detail.receipt_prompt.dialog is None)
    _close(qtbot, page.detail_dialog, "esc")  # type: ignore[arg-type]


def test_follow_ups_again_and_again(qtbot: QtBot, bench: Workbench) -> None:
    """补充说明 and 催办 on an overdue demand, 撤回 on one the county has not taken up."""
    page = bench.page(DemandsPage)
    page.overdue_box.setChecked(True)
    bench.settle(qtbot, lambda: page.model.total is not None and page.model.rowCount() > 0)
    page.open_detail(0)
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is not None)
    detail = page.detail_dialog.dialog
    assert detail is not None
    bench.settle(qtbot, lambda: detail.loaded and detail.note_button.isEnabled())
    steps = len(detail.timeline_model.entries)

    def note(dialog: QDialog) -> None:
        text = dialog.text_edit  # type: ignore[attr-defined]
        type_text(text, "群众又来电话问进度")
        qtbot.keyClick(text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _cycle(qtbot, bench, detail.follow_up_dialog, [lambda: detail.note_button.click()], save=note, rounds=1)  # type: ignore[arg-type]
    assert detail.urge_button.isEnabled(), detail.urge_button.toolTip()
    _cycle(qtbot, bench, detail.follow_up_dialog, [lambda: detail.urge_button.click()], save=lambda d: _button(d, "催办").click(), rounds=1)  # type: ignore[arg-type]
    bench.settle(qtbot, lambda: len(detail.timeline_model.entries) == steps + 2)
    assert not detail.urge_button.isEnabled()  # once a day
    assert "已经催办过了" in detail.urge_button.toolTip()
    _close(qtbot, page.detail_dialog, "esc")  # type: ignore[arg-type]

    page.overdue_box.setChecked(False)
    page.status_combo.setCurrentIndex(page.status_combo.findText("已上报"))
    bench.settle(qtbot, lambda: page.model.total is not None and page.model.rowCount() > 0)
    page.open_detail(0)
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is not None)
    detail = page.detail_dialog.dialog
    assert detail is not None
    bench.settle(qtbot, lambda: detail.loaded and detail.withdraw_button.isEnabled())

    def withdraw(dialog: QDialog) -> None:
        _button(dialog, "撤回").click()  # no reason: refused beside the text
        assert dialog.isVisible() and dialog.error.text() == "请填写撤回的原因"  # type: ignore[attr-defined]
        type_text(dialog.text_edit, "群众已自行解决")  # type: ignore[attr-defined]
        assert not dialog.error.isVisible()  # type: ignore[attr-defined]
        _button(dialog, "撤回").click()

    _cycle(qtbot, bench, detail.follow_up_dialog, [lambda: detail.withdraw_button.click()], save=withdraw, rounds=1)  # type: ignore[arg-type]
    bench.settle(qtbot, lambda: detail.status_label.text() == "已撤回")
    assert not detail.withdraw_button.isEnabled()
    assert detail.values["withdrawn"].text().endswith("群众已自行解决")
    _close(qtbot, page.detail_dialog, "x")  # type: ignore[arg-type]


def test_villagers_import_and_grids_again_and_again(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(ContactsPage)
    bench.settle(qtbot, lambda: page.model.total > 0)
    names = iter(["柴秀英", "韩德胜", "鲁桂兰", "邵长林"])

    def ctrl_n() -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is bench.window)
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    def enter() -> None:
        page.table.setFocus()
        page.table.selectRow(1)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)

    def save_new(dialog: QDialog) -> None:
        type_text(dialog.name_edit, next(names))  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    def save_edit(dialog: QDialog) -> None:
        dialog.address_edit.setFocus()  # type: ignore[attr-defined]
        type_text(dialog.address_edit, "（新）")  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    loaded = lambda d: d.save_button.isEnabled()  # type: ignore[attr-defined]  # noqa: E731
    _cycle(qtbot, bench, page.edit_dialog, [ctrl_n, lambda: page.add_button.click()], ready=loaded, save=save_new)  # type: ignore[arg-type]
    _cycle(qtbot, bench, page.edit_dialog, [enter, lambda: page.edit_button.click()], ready=loaded, save=save_edit)  # type: ignore[arg-type]
    _cycle(qtbot, bench, page.import_dialog, [lambda: page.import_button.click()])  # type: ignore[arg-type]
    _cycle(qtbot, bench, page.grid_dialog, [lambda: page.grids_button.click()])  # type: ignore[arg-type]


def test_activity_forms_hours_and_corrections_again_and_again(
    qtbot: QtBot, bench: Workbench
) -> None:
    page = bench.page(ActivitiesPage)
    bench.settle(qtbot, lambda: page.model.total > 0)
    titles = iter(f"第{n}场活动" for n in "一二三四五六七八九十")

    def ctrl_n() -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is bench.window)
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    def register(dialog: QDialog) -> None:
        form = dialog
        form.type_combo.setCurrentIndex(1)  # type: ignore[attr-defined]
        type_text(form.title_edit, next(titles))  # type: ignore[attr-defined]
        form.title_edit.setFocus()  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    ready = lambda d: d.save_button.isEnabled()  # type: ignore[attr-defined]  # noqa: E731
    opened = _cycle(
        qtbot,
        bench,
        page.form_dialog,  # type: ignore[arg-type]
        [ctrl_n, lambda: page.register_button.click()],
        ready=ready,
        save=register,
    )
    assert opened == 8

    def enter() -> None:
        page.table.setFocus()
        page.table.selectRow(0)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)

    _cycle(
        qtbot, bench, page.form_dialog, [enter, lambda: page.open_button.click()], ready=ready  # type: ignore[arg-type]
    )
    page.table.selectRow(0)
    _cycle(
        qtbot,
        bench,
        page.hours_dialog,  # type: ignore[arg-type]
        [lambda: page.hours_button.click()],
        ready=lambda d: d.sheet is not None,  # type: ignore[attr-defined]
    )

    # An activity with hours (the demo's; those registered above have none yet).
    served = next(
        r for r in range(page.model.rowCount()) if (row := page.model.row_at(r)) and row.volunteers
    )
    page.table.selectRow(served)
    page.hours_button.click()
    qtbot.waitUntil(lambda: page.hours_dialog.dialog is not None)
    hours = page.hours_dialog.dialog
    assert hours is not None
    bench.settle(qtbot, lambda: hours.sheet is not None and bool(hours.sheet.lines))
    hours.table.selectRow(0)

    def correct(dialog: QDialog) -> None:
        type_text(dialog.delta_edit, "0.5")  # type: ignore[attr-defined]
        type_text(dialog.reason_edit, "签退时间登记早了")  # type: ignore[attr-defined]
        dialog.delta_edit.setFocus()  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    _cycle(
        qtbot,
        bench,
        hours.correction,  # type: ignore[arg-type]
        [lambda: hours.correct_button.click()],
        save=correct,
        rounds=1,
    )
    _close(qtbot, page.hours_dialog, "esc")  # type: ignore[arg-type]


def test_volunteer_records_points_and_squads_again_and_again(
    qtbot: QtBot, bench: Workbench
) -> None:
    page = bench.page(VolunteersPage)
    bench.settle(qtbot, lambda: page.model.rowCount() > 0)

    def enter() -> None:
        page.table.setFocus()
        page.table.selectRow(0)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)

    loaded = lambda d: d.detail is not None  # type: ignore[attr-defined]  # noqa: E731
    _cycle(qtbot, bench, page.detail_dialog, [enter, lambda: page.open_button.click()], ready=loaded)  # type: ignore[arg-type]

    enter()
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is not None)
    detail = page.detail_dialog.dialog
    assert detail is not None
    bench.settle(qtbot, lambda: detail.detail is not None)

    def give(dialog: QDialog) -> None:
        type_text(dialog.reason_edit, "帮助组织活动")  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    _cycle(
        qtbot,
        bench,
        detail.action,  # type: ignore[arg-type]
        [lambda: detail.earn_button.click(), lambda: detail.deduct_button.click()],
        save=give,
        rounds=1,
    )
    _close(qtbot, page.detail_dialog, "esc")  # type: ignore[arg-type]

    people = iter(f"志愿者{n}" for n in "甲乙丙丁戊己")

    def register(dialog: QDialog) -> None:
        type_text(dialog.name_edit, next(people))  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    _cycle(
        qtbot,
        bench,
        page.form_dialog,  # type: ignore[arg-type]
        [lambda: page.new_button.click(), lambda: page.edit_button.click()],
        ready=lambda d: d.save_button.isEnabled(),  # type: ignore[attr-defined]
        save=register,
        rounds=1,
    )

    page.tabs.setCurrentIndex(1)
    names = iter(f"第{n}小队" for n in "一二三四五六")

    def squad(dialog: QDialog) -> None:
        type_text(dialog.name_edit, next(names))  # type: ignore[attr-defined]
        _key(qtbot, dialog, Qt.Key.Key_Return)

    _cycle(
        qtbot,
        bench,
        page.team_dialog,  # type: ignore[arg-type]
        [lambda: page.new_squad_button.click()],
        save=squad,
        rounds=1,
    )
    page.tabs.setCurrentIndex(0)


def test_records_behind_a_figure_again_and_again(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(StatisticsPage)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("year"))
    page.compute()
    bench.settle(qtbot, lambda: page.report is not None and page.report.period.kind == "year")
    table = page.figure_tables["需求办理"]

    def enter() -> None:
        table.setFocus()
        table.selectRow(0)  # 受理量
        qtbot.keyClick(table, Qt.Key.Key_Return)

    def double_click() -> None:
        page.open_figure(table, 1)  # 办结量, as a double click on its row does

    loaded = lambda d: d.model.rowCount() > 0  # type: ignore[attr-defined]  # noqa: E731
    assert _cycle(qtbot, bench, page.records_dialog, [enter, double_click], ready=loaded) == 6  # type: ignore[arg-type]
