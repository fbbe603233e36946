"""首次使用: the station form before the main window, driven from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.station import Station
from desktop.models.sync_tables import OutboxOp
from desktop.ui import app as app_module
from desktop.ui.app_context import AppContext
from desktop.ui.settings.first_run_dialog import FirstRunDialog


def _stations_and_ops(context: AppContext) -> tuple[list[Station], list[OutboxOp]]:
    with context.db.reading() as session:
        return list(session.scalars(select(Station))), list(session.scalars(select(OutboxOp)))


def _dialog(qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]) -> FirstRunDialog:
    dialog = FirstRunDialog(context)
    keep(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.waitUntil(dialog.form.name.hasFocus)  # the cursor starts in the first field
    return dialog


def test_bad_code_is_explained_beside_the_field_then_a_good_one_saves(
    qtbot: QtBot,
    context: AppContext,
    keep: Callable[[QWidget], None],
    tmp_path: Path,
    type_chinese: Callable[[QWidget, str], None],
) -> None:
    dialog = _dialog(qtbot, context, keep)
    form = dialog.form
    type_chinese(form.name, "测试村新时代文明实践站")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.division_code, "2201221022")  # two digits short
    qtbot.keyClick(form.division_code, Qt.Key.Key_Tab)
    type_chinese(form.township, "华家镇")
    qtbot.keyClick(form.township, Qt.Key.Key_Tab)
    type_chinese(form.county, "农安县")
    qtbot.keyClick(form.county, Qt.Key.Key_Return)  # Enter saves

    error = form.errors["division_code"]
    assert error.isVisible()
    assert "应为 12 位数字，现在是 10 位" in error.text()
    assert not form.errors["name"].isVisible()
    assert dialog.isVisible() and form.division_code.hasFocus()
    assert _stations_and_ops(context) == ([], [])  # nothing saved, nothing to report

    form.division_code.selectAll()
    qtbot.keyClicks(form.division_code, "220122102203")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(form.division_code, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [station], [op] = _stations_and_ops(context)
    assert (station.name, station.division_code, station.township, station.county) == (
        "测试村新时代文明实践站",
        "220122102203",
        "华家镇",
        "农安县",
    )
    assert station.phone is None  # 站点电话 may be filled in later
    assert (op.entity, op.op, op.record_id) == ("station", "create", station.id)
    assert app_module._has_station(context.db)
    dialog.grab().save(str(tmp_path / "first-run.png"))


def test_code_is_checked_when_leaving_the_field(
    qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]
) -> None:
    dialog = _dialog(qtbot, context, keep)
    form = dialog.form
    size = form.division_code.size()
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.division_code.hasFocus()
    qtbot.keyClicks(form.division_code, "220122105000")
    qtbot.keyClick(form.division_code, Qt.Key.Key_Tab)
    assert "这是乡镇的代码" in form.errors["division_code"].text()
    assert form.errors["division_code"].isVisible()
    # The field keeps its size when the error shows under it (the dialog grows instead).
    qtbot.wait(50)
    assert form.division_code.size() == size
    dialog.save()  # every field's error at once
    qtbot.wait(50)
    assert form.errors["name"].isVisible()
    assert form.division_code.size() == size
    assert form.name.height() == size.height()


def test_escape_quits_and_demo_is_a_choice(
    qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]
) -> None:
    dialog = _dialog(qtbot, context, keep)
    with qtbot.waitSignal(dialog.finished) as finished:
        qtbot.keyClick(dialog.form.name, Qt.Key.Key_Escape)
    assert finished.args == [QDialog.DialogCode.Rejected.value]

    dialog = _dialog(qtbot, context, keep)
    with qtbot.waitSignal(dialog.finished) as finished:
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert finished.args == [FirstRunDialog.DEMO]
    assert _stations_and_ops(context) == ([], [])
