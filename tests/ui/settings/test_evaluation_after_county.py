"""The whole loop through the window: a demand registered in the village is synced, the real
county server dispatches and resolves it, 立即同步 brings that back, the officer records the
villager's evaluation in the detail dialog, and the next sync delivers it to the county."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from settings_support import VILLAGE, County
from sqlalchemy import func, select

from desktop.models.demand import Demand
from desktop.models.demands import DemandInput, register_demand
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import OutboxOp
from desktop.sync.setup import enrol_device
from desktop.ui.app_context import AppContext
from desktop.ui.demands.detail_dialog import DemandDetailDialog
from desktop.ui.main_window import MainWindow


def _demand(context: AppContext, demand_id: str) -> tuple[str, str | None, int]:
    with context.db.reading() as session:
        demand = session.get_one(Demand, demand_id)
        pending = int(session.scalar(select(func.count()).select_from(OutboxOp)) or 0)
        return demand.status, demand.evaluation, pending


def _sync_now(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=60_000)


@pytest.mark.slow
def test_evaluation_recorded_after_the_county_resolved_the_demand(
    qtbot: QtBot, context: AppContext, county: County, keep: Callable[[QWidget], None]
) -> None:
    with context.db.writing() as session:
        station = save_station(
            session, StationInput("测试村新时代文明实践站", VILLAGE[0], "华家镇", "农安县")
        ).value
        demand_id = register_demand(
            session,
            station.id,
            DemandInput(
                channel="NEEDS_DESK",
                category_code="CONVENIENCE",
                topic_code="repair",
                title="村东头路灯坏了需要维修",
                requester_name="王大爷",
                requester_phone="13812345678",
            ),
        ).id
    enrol_device(context.data_dir, county.url, county.enrol_code())
    window = MainWindow(context)
    keep(window)
    window.show()
    qtbot.waitExposed(window)

    _sync_now(qtbot, window)
    assert _demand(context, demand_id) == ("SUBMITTED", None, 0)

    county.publish_team("县志愿服务总队一分队")

    county.command("dispatch", demand_id, "--team", "县志愿服务总队一分队")
    county.command("resolve", demand_id, "--result", "已于当天修好路灯")
    _sync_now(qtbot, window)
    assert _demand(context, demand_id)[0] == "RESOLVED"

    dialog = DemandDetailDialog(context, demand_id, window)
    keep(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.evaluate_button.isEnabled())
    assert dialog.detail is not None and dialog.detail.result == "已于当天修好路灯"
    qtbot.mouseClick(dialog.evaluate_button, Qt.MouseButton.LeftButton)
    evaluation = dialog.evaluation_dialog.dialog
    assert evaluation is not None
    evaluation.buttons_by_value["SATISFIED"].setChecked(True)
    evaluation.accept()
    qtbot.waitUntil(lambda: _demand(context, demand_id)[:2] == ("FEEDBACK_GIVEN", "SATISFIED"))

    _sync_now(qtbot, window)
    assert _demand(context, demand_id)[2] == 0
    seen = json.loads(county.command("show", demand_id))
    assert seen["evaluation"] == "SATISFIED"
    assert seen["status"] == "FEEDBACK_GIVEN"
    kinds = [e["kind"] for e in seen["events"]]
    assert "RESOLVED" in kinds and "EVALUATED" in kinds
