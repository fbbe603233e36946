"""同步 page without a server: conflicts and refused changes in plain words, 知道了, the clock
warning, and the status bar's error that leads here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.demands import DemandInput, register_demand
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import SyncConflict, SyncHeld, SyncRejection
from desktop.sync import state
from desktop.sync.history import SyncRun, append_sync_run
from desktop.ui.app_context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.issue_table_model import SyncConflictTableModel, SyncRejectionTableModel
from desktop.ui.sync.log_table_model import SyncLogTableModel
from desktop.ui.sync.page import SyncPage, clock_warning
from desktop.ui.sync.table_model import RecordRole, SortRole

T0 = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def demand_number(context: AppContext) -> str:
    """A station and one demand, with a conflict on its title and a refused delete."""
    with context.db.writing() as session:
        station = save_station(session, StationInput("测试村新时代文明实践站", "220122102203")).value
        demand = register_demand(
            session,
            station.id,
            DemandInput(
                channel="NEEDS_DESK",
                category_code="HEALTH",
                title="想请医生来村里给老人量血压",
                requester_name="李秀兰",
            ),
            now=T0,
        )
        session.add(
            SyncConflict(
                entity="demand",
                record_id=demand.id,
                field="title",
                local_value="请医生每月来村里量一次血压",
                server_value="想请医生来村里给老人量血压",
                reported_at=T0,
            )
        )
        session.add(
            SyncRejection(
                op_id="0190b5f0-0000-7000-8000-00000000beef",
                entity="demand",
                record_id=demand.id,
                reason="县中心已经派单办理这条需求，不能再删除",
                fields={},
                reported_at=T0,
            )
        )
        state.set_state(session, state.LAST_ERROR, "连不上县中心服务器（网络不通或服务器未开）")
        state.set_state(session, state.CLOCK_OFFSET, "-620.0")
        return demand.number


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, keep: Callable[[QWidget], None]) -> MainWindow:
    window = MainWindow(context)
    keep(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _texts(model: SyncConflictTableModel | SyncRejectionTableModel, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_conflicts_and_rejections_in_plain_words_and_acknowledged(
    qtbot: QtBot, window: MainWindow, demand_number: str, tmp_path: Path
) -> None:
    page = window.show_page(SyncPage)
    assert isinstance(page, SyncPage)
    conflicts, rejections = page.conflicts, page.rejections
    qtbot.waitUntil(lambda: conflicts.model.rowCount() == 1 and rejections.model.rowCount() == 1)

    assert _texts(conflicts.model, 0) == [
        f"需求 {demand_number}：想请医生来村里给老人量血压",
        "需求标题",
        "请医生每月来村里量一次血压",
        "想请医生来村里给老人量血压",
        "2026-11-29 09:30",
    ]
    assert _texts(rejections.model, 0) == [
        f"需求 {demand_number}：想请医生来村里给老人量血压",
        "删除",
        "县中心已经派单办理这条需求，不能再删除",
        "2026-11-29 09:30",
    ]
    assert page.tabs.tabText(1) == "冲突（1）" and page.tabs.tabText(2) == "被退回（1）"
    assert "慢约 10 分钟" in page.clock_label.text() and page.clock_label.isVisible()
    page.tabs.setCurrentWidget(conflicts)
    window.grab().save(str(tmp_path / "sync-page-conflicts.png"))

    # Select the conflict and press 知道了: it leaves the list and the count.
    assert not conflicts.acknowledge_button.isEnabled()
    conflicts.view.selectionModel().select(
        conflicts.view.model().index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert conflicts.acknowledge_button.isEnabled()
    qtbot.mouseClick(conflicts.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: conflicts.model.rowCount() == 0)
    assert page.tabs.tabText(1) == "冲突（0）"
    assert rejections.model.rowCount() == 1  # the other list is untouched

    page.tabs.setCurrentWidget(rejections)
    qtbot.mouseClick(rejections.acknowledge_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rejections.model.rowCount() == 0)
    assert page.tabs.tabText(2) == "被退回（0）"
    with window.app.db.reading() as session:
        assert all(c.acknowledged for c in session.scalars(select(SyncConflict)))
        assert all(r.acknowledged for r in session.scalars(select(SyncRejection)))

    # Still there for whoever wants to look again.
    rejections.show_acknowledged.setChecked(True)
    qtbot.waitUntil(lambda: rejections.model.rowCount() == 1)


def test_records_held_back_are_listed_with_what_to_do(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    with context.db.writing() as session:
        session.add(
            SyncHeld(
                entity="demand_event",
                record_id="0190b5f0-0000-7000-8000-00000000f00d",
                version=1,
                change={
                    "entity": "demand_event",
                    "id": "0190b5f0-0000-7000-8000-00000000f00d",
                    "version": 1,
                    "deleted": False,
                    "fields": {"kind": "REGISTERED", "note": ""},
                },
                kind="waiting",
                reason="它的“所属需求”（需求）还没有从县中心收到",
                waiting_for="0190b5f0-0000-7000-8000-00000000cafe",
                held_at=T0,
                last_tried_at=T0,
                attempts=3,
            )
        )
    page = window.show_page(SyncPage)
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: page.held_model.rowCount() == 1)
    assert page.tabs.tabText(3) == "暂未接收（1）"
    texts = [page.held_model.index(0, c).data() for c in range(page.held_model.columnCount())]
    assert texts[0] == "需求办理记录（本机还没有收下）"
    assert texts[1] == "它的“所属需求”（需求）还没有从县中心收到"
    assert "会自动重试" in texts[2]
    assert texts[3:] == ["2026-11-29 09:30", "3"]
    page.tabs.setCurrentIndex(3)
    window.grab().save(str(tmp_path / "sync-page-held.png"))


def test_status_bar_error_opens_the_sync_page(
    qtbot: QtBot, window: MainWindow, demand_number: str
) -> None:
    assert demand_number
    window.sync.refresh_status()
    qtbot.waitUntil(lambda: "连不上县中心" in window.status_error.text())
    assert not isinstance(window.stack.currentWidget(), SyncPage)
    window.status_error.linkActivated.emit("sync")
    assert isinstance(window.stack.currentWidget(), SyncPage)
    page = window.stack.currentWidget()
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: "连不上县中心" in page.error_label.text())
    assert page.pending_label.text() == "3 条"  # the station, the demand and its first event


def test_log_shows_runs_newest_first(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    append_sync_run(
        context.data_dir,
        SyncRun(
            "2026-11-29T01:00:00Z", "2026-11-29T01:00:04Z", True, True, "上报 3 条，收到 9 条更新"
        ),
    )
    append_sync_run(
        context.data_dir,
        SyncRun("2026-11-29T02:00:00Z", "2026-11-29T02:00:30Z", False, False, "连不上县中心服务器"),
    )
    page = window.show_page(SyncPage)
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: page.log_model.rowCount() == 2)
    view = page.log_view.model()
    first = [view.index(0, c).data() for c in range(view.columnCount())]
    assert first == ["2026-11-29 10:00", "未完成", "自动", "连不上县中心服务器"]
    assert view.index(1, SyncLogTableModel.COL_RESULT).data() == "成功"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(None, ""), (120.0, ""), (-299.0, ""), (900.0, "快约 15 分钟"), (-3600.0, "慢约 60 分钟")],
)
def test_clock_warning_words(offset: float | None, expected: str) -> None:
    warning = clock_warning(offset)
    assert (expected in warning) if expected else warning == ""


def test_models_pass_the_model_tester(
    qtmodeltester: object, context: AppContext, demand_number: str
) -> None:
    from desktop.models.sync_views import list_conflicts, list_rejections
    from desktop.sync.history import read_sync_runs

    append_sync_run(
        context.data_dir, SyncRun("2026-11-29T01:00:00Z", "2026-11-29T01:00:04Z", True, False, "好")
    )
    with context.db.reading() as session:
        conflicts, rejections = list_conflicts(session), list_rejections(session)
    checked = [
        (SyncLogTableModel(), read_sync_runs(context.data_dir)),
        (SyncConflictTableModel(), conflicts),
        (SyncRejectionTableModel(), rejections),
    ]
    for model, rows in checked:
        model.set_rows(rows)
        assert model.rowCount() == 1
        assert model.index(0, 0).data(RecordRole)
        assert model.index(0, 0).data(SortRole) is not None
        assert model.headerData(0, Qt.Orientation.Horizontal)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.set_rows([])
        qtmodeltester.check(model)  # type: ignore[attr-defined]
