"""实践活动 as an officer uses it: find an activity, register one by keyboard (the type fills in
its 五项工作), every error at its field, a draft that survives a crash, link a demand, add and
remove photos, and the service hours of an activity (sign-in, a villager enrolled on the spot,
an overlap refused naming the other activity, a correction with its reason)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from activity_support import HELD
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import answer, type_text
from widget_fixtures import Problems

from desktop.models.activity import Activity, Attachment, ServiceRecord, Volunteer
from desktop.models.db import Database
from desktop.models.demand import Demand
from desktop.models.demand_views import demand_detail
from desktop.models.writes import WritePath
from desktop.ui.activities.form_dialog import ActivityFormDialog
from desktop.ui.activities.hours_dialog import ServiceHoursDialog
from desktop.ui.activities.page import ActivitiesPage
from desktop.ui.app_context import AppContext


def _page(qtbot: QtBot, app: AppContext, host: QWidget) -> ActivitiesPage:
    page = ActivitiesPage(app, host)
    app.signals.records_changed.connect(page.on_changes)  # as the main window does
    host.show()
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.total == 2 and not page.model.loading(), timeout=5_000)
    return page


def _titles(page: ActivitiesPage) -> list[str]:
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    return [row.title for row in rows if row is not None]


def _search(qtbot: QtBot, page: ActivitiesPage, text: str) -> list[str]:
    page.search_edit.clear()
    type_text(page.search_edit, text)
    page.apply_filter()
    qtbot.waitUntil(lambda: not page.model.loading() and page.model.filter.text == text)
    return _titles(page)


def test_the_list_finds_by_title_team_and_volunteer_and_filters_by_type(
    qtbot: QtBot, app: AppContext, host: QWidget
) -> None:
    page = _page(qtbot, app, host)
    assert _titles(page) == ["身边人讲身边事：老党员讲村史", "重阳节敬老文艺演出"]
    assert page.count_label.text() == "共 2 场"
    assert _search(qtbot, page, "村史") == ["身边人讲身边事：老党员讲村史"]
    assert _search(qtbot, page, "文艺小队") == ["身边人讲身边事：老党员讲村史"]
    assert _search(qtbot, page, "zfl") == ["身边人讲身边事：老党员讲村史"]  # 张凤兰 served
    assert _search(qtbot, page, "lgz") == []  # 李桂芝 did not
    page.clear_filters()
    qtbot.waitUntil(lambda: not page.model.loading() and page.model.total == 2)
    qtbot.waitUntil(lambda: page.type_combo.count() > 1)
    page.type_combo.setCurrentIndex(page.type_combo.findData("FESTIVAL"))
    qtbot.waitUntil(lambda: not page.model.loading() and page.model.total == 1)
    assert _titles(page) == ["重阳节敬老文艺演出"]


def _open_new(qtbot: QtBot, page: ActivitiesPage) -> ActivityFormDialog:
    page.open_register_dialog()  # Ctrl+N (the dialog-lifecycle test presses it in the window)
    qtbot.waitUntil(lambda: page.form_dialog.dialog is not None)
    form = page.form_dialog.dialog
    assert form is not None
    qtbot.waitUntil(lambda: form.save_button.isEnabled())
    return form


def test_registering_by_keyboard_fills_the_five_task_and_saves(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    form = _open_new(qtbot, page)
    type_text(form.title_edit, "文明实践集市：义剪义诊")
    form.type_combo.setCurrentIndex(form.type_combo.findData("CONVENIENCE_FAIR"))
    assert form.task_combo.currentData() == "CULTIVATE_VALUES"  # the type's usual task
    form.team_combo.setCurrentIndex(form.team_combo.findData("team-arts"))
    form.audience_spin.setValue(80)
    form.title_edit.setFocus()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None, timeout=5_000)
    qtbot.waitUntil(lambda: page.model.total == 3 and not page.model.loading())
    assert page.current_activity_id() is not None
    with db.reading() as session:
        saved = session.scalars(select(Activity).where(Activity.title == "文明实践集市：义剪义诊")).one()
        assert (saved.five_task_code, saved.team_id, saved.audience_count) == (
            "CULTIVATE_VALUES",
            "team-arts",
            80,
        )
        assert page.current_activity_id() == saved.id


def test_every_error_shows_at_its_field_and_nothing_is_saved(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    form = _open_new(qtbot, page)
    form.end_edit.set_moment(form.start_edit.moment() - dt.timedelta(hours=1))
    form.accept()
    qtbot.waitUntil(lambda: not form._saving and form.errors.message("title") != "")
    assert form.errors.message("title") == "请填写活动名称"
    assert form.errors.message("activity_type_code") == "请选择活动类型"
    assert form.errors.message("five_task_code") == "请选择对应的“五项工作”"
    assert form.errors.message("ends_at") == "结束时间必须晚于开始时间"
    assert form.isVisible()
    form._finish()
    form.reject()
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None)
    with db.reading() as session:
        assert len(session.scalars(select(Activity)).all()) == 2


def test_a_draft_survives_a_crash_and_is_offered_back(
    qtbot: QtBot, app: AppContext, host: QWidget
) -> None:
    page = _page(qtbot, app, host)
    form = _open_new(qtbot, page)
    type_text(form.title_edit, "写了一半的活动")
    form.place_edit.setText("村委会")
    form._edited("place")
    form.save_draft()
    # The program dies with the form open: nothing closes it properly.
    form.drafts = type(form.drafts)(app.data_dir, "elsewhere")
    form._finished = True
    form.done(0)
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None)

    again = _open_new(qtbot, page)
    answer(qtbot, again.draft_prompt, "恢复", text="发现上次未保存的活动登记")
    assert again.title_edit.text() == "写了一半的活动"
    assert again.place_edit.text() == "村委会"
    assert again.has_unsaved_changes()
    again.reject()
    answer(qtbot, again.discard_prompt, "放弃修改")
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None)
    third = _open_new(qtbot, page)
    assert third.draft_prompt.dialog is None  # discarded means gone
    third.reject()


def _edit_story(qtbot: QtBot, page: ActivitiesPage) -> ActivityFormDialog:
    page.open_form("act-story")
    qtbot.waitUntil(lambda: page.form_dialog.dialog is not None)
    form = page.form_dialog.dialog
    assert form is not None
    qtbot.waitUntil(lambda: form.save_button.isEnabled())
    return form


def test_a_linked_demand_shows_in_its_timeline(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database
) -> None:
    page = _page(qtbot, app, host)
    form = _edit_story(qtbot, page)
    form.add_link_button.click()
    qtbot.waitUntil(lambda: form.picker.dialog is not None)
    picker = form.picker.dialog
    assert picker is not None
    type_text(picker.search_edit, "故事")
    picker.search()
    qtbot.waitUntil(lambda: picker.results.count() == 1)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert form.links_list.count() == 1
    picker.reject()
    qtbot.waitUntil(lambda: form.picker.dialog is None)
    form.accept()
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None, timeout=5_000)
    with db.reading() as session:
        demand_id = session.scalars(select(Demand.id)).one()
        assert session.get_one(Activity, "act-story").linked_demand_ids == [demand_id]
        detail = demand_detail(session, demand_id, dt.date(2026, 12, 7))
        assert detail is not None
        assert ("ACTIVITY", "身边人讲身边事：老党员讲村史") in [
            (e.kind, e.note) for e in detail.timeline
        ]


def test_photos_are_added_downscaled_and_removed_with_the_save(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database, tmp_path: Path
) -> None:
    picture = tmp_path / "现场.png"
    Image.new("RGB", (3200, 2400), (200, 30, 30)).save(picture)
    page = _page(qtbot, app, host)
    form = _edit_story(qtbot, page)
    form.photos.add_file(picture)
    qtbot.waitUntil(lambda: form.photos.list.count() == 1 and not form.photos.busy())
    form.photos.list.setCurrentRow(0)
    form.photos.view_current()
    qtbot.waitUntil(lambda: form.photos.viewer.dialog is not None)
    form.photos.viewer.close()
    qtbot.waitUntil(lambda: form.photos.viewer.dialog is None)
    assert form.has_unsaved_changes()
    form.accept()
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None, timeout=5_000)
    with db.reading() as session:
        [photo] = session.scalars(select(Attachment)).all()
        assert (photo.owner_entity, photo.owner_id, photo.file_name) == (
            "activity",
            "act-story",
            "现场.png",
        )
    stored = next(app.data_dir.glob(f"photos/*/{photo.sha256}.jpg"))
    with Image.open(stored) as image:
        assert max(image.size) == 1600

    form = _edit_story(qtbot, page)
    qtbot.waitUntil(lambda: form.photos.list.count() == 1)
    form.photos.list.setCurrentRow(0)
    form.photos.remove_current()
    form.accept()
    qtbot.waitUntil(lambda: page.form_dialog.dialog is None, timeout=5_000)
    with db.reading() as session:
        assert session.scalars(select(Attachment).where(Attachment.deleted_at.is_(None))).all() == []


def _hours(qtbot: QtBot, page: ActivitiesPage) -> ServiceHoursDialog:
    row = page.model.row_of("act-story")
    assert row is not None
    page.table.selectRow(row)
    page.hours_button.click()
    qtbot.waitUntil(lambda: page.hours_dialog.dialog is not None)
    hours = page.hours_dialog.dialog
    assert hours is not None
    qtbot.waitUntil(lambda: hours.sheet is not None and hours.people.count() > 0)
    return hours


def _pick(qtbot: QtBot, hours: ServiceHoursDialog, text: str, name: str) -> None:
    hours.person_edit.clear()
    type_text(hours.person_edit, text)
    hours.search_people()
    qtbot.waitUntil(
        lambda: hours.people.count() > 0 and name in hours.people.item(0).text(), timeout=5_000
    )


def test_signing_in_enrolling_overlaps_and_corrections(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database, problems: Problems
) -> None:
    page = _page(qtbot, app, host)
    hours = _hours(qtbot, page)
    assert hours.start_edit.moment() == HELD
    _pick(qtbot, hours, "lgz", "李桂芝")
    hours.break_spin.setValue(30)
    qtbot.keyClick(hours.person_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: hours.sheet is not None and hours.sheet.volunteers() == 2)
    assert hours.totals.text() == "2 位志愿者，共 3.5 小时"  # 2 h + (2 h − 30 min)

    # 张凤兰 served here already at that time: refused, naming the activity.
    _pick(qtbot, hours, "张凤兰", "张凤兰")
    hours.sign_in()
    qtbot.waitUntil(lambda: hours.errors.message("start_at") != "")
    assert "身边人讲身边事：老党员讲村史" in hours.errors.message("start_at")

    # 王建国 is a villager, not a volunteer yet: enrolled as he signs in.
    _pick(qtbot, hours, "wjg", "王建国")
    assert "村民" in hours.people.item(0).text()
    hours.break_spin.setValue(0)
    hours.sign_in()
    qtbot.waitUntil(lambda: hours.sheet is not None and hours.sheet.volunteers() == 3)
    with db.reading() as session:
        wang = session.scalars(select(Volunteer).where(Volunteer.name == "王建国")).one()
        assert wang.contact_id == "c-wang" and wang.pinyin_initials == "wjg"

    # A correction: the reason is required; the original stays.
    hours.table.selectRow(0)
    hours.correct_button.click()
    qtbot.waitUntil(lambda: hours.correction.dialog is not None)
    correction = hours.correction.dialog
    assert correction is not None
    type_text(correction.delta_edit, "-0.5")
    correction.accept()
    qtbot.waitUntil(lambda: correction.errors.message("reason") != "")
    assert correction.errors.message("reason") == "更正服务时长时必须写明原因"
    type_text(correction.reason_edit, "提前离场半小时")
    correction.accept()
    qtbot.waitUntil(lambda: hours.correction.dialog is None, timeout=5_000)
    qtbot.waitUntil(lambda: hours.sheet is not None and len(hours.sheet.lines) == 4)
    assert hours.table.item(1, 5).text() == "提前离场半小时"
    assert hours.table.item(1, 4).text() == "-0.5"
    with db.reading() as session:
        minutes = session.scalars(
            select(ServiceRecord.credited_minutes).where(ServiceRecord.activity_id == "act-story")
        ).all()
        assert sorted(minutes) == [-30, 90, 120, 120]
    # Points by the county's rules, once per volunteer and activity.
    hours.settle_button.click()
    qtbot.waitUntil(lambda: hours.settle_note.text() == "已为 3 位志愿者记积分。")
    hours.settle_button.click()
    qtbot.waitUntil(lambda: hours.settle_note.text() == "本次活动的积分都已记过。")
    hours.reject()
    qtbot.waitUntil(lambda: page.hours_dialog.dialog is None)
    assert problems.warnings == []


def test_the_record_sheet_keeps_to_one_page_with_four_photos(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database, tmp_path: Path
) -> None:
    """Four photos, a long summary and the demands it answered: still one A4 page; saved from
    the list for the selected activity."""
    from desktop.models.activities import activity_sheet
    from desktop.models.photos import add_photo
    from desktop.ui.activities.record_sheet import sheet_pages

    with db.writing() as session:
        story = session.get_one(Activity, "act-story")
        WritePath(session).update(story, summary="王大爷讲了村里修路、打井、办学的故事。" * 40)
        for n in range(5):
            picture = tmp_path / f"照片{n}.png"
            size = (1600, 900) if n % 2 else (1200, 1600)  # landscape and portrait
            Image.new("RGB", size, (40 * n, 120, 200)).save(picture)
            add_photo(session, app.data_dir, "activity", "act-story", picture)
    with db.reading() as session:
        sheet = activity_sheet(session, "act-story")
    assert len(sheet.photos) == 4  # the first four of five
    assert sheet_pages(sheet, app.data_dir) == 1
    page = _page(qtbot, app, host)
    page.write_sheet("act-story", tmp_path / "记录表")
    qtbot.waitUntil(lambda: page.message_label.text().startswith("已保存活动记录表"))
    assert (tmp_path / "记录表.pdf").read_bytes().startswith(b"%PDF")


def test_the_ledgers_of_the_filtered_month_are_exported(
    qtbot: QtBot, app: AppContext, host: QWidget, tmp_path: Path
) -> None:
    import openpyxl

    page = _page(qtbot, app, host)
    combo = page.month_combo
    if combo.findText("2026年11月") < 0:  # the list offers the last 36 months from today
        combo.addItem("2026年11月", (2026, 11))
    combo.setCurrentIndex(combo.findText("2026年11月"))
    assert page.export_period().text() == "2026-11-01 至 2026-11-30"
    page.export_ledger("activities", tmp_path / "活动台账.xlsx")
    qtbot.waitUntil(lambda: page.message_label.text().startswith("已导出"))
    book = openpyxl.load_workbook(tmp_path / "活动台账.xlsx", read_only=True)
    titles = [row[1] for row in book.active.iter_rows(min_row=4, values_only=True)]
    book.close()
    assert titles == ["身边人讲身边事：老党员讲村史"]  # the October festival is another month
