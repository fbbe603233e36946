"""志愿者与队伍: the roster's figures and filters, points (by the county's rules, by hand, 兑换
with no negative balance), 星级认定 (eligibility alone awards nothing), 表彰, and the village's
squads with their leaders."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models.activity import Activity, PointsEntry, StarAward, Team, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.changes import Changes
from desktop.models.db import Database, open_database
from desktop.models.entities import Station
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.volunteering import record_service
from desktop.models.volunteers import (
    CommendationInput,
    VolunteerFilter,
    award_star,
    change_points,
    commend,
    create_squad,
    list_volunteers,
    redeem,
    reward_choices,
    set_team_leader,
    set_volunteer_team,
    settle_activity,
    team_overview,
    volunteer_detail,
)
from desktop.models.writes import WritePath

TODAY = dt.date(2026, 12, 7)


def beijing(month: int, day: int, hour: int, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two volunteers: 张凤兰 served 110 hours (one star's worth; 3 of them this year), 李桂芝
    none; a county team and a village squad."""
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    db = open_database(path)
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
        writes.create(Team(name="农安县志愿服务总队", level="COUNTY", owner="COUNTY", id="t-county"))
        writes.create(
            Team(name="红旗村文艺小队", level="VILLAGE", owner="VILLAGE", station_id=station.id,
                 parent_id="t-county", id="t-arts")
        )  # fmt: skip
        zhang = writes.create(
            Volunteer(station_id=station.id, name="张凤兰", phone="13812345678",
                      skills="剪纸、秧歌", team_id="t-arts", id="v-zhang")
        )  # fmt: skip
        writes.create(Volunteer(station_id=station.id, name="李桂芝", id="v-li"))
        for n in range(11):  # 10 hours each, the last one this year
            start = beijing(3, 1 + n, 8, year=2025) if n < 10 else beijing(11, 28, 8)
            activity = writes.create(
                Activity(station_id=station.id, title=f"第{n + 1}次义务劳动",
                         activity_type_code="OTHER", five_task_code="CULTIVATE_VALUES",
                         starts_at=start, ends_at=start + dt.timedelta(hours=10), id=f"a-{n}")
            )  # fmt: skip
            session.flush()
            record_service(session, activity, zhang, start, start + dt.timedelta(hours=10))
    db.close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


def _roster(db: Database, **flt: object) -> dict[str, tuple[int, int, int, int]]:
    with db.reading() as session:
        rows = list_volunteers(session, VolunteerFilter(**flt), TODAY)  # type: ignore[arg-type]
    return {r.name: (r.total_minutes, r.year_minutes, r.points, r.awarded_star) for r in rows}


def test_the_roster_shows_hours_points_and_stars_and_finds_by_keys(db: Database) -> None:
    assert _roster(db) == {"李桂芝": (0, 0, 0, 0), "张凤兰": (6600, 600, 0, 0)}
    assert list(_roster(db, text="zfl")) == ["张凤兰"]
    assert list(_roster(db, text="zhangfenglan")) == ["张凤兰"]
    assert list(_roster(db, text="5678")) == ["张凤兰"]
    assert list(_roster(db, text="秧歌")) == ["张凤兰"]
    assert list(_roster(db, team_id="t-arts")) == ["张凤兰"]
    # 110 hours qualify for one star, which nobody has certified yet.
    assert list(_roster(db, eligible=True)) == ["张凤兰"]


def test_points_by_hand_by_rules_and_redeemed_never_below_zero(db: Database) -> None:
    with db.writing() as session:
        assert change_points(session, "v-li", 30, "帮助组织活动").changes == Changes(volunteers=True)
    with pytest.raises(ValidationError, match="请写明原因"), db.writing() as session:
        change_points(session, "v-li", 5, "  ")
    with pytest.raises(ValidationError, match="当前余额 30 分，本次扣减 40 分"), db.writing() as session:
        change_points(session, "v-li", -40, "违反约定")
    with db.writing() as session:
        change_points(session, "v-li", -10, "活动迟到")
    with pytest.raises(ValidationError, match="本次兑换需要 40 分"), db.writing() as session:
        redeem(session, "v-li", "TOWEL")
    with db.writing() as session:
        redeem(session, "v-li", "SOAP")
        assert [r.code for r in reward_choices(session)][:2] == ["PRIORITY_CLINIC", "PRIORITY_SERVICE"]
    # The county's rules: 5 per activity, 10 per hour; settling again gives nothing twice.
    with db.writing() as session:
        assert settle_activity(session, "a-10").value == 1
        assert settle_activity(session, "a-10").value == 0
    assert _roster(db)["李桂芝"][2] == 0
    assert _roster(db)["张凤兰"][2] == 105
    with db.reading() as session:
        detail = volunteer_detail(session, "v-li", TODAY)
    assert [(line.kind, line.amount) for line in detail.ledger] == [
        ("REDEEM", -20),
        ("ADJUST", -10),
        ("EARN", 30),
    ]
    assert detail.points == 0


def test_a_star_is_certified_only_as_far_as_the_hours_go(db: Database) -> None:
    def award(level: int, by: str = "合隆镇文明实践所") -> dict[str, str] | str:
        with db.writing() as session:
            result = award_star(session, "v-zhang", level, TODAY, by, today=TODAY).value
        return result if isinstance(result, str) else {e.field: e.message for e in result}

    assert award(2) == {"level": "服务时长只够1星（按现行星级标准），不能认定为2星"}
    assert award(1, by=" ") == {"certified_by": "请填写认定人或认定单位"}
    assert isinstance(award(1), str)
    assert award(1) == {"level": "已经认定过1星，请选择更高的星级"}
    with db.writing() as session:
        refused = award_star(session, "v-li", 1, TODAY, "村委会", today=TODAY).value
    assert [e.message for e in refused] == ["服务时长还不够一星（按现行星级标准）"]  # type: ignore[union-attr]
    assert list(_roster(db, eligible=True)) == []
    with db.reading() as session:
        detail = volunteer_detail(session, "v-zhang", TODAY)
        [stored] = session.scalars(select(StarAward)).all()
    assert (detail.progress.eligible, detail.progress.awarded) == (1, 1)
    assert detail.progress.to_next == 190  # 300 hours for two stars
    assert (stored.level, stored.scheme_code, stored.certified_by) == (1, "NATIONAL_2012", "合隆镇文明实践所")


def test_commendations_go_to_one_volunteer_or_one_team(db: Database) -> None:
    def give(**overrides: object) -> dict[str, str] | str:
        values: dict[str, object] = {
            "title": "优秀志愿者",
            "awarded_on": TODAY,
            "level": "县级",
            "issuing_body": "农安县文明办",
            "volunteer_id": "v-zhang",
        }
        values.update(overrides)
        with db.writing() as session:
            result = commend(session, CommendationInput(**values)).value  # type: ignore[arg-type]
        return result if isinstance(result, str) else {e.field: e.message for e in result}

    assert give(title="", level="区级", issuing_body="", volunteer_id=None) == {
        "title": "请填写表彰名称，如“优秀志愿者”",
        "level": "请选择表彰级别",
        "issuing_body": "请填写颁发单位",
        "volunteer_id": "表彰要给一位志愿者或一支队伍",
    }
    assert isinstance(give(), str)
    assert isinstance(give(volunteer_id=None, team_id="t-arts", title="优秀志愿服务队伍"), str)
    with db.reading() as session:
        detail = volunteer_detail(session, "v-zhang", TODAY)
    assert [(h.title, h.level) for h in detail.honours] == [("优秀志愿者", "县级")]


def test_squads_their_leaders_and_members(db: Database) -> None:
    with db.writing() as session:
        squad = create_squad(session, "红旗村理论宣讲小队", "t-county").value
    with pytest.raises(ValidationError, match="已经有一支叫"), db.writing() as session:
        create_squad(session, "红旗村理论宣讲小队", None)
    with pytest.raises(ValidationError, match="队长要从这支队伍的队员中选"), db.writing() as session:
        set_team_leader(session, squad, "v-li")
    with pytest.raises(LiaisonError, match="由县中心管理"), db.writing() as session:
        set_team_leader(session, "t-county", None)
    with db.writing() as session:
        set_volunteer_team(session, "v-li", squad)
        set_team_leader(session, squad, "v-li")
    with db.reading() as session:
        nodes = {n.name: n for n in team_overview(session)}
    assert nodes["红旗村理论宣讲小队"].leader_name == "李桂芝"
    assert nodes["红旗村理论宣讲小队"].members == ["李桂芝"]
    assert (nodes["农安县志愿服务总队"].editable, nodes["红旗村文艺小队"].depth) == (False, 1)
    # A leader who moves to another team no longer leads the old one.
    with db.writing() as session:
        set_volunteer_team(session, "v-li", "t-arts")
        assert session.get_one(Team, squad).leader_volunteer_id is None
        assert session.scalars(select(PointsEntry)).all() == []


def test_the_workbench_lists_this_weeks_activities_and_volunteers_near_a_star(db: Database) -> None:
    from desktop.models.summary import near_next_star, week_activities

    with db.writing() as session:
        station_id = session.scalars(select(Station.id)).one()
        li = session.get_one(Volunteer, "v-li")
        # 90.5 hours: 9.5 short of 一星 (100 h), within a fifth of the way.
        for n, hours in enumerate([7.0] * 12 + [6.5]):
            start = beijing(12, 1, 8) + dt.timedelta(hours=n * 7)
            end = start + dt.timedelta(hours=hours)
            activity = WritePath(session).create(
                Activity(station_id=station_id, title=f"巡河第{n + 1}班",
                         activity_type_code="OTHER", five_task_code="CULTIVATE_VALUES",
                         starts_at=start, ends_at=end)
            )  # fmt: skip
            session.flush()
            record_service(session, activity, li, start, end)
    with db.reading() as session:
        near = near_next_star(session, TODAY)
        week = week_activities(session, TODAY)  # Monday 7 to Sunday 13 December
    assert near == [("李桂芝", 1, 9.5)]
    assert week == []
    with db.reading() as session:
        first_week = week_activities(session, dt.date(2026, 12, 3))
    assert [title for title, _when in first_week][:2] == ["巡河第1班", "巡河第2班"]


def test_registering_and_editing_a_volunteer(db: Database) -> None:
    from desktop.models.volunteers import VolunteerInput, save_volunteer, volunteer_form

    with db.writing() as session:
        refused = save_volunteer(
            session,
            VolunteerInput(name=" ", phone="12345", registered_on=TODAY + dt.timedelta(days=1),
                           team_id="t-gone"),
            None,
            TODAY,
        ).value  # fmt: skip
    assert isinstance(refused, list)
    assert {e.field for e in refused} == {"name", "phone", "registered_on", "team_id"}
    with db.writing() as session:
        new_id = save_volunteer(
            session, VolunteerInput(name="王建国", phone="139 0000 1111", team_id="t-arts"), None, TODAY
        ).value
    assert isinstance(new_id, str)
    with db.writing() as session:
        set_team_leader(session, "t-arts", new_id)
        form = volunteer_form(session, new_id)
        assert (form.phone, form.team_id) == ("13900001111", "t-arts")
        form.team_id = None
        form.skills = "木工"
        assert save_volunteer(session, form, new_id, TODAY).changes == Changes(volunteers=True)
        assert save_volunteer(session, form, new_id, TODAY).changes == Changes()
    with db.reading() as session:
        assert session.get_one(Team, "t-arts").leader_volunteer_id is None
        assert session.get_one(Volunteer, new_id).pinyin_initials == "wjg"
