"""The villager's form: errors next to their fields, the ID number masked until 显示, tags
only here, the demand history, and unsaved changes never dropped silently."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from roster_files import ID_ZHANG, contacts, outbox_count
from sqlalchemy import select
from ui_support import answer, type_text

from desktop.models.db import Database
from desktop.models.entities import Contact, OutboxOp
from desktop.ui.app_context import AppContext
from desktop.ui.contacts.edit_dialog import ContactEditDialog


def _contact_id(db: Database, name: str) -> str:
    with db.reading() as session:
        return str(session.scalar(select(Contact.id).where(Contact.name == name)))


Opener = Callable[[str | None], ContactEditDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, app: AppContext) -> Iterator[Opener]:
    opened: list[ContactEditDialog] = []

    def open_(contact_id: str | None) -> ContactEditDialog:
        dialog = ContactEditDialog(app, contact_id)
        opened.append(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            dialog.show()
        return dialog

    yield open_
    # Not left to qtbot.addWidget: its close() would ask about unsaved changes and wait for an
    # answer nobody gives. done() leaves without asking.
    for dialog in opened:
        if shiboken6.isValid(dialog):
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()


def test_phone_error_is_shown_next_to_the_phone(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    dialog = open_dialog(_contact_id(db, "张建国"))
    ops_before = outbox_count(db)

    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "1381234567")
    dialog.name_edit.clear()
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter saves

    qtbot.waitUntil(lambda: dialog.errors.message("phone") != "", timeout=5_000)
    assert dialog.errors.message("phone") == "联系电话的手机号码应为 11 位，现在是 10 位"
    assert dialog.errors.message("name") == "请填写村民姓名"  # every error at once
    assert dialog.isVisible()
    assert contacts(db)["张建国"].phone == "13812345678"
    assert outbox_count(db) == ops_before

    # Typing in the field clears its error.
    qtbot.keyClicks(dialog.phone_edit, "8")
    assert dialog.errors.message("phone") == ""


def test_id_masked_until_shown_tags_and_history(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    dialog = open_dialog(_contact_id(db, "张建国"))

    assert dialog.id_edit.text() == "*" * 14 + ID_ZHANG[-4:]
    assert dialog.id_edit.isReadOnly()
    qtbot.mouseClick(dialog.id_button, Qt.MouseButton.LeftButton)
    assert dialog.id_edit.text() == ID_ZHANG and not dialog.id_edit.isReadOnly()
    assert dialog.tag_boxes["LEFT_BEHIND_ELDERLY"].isChecked()
    assert dialog.grid_combo.currentText() == "一网格"
    assert dialog.history.rowCount() == 1
    assert dialog.history.item(0, 1).text() == "三组路灯坏了"
    assert dialog.history_box.title() == "需求记录（1 条）"


def test_saving_changes_writes_one_update_op(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    contact_id = _contact_id(db, "李秀兰")
    dialog = open_dialog(contact_id)
    dialog.address_edit.setText("红旗村2号")
    dialog.tag_boxes["DIBAO_HOUSEHOLD"].setChecked(True)
    dialog.consent_sensitive_box.setChecked(True)

    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    saved = contacts(db)["李秀兰"]
    assert saved.address == "红旗村2号" and saved.tags == ["DIBAO_HOUSEHOLD"]
    with db.reading() as session:
        op = session.scalars(
            select(OutboxOp).where(OutboxOp.record_id == contact_id, OutboxOp.op == "update")
        ).one()
    assert op.fields == {
        "address": "红旗村2号",
        "tags": ["DIBAO_HOUSEHOLD"],
        "consent_sensitive": True,
    }


def test_new_contact(qtbot: QtBot, open_dialog: Opener, db: Database) -> None:
    dialog = open_dialog(None)
    assert dialog.windowTitle() == "新增村民"
    type_text(dialog.name_edit, "赵淑珍")
    type_text(dialog.phone_edit, "０４３１ ８４５６ １２３４")

    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    assert contacts(db)["赵淑珍"].phone == "0431-84561234"


def test_escape_with_unsaved_changes_asks_first(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    dialog = open_dialog(_contact_id(db, "张建国"))
    type_text(dialog.address_edit, "（新）")
    question = "放弃修改？"

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer(qtbot, dialog.confirm_discard, "继续编辑", text=question)
    assert dialog.isVisible()

    dialog.close()  # the window's close button asks the same
    answer(qtbot, dialog.confirm_discard, "继续编辑", text=question)
    assert dialog.isVisible()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer(qtbot, dialog.confirm_discard, "放弃修改", text=question)
    assert not dialog.isVisible()
    assert contacts(db)["张建国"].address == "红旗村1号"


def test_escape_without_changes_closes_at_once(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    dialog = open_dialog(_contact_id(db, "张建国"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_groups_the_county_uses_and_a_villagers_own_category_are_kept(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    """A category kept from a roster (种植大户) shows as a box of its own, so saving the form
    keeps it; the county's new groups (退役军人, 脱贫户 …) are offered too."""
    contact_id = _contact_id(db, "张建国")
    with db.writing() as session:
        session.get_one(Contact, contact_id).tags = ["VETERAN", "种植大户"]
    dialog = open_dialog(contact_id)
    labels = {code: box.text() for code, box in dialog.tag_boxes.items()}
    assert labels["POVERTY_ALLEVIATED"] == "脱贫户" and labels["种植大户"] == "种植大户"
    assert dialog.tag_boxes["VETERAN"].isChecked() and dialog.tag_boxes["种植大户"].isChecked()
    dialog.tag_boxes["POVERTY_ALLEVIATED"].setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog.save()
    assert sorted(contacts(db)["张建国"].tags) == ["POVERTY_ALLEVIATED", "VETERAN", "种植大户"]


def test_an_old_15_digit_id_number_is_refused_beside_the_field(
    qtbot: QtBot, open_dialog: Opener, db: Database
) -> None:
    dialog = open_dialog(None)
    type_text(dialog.name_edit, "赵淑珍")
    qtbot.keyClicks(dialog.id_edit, "220102450315002")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.message("id_number") != "", timeout=5_000)
    assert dialog.errors.message("id_number") == "15 位旧身份证号，请换成 18 位"
    assert "赵淑珍" not in contacts(db)
