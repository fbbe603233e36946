"""The 同步 page's data in plain words: conflicts and refused changes."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.beijing import beijing_time
from desktop.models.contacts import ContactInput, save_contact
from desktop.models.db import Database, open_database
from desktop.models.demands import DemandInput, register_demand
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import SyncConflict, SyncRejection
from desktop.models.sync_views import (
    acknowledge_conflicts,
    acknowledge_rejections,
    list_conflicts,
    list_rejections,
    open_issue_counts,
)

T0 = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


@pytest.fixture
def records(db: Database) -> dict[str, str]:
    """A station, a demand and a villager, as the conflicts below refer to them."""
    with db.writing() as session:
        station = save_station(session, StationInput("陈家店村实践站", "220122105201")).value
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
        contact = save_contact(
            session, station.id, ContactInput("王建国", phone="13812345678"), today=T0.date()
        )
        return {"demand": demand.id, "number": demand.number, "contact": contact.id}


def test_conflicts_name_the_record_and_field_in_plain_words(
    db: Database, records: dict[str, str]
) -> None:
    with db.writing() as session:
        session.add_all(
            [
                SyncConflict(
                    entity="demand",
                    record_id=records["demand"],
                    field="urgency",
                    local_value="URGENT",
                    server_value="NORMAL",
                    reported_at=T0,
                ),
                SyncConflict(
                    entity="contact",
                    record_id=records["contact"],
                    field="phone",
                    local_value="13812345678",
                    server_value=None,
                    reported_at=T0 + dt.timedelta(minutes=1),
                ),
                SyncConflict(
                    entity="demand",
                    record_id="0190b5f0-0000-7000-8000-000000000000",
                    field="title",
                    local_value="甲",
                    server_value="乙",
                    reported_at=T0 - dt.timedelta(days=1),
                ),
            ]
        )
    with db.reading() as session:
        phone, urgency, gone = list_conflicts(session)
    assert urgency.record == f"需求 {records['number']}：想请医生来村里给老人量血压"
    assert (urgency.field_label, urgency.local_value, urgency.server_value) == (
        "紧急程度",
        "紧急",
        "一般",
    )
    assert phone.record == "村民 王建国"
    assert (phone.field_label, phone.local_value, phone.server_value) == (
        "联系电话",
        "138****5678",  # masked, as in every list
        "（空）",
    )
    assert gone.record == "需求（本机已没有这条记录）"
    assert beijing_time(urgency.reported_at) == "2026-11-29 09:30"


def test_rejections_show_reason_and_what_was_changed(db: Database, records: dict[str, str]) -> None:
    with db.writing() as session:
        session.add_all(
            [
                SyncRejection(
                    op_id="op-1",
                    entity="demand",
                    record_id=records["demand"],
                    reason="县中心已经办理了这条需求，不能再删除",
                    fields={},
                    reported_at=T0,
                ),
                SyncRejection(
                    op_id="op-2",
                    entity="activity",
                    record_id="0190b5f0-0000-7000-8000-000000000001",
                    reason="活动类型不存在",
                    fields={"title": "重阳节敬老活动", "activity_type_code": "X"},
                    reported_at=T0 + dt.timedelta(minutes=5),
                ),
            ]
        )
    with db.reading() as session:
        activity, demand = list_rejections(session)
    assert demand.record.startswith(f"需求 {records['number']}")
    assert (demand.reason, demand.changed_fields) == (
        "县中心已经办理了这条需求，不能再删除",
        "删除",
    )
    # Not on this PC any more: the label comes from the refused change itself.
    assert activity.record == "活动 重阳节敬老活动"
    assert activity.changed_fields == "活动名称、活动类型"


def test_acknowledged_issues_leave_the_default_lists(db: Database, records: dict[str, str]) -> None:
    with db.writing() as session:
        conflict = SyncConflict(
            entity="demand",
            record_id=records["demand"],
            field="title",
            local_value="a",
            server_value="b",
        )
        session.add(conflict)
        session.add(
            SyncRejection(op_id="op-9", entity="demand", record_id=records["demand"], reason="不行")
        )
    with db.reading() as session:
        assert open_issue_counts(session) == (1, 1)
    with db.writing() as session:
        assert acknowledge_conflicts(session, [conflict.id]).value == 1
        acknowledged = acknowledge_rejections(session, ["op-9"])
        assert (acknowledged.value, acknowledged.changes.sync_state) == (1, True)
        assert acknowledge_rejections(session, ["op-9"]).value == 0  # already acknowledged
    with db.reading() as session:
        assert open_issue_counts(session) == (0, 0)
        assert list_conflicts(session) == [] and list_rejections(session) == []
        [kept] = list_conflicts(session, include_acknowledged=True)
        assert kept.acknowledged
        assert len(list_rejections(session, include_acknowledged=True)) == 1
