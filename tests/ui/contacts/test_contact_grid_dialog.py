"""网格管理: add and rename a grid, pick its leader from the contact book; each change is one
outbox op like every other write."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from roster_files import outbox_count
from sqlalchemy import select
from widget_fixtures import Problems

from desktop.models.db import Database
from desktop.models.entities import Contact, Grid
from desktop.ui.app_context import AppContext
from desktop.ui.contacts.grid_dialog import ContactGridDialog, ContactPickerDialog


def test_add_rename_and_pick_a_leader(qtbot: QtBot, app: AppContext, db: Database) -> None:
    dialog = ContactGridDialog(app)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.grids_loaded, timeout=5_000):
        dialog.show()
    assert [g.name for g in dialog.grids] == ["一网格", "二网格"]
    ops = outbox_count(db, "grid")

    with qtbot.waitSignal(dialog.grids_loaded, timeout=5_000):
        dialog.add(" 三网格 ")
    assert [g.name for g in dialog.grids] == ["一网格", "二网格", "三网格"]
    with qtbot.waitSignal(dialog.grids_loaded, timeout=5_000):
        dialog.rename(dialog.grids[2].id, "东山网格")

    picker = ContactPickerDialog(app, "选择网格长")
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.results_shown, timeout=5_000):
        qtbot.keyClicks(picker.search_edit, "lxl")
    assert picker.results.count() == 1
    with qtbot.waitSignal(dialog.grids_loaded, timeout=5_000):
        dialog.set_leader(dialog.grids[2].id, picker.chosen_id())

    assert (dialog.grids[2].name, dialog.grids[2].leader_name) == ("东山网格", "李秀兰")
    assert dialog.table.item(2, 1).text() == "李秀兰"
    assert outbox_count(db, "grid") == ops + 3
    with db.reading() as session:
        leader = session.scalar(
            select(Contact.name)
            .join(Grid, Grid.leader_contact_id == Contact.id)
            .where(Grid.name == "东山网格")
        )
    assert leader == "李秀兰"


def test_a_duplicate_grid_name_is_refused(
    qtbot: QtBot, app: AppContext, problems: Problems
) -> None:
    dialog = ContactGridDialog(app)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.grids_loaded, timeout=5_000):
        dialog.show()

    dialog.add("一网格")
    qtbot.waitUntil(lambda: bool(problems.warnings), timeout=5_000)

    assert problems.warnings == ["已经有名为“一网格”的网格了。"]
