"""志愿者与队伍 as an officer uses it: find a volunteer, open their record, give points and
redeem a 礼遇 (a short balance refused at the form), certify the star the hours allow (not a
higher one), commend them; make a squad and set its leader."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import type_text

from desktop.models.activity import Commendation, StarAward, Team
from desktop.models.db import Database
from desktop.ui.app_context import AppContext
from desktop.ui.volunteers.action_dialogs import ActionDialog
from desktop.ui.volunteers.detail_dialog import VolunteerDialog
from desktop.ui.volunteers.page import VolunteersPage


def _page(qtbot: QtBot, app: AppContext, host: QWidget) -> VolunteersPage:
    page = VolunteersPage(app, host)
    app.signals.records_changed.connect(page.on_changes)  # as the main window does
    host.show()
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and app.tasks.pending == 0, timeout=5_000)
    return page


def _names(page: VolunteersPage) -> list[str]:
    return [row.name for row in page.model.rows]


def test_the_roster_finds_and_narrows(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    page = _page(qtbot, app, host)
    assert _names(page) == ["李桂芝", "张凤兰"]
    zhang = page.model.index(1, 6)
    assert page.model.data(zhang) == "— / ★"  # none certified, one allowed
    assert page.model.data(page.model.index(1, 4)) == "110"
    type_text(page.search_edit, "zfl")
    page.apply_filter()
    qtbot.waitUntil(lambda: _names(page) == ["张凤兰"] and app.tasks.pending == 0)
    page.search_edit.clear()
    page.eligible_box.setChecked(True)
    qtbot.waitUntil(lambda: _names(page) == ["张凤兰"] and app.tasks.pending == 0)
    assert page.count_label.text() == "共 1 人"


def _open(qtbot: QtBot, page: VolunteersPage, row: int) -> VolunteerDialog:
    page.eligible_box.setChecked(False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.selectRow(row)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail_dialog.dialog is not None)
    dialog = page.detail_dialog.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None)
    return dialog


def _action(qtbot: QtBot, detail: VolunteerDialog) -> ActionDialog:
    qtbot.waitUntil(lambda: detail.action.dialog is not None)
    action = detail.action.dialog
    assert action is not None
    return action


def _save(qtbot: QtBot, action: ActionDialog, detail: VolunteerDialog) -> None:
    qtbot.keyClick(action, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.action.dialog is None, timeout=5_000)


def test_points_given_and_redeemed(qtbot: QtBot, app: AppContext, host: QWidget) -> None:
    page = _page(qtbot, app, host)
    detail = _open(qtbot, page, 0)  # 李桂芝, no points
    assert not detail.redeem_button.isEnabled()
    detail.earn_button.click()
    action = _action(qtbot, detail)
    action.amount_spin.setValue(30)  # type: ignore[attr-defined]
    action.accept()
    qtbot.waitUntil(lambda: action.errors.message("reason") == "请写明原因")
    type_text(action.reason_edit, "帮助布置会场")  # type: ignore[attr-defined]
    _save(qtbot, action, detail)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.points == 30)
    assert detail.ledger_table.item(0, 3).text() == "帮助布置会场"
    detail.redeem_button.click()
    action = _action(qtbot, detail)
    combo = action.reward_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData("TOWEL"))  # 40 points
    action.accept()
    qtbot.waitUntil(lambda: action.general_error.text() != "")
    assert "本次兑换需要 40 分" in action.general_error.text()
    combo.setCurrentIndex(combo.findData("SOAP"))  # 20 points
    _save(qtbot, action, detail)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.points == 10)
    detail.reject()


def test_a_star_as_far_as_the_hours_go_and_a_commendation(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    detail = _open(qtbot, page, 1)  # 张凤兰, 110 hours
    assert detail.award_button.isEnabled()
    detail.award_button.click()
    action = _action(qtbot, detail)
    action.level_combo.setCurrentIndex(1)  # type: ignore[attr-defined]  # ★★
    type_text(action.by_edit, "合隆镇新时代文明实践所")  # type: ignore[attr-defined]
    action.accept()
    qtbot.waitUntil(lambda: action.errors.message("level") != "")
    assert action.errors.message("level") == "服务时长只够1星（按现行星级标准），不能认定为2星"
    action.level_combo.setCurrentIndex(0)  # type: ignore[attr-defined]
    _save(qtbot, action, detail)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.progress.awarded == 1)
    assert not detail.award_button.isEnabled()

    detail.commend_button.click()
    action = _action(qtbot, detail)
    type_text(action.title_edit, "优秀志愿者")  # type: ignore[attr-defined]
    action.level_combo.setCurrentIndex(action.level_combo.findData("县级"))  # type: ignore[attr-defined]
    type_text(action.body_edit, "农安县文明办")  # type: ignore[attr-defined]
    _save(qtbot, action, detail)
    qtbot.waitUntil(lambda: detail.detail is not None and len(detail.detail.honours) == 1)
    detail.reject()
    with db.reading() as session:
        assert session.scalars(select(StarAward.level)).all() == [1]
        assert session.scalars(select(Commendation.title)).all() == ["优秀志愿者"]


def test_a_new_squad_and_its_leader(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    page.tabs.setCurrentIndex(1)
    county = page.tree.topLevelItem(0)
    page.tree.setCurrentItem(county)
    assert not page.leader_button.isEnabled()  # the county's team
    page.new_squad_button.click()
    qtbot.waitUntil(lambda: page.team_dialog.dialog is not None)
    squad = page.team_dialog.dialog
    assert squad is not None
    type_text(squad.name_edit, "红旗村理论宣讲小队")  # type: ignore[attr-defined]
    qtbot.keyClick(squad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.team_dialog.dialog is None, timeout=5_000)
    qtbot.waitUntil(lambda: any(n.name == "红旗村理论宣讲小队" for n in page.nodes))
    arts = page.tree.findItems("红旗村文艺小队", Qt.MatchFlag.MatchRecursive)[0]
    page.tree.setCurrentItem(arts)
    page.leader_button.click()
    qtbot.waitUntil(lambda: page.team_dialog.dialog is not None)
    leader = page.team_dialog.dialog
    assert leader is not None
    combo = leader.leader_combo  # type: ignore[attr-defined]
    assert [combo.itemText(i) for i in range(combo.count())] == ["（不设队长）", "李桂芝", "张凤兰"]
    combo.setCurrentIndex(2)
    qtbot.keyClick(leader, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.team_dialog.dialog is None, timeout=5_000)
    with db.reading() as session:
        assert session.get_one(Team, "t-arts").leader_volunteer_id == "v-zhang"
    qtbot.waitUntil(
        lambda: next(n for n in page.nodes if n.id == "t-arts").leader_name == "张凤兰"
    )


def test_registering_a_volunteer_in_the_form(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    page.new_button.click()
    qtbot.waitUntil(lambda: page.form_dialog.dialog is not None)
    form = page.form_dialog.dialog
    assert form is not None
    qtbot.waitUntil(lambda: form.save_button.isEnabled())
    type_text(form.phone_edit, "1234")
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.errors.message("name") != "")
    assert form.errors.message("name") == "请填写志愿者姓名"
    assert form.errors.message("phone") != ""
    form.phone_edit.clear()
    type_text(form.name_edit, "王建国")
    form.team_combo.setCurrentIndex(form.team_combo.findData("t-arts"))
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None, timeout=5_000)
    qtbot.waitUntil(lambda: "王建国" in _names(page))
    with db.reading() as session:
        assert session.scalars(select(Team.id).where(Team.id == "t-arts")).one()


def test_the_roster_is_exported(qtbot: QtBot, app: AppContext, host: QWidget, tmp_path: Path) -> None:
    page = _page(qtbot, app, host)
    page.export_roster(tmp_path / "花名册.xlsx")
    qtbot.waitUntil(lambda: page.count_label.text().startswith("已导出 2 人"))
    assert (tmp_path / "花名册.xlsx").stat().st_size > 0
