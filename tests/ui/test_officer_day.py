"""An officer's working day in the real main window, against a real county server: set up and
enrol the PC, sync, register three demands (Ctrl+N, the button, and one given up), order twice
from the service menu, add and edit three villagers, import the village roster, sync, see the
county's answer, evaluate, print a receipt to PDF, sync again. Afterwards: no error dialog, no
Qt warning (pytest-qt fails the test on one), no error in the log, and the county holds what
the village did.

CI runs it offscreen with the rest, and once more in a real X server (xvfb-run, see .ci/run).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import VILLAGE, County, Workbench, running_county, type_text, workbench

from desktop.models.demand import Demand
from desktop.models.station import Contact
from desktop.models.station_setup import StationInput, save_station
from desktop.sync import credentials
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import DemandsPage
from desktop.ui.settings.page import SettingsPage

MENU = [
    {
        "id": "5c7d2b1e-8f6a-4c3b-9d2e-1a0b9c8d7e6f",
        "title": "上门理发",
        "category_code": "CONVENIENCE",
        "topic_code": "",
        "description": "志愿者上门为行动不便的老人理发",
        "provider": "县理发志愿服务队",
        "active": True,
        "sort_order": 1,
    },
    {
        "id": "7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b",
        "title": "健康义诊",
        "category_code": "HEALTH",
        "topic_code": "",
        "description": "县医院医生到村义诊",
        "provider": "县卫健志愿服务队",
        "active": True,
        "sort_order": 2,
    },
]


class ErrorBoxes(QObject):
    """Every warning or error box that appears, whoever opens it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QMessageBox)
            and watched.icon() in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical)
        ):
            self.seen.append(watched.text())
        return False


@pytest.fixture
def error_boxes() -> Iterator[ErrorBoxes]:
    watcher = ErrorBoxes()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    yield watcher
    app.removeEventFilter(watcher)


@pytest.fixture
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    with running_county(tmp_path_factory.mktemp("county")) as server:
        menu = server.data_dir / "menu.json"
        menu.write_text(json.dumps(MENU, ensure_ascii=False), encoding="utf-8")
        server.command("publish", "service_menu_item", str(menu))
        yield server


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The device token goes to the data folder's file, never into the developer's keyring."""
    monkeypatch.setattr(credentials, "_usable_keyring", lambda: None)


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # fmt: skip
    """A key where the keyboard focus is, as a person presses it."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _active(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def _sync(qtbot: QtBot, bench: Workbench) -> None:
    """立即同步 in the status bar, and wait for the round to end."""
    with qtbot.waitSignal(bench.window.sync.sync_finished, timeout=60_000) as finished:
        qtbot.mouseClick(bench.window.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] is not None, bench.window.status_error.toolTip()
    bench.settle(qtbot)


def _roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["测试村村民花名册"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "姓名", "联系电话", "村民小组", "人员类别"])
    for number, (name, phone, group, category) in enumerate(
        [
            ("柴秀英", "13500000001", "一组", "留守老人"),
            ("鲁长林", "13500000002", "一组", "退役军人"),
            ("邵桂兰", "13500000003", "二组", "脱贫户"),
            ("闫德福", "1350000", "二组", ""),  # a phone one digit short: refused
        ],
        start=1,
    ):
        sheet.append([number, name, phone, group, category])
    book.save(path)
    return path


def test_an_officers_day(
    qtbot: QtBot,
    tmp_path: Path,
    county: County,
    error_boxes: ErrorBoxes,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.WARNING)
    folder = tmp_path / "村电脑"
    with workbench(qtbot, folder, empty=True) as bench:
        window = bench.window
        with bench.context.db.writing() as session:
            save_station(
                session, StationInput("测试村新时代文明实践站", VILLAGE[0], "华家镇", "农安县")
            )

        # 设置: enrol this PC with the county's one-time code, then the first sync.
        settings = bench.page(SettingsPage)
        type_text(settings.sync_box.server_url, county.url)
        type_text(settings.sync_box.code, county.enrol_code())
        qtbot.mouseClick(settings.sync_box.enrol_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "本机已注册为" in settings.sync_box.enrolment_status.text(), timeout=30_000)
        _sync(qtbot, bench)

        # 群众需求: three registrations, one of them given up.
        demands = bench.page(DemandsPage)
        bench.settle(qtbot)
        for way, (name, title) in enumerate(
            [("张德福", "三组路灯坏了"), ("刘桂芝", "想学智能手机"), ("", "")]
        ):
            _active(qtbot, window)
            if way == 1:
                qtbot.mouseClick(demands.register_button, Qt.MouseButton.LeftButton)
            else:
                demands.table.setFocus()
                _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: demands.register_dialog.dialog is not None)
            form = demands.register_dialog.dialog
            assert form is not None
            bench.settle(qtbot, lambda f=form: f.ready)
            if not title:
                type_text(form.title_edit, "写了一半")
                _press(qtbot, Qt.Key.Key_Escape)
                qtbot.waitUntil(lambda f=form: f.discard_prompt.dialog is not None)
                prompt = form.discard_prompt.dialog
                assert prompt is not None
                next(b for b in prompt.buttons() if b.text() == "放弃修改").click()
                qtbot.waitUntil(lambda: demands.register_dialog.dialog is None)
                continue
            form.requester.name_edit.setFocus()
            type_text(form.requester.name_edit, name)
            _press(qtbot, Qt.Key.Key_Tab)
            assert form.requester.phone_edit.hasFocus()
            qtbot.keyClicks(form.requester.phone_edit, f"1390431{way:04d}")
            form.category_combo.setCurrentIndex(1)
            type_text(form.title_edit, title)
            form.title_edit.setFocus()
            _press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: demands.register_dialog.dialog is None, timeout=10_000)
            bench.settle(qtbot)

        # 点单 twice, from the menu the county published.
        for item in range(2):
            _active(qtbot, window)
            qtbot.mouseClick(demands.menu_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: demands.menu_dialog.dialog is not None)
            order = demands.menu_dialog.dialog
            assert order is not None
            bench.settle(qtbot, lambda o=order: o.ready)
            assert order.menu_model.rowCount() == 2
            order.menu_view.selectRow(item)
            order.requester.anonymous_box.setChecked(True)
            order.title_edit.setFocus()
            _press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: demands.menu_dialog.dialog is None, timeout=10_000)
            bench.settle(qtbot)

        # 村民通讯录: three new villagers, three edits, the roster.
        contacts = bench.page(ContactsPage)
        bench.settle(qtbot, lambda: contacts.model.total is not None)
        for name in ("韩德胜", "柴桂芝", "鲁志强"):
            _active(qtbot, window)
            contacts.table.setFocus()
            _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: contacts.edit_dialog.dialog is not None)
            dialog = contacts.edit_dialog.dialog
            assert dialog is not None
            bench.settle(qtbot, lambda d=dialog: d.save_button.isEnabled())
            type_text(dialog.name_edit, name)
            dialog.name_edit.setFocus()
            _press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: contacts.edit_dialog.dialog is None, timeout=10_000)
            bench.settle(qtbot)
        for row in range(3):
            _active(qtbot, window)
            contacts.table.setFocus()
            contacts.table.selectRow(row)
            _press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: contacts.edit_dialog.dialog is not None)
            dialog = contacts.edit_dialog.dialog
            assert dialog is not None
            bench.settle(qtbot, lambda d=dialog: d.save_button.isEnabled())
            type_text(dialog.address_edit, f"测试村{row + 1}组")
            dialog.address_edit.setFocus()
            _press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: contacts.edit_dialog.dialog is None, timeout=10_000)
            bench.settle(qtbot)

        qtbot.mouseClick(contacts.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: contacts.import_dialog.dialog is not None)
        importer = contacts.import_dialog.dialog
        assert importer is not None
        with qtbot.waitSignal(importer.file_loaded, timeout=10_000):
            importer.load_file(_roster(tmp_path / "花名册.xlsx"))
        with qtbot.waitSignal(importer.preview_shown, timeout=10_000):
            importer.next_button.click()
        assert "可导入 3 人" in importer.preview_totals.text()
        with qtbot.waitSignal(importer.import_finished, timeout=30_000):
            importer.import_button.click()
        assert importer.report_model.rowCount() == 1  # the row to correct, on top
        qtbot.mouseClick(importer.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: contacts.import_dialog.dialog is None)

        _sync(qtbot, bench)
        assert bench.window.status_pending.text() == "无待上报"

        # The county takes up the first demand and resolves it; the village sees it.
        with bench.context.db.reading() as session:
            first = session.scalar(select(Demand.id).where(Demand.title == "三组路灯坏了"))
        assert first is not None
        county.publish_team("县志愿服务总队一分队")
        county.command("dispatch", first, "--team", "县志愿服务总队一分队")
        county.command("resolve", first, "--result", "已于当天修好路灯")
        _sync(qtbot, bench)

        demands = bench.page(DemandsPage)
        demands.awaiting_box.setChecked(True)
        bench.settle(qtbot, lambda: demands.model.total == 1)
        _active(qtbot, window)
        demands.table.setFocus()
        demands.table.selectRow(0)
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: demands.detail_dialog.dialog is not None)
        detail = demands.detail_dialog.dialog
        assert detail is not None
        bench.settle(qtbot, lambda: detail.loaded and detail.evaluate_button.isEnabled())
        assert detail.values["result"].text() == "已于当天修好路灯"
        qtbot.mouseClick(detail.evaluate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: detail.evaluation_dialog.dialog is not None)
        evaluation = detail.evaluation_dialog.dialog
        assert evaluation is not None
        evaluation.buttons_by_value["VERY_SATISFIED"].click()
        next(b for b in evaluation.findChildren(type(detail.close_button)) if b.text() == "保存评价").click()
        bench.settle(qtbot, lambda: detail.status_label.text() == "已评价")

        # 打印回执 → 保存为 PDF (the system's file dialog answers with a path).
        pdf = tmp_path / "回执.pdf"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(pdf), ""))
        )
        qtbot.mouseClick(detail.receipt_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: detail.receipt_prompt.dialog is not None)
        prompt = detail.receipt_prompt.dialog
        assert prompt is not None
        next(b for b in prompt.buttons() if b.text() == "保存为 PDF…").click()
        qtbot.waitUntil(pdf.exists, timeout=10_000)
        content = pdf.read_bytes()
        assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content)) == 1
        qtbot.waitUntil(lambda: detail.receipt_prompt.dialog is None)
        _active(qtbot, detail)
        _press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: demands.detail_dialog.dialog is None)

        _sync(qtbot, bench)
        assert bench.window.status_pending.text() == "无待上报"
        with bench.context.db.reading() as session:
            villagers = set(session.scalars(select(Contact.name)))

    # The county holds the day's work.
    shown = json.loads(county.command("show", first))
    assert (shown["status"], shown["evaluation"]) == ("FEEDBACK_GIVEN", "VERY_SATISFIED")
    listed = json.loads(county.command("demands", "--village", VILLAGE[0], "--format", "json"))
    assert listed["total"] == 4
    titles = sorted(d["title"] for d in listed["demands"])
    assert titles == sorted(["三组路灯坏了", "想学智能手机", "上门理发", "健康义诊"])
    assert {"韩德胜", "柴桂芝", "鲁志强", "柴秀英", "鲁长林", "邵桂兰"} <= villagers
    assert "闫德福" not in villagers

    assert error_boxes.seen == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
