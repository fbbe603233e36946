"""登记需求 with the keyboard alone, errors next to their fields, and drafts that survive."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from demand_support import ZHANG_PHONE, contact_id
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from ui_support import answer, type_text

from desktop.models import beijing
from desktop.models.db import Database
from desktop.models.demand import Demand
from desktop.models.entities import Contact
from desktop.ui.app_context import AppContext
from desktop.ui.common.drafts import DraftStore
from desktop.ui.demands.form_dialog import NO_DATE, DemandFormDialog


def _open(qtbot: QtBot, app: AppContext, host: QWidget) -> DemandFormDialog:
    dialog = DemandFormDialog(app, host)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    return dialog


def _demands(db: Database) -> list[Demand]:
    with db.reading() as session:
        return list(session.scalars(select(Demand)))


def _contacts(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def _tab(qtbot: QtBot) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after is not None
    return after


def test_register_with_the_keyboard_only(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    dialog = _open(qtbot, app, host)
    requester = dialog.requester
    qtbot.waitUntil(lambda: requester.name_edit.hasFocus())

    # Find 张三 by pinyin initials and pick him from the suggestions.
    qtbot.keyClicks(requester.name_edit, "zs")
    popup = requester.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and requester.suggestions.rowCount() == 1)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert requester.picked_contact_id() == contact_id(db, "张三")
    assert requester.name_edit.text() == "张三"
    assert "138****5678" in requester.contact_label.text()

    # Tab walks the form's fields top to bottom: from the name to the phone (the boxes beside
    # them answer Alt+N and Alt+T), so digits typed next land in the phone field.
    assert _tab(qtbot) is requester.phone_edit
    assert _tab(qtbot) is dialog.channel_combo
    qtbot.keyClick(dialog.channel_combo, Qt.Key.Key_Down)  # 问需台 → 微心愿
    assert _tab(qtbot) is dialog.category_combo
    qtbot.keyClick(dialog.category_combo, Qt.Key.Key_Down)  # the first category
    assert _tab(qtbot) is dialog.topic_combo
    qtbot.keyClick(dialog.topic_combo, Qt.Key.Key_Down)  # its first topic
    assert _tab(qtbot) is dialog.title_edit
    type_text(dialog.title_edit, "想请人来村里讲讲养老政策")
    assert _tab(qtbot) is dialog.description_edit
    type_text(dialog.description_edit, "第一行")
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)  # a new line, not a save
    type_text(dialog.description_edit, "第二行")
    assert dialog.isVisible()
    # The due date follows the category (理论政策: 5 days) while the officer has not set it.
    qtbot.waitUntil(lambda: dialog.due_edit.date() != NO_DATE)
    expected_due = beijing.today() + dt.timedelta(days=5)
    assert dialog.due_edit.date().toPython() == expected_due

    with qtbot.waitSignal(dialog.demand_filed, timeout=5000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [demand] = _demands(db)
    assert demand.title == "想请人来村里讲讲养老政策"
    assert demand.description == "第一行\n第二行"
    assert demand.channel == "MICRO_WISH"
    assert demand.category_code == "POLICY"
    assert demand.topic_code == "policy_consult"
    assert demand.requester_contact_id == contact_id(db, "张三")
    assert demand.requester_phone == ZHANG_PHONE
    assert demand.due_date == expected_due
    assert dialog.filed is not None and dialog.filed.number == demand.number
    assert not DraftStore(app.data_dir).path.exists()


def test_a_bad_phone_is_shown_next_to_the_phone_and_nothing_is_saved(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    dialog = _open(qtbot, app, host)
    contacts_before = _contacts(db)
    type_text(dialog.requester.name_edit, "王五")
    qtbot.keyClicks(dialog.requester.phone_edit, "1381234567")  # one digit short
    dialog.category_combo.setCurrentIndex(1)
    type_text(dialog.title_edit, "家里水管漏水")

    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.requester.phone_error.isVisible(), timeout=5000)

    assert dialog.requester.phone_error.text() == "联系电话的手机号码应为 11 位，现在是 10 位"
    assert "b00020" in dialog.requester.phone_edit.styleSheet()
    assert not dialog.requester.name_error.isVisible()
    assert dialog.isVisible()
    assert dialog.requester.phone_edit.hasFocus()
    # Nothing typed is lost, nothing is saved.
    assert dialog.requester.name_edit.text() == "王五"
    assert dialog.title_edit.text() == "家里水管漏水"
    assert _demands(db) == []
    assert _contacts(db) == contacts_before

    # Correcting the number clears its error; saving adds 王五 to the contact book too.
    qtbot.keyClicks(dialog.requester.phone_edit, "8")
    assert not dialog.requester.phone_error.isVisible()
    with qtbot.waitSignal(dialog.demand_filed, timeout=5000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    [demand] = _demands(db)
    assert demand.requester_name == "王五"
    assert demand.requester_phone == "13812345678"
    assert _contacts(db) == contacts_before + 1
    assert demand.requester_contact_id is not None


def test_every_error_is_shown_at_once(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    dialog = _open(qtbot, app, host)
    dialog.due_edit.setDate(QDate.currentDate().addDays(-3))
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors.message("title") != "", timeout=5000)
    assert dialog.errors.message("requester_name") == "请填写提出需求的村民姓名，或勾选“匿名”"
    assert dialog.errors.message("category_code") == "请选择需求类别"
    assert dialog.errors.message("due_date") == "办理期限不能早于今天"
    assert dialog.requester.name_edit.hasFocus()  # the first field with an error
    assert _demands(db) == []


def _fill(qtbot: QtBot, dialog: DemandFormDialog) -> None:
    type_text(dialog.requester.name_edit, "赵六")
    qtbot.keyClicks(dialog.requester.phone_edit, "0431-84561234")
    dialog.category_combo.setCurrentIndex(5)  # 法律与平安
    dialog.topic_combo.setCurrentIndex(2)
    type_text(dialog.title_edit, "邻里纠纷需要调解")
    type_text(dialog.description_edit, "两家为院墙吵了三天")


def test_a_draft_survives_a_destroyed_dialog(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    store = DraftStore(app.data_dir)
    dialog = _open(qtbot, app, host)
    _fill(qtbot, dialog)
    qtbot.waitUntil(
        lambda: (store.load() or {}).get("description") == "两家为院墙吵了三天", timeout=5000
    )
    expected = dialog.form_state()
    # Gone without Save, Cancel or any question: as when the program is closed or killed.
    dialog.hide()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    QApplication.processEvents()

    again = _open(qtbot, app, host)
    answer(qtbot, again.draft_prompt, "恢复", text="发现上次未保存的需求登记，是否恢复？")

    assert again.form_state() == expected
    assert again.requester.name_edit.text() == "赵六"
    assert again.topic_combo.currentIndex() == 2
    assert again.description_edit.toPlainText() == "两家为院墙吵了三天"
    with qtbot.waitSignal(again.demand_filed, timeout=5000):
        qtbot.keyClick(again.title_edit, Qt.Key.Key_Return)
    assert store.load() is None
    [demand] = _demands(db)
    assert demand.category_code == "LEGAL_SAFETY"
    assert demand.requester_phone == "0431-84561234"


def test_cancel_asks_before_discarding(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    store = DraftStore(app.data_dir)
    dialog = _open(qtbot, app, host)
    type_text(dialog.title_edit, "写了一半")
    dialog.save_draft()
    assert store.load() is not None

    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_prompt.dialog is not None)
    prompt = dialog.discard_prompt.dialog
    assert prompt is not None
    assert prompt.text() == "放弃修改？"
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)  # Esc keeps typing: 继续填写
    qtbot.waitUntil(lambda: dialog.discard_prompt.dialog is None)
    assert dialog.isVisible()
    assert dialog.title_edit.text() == "写了一半"

    dialog.close()  # the window's close button asks the same
    answer(qtbot, dialog.discard_prompt, "继续填写", text="放弃修改？")
    assert dialog.isVisible()

    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    answer(qtbot, dialog.discard_prompt, "放弃修改")
    assert not dialog.isVisible()
    assert store.load() is None


def test_an_untouched_form_closes_without_asking(
    qtbot: QtBot, app: AppContext, host: QWidget
) -> None:
    dialog = _open(qtbot, app, host)
    qtbot.keyClick(dialog.requester.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.discard_prompt.dialog is None


def test_ctrl_enter_saves_from_the_description(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    dialog = _open(qtbot, app, host)
    dialog.requester.anonymous_box.setChecked(True)
    dialog.category_combo.setCurrentIndex(1)
    type_text(dialog.title_edit, "匿名反映")
    type_text(dialog.description_edit, "村口有积水")
    with qtbot.waitSignal(dialog.demand_filed, timeout=5000):
        qtbot.keyClick(
            dialog.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    [demand] = _demands(db)
    assert demand.anonymous and demand.requester_name == "" and demand.requester_phone is None
    assert demand.description == "村口有积水"


def test_a_due_date_the_officer_set_is_kept(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    dialog = _open(qtbot, app, host)
    chosen = QDate.currentDate().addDays(30)
    dialog.due_edit.setDate(chosen)
    dialog.category_combo.setCurrentIndex(1)
    qtbot.wait(100)
    qtbot.waitUntil(lambda: app.tasks.pending == 0)
    assert dialog.due_edit.date() == chosen


def test_draft_file_is_plain_json(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save({"title": "路灯", "n": 1})
    assert json.loads(store.path.read_text(encoding="utf-8")) == {"title": "路灯", "n": 1}
    assert [p.name for p in store.path.parent.iterdir()] == ["demand_form.json"]
