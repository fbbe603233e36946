"""The keyboard, the way an officer who never touches the mouse works: in each form Tab walks
the fields in the order they appear (top to bottom, left to right, then the buttons as they
stand), reaches every field and comes round again; Enter saves; Esc cancels, asking first when
something was typed; and closing the main window with a form still typed in asks too."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_support import Workbench, answer, type_text

from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import DemandsPage


def _open(qtbot: QtBot, bench: Workbench, slot: DialogSlot[QDialog], opener: Callable[[], None], ready: Callable[[QDialog], bool] = lambda _d: True) -> QDialog:  # fmt: skip
    opener()
    qtbot.waitUntil(lambda: slot.dialog is not None and slot.dialog.isVisible())
    dialog = slot.dialog
    assert dialog is not None
    bench.settle(qtbot, lambda: ready(dialog))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _buttons_left_to_right(dialog: QDialog) -> list[QWidget]:
    """The dialog's own buttons at the bottom, in the order they stand on screen."""
    buttons = [
        b
        for b in dialog.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and b.focusPolicy() & Qt.FocusPolicy.TabFocus
        and b.parentWidget() is not None and b.parentWidget().metaObject().className() == "QDialogButtonBox"
    ]  # fmt: skip
    return sorted(buttons, key=lambda b: b.mapTo(dialog, b.rect().topLeft()).x())


def _tab_chain(qtbot: QtBot, dialog: QDialog, start: QWidget, steps: int) -> list[QWidget]:
    """Where focus goes, pressing Tab ``steps`` times from ``start``. A date field takes a Tab
    per part (year, month, day) before it lets go: those count as one step."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    chain = [start]
    for _ in range(steps):
        for _part in range(4):
            focused = QApplication.focusWidget()
            assert focused is not None and focused.window() is dialog
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
            now = QApplication.focusWidget()
            assert now is not None
            if now is not focused:
                break
        chain.append(now)
    return chain


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__}:{widget.objectName() or label}"


def _check_order(qtbot: QtBot, dialog: QDialog, fields: list[QWidget]) -> None:
    expected = [*fields, *_buttons_left_to_right(dialog)]
    chain = _tab_chain(qtbot, dialog, expected[0], len(expected))
    assert [_name(w) for w in chain] == [_name(w) for w in [*expected, expected[0]]]
    assert chain == [*expected, expected[0]]


def test_the_demand_form(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(DemandsPage)
    form = _open(qtbot, bench, page.register_dialog, page.open_register_dialog, lambda d: d.ready)  # type: ignore[arg-type, attr-defined]
    requester = form.requester  # type: ignore[attr-defined]
    _check_order(
        qtbot,
        form,
        [
            requester.name_edit,
            requester.phone_edit,  # not the 匿名 box: digits typed after Tab land here
            form.channel_combo,  # type: ignore[attr-defined]
            form.category_combo,  # type: ignore[attr-defined]
            form.topic_combo,  # type: ignore[attr-defined]
            form.title_edit,  # type: ignore[attr-defined]
            form.description_edit,  # type: ignore[attr-defined]
            form.urgency_combo,  # type: ignore[attr-defined]
            form.due_edit,  # type: ignore[attr-defined]
        ],
    )
    # The boxes beside the name and phone answer Alt+N and Alt+T.
    requester.name_edit.setFocus()
    qtbot.keyClick(requester.name_edit, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(requester.anonymous_box.isChecked)  # a mnemonic clicks after a moment
    assert not requester.name_edit.isEnabled()
    qtbot.keyClick(form, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not requester.anonymous_box.isChecked())
    form.reject()
    answer(qtbot, form.discard_prompt, "放弃修改")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.register_dialog.dialog is None)


def test_the_menu_order_form_saves_with_enter_and_asks_on_esc(
    qtbot: QtBot, bench: Workbench
) -> None:
    page = bench.page(DemandsPage)
    form = _open(qtbot, bench, page.menu_dialog, page.open_menu_dialog, lambda d: d.ready)  # type: ignore[arg-type, attr-defined]
    requester = form.requester  # type: ignore[attr-defined]
    _check_order(
        qtbot,
        form,
        [
            form.menu_view,  # type: ignore[attr-defined]
            requester.name_edit,
            requester.phone_edit,
            form.title_edit,  # type: ignore[attr-defined]
            form.description_edit,  # type: ignore[attr-defined]
            form.urgency_combo,  # type: ignore[attr-defined]
        ],
    )
    # Esc on an untouched form closes it; with something typed it asks first.
    qtbot.keyClick(form.menu_view, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.menu_dialog.dialog is None)
    form = _open(qtbot, bench, page.menu_dialog, page.open_menu_dialog, lambda d: d.ready)  # type: ignore[arg-type, attr-defined]
    type_text(form.requester.name_edit, "张德福")  # type: ignore[attr-defined]
    qtbot.keyClick(form.requester.name_edit, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    answer(qtbot, form.discard_prompt, "继续填写", text="放弃修改？")  # type: ignore[attr-defined]
    assert form.isVisible()
    filed: list[object] = []
    form.demand_filed.connect(filed.append)  # type: ignore[attr-defined]
    qtbot.keyClick(form.requester.name_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.menu_dialog.dialog is None, timeout=5_000)
    assert len(filed) == 1


def test_the_villager_form(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(ContactsPage)
    bench.settle(qtbot, lambda: page.model.total > 0)
    form = _open(qtbot, bench, page.edit_dialog, page.open_new, lambda d: d.save_button.isEnabled())  # type: ignore[arg-type, attr-defined]
    f = form
    _check_order(
        qtbot,
        form,
        [
            f.name_edit, f.gender_combo, f.phone_edit, f.proxy_phone_edit,  # type: ignore[attr-defined]
            f.proxy_relation_edit, f.group_combo, f.grid_combo, f.address_edit,  # type: ignore[attr-defined]
            f.id_edit, f.note_edit,  # type: ignore[attr-defined]
            *f.tag_boxes.values(),  # type: ignore[attr-defined]
            f.consent_contact_box, f.consent_sensitive_box, f.guardian_consent_box,  # type: ignore[attr-defined]
        ],
    )  # fmt: skip
    type_text(f.name_edit, "闫秀芝")  # type: ignore[attr-defined]
    qtbot.keyClick(f.name_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.edit_dialog.dialog is None, timeout=5_000)


def test_the_evaluation(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(DemandsPage)
    page.awaiting_box.setChecked(True)
    bench.settle(qtbot, lambda: page.model.total is not None and page.model.rowCount() > 0)
    page.table.selectRow(0)
    detail = _open(qtbot, bench, page.detail_dialog, page.open_current, lambda d: d.loaded)  # type: ignore[arg-type, attr-defined]
    evaluation = _open(qtbot, bench, detail.evaluation_dialog, detail.evaluate)  # type: ignore[attr-defined]
    radios = list(evaluation.buttons_by_value.values())  # type: ignore[attr-defined]
    # The five levels are one stop for Tab (the arrow keys choose among them).
    _check_order(qtbot, evaluation, [radios[0], evaluation.note_edit])  # type: ignore[attr-defined]
    radios[0].setFocus()
    qtbot.keyClick(radios[0], Qt.Key.Key_Space)
    qtbot.keyClick(radios[0], Qt.Key.Key_Right)
    assert radios[1].isChecked()
    qtbot.keyClick(radios[1], Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: detail.evaluation_dialog.dialog is None)  # type: ignore[attr-defined]
    bench.settle(qtbot, lambda: not detail.evaluate_button.isEnabled())  # type: ignore[attr-defined]
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is None)


def test_closing_the_window_with_a_form_typed_in_asks(qtbot: QtBot, bench: Workbench) -> None:
    page = bench.page(DemandsPage)
    form = _open(qtbot, bench, page.register_dialog, page.open_register_dialog, lambda d: d.ready)  # type: ignore[arg-type, attr-defined]
    type_text(form.title_edit, "三组路灯坏了")  # type: ignore[attr-defined]

    bench.window.close()
    answer(qtbot, bench.window.close_prompt, "返回填写", text="“登记群众需求”还没有保存")
    assert bench.window.isVisible() and form.isVisible()

    bench.window.close()
    answer(qtbot, bench.window.close_prompt, "不保存，退出")
    qtbot.waitUntil(lambda: not bench.window.isVisible())
    assert page.register_dialog.dialog is None
    # The typing is kept as a draft, offered again next time.
    assert form.drafts.load() is not None  # type: ignore[attr-defined]
