"""The county's 考核 agrees with the village's 统计报表 (on SQLite and PostgreSQL): a village PC
registers demands in November, some in October, syncs; the county rejects, lists, dispatches,
claims and resolves them (in time and late); the village evaluates and withdraws; after the
sync, the county's row for the station holds exactly the figures the village's own report
shows for the month, and the quarter. The ranking, townships, silent stations, the .xlsx and
the console's 考核 page are checked on the same data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sync_support import VILLAGE_A, VILLAGE_B, CountyServer, VillagePC, demand_input

from county import actions, assessment, service_facts
from county.service_facts import FACTS
from desktop.models.activity import Activity, PointsEntry, StarAward, Volunteer
from desktop.models.demand import Demand
from desktop.models.demands import evaluate_demand, register_demand, withdraw_demand
from desktop.models.station import Station
from desktop.models.statistics import period_figures
from desktop.models.volunteering import correct_service, record_service
from desktop.models.writes import WritePath
from liaison_wire import beijing
from liaison_wire.statistics import ReportPeriod

TEAM = "县卫健志愿服务队"


def _at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(dt.UTC)


def _register(pc: VillagePC, title: str, when: dt.datetime, **overrides: object) -> str:
    with pc.db.writing() as session:
        station = str(session.scalar(select(Station.id)))
        return register_demand(session, station, demand_input(title, **overrides), now=when).id


@pytest.fixture
def villages(county: CountyServer, make_village: Callable[..., VillagePC]) -> dict[str, object]:
    a, b = make_village(county, VILLAGE_A), make_village(county, VILLAGE_B)
    made = {
        "late": _register(a, "老人想请医生上门量血压", _at("2026-11-03")),
        "in_time": _register(a, "组织一次免费体检", _at("2026-11-05"), due_date=dt.date(2026, 12, 31)),
        "rejected": _register(a, "重复上报的路灯", _at("2026-11-08")),
        "listed": _register(a, "留守儿童课后看护", _at("2026-11-12")),
        "waiting": _register(a, "河沟清淤", _at("2026-11-20")),
        "withdrawn": _register(a, "代办身份证换领", _at("2026-11-25")),
        "last_day": _register(a, "月末夜里登记的需求", _at("2026-11-30", 23)),
        "october": _register(a, "十月登记的需求", _at("2026-10-28")),
        "other": _register(b, "红旗村的需求", _at("2026-11-10")),
    }
    for pc in (a, b):
        assert pc.sync().rejected == 0
    with county.db.writing() as session:
        actions.publish(session, "team", [{"name": TEAM, "level": "COUNTY"}], actor="测试")
    with county.db.writing() as session:
        for key in ("late", "in_time", "october"):
            actions.dispatch_demand(session, made[key], TEAM, actor="测试")
            actions.claim_demand(session, made[key], actor="测试")
            actions.resolve_demand(session, made[key], "已办理", actor="测试")
        actions.reject_demand(session, made["rejected"], "重复上报", actor="测试")
        actions.list_demand(session, made["listed"], actor="测试")
        actions.dispatch_demand(session, made["other"], TEAM, actor="测试")
    a.sync()
    with a.db.writing() as session:
        evaluate_demand(session, session.get_one(Demand, made["late"]), "BASICALLY_SATISFIED")
        evaluate_demand(session, session.get_one(Demand, made["in_time"]), "VERY_SATISFIED")
        withdraw_demand(session, session.get_one(Demand, made["withdrawn"]), "自己解决了")
    for _ in range(2):
        assert a.sync().rejected == 0
        b.sync()
    return {"a": a, "b": b, **made}


@pytest.mark.parametrize("period", [ReportPeriod.month(2026, 11), ReportPeriod.quarter(2026, 4)])
def test_a_stations_row_equals_its_own_report(
    county: CountyServer, villages: dict[str, object], period: ReportPeriod
) -> None:
    today = beijing.today()
    pc = villages["a"]
    assert isinstance(pc, VillagePC)
    with pc.db.reading() as session:
        own = period_figures(session, period, today).demands
    with county.db.reading() as session:
        ranked = assessment.assess(session, period, today=today)
    row = next(r for r in ranked.rows if r.unit.key == VILLAGE_A[0])
    assert row.demands.counts == own.counts
    assert own.accepted == (5 if period.kind == "month" else 6)  # withdrawn and rejected are not 受理
    for name in ("claim_median", "claim_p90", "resolve_median", "resolve_p90"):
        ours, theirs = getattr(row.demands, name), getattr(own, name)
        assert (ours is None) == (theirs is None), name
        assert ours is None or abs(ours - theirs) < 1e-6, (name, ours, theirs)
    assert (row.demands.resolution_rate, row.demands.on_time_rate, row.demands.satisfaction_rate) == (
        own.resolution_rate, own.on_time_rate, own.satisfaction_rate,
    )  # fmt: skip


def test_ranking_townships_silent_stations_and_the_workbook(
    county: CountyServer, villages: dict[str, object]
) -> None:
    november = ReportPeriod.month(2026, 11)
    with county.db.reading() as session:
        ranked = assessment.assess(session, november, measure="accepted")
        townships = assessment.assess(session, november, level="township")
        silent = assessment.silent_stations(session, 7, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=30))
    assert [(r.rank, r.unit.name, r.demands.accepted) for r in ranked.rows] == [
        (1, "陈家店村", 5), (2, "红旗村", 1),
    ]  # fmt: skip
    assert len(townships.rows) == 1 and townships.rows[0].unit.name == "合隆镇"
    assert townships.rows[0].demands.accepted == 6 == ranked.totals.demands.accepted
    assert {unit.name for unit, _ in silent} == {"陈家店村", "红旗村"}
    book = load_workbook(io.BytesIO(assessment.workbook(ranked, "农安县")))
    sheet = book.active
    assert sheet is not None
    assert sheet["A1"].value == "农安县新时代文明实践站考核表（2026年11月）"
    assert [c.value for c in sheet[3]][:5] == ["排名", "村（站）", "所属乡镇", "最近同步", "需求办理"]
    assert [c.value for c in sheet[4]][4:7] == ["受理量", "办结量", "办结率"]
    names = [c.value for c in sheet[4]]
    assert sheet.cell(3, names.index("活动场次") + 1).value == "实践活动与志愿服务"
    assert [c.value for c in sheet[6]][:2] == [1, "陈家店村"] and sheet["E6"].value == 5
    assert sheet["B8"].value == "合计" and sheet["E8"].value == 6


def _service(pc: VillagePC) -> None:
    """Activities, service, volunteers, stars and points at a village PC, around November
    (tests/models/statistics_station.py's, whose figures test_statistics.py checks by hand)."""
    with pc.db.writing() as session:
        writes = WritePath(session)
        station = str(session.scalar(select(Station.id)))

        def volunteer(name: str, registered: dt.date | None, *, active: bool = True) -> Volunteer:
            return writes.create(Volunteer(station_id=station, name=name, registered_on=registered, active=active))

        def activity(title: str, type_code: str, start: dt.datetime, audience: int) -> Activity:
            return writes.create(
                Activity(station_id=station, title=title, activity_type_code=type_code,
                         five_task_code="ENRICH_CULTURE", starts_at=start,
                         ends_at=start + dt.timedelta(hours=2), audience_count=audience)
            )  # fmt: skip

        zhang, li = volunteer("张凤兰", dt.date(2026, 11, 5)), volunteer("李国强", dt.date(2026, 1, 1))
        wang = volunteer("王新来", dt.date(2026, 12, 2))
        volunteer("赵退出", dt.date(2025, 5, 1), active=False)
        # Registered before the workbench kept dates: on every roster, never 新注册.
        sun = volunteer("孙老党员", None)
        stories = activity("身边人讲身边事：好婆婆", "NEIGHBOR_STORIES", _at("2026-11-12"), 30)
        festival = activity("冬至包饺子", "FESTIVAL", _at("2026-11-30", 20), 50)
        activity("元旦联欢筹备", "FESTIVAL", _at("2026-12-01", 1), 10)
        activity("十月的宣讲", "LECTURE", _at("2026-10-20"), 40)
        session.flush()
        record_service(session, stories, zhang, _at("2026-11-12"), _at("2026-11-12", 11))
        session.flush()
        wrong = record_service(session, festival, li, _at("2026-11-30", 20), _at("2026-11-30", 21))
        session.flush()
        correct_service(session, wrong, -60, "未实际到岗")
        for who, kind, amount, when in (
            (zhang, "EARN", 20, "2026-11-12"), (zhang, "ADJUST", -5, "2026-11-13"),
            (zhang, "REDEEM", 10, "2026-11-20"), (li, "ADJUST", 3, "2026-11-21"), (li, "EARN", 7, "2026-10-21"),
        ):  # fmt: skip
            writes.create(PointsEntry(volunteer_id=who.id, kind=kind, amount=amount, reason="测试",
                                      occurred_at=_at(when)))  # fmt: skip
        writes.create(StarAward(volunteer_id=zhang.id, level=1, awarded_on=dt.date(2026, 11, 20),
                                certified_by="镇志愿服务站"))  # fmt: skip
        writes.create(StarAward(volunteer_id=li.id, level=2, awarded_on=dt.date(2026, 12, 1),
                                certified_by="镇志愿服务站"))  # fmt: skip
        # Awarded in November to one who registered in December: not on November's roster.
        writes.create(StarAward(volunteer_id=wang.id, level=1, awarded_on=dt.date(2026, 11, 25),
                                certified_by="镇志愿服务站"))  # fmt: skip
        writes.create(StarAward(volunteer_id=sun.id, level=3, awarded_on=dt.date(2026, 6, 1),
                                certified_by="县志愿服务总队"))  # fmt: skip
    assert pc.sync().rejected == 0


@pytest.mark.parametrize("period", [ReportPeriod.month(2026, 11), ReportPeriod.quarter(2026, 4)])
def test_a_stations_activity_and_volunteer_figures_equal_its_own_report(
    county: CountyServer, make_village: Callable[..., VillagePC], period: ReportPeriod
) -> None:
    pc, other = make_village(county, VILLAGE_A), make_village(county, VILLAGE_B)
    _service(pc)
    _service(other)

    def both() -> tuple[assessment.Assessed, object, assessment.Assessment]:
        with pc.db.reading() as session:
            own = period_figures(session, period, beijing.today())
        with county.db.reading() as session:
            ranked = assessment.assess(session, period, measure="hours", level="station")
        return next(r for r in ranked.rows if r.unit.key == VILLAGE_A[0]), own, ranked

    row, own, ranked = both()
    assert (row.activities, row.volunteers) == (own.activities, own.volunteers)  # type: ignore[attr-defined]
    if period.kind == "month":  # the hand-counted figures (tests/models/test_statistics.py), and 孙老党员
        assert (row.activities.count, row.activities.stories, row.activities.audience) == (2, 1, 80)
        assert (row.activities.volunteers, row.activities.service_minutes) == (1, 120)
        assert (row.volunteers.total, row.volunteers.new, row.volunteers.starred) == (3, 1, 2)
        assert row.volunteers.by_star == {0: 1, 1: 1, 2: 0, 3: 1, 4: 0, 5: 0}
        assert (row.volunteers.points_earned, row.volunteers.points_deducted,
                row.volunteers.points_redeemed) == (23, 5, 10)  # fmt: skip
    # The county's total and the township's (both villages are 合隆镇's) add up the stations'.
    with county.db.reading() as session:
        townships = assessment.assess(session, period, level="township")
    assert [unit.unit.name for unit in townships.rows] == ["合隆镇"]
    for summed in (ranked.totals, townships.rows[0]):
        for name in ("count", "audience", "volunteers", "service_minutes", "stories"):
            assert getattr(summed.activities, name) == sum(getattr(r.activities, name) for r in ranked.rows), name
        for name in ("total", "new", "active", "points_earned", "points_deducted", "points_redeemed"):
            assert getattr(summed.volunteers, name) == sum(getattr(r.volunteers, name) for r in ranked.rows), name
        assert summed.volunteers.by_star == {
            level: sum(r.volunteers.by_star[level] for r in ranked.rows) for level in row.volunteers.by_star
        }
    # The .xlsx holds the figures under their names.
    sheet = load_workbook(io.BytesIO(assessment.workbook(ranked))).active
    assert sheet is not None
    names = [c.value for c in sheet[4]]
    line = next(r for r in sheet.iter_rows(min_row=6, values_only=True) if r[1] == "陈家店村")
    assert line[names.index("活动场次")] == row.activities.count
    assert line[names.index("志愿服务时长")] == round(row.activities.hours, 1)
    assert line[names.index("星级志愿者")] == row.volunteers.starred

    # The village deletes an activity and a star award, and 张凤兰 leaves: the county's figures
    # follow the sync.
    with pc.db.writing() as session:
        writes = WritePath(session)
        writes.delete(session.scalars(select(Activity).where(Activity.title == "冬至包饺子")).one())
        zhang = session.scalars(select(Volunteer).where(Volunteer.name == "张凤兰")).one()
        writes.delete(session.scalars(select(StarAward).where(StarAward.volunteer_id == zhang.id)).one())
        writes.update(zhang, active=False)
    assert pc.sync().rejected == 0
    row, own, _ = both()
    assert (row.activities, row.volunteers) == (own.activities, own.volunteers)  # type: ignore[attr-defined]
    assert row.activities.audience == (30 if period.kind == "month" else 80)

    # Migration c0005's rebuild from the records gives the rows the writes kept.
    def facts() -> list[tuple[object, ...]]:
        with county.db.reading() as session:
            return [tuple(r) for r in session.execute(select(FACTS).order_by(FACTS.c.id))]

    kept = facts()
    with county.db.writing() as session:
        assert service_facts.rebuild(session.connection()) == len(kept) == 2 * 21 - 2
    assert facts() == kept
