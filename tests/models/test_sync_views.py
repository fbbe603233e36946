"""The 同步 page's data in plain words: conflicts, refused changes, and the sync history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models import sync_views
from desktop.models.beijing import beijing_time
from desktop.models.contacts import ContactInput, save_contact
from desktop.models.db import Database, open_database
from desktop.models.demands import DemandInput, register_demand
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import SyncConflict, SyncRejection
from desktop.models.sync_views import (
    SyncRun,
    acknowledge_conflicts,
    acknowledge_rejections,
    append_sync_run,
    history_path,
    list_conflicts,
    list_rejections,
    open_issue_counts,
    read_sync_runs,
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
        station = save_station(session, StationInput("陈家店村实践站", "220122105201"))
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
        assert acknowledge_conflicts(session, [conflict.id]) == 1
        assert acknowledge_rejections(session, ["op-9"]) == 1
        assert acknowledge_rejections(session, ["op-9"]) == 0  # already acknowledged
    with db.reading() as session:
        assert open_issue_counts(session) == (0, 0)
        assert list_conflicts(session) == [] and list_rejections(session) == []
        [kept] = list_conflicts(session, include_acknowledged=True)
        assert kept.acknowledged
        assert len(list_rejections(session, include_acknowledged=True)) == 1


def _run(minute: int, ok: bool = True, summary: str = "上报 1 条，收到 0 条更新") -> SyncRun:
    at = f"2026-11-29T01:{minute:02d}:00Z"
    return SyncRun(started_at=at, finished_at=at, ok=ok, user_started=False, summary=summary)


def test_history_is_newest_first_and_survives_a_torn_line(tmp_path: Path) -> None:
    assert read_sync_runs(tmp_path) == []
    append_sync_run(tmp_path, _run(1))
    # A power cut in the middle of a write leaves half a line; it is skipped, not fatal.
    with history_path(tmp_path).open("a", encoding="utf-8") as fh:
        fh.write('{"started_at": "2026-11-29T01:0')
        fh.write("\n")
    append_sync_run(tmp_path, _run(2, ok=False, summary="连不上县中心服务器"))
    runs = read_sync_runs(tmp_path)
    assert [(r.started_at, r.ok, r.summary) for r in runs] == [
        ("2026-11-29T01:02:00Z", False, "连不上县中心服务器"),
        ("2026-11-29T01:01:00Z", True, "上报 1 条，收到 0 条更新"),
    ]
    line = history_path(tmp_path).read_text(encoding="utf-8").splitlines()[0]
    assert "连不上" not in line and "上报" in json.loads(line)["summary"]  # UTF-8, not \\u escapes


def test_history_is_trimmed_to_the_newest_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_views, "HISTORY_TRIM_BYTES", 2000)
    monkeypatch.setattr(sync_views, "HISTORY_KEEP", 5)
    for minute in range(30):
        append_sync_run(tmp_path, _run(minute))
    runs = read_sync_runs(tmp_path)
    assert len(runs) <= 15
    assert runs[0].started_at == "2026-11-29T01:29:00Z"
    assert history_path(tmp_path).stat().st_size <= 2000 + 400


def test_history_write_failure_is_not_fatal(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "logs").write_text("a file where the logs folder should be")
    append_sync_run(blocked, _run(1))  # logged, not raised
    assert read_sync_runs(blocked) == []
