"""The detail dialog: masked phone, timeline with the county's steps, evaluation only after
the county resolved the demand, deletion only before it acted, sync problems in plain words."""

from __future__ import annotations

import datetime as dt

from demand_support import ZHANG_PHONE, register, set_status
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import delete
from ui_support import answer

from desktop.models.db import Database
from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import OutboxOp, SyncConflict, SyncRejection
from desktop.ui.app_context import AppContext
from desktop.ui.common.preferences import PUBLIC_PLACE_MODE
from desktop.ui.demands.detail_dialog import DemandDetailDialog, DemandTimelineTableModel


def _open(qtbot: QtBot, app: AppContext, demand_id: str, host: QWidget) -> DemandDetailDialog:
    dialog = DemandDetailDialog(app, demand_id, host)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    return dialog


def test_fields_and_the_masked_phone(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    demand_id = register(db, requester_phone=ZHANG_PHONE)
    dialog = _open(qtbot, app, demand_id, host)
    assert dialog.status_label.text() == "待上报"  # saved here, the county has not got it
    assert dialog.values["channel"].text() == "问需台"
    assert dialog.values["category"].text() == "便民服务"
    assert dialog.values["requester"].text() == "张三"
    assert dialog.phone_text() == "138****5678"
    dialog.phone_button.click()
    assert dialog.phone_text() == ZHANG_PHONE
    dialog.phone_button.click()
    assert dialog.phone_text() == "138****5678"
    assert not dialog.problems.isVisible()


def test_status_says_whether_the_county_has_the_demand(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    """待上报 until a push is answered, then the county's status; 县中心未接收 when the county
    refused it (answered, never stored)."""
    received, refused = register(db), register(db, title="重复登记的")
    with db.writing() as session:
        acknowledged = session.get(Demand, received)
        assert acknowledged is not None
        acknowledged.server_version = 1  # what a push answer does
        session.execute(delete(OutboxOp).where(OutboxOp.record_id.in_([received, refused])))
    dialog = _open(qtbot, app, received, host)
    assert dialog.status_label.text() == "已上报"
    dialog.close()
    dialog = _open(qtbot, app, refused, host)
    assert dialog.status_label.text() == "县中心未接收"
    dialog.close()


def test_public_place_mode_shows_only_the_surname(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    demand_id = register(db)
    app.preferences.set_flag(PUBLIC_PLACE_MODE, True)
    dialog = _open(qtbot, app, demand_id, host)
    assert dialog.values["requester"].text() == "张*"
    dialog.close()
    app.preferences.set_flag(PUBLIC_PLACE_MODE, False)
    dialog = _open(qtbot, app, demand_id, host)
    assert dialog.values["requester"].text() == "张三"


def test_evaluation_only_after_the_county_resolved_it(
    qtbot: QtBot, app: AppContext, db: Database, qtmodeltester: ModelTester, host: QWidget
) -> None:
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    demand_id = register(db, now=now - dt.timedelta(hours=2))
    dialog = _open(qtbot, app, demand_id, host)
    assert not dialog.evaluate_button.isEnabled()
    assert dialog.delete_button.isEnabled()
    dialog.close()

    # The county dispatches and resolves it; the sync brings the status and the timeline.
    resolved_at = now - dt.timedelta(minutes=5)
    set_status(
        db,
        demand_id,
        "RESOLVED",
        resolved_at=resolved_at,
        assigned_team_name="便民服务队",
        result="已修好路灯",
    )
    with db.writing() as session:
        for kind, minutes in (("DISPATCHED", 30), ("RESOLVED", 5)):
            session.add(
                DemandEvent(
                    demand_id=demand_id,
                    kind=kind,
                    actor="COUNTY",
                    server_version=1,
                    occurred_at=now - dt.timedelta(minutes=minutes),
                )
            )
    dialog = _open(qtbot, app, demand_id, host)
    assert dialog.evaluate_button.isEnabled()
    assert not dialog.delete_button.isEnabled()
    assert dialog.values["result"].text() == "已修好路灯"
    beijing = dt.timezone(dt.timedelta(hours=8))
    assert dialog.values["resolved"].text() == resolved_at.astimezone(beijing).strftime(
        "%Y-%m-%d %H:%M"
    )
    model = dialog.timeline_model
    qtmodeltester.check(model)
    steps = [
        (model.index(r, model.COL_ACTOR).data(), model.index(r, model.COL_EVENT).data())
        for r in range(model.rowCount())
    ]
    assert steps[0] == ("村", "登记需求")
    assert steps[-2:] == [("县", "已派单"), ("县", "已办结")]

    dialog.evaluate_button.click()
    qtbot.waitUntil(lambda: dialog.evaluation_dialog.dialog is not None)
    evaluation = dialog.evaluation_dialog.dialog
    assert evaluation is not None
    qtbot.waitUntil(evaluation.isVisible)
    assert [b.text() for b in evaluation.buttons_by_value.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    evaluation.accept()  # nothing chosen yet
    assert evaluation.isVisible() and evaluation.error.isVisible()
    evaluation.buttons_by_value["SATISFIED"].click()
    assert not evaluation.error.isVisible()  # the choice answers the error
    evaluation.note_edit.setPlainText("修得很快")
    evaluation.accept()
    qtbot.waitUntil(lambda: dialog.status_label.text() == "已评价", timeout=5000)

    assert dialog.status_label.text() == "已评价"
    assert not dialog.evaluate_button.isEnabled()
    assert dialog.values["evaluation"].text().startswith("满意：修得很快")
    assert model.index(model.rowCount() - 1, model.COL_NOTE).data() == "满意"
    with db.reading() as session:
        demand = session.get(Demand, demand_id)
        assert demand is not None
        assert (demand.evaluation, demand.evaluation_note) == ("SATISFIED", "修得很快")


def test_delete_confirms_first(qtbot: QtBot, app: AppContext, db: Database, host: QWidget) -> None:
    demand_id = register(db)
    dialog = _open(qtbot, app, demand_id, host)
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: dialog.delete_prompt.dialog is not None)
    prompt = dialog.delete_prompt.dialog
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible)
    prompt.defaultButton().click()  # 不删除
    with db.reading() as session:
        demand = session.get(Demand, demand_id)
        assert demand is not None and demand.deleted_at is None

    dialog.delete_button.click()
    answer(qtbot, dialog.delete_prompt, "删除")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    with db.reading() as session:
        demand = session.get(Demand, demand_id)
        assert demand is not None and demand.deleted_at is not None


def test_sync_problems_in_plain_words(
    qtbot: QtBot, app: AppContext, db: Database, host: QWidget
) -> None:
    demand_id = register(db)
    with db.writing() as session:
        session.add(
            SyncConflict(
                entity="demand",
                record_id=demand_id,
                field="title",
                local_value="三组路灯坏了",
                server_value="三组路灯不亮",
            )
        )
        session.add(
            SyncRejection(
                op_id="op-1",
                entity="demand",
                record_id=demand_id,
                reason="县中心已经办理这条需求，不能删除",
            )
        )
    dialog = _open(qtbot, app, demand_id, host)
    text = dialog.problems.text()
    assert dialog.problems.isVisible()
    assert "“需求标题”在本机和县中心同时被修改" in text
    assert "本机的值：三组路灯坏了" in text
    assert "县中心的值：三组路灯不亮" in text
    assert "原因：县中心已经办理这条需求，不能删除" in text


def test_timeline_model_alone(qtmodeltester: ModelTester) -> None:
    model = DemandTimelineTableModel()
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "时间"
