"""实践活动: registering, editing and deleting activities (every field's check), and the activity
list's search and filters (title and place through the index, team, volunteers, month)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.models.activities import (
    ActivityInput,
    activity_choices,
    activity_form,
    delete_activity,
    find_demands,
    load_activity_form,
    save_activity,
)
from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.changes import Changes
from desktop.models.db import Database, open_database
from desktop.models.demand_views import demand_detail
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import OutboxOp, Station
from desktop.models.errors import LiaisonError
from desktop.models.queries import (
    ActivityFilter,
    Sort,
    count_activities,
    list_activities,
)
from desktop.models.volunteering import record_service
from desktop.models.writes import WritePath

NOW = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)


def beijing(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    db = open_database(path)
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
        county = writes.create(Team(name="农安县志愿服务总队", level="COUNTY", owner="COUNTY"))
        writes.create(
            Team(name="合隆镇分队", level="TOWNSHIP", owner="COUNTY", parent_id=county.id)
        )
        writes.create(
            Team(name="红旗村文艺小队", level="VILLAGE", station_id=station.id, id="team-arts")
        )
        writes.create(Volunteer(station_id=station.id, name="张凤兰", id="vol-zhang"))
        writes.create(Volunteer(station_id=station.id, name="李桂芝", id="vol-li"))
    db.close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


def _input(**overrides: object) -> ActivityInput:
    values: dict[str, object] = {
        "title": "身边人讲身边事：老党员讲村史",
        "activity_type_code": "NEIGHBOR_STORIES",
        "five_task_code": "PROMOTE_POLICY",
        "starts_at": beijing(28, 9),
        "ends_at": beijing(28, 11),
        "place": "村文化广场",
        "audience_count": 45,
        "summary": "王大爷讲了村里修路的故事。",
    }
    values.update(overrides)
    return ActivityInput(**values)  # type: ignore[arg-type]


def _save(db: Database, data: ActivityInput, activity_id: str | None = None) -> str:
    with db.writing() as session:
        result = save_activity(session, data, activity_id, now=NOW)
    assert isinstance(result.value, str), result.value
    return result.value


def _errors(db: Database, data: ActivityInput) -> dict[str, str]:
    with db.writing() as session:
        result = save_activity(session, data, now=NOW)
        assert result.changes == Changes()
    assert isinstance(result.value, list)
    return {e.field: e.message for e in result.value}


def _ops(db: Database, record_id: str) -> list[tuple[str, dict[str, object]]]:
    with db.reading() as session:
        return [
            (op.op, op.fields)
            for op in session.scalars(
                select(OutboxOp).where(OutboxOp.record_id == record_id).order_by(OutboxOp.device_seq)
            )
        ]


def test_a_new_activity_is_saved_with_one_create_op(db: Database) -> None:
    with db.writing() as session:
        result = save_activity(session, _input(team_id="team-arts"), now=NOW)
    assert result.changes == Changes(activities=True)
    activity_id = result.value
    assert isinstance(activity_id, str)
    with db.reading() as session:
        stored = session.get_one(Activity, activity_id)
        assert stored.starts_at == dt.datetime(2026, 11, 28, 1, tzinfo=dt.UTC)
        assert stored.team_id == "team-arts" and stored.audience_count == 45
        assert stored.search_rowid is not None
    [(kind, fields)] = _ops(db, activity_id)
    assert kind == "create"
    assert fields["title"] == "身边人讲身边事：老党员讲村史"
    assert "search_rowid" not in fields


def test_every_field_error_is_given_at_once_and_nothing_is_saved(db: Database) -> None:
    errors = _errors(
        db,
        _input(
            title="  ",
            activity_type_code="NO_SUCH",
            five_task_code="",
            ends_at=beijing(28, 8),
            place="地" * 201,
            audience_count=-1,
            team_id="team-gone",
            linked_demand_ids=["no-such-demand"],
        ),
    )
    assert errors == {
        "title": "请填写活动名称",
        "activity_type_code": "请选择活动类型",
        "five_task_code": "请选择对应的“五项工作”",
        "ends_at": "结束时间必须晚于开始时间",
        "place": "活动地点最多 200 个字",
        "audience_count": "参与群众人数应在 0 到 100000 之间",
        "team_id": "所选队伍已不存在，请重新选择",
        "linked_demand_ids": "有 1 条关联的需求已不存在，请重新选择",
    }
    with db.reading() as session:
        assert session.scalars(select(Activity)).all() == []


def test_too_long_and_too_far_ahead_are_refused(db: Database) -> None:
    assert _errors(db, _input(ends_at=beijing(28, 11) + dt.timedelta(days=31))) == {
        "ends_at": "一场活动最长登记 31 天，持续更久的请按阶段分别登记"
    }
    far = dt.datetime(2028, 1, 5, 9, tzinfo=CHINA_TZ)
    assert _errors(db, _input(starts_at=far, ends_at=far + dt.timedelta(hours=2))) == {
        "starts_at": "开始时间不能晚于一年以后，请核对年份"
    }


def test_an_edit_sends_only_what_changed_and_no_change_sends_nothing(db: Database) -> None:
    activity_id = _save(db, _input())
    with db.reading() as session:
        form = activity_form(session, activity_id)
    with db.writing() as session:
        unchanged = save_activity(session, form, activity_id, now=NOW)
    assert unchanged.changes == Changes()
    form.audience_count = 60
    form.place = " 村委会二楼会议室 "
    with db.writing() as session:
        edited = save_activity(session, form, activity_id, now=NOW)
    assert edited.changes == Changes(activities=True)
    assert [(k, f) for k, f in _ops(db, activity_id)][1:] == [
        ("update", {"audience_count": 60, "place": "村委会二楼会议室"})
    ]


def test_linked_demands_are_kept(db: Database) -> None:
    with db.writing() as session:
        station_id = session.scalars(select(Station.id)).one()
        filed = register_demand(
            session,
            station_id,
            DemandInput(channel="NEEDS_DESK", category_code="CARE", title="想听村史", anonymous=True),
            now=NOW,
        )
    activity_id = _save(db, _input(linked_demand_ids=[filed.id, filed.id]))
    with db.reading() as session:
        assert session.get_one(Activity, activity_id).linked_demand_ids == [filed.id]
        detail = demand_detail(session, filed.id, NOW.date())
        assert detail is not None
        # Registered on the 29th; the activity that answers it was held on the 28th.
        assert [(e.kind, e.note) for e in detail.timeline] == [
            ("ACTIVITY", "身边人讲身边事：老党员讲村史"),
            ("REGISTERED", ""),
        ]
        assert [link.number for link in load_activity_form(session, activity_id).links] == [
            filed.number
        ]
        assert [d.id for d in find_demands(session, "村史", NOW.date())] == [filed.id]
    # The activity is found by the number of the demand it answered.
    assert _titles(db, text=filed.number) == ["身边人讲身边事：老党员讲村史"]


def test_an_activity_with_hours_cannot_be_deleted(db: Database) -> None:
    served = _save(db, _input())
    empty = _save(db, _input(title="文明实践集市"))
    with db.writing() as session:
        record_service(
            session,
            session.get_one(Activity, served),
            session.get_one(Volunteer, "vol-zhang"),
            beijing(28, 9),
            beijing(28, 11),
        )
    with pytest.raises(LiaisonError, match="已经登记了 1 条志愿服务时长"), db.writing() as session:
        delete_activity(session, served)
    with db.writing() as session:
        assert delete_activity(session, empty).changes == Changes(activities=True)
    with db.reading() as session:
        assert [r.id for r in list_activities(session, ActivityFilter())] == [served]
    with pytest.raises(LiaisonError, match="已经删除"), db.reading() as session:
        activity_form(session, empty)


def test_the_choices_offer_stories_the_five_tasks_and_the_team_tree(db: Database) -> None:
    with db.reading() as session:
        choices = activity_choices(session)
    assert ("NEIGHBOR_STORIES", "身边人讲身边事") in {(t.code, t.name) for t in choices.types}
    assert [code for code, _label in choices.five_tasks] == [
        "STUDY_THEORY",
        "PROMOTE_POLICY",
        "CULTIVATE_VALUES",
        "ENRICH_CULTURE",
        "REFORM_CUSTOMS",
    ]
    assert [(t.name, t.depth) for t in choices.teams] == [
        ("农安县志愿服务总队", 0),
        ("合隆镇分队", 1),
        ("红旗村文艺小队", 0),
    ]


def _titles(db: Database, **flt: object) -> list[str]:
    with db.reading() as session:
        found = ActivityFilter(**flt)  # type: ignore[arg-type]
        rows = list_activities(session, found)
        assert count_activities(session, found) == len(rows)
        return [row.title for row in rows]


def test_the_list_finds_by_title_place_team_volunteer_and_month(db: Database) -> None:
    stories = _save(db, _input(team_id="team-arts"))
    _save(
        db,
        _input(
            title="重阳节敬老文艺演出",
            activity_type_code="FESTIVAL",
            five_task_code="ENRICH_CULTURE",
            place="村委会",
            starts_at=beijing(29, 14, month=10),
            ends_at=beijing(29, 16, month=10),
        ),
    )
    with db.writing() as session:
        record_service(
            session,
            session.get_one(Activity, stories),
            session.get_one(Volunteer, "vol-zhang"),
            beijing(28, 9),
            beijing(28, 11),
        )
    newest_first = ["身边人讲身边事：老党员讲村史", "重阳节敬老文艺演出"]
    assert _titles(db) == newest_first
    assert _titles(db, text="村史") == newest_first[:1]  # title, through the index
    assert _titles(db, text="广场") == newest_first[:1]  # place
    assert _titles(db, text="村") == newest_first  # one character
    assert _titles(db, text="文艺") == newest_first  # the team's name, and a title
    assert _titles(db, text="张凤兰") == newest_first[:1]  # a volunteer who served
    assert _titles(db, text="zfl") == newest_first[:1]  # her initials
    assert _titles(db, text="zhangfenglan") == newest_first[:1]
    assert _titles(db, text="李桂芝") == []  # registered, but did not serve
    assert _titles(db, text="！？") == []
    assert _titles(db, activity_type_code="FESTIVAL") == newest_first[1:]
    assert _titles(db, five_task_code="PROMOTE_POLICY") == newest_first[:1]
    assert _titles(db, team_id="team-arts") == newest_first[:1]
    assert _titles(db, month=(2026, 10)) == newest_first[1:]
    assert _titles(db, month=(2026, 12)) == []
    with db.reading() as session:
        [row] = list_activities(session, ActivityFilter(text="村史"))
        assert (row.volunteers, row.credited_minutes) == (1, 120)
        by_title = list_activities(session, ActivityFilter(), sort=Sort("title", descending=False))
        assert [r.title for r in by_title] == sorted(newest_first)


def test_a_month_is_counted_in_beijing_time(db: Database) -> None:
    # 00:30 on 1 December in Beijing is still 30 November in UTC.
    start = dt.datetime(2026, 12, 1, 0, 30, tzinfo=CHINA_TZ)
    _save(db, _input(title="新年第一课", starts_at=start, ends_at=start + dt.timedelta(hours=1)))
    assert _titles(db, month=(2026, 12)) == ["新年第一课"]
    assert _titles(db, month=(2026, 11)) == []


def test_service_records_tie_to_the_activity(db: Database) -> None:
    activity_id = _save(db, _input())
    with db.writing() as session:
        record = record_service(
            session,
            session.get_one(Activity, activity_id),
            session.get_one(Volunteer, "vol-li"),
            beijing(28, 9),
            beijing(28, 10),
            break_minutes=10,
        )
        assert record.credited_minutes == 30  # 50 minutes, rounded down to half hours
    with db.reading() as session:
        assert session.scalars(select(ServiceRecord.activity_id)).all() == [activity_id]


def test_moving_the_start_keeps_the_index_in_the_lists_order(db: Database) -> None:
    """The index's rowid is the start, so a text search reads the newest first straight off
    it; an edit that moves the start takes a new rowid and leaves no stale entry behind."""
    first = _save(db, _input(title="老党员讲村史"))
    later = _save(db, _input(title="村史展览", starts_at=beijing(29, 9), ends_at=beijing(29, 11)))
    assert _titles(db, text="村史") == ["村史展览", "老党员讲村史"]
    with db.reading() as session:
        form = activity_form(session, first)
    form.starts_at, form.ends_at = beijing(30, 9), beijing(30, 10)
    _save(db, form, first)
    assert _titles(db, text="村史") == ["老党员讲村史", "村史展览"]
    with db.reading() as session:
        entries = session.execute(text("SELECT count(*) FROM activity_fts")).scalar()
        rowids = dict(session.execute(select(Activity.id, Activity.search_rowid)).all())
    assert entries == 2
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert rowids[first] == (beijing(30, 9) - epoch) // dt.timedelta(microseconds=1)
    assert rowids[later] == (beijing(29, 9) - epoch) // dt.timedelta(microseconds=1)
