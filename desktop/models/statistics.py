"""统计报表: the station's figures for a month, a quarter, a year or a custom range, each beside the
previous period and the same period a year before. The definitions are made once, here; their
formulas and edge cases are written out in docs/statistics.md, and the county's 考核 uses the
same ones.

Two layers:
- the formulas (:func:`demand_figures`, :func:`quantile`, the status sets) work on plain facts,
  one per demand, with no database: the tests feed them hand-built data and the county can
  feed them its own rows;
- :func:`station_report` reads the facts of the station's database (one query per kind of
  record; the demand figures and the rest at the same time on two connections, see
  :func:`_read_both`) and assembles the report the page, the .xlsx, the PDF and
  ``liaison report`` show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, and_, case, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from desktop.models.activities import activity_names
from desktop.models.activity import Activity, PointsEntry, ServiceRecord, StarAward, Volunteer
from desktop.models.beijing import day_start_utc
from desktop.models.catalog import DemandCategory
from desktop.models.demand import Demand
from desktop.models.reference_data import active_catalog_version
from desktop.models.rows.driver import read_all
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    DemandStatus,
    Evaluation,
)
from desktop.models.rules.points import PointsKind
from desktop.models.station import Grid, Station
from liaison_wire.statistics import (
    ACCEPTED,
    CONDITIONS,
    DAY_ENDS_UTC,
    DEMAND_TESTS,
    EVALUATION_ORDER,
    RATE_UNIT,
    RESOLVED_STATUSES,
    STORIES_TYPE,
    ActivityFigures,
    DemandFigures,
    DemandTest,
    GroupFigures,
    ReportPeriod,
    Value,
    VolunteerFigures,
    combine_activities,
    combine_demands,
    combine_volunteers,
    counted_by,
    ratio,
    shift_year,
    star_distribution,
)

if TYPE_CHECKING:
    from desktop.models.db import Database

_S = DemandStatus

# ---- the definitions ---------------------------------------------------------------------------

def _conditions(today: dt.date) -> dict[str, ColumnElement[bool]]:
    in_time = Demand.resolved_at.is_not(None) & (
        Demand.due_date.is_(None)
        | (Demand.resolved_at < Demand.due_date.op("||")(literal_column(f"' {DAY_ENDS_UTC}'")))
    )
    return {
        "claimed": Demand.claimed_at.is_not(None),
        "in_time": in_time,
        "past_due": Demand.due_date < today,
    }


def demand_condition(test: DemandTest, today: dt.date) -> ColumnElement[bool]:
    """``test`` as a SQL condition on a demand."""
    clauses: list[ColumnElement[bool]] = [Demand.status.in_(test.statuses)]
    if test.evaluations is not None:
        clauses.append(Demand.evaluation.in_(test.evaluations))
    if test.condition != "any":
        clauses.append(_conditions(today)[test.condition])
    return and_(*clauses)


# A period longer than this is read by walking a statistics index whole (in the order the
# figures are grouped: no sort); a shorter one by seeking its days in the *_days index and
# sorting what it found. Measured on 100,000 demands, a quarter is where they cost the same.
WALK_FROM_DAYS = 92


def _walks(period: ReportPeriod) -> bool:
    return period.days > WALK_FROM_DAYS


def _registered_in(period: ReportPeriod, how: str = "list") -> tuple[ColumnElement[bool], ...]:
    """The demands registered in ``period``, written for the index to read them by: "list"
    (plainly, for a list of demands), "seek" (only the days can be sought: the covering
    ``ix_demand_statistics_days``) or "walk" (nothing can be sought: SQLite walks
    ``ix_demand_statistics`` whole, in the order the figures are grouped). Either statistics
    index holds every column the figures read, so no demand's wide row is visited."""
    low, high = _bounds(period)
    if how == "list":
        return Demand.deleted_at.is_(None), Demand.registered_at >= low, Demand.registered_at < high
    registered = _unindexed(Demand.registered_at) if how == "walk" else Demand.registered_at
    return _unindexed(Demand.deleted_at).is_(None), registered >= low, registered < high


def _unindexed(column: Any) -> Any:
    """``column`` as an expression no index can seek on (SQLite's unary ``+``: the same value,
    and cheaper per row than ``x || ''``), so that SQLite walks the covering index the query is
    written for."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def demand_groups(session: Session, period: ReportPeriod, today: dt.date) -> list[tuple[Any, ...]]:
    """The demands registered in ``period`` counted per channel, category, grid, status and
    evaluation: each row holds those five, how many, and how many were claimed, resolved in
    time and are past due."""
    conditions = _conditions(today)
    keys = (Demand.channel, Demand.category_code, Demand.grid_id, Demand.status, Demand.evaluation)
    # FILTER: the count's step runs only for the rows that meet the condition (cheaper than
    # summing a 0/1 per row).
    sums = [func.count().filter(conditions[c]) for c in CONDITIONS]
    how = "walk" if _walks(period) else "seek"
    statement = select(*keys, func.count(), *sums).where(*_registered_in(period, how)).group_by(*keys)
    return [tuple(row) for row in session.connection().execute(statement).fetchall()]


def demand_times(session: Session, period: ReportPeriod) -> tuple[list[float], list[float]]:
    """Days from 登记 to 接单 of the 受理 demands registered in ``period`` that were claimed, and
    to 办结 of those resolved, each in ascending order. Nothing is grouped, so the period's days
    are sought, however long it is."""
    registered = func.julianday(Demand.registered_at)
    resolved = Demand.status.in_(RESOLVED_STATUSES)
    statement = select(
        func.julianday(Demand.claimed_at) - registered,
        case((resolved, func.julianday(Demand.resolved_at) - registered)),
    ).where(*_registered_in(period, "seek"), _unindexed(Demand.status).in_(ACCEPTED))
    # One row per demand, two floats each: read through the driver (SQLAlchemy's rows cost as
    # much again as SQLite's work). The literals are the period's bounds and status codes.
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    times = read_all(connection, sql)
    claims = sorted(claim for claim, _ in times if claim is not None)
    resolutions = sorted(resolve for _, resolve in times if resolve is not None)
    return claims, resolutions


def demand_figures(session: Session, period: ReportPeriod, today: dt.date) -> DemandFigures:
    """Every demand figure of the demands registered in ``period``, as of ``today`` for what is
    overdue now."""
    return combine_demands(demand_groups(session, period, today), demand_times(session, period))


# ---- periods -----------------------------------------------------------------------------------

# ---- reading the facts -------------------------------------------------------------------------


def _bounds(period: ReportPeriod) -> tuple[dt.datetime, dt.datetime]:
    return day_start_utc(period.start), day_start_utc(period.end + dt.timedelta(days=1))


def _started_in(period: ReportPeriod) -> tuple[ColumnElement[bool], ...]:
    """The activities that started in ``period``, written for the statistics index that reads
    them fastest (see :func:`_registered_in`)."""
    low, high = _bounds(period)
    started = _unindexed(Activity.starts_at) if _walks(period) else Activity.starts_at
    return _unindexed(Activity.deleted_at).is_(None), started >= low, started < high


def activity_groups(session: Session, period: ReportPeriod) -> list[tuple[Any, ...]]:
    """The activities that started in ``period`` per type and task: each row holds the two,
    the audience and how many."""
    keys = (Activity.activity_type_code, Activity.five_task_code)
    statement = (
        select(*keys, func.sum(Activity.audience_count), func.count())
        .where(*_started_in(period))
        .group_by(*keys)
    )
    return [tuple(row) for row in session.connection().execute(statement).fetchall()]


def service_given(session: Session, period: ReportPeriod) -> tuple[int, int]:
    """How many volunteers served in ``period`` (their minutes, corrections applied, above 0)
    and the minutes served. Service counts in the period it was given (a correction carries
    its original's times)."""
    low, high = _bounds(period)
    # Walked in volunteer order for a long period, sought by days for a short one.
    start = _unindexed(ServiceRecord.start_at) if _walks(period) else ServiceRecord.start_at
    served = (
        select(ServiceRecord.volunteer_id, func.sum(ServiceRecord.credited_minutes).label("minutes"))
        .where(_unindexed(ServiceRecord.deleted_at).is_(None), start >= low, start < high)
        .group_by(ServiceRecord.volunteer_id)
        .subquery()
    )
    volunteers, minutes = session.connection().execute(
        select(func.count(case((served.c.minutes > 0, 1))), func.coalesce(func.sum(served.c.minutes), 0))
    ).one()
    return int(volunteers), int(minutes)


def activity_figures(session: Session, period: ReportPeriod) -> ActivityFigures:
    """The activities that started in ``period``, and the service given in it."""
    return combine_activities(activity_groups(session, period), service_given(session, period))


def volunteer_roster(session: Session, period: ReportPeriod) -> tuple[int, int, dict[int, int]]:
    """Volunteers serving today registered by the period's end, those registered in it, and
    how many of the first hold each star awarded by the period's end (0: none)."""
    live = (Volunteer.deleted_at.is_(None), Volunteer.active.is_(True))
    registered = Volunteer.registered_on
    total = int(
        session.scalar(select(func.count()).where(*live, registered.is_(None) | (registered <= period.end)))
        or 0
    )
    new = int(
        session.scalar(select(func.count()).where(*live, registered >= period.start, registered <= period.end))
        or 0
    )
    on_roster = registered.is_(None) | (registered <= period.end)
    awarded = (
        select(StarAward.volunteer_id, func.max(StarAward.level).label("level"))
        .join(Volunteer, Volunteer.id == StarAward.volunteer_id)
        # The same volunteers as the total, so the star rows add up to it.
        .where(StarAward.deleted_at.is_(None), StarAward.awarded_on <= period.end, *live, on_roster)
        .group_by(StarAward.volunteer_id)
        .subquery()
    )
    stars = Counter(
        {int(level): int(people) for level, people in session.execute(
            select(awarded.c.level, func.count()).group_by(awarded.c.level)
        )}
    )  # fmt: skip
    return total, new, star_distribution(total, stars)


def points_moved(session: Session, period: ReportPeriod) -> tuple[int, int, int]:
    """Points earned (by rule, by hand, and positive adjustments), deducted and redeemed in
    ``period``."""
    low, high = _bounds(period)
    signed = PointsEntry.amount
    adjust = PointsEntry.kind == PointsKind.ADJUST.value
    earned, deducted, redeemed = session.connection().execute(
        select(
            func.coalesce(func.sum(signed).filter((PointsEntry.kind == PointsKind.EARN.value)
                                                  | (adjust & (signed > 0))), 0),
            func.coalesce(func.sum(-signed).filter(adjust & (signed < 0)), 0),
            func.coalesce(func.sum(signed).filter(PointsEntry.kind == PointsKind.REDEEM.value), 0),
        ).where(_unindexed(PointsEntry.deleted_at).is_(None), PointsEntry.occurred_at >= low,
                PointsEntry.occurred_at < high)
    ).one()  # fmt: skip
    return int(earned), int(deducted), int(redeemed)


# ---- the report --------------------------------------------------------------------------------

ACTIVITY_TESTS = ("all", "stories", "type", "task")


@dataclass(frozen=True)
class Drill:
    """Which records a figure counts: ``kind`` "demands" (one of :data:`DEMAND_TESTS` among the
    demands registered in the period) or "activities" (all, 身边人讲身边事, one type or one task), optionally
    within one group (``("channel", "HOTLINE")``, ``("type", "LECTURE")``)."""

    kind: str
    test: str
    group: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class FigureLine:
    section: str
    name: str
    unit: str  # 件, %, 天, 场, 人次, 人, 小时, 分
    value: Value
    previous: Value
    year_before: Value
    drill: Drill | None = None


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    values: tuple[Value, ...]
    drill: Drill | None = None


@dataclass(frozen=True)
class Breakdown:
    section: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (name, unit)
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class MonthPoint:
    month: ReportPeriod
    accepted: int
    resolved: int
    resolution_rate: float | None
    satisfaction_rate: float | None
    activities: int


@dataclass(frozen=True)
class StationReport:
    station: str
    period: ReportPeriod
    previous: ReportPeriod
    year_before: ReportPeriod
    today: dt.date
    lines: list[FigureLine]
    breakdowns: list[Breakdown]
    months: list[MonthPoint]  # the period's months (the 12 up to it, for a shorter period)
    category_shares: list[tuple[str, int]]  # 受理量 by category, largest first

    @property
    def empty(self) -> bool:
        """Nothing happened in the period: no demand, no activity, no volunteer registered."""
        return not any(
            line.value for line in self.lines if line.name in ("受理量", "活动场次", "新注册志愿者")
        )

    def line(self, name: str) -> FigureLine:
        return next(line for line in self.lines if line.name == name)


SECTIONS = ("需求办理", "实践活动", "志愿服务")


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of one period."""

    demands: DemandFigures
    activities: ActivityFigures
    volunteers: VolunteerFigures


def practice_figures(session: Session, period: ReportPeriod) -> tuple[ActivityFigures, VolunteerFigures]:
    """The activity and volunteer figures of ``period``."""
    activities = activity_figures(session, period)
    volunteers = combine_volunteers(
        volunteer_roster(session, period), points_moved(session, period), activities.volunteers
    )
    return activities, volunteers


_A = TypeVar("_A")
_B = TypeVar("_B")


def _read_both(
    session: Session, alongside: Database | None, first: Callable[[Session], _A], second: Callable[[Session], _B]
) -> tuple[_A, _B]:
    """``first`` read on ``session``, and ``second`` on it too, or, given ``alongside`` (the
    database ``session`` reads, which must not have read anything yet in its transaction), on
    a second connection in a second thread at the same time. SQLite reads without holding
    Python's lock, so on two cores the two take about the longer of them instead of their sum.
    Each is read in one transaction, so each is consistent in itself; a change committed in the
    instant between the two transactions' first reads may show in one only, as if that one had
    been read a moment later."""
    if alongside is None:
        return first(session), second(session)

    def read_second() -> _B:
        with alongside.reading() as other:
            return second(other)

    # Should ``first`` fail, leaving the block waits for ``second`` and drops what it gives.
    with ThreadPoolExecutor(1, thread_name_prefix="statistics") as pool:
        later = pool.submit(read_second)
        return first(session), later.result()


def period_figures(
    session: Session, period: ReportPeriod, today: dt.date, *, alongside: Database | None = None
) -> PeriodFigures:
    """Every figure of ``period`` as of ``today``; with ``alongside``, the activity and
    volunteer figures are read at the same time as the demand figures (:func:`_read_both`)."""
    demands, practice = _read_both(
        session, alongside, lambda s: demand_figures(s, period, today), lambda s: practice_figures(s, period)
    )
    return PeriodFigures(demands, *practice)


def _category_names(session: Session) -> dict[str, str]:
    """Each category code's name: the active catalog's, else the latest other version's."""
    active = active_catalog_version(session)
    names: dict[str, str] = {}
    for version, code, name in session.execute(
        select(DemandCategory.catalog_version, DemandCategory.code, DemandCategory.name).order_by(
            DemandCategory.catalog_version
        )
    ):
        if code not in names or version == active or names.get(code) == code:
            names[code] = name
    return names


def _grid_names(session: Session) -> dict[str, str]:
    return {grid_id: name for grid_id, name in session.execute(select(Grid.id, Grid.name))}


Getter = Callable[[PeriodFigures], Value]


def _lines(
    section: str, figures: tuple[PeriodFigures, PeriodFigures, PeriodFigures],
    rows: Sequence[tuple[str, str, Getter, Drill | None]],
) -> list[FigureLine]:
    now, before, year_ago = figures
    return [
        FigureLine(section, name, unit, get(now), get(before), get(year_ago), drill)
        for name, unit, get, drill in rows
    ]  # fmt: skip


def _count_of(test: str) -> Getter:
    return lambda f: f.demands.count(test)


def _star_count(level: int) -> Getter:
    return lambda f: f.volunteers.by_star.get(level, 0)


def _demand_rows() -> list[tuple[str, str, Getter, Drill | None]]:
    def drill(test: str) -> Drill:
        return Drill("demands", test)

    return [
        ("受理量", "件", _count_of("accepted"), drill("accepted")),
        ("办结量", "件", _count_of("resolved"), drill("resolved")),
        ("办结率", RATE_UNIT, lambda f: f.demands.resolution_rate, drill("resolved")),
        ("按期办结量", "件", _count_of("on_time"), drill("on_time")),
        ("按期办结率", RATE_UNIT, lambda f: f.demands.on_time_rate, drill("on_time")),
        ("评价数", "件", _count_of("evaluated"), drill("evaluated")),
        ("满意率", RATE_UNIT, lambda f: f.demands.satisfaction_rate, drill("satisfied")),
        *[
            (EVALUATION_LABELS[Evaluation(level)], "件", _count_of(f"evaluation:{level}"),
             drill(f"evaluation:{level}"))
            for level in EVALUATION_ORDER
        ],
        ("登记至接单中位数", "天", lambda f: _days(f.demands.claim_median), drill("claimed")),
        ("登记至接单P90", "天", lambda f: _days(f.demands.claim_p90), drill("claimed")),
        ("登记至办结中位数", "天", lambda f: _days(f.demands.resolve_median), drill("resolved")),
        ("登记至办结P90", "天", lambda f: _days(f.demands.resolve_p90), drill("resolved")),
        ("超期未办结", "件", _count_of("overdue"), drill("overdue")),
    ]  # fmt: skip


def _activity_rows() -> list[tuple[str, str, Getter, Drill | None]]:
    every = Drill("activities", "all")
    return [
        ("活动场次", "场", lambda f: f.activities.count, every),
        ("身边人讲身边事", "场", lambda f: f.activities.stories, Drill("activities", "stories")),
        ("参与群众", "人次", lambda f: f.activities.audience, every),
        # Counted from the service given in the period, not from the activities started in
        # it: no list of activities would add up to them.
        ("参与志愿者", "人", lambda f: f.activities.volunteers, None),
        ("志愿服务时长", "小时", lambda f: round(f.activities.hours, 1), None),
    ]


def _volunteer_rows(levels: Sequence[int]) -> list[tuple[str, str, Getter, Drill | None]]:
    return [
        ("志愿者总数", "人", lambda f: f.volunteers.total, None),
        ("新注册志愿者", "人", lambda f: f.volunteers.new, None),
        ("活跃志愿者", "人", lambda f: f.volunteers.active, None),
        *[
            (f"{level}星志愿者" if level else "未评星志愿者", "人", _star_count(level), None)
            for level in sorted(levels, reverse=True)
        ],
        ("获得积分", "分", lambda f: f.volunteers.points_earned, None),
        ("扣减积分", "分", lambda f: f.volunteers.points_deducted, None),
        ("兑换积分", "分", lambda f: f.volunteers.points_redeemed, None),
    ]  # fmt: skip


GROUP_COLUMNS = (("受理量", "件"), ("办结量", "件"), ("办结率", RATE_UNIT), ("超期未办结", "件"))


def _group_table(title: str, field_name: str, groups: list[GroupFigures], names: dict[str, str]) -> Breakdown:
    rows = [
        BreakdownRow(
            names.get(group.key, group.key) or "未填写",
            (group.accepted, group.resolved, group.resolution_rate, group.overdue_now),
            Drill("demands", "accepted", (field_name, group.key or None)),
        )
        for group in groups
    ]
    return Breakdown(SECTIONS[0], title, GROUP_COLUMNS, rows)


def _count_table(title: str, field_name: str, counts: list[tuple[str, int]], names: dict[str, str]) -> Breakdown:
    rows = [
        BreakdownRow(names.get(code, code), (count,), Drill("activities", field_name, (field_name, code)))
        for code, count in counts
    ]
    return Breakdown(SECTIONS[1], title, (("活动场次", "场"),), rows)


def _series_range(period: ReportPeriod) -> ReportPeriod:
    """The months the trend shows: the period's own; for a custom range, the whole calendar
    months it touches; for a period under three months, the twelve months up to it."""
    months = period.months()
    if len(months) >= 3:
        return ReportPeriod("custom", months[0].start, months[-1].end) if period.kind == "custom" else period
    last = months[-1]
    first = ReportPeriod.containing("month", shift_year(last.start, -1) + dt.timedelta(days=31))
    return ReportPeriod("custom", first.start, last.end)


MONTHLY = ("accepted", "resolved", "evaluated", "satisfied")


def month_series(session: Session, span: ReportPeriod, today: dt.date) -> list[MonthPoint]:
    """受理量, 办结量, 办结率, 满意率 and 活动场次 of each month of ``span``. Read a month at a time:
    each seeks its days in the covering ``*_days`` index and sorts a month's rows, which costs
    less than naming every row's month (strftime) and sorting the whole span at once."""
    names = list(DEMAND_TESTS)
    wanted = [names.index(name) for name in MONTHLY]
    counted: dict[tuple[str, str | None], list[int]] = {}
    connection = session.connection()
    points = []
    for part in span.months():
        counts = [0] * len(MONTHLY)
        for status, evaluation, total in connection.execute(
            select(Demand.status, Demand.evaluation, func.count())
            .where(*_registered_in(part, "seek"))
            .group_by(Demand.status, Demand.evaluation)
        ):
            picks = counted.get((status, evaluation))
            if picks is None:
                # These four count every demand of their status and evaluation (no condition).
                chosen = dict(counted_by(status, evaluation, ("any", *CONDITIONS)))
                picks = counted[(status, evaluation)] = [
                    position for position, index in enumerate(wanted) if index in chosen
                ]
            for position in picks:
                counts[position] += total
        low, high = _bounds(part)
        held = connection.execute(
            select(func.count()).where(
                _unindexed(Activity.deleted_at).is_(None), Activity.starts_at >= low, Activity.starts_at < high
            )
        ).scalar_one()
        accepted, resolved, evaluated, satisfied = counts
        points.append(
            MonthPoint(part, accepted, resolved, ratio(resolved, accepted), ratio(satisfied, evaluated), int(held))
        )  # fmt: skip
    return points


def station_report(
    session: Session, period: ReportPeriod, today: dt.date, *, alongside: Database | None = None
) -> StationReport:
    """Every figure of ``period`` beside the previous period and the same period a year before,
    the breakdowns by channel, category, grid, activity type and task, and the monthly series
    (the period's months; the twelve up to it for a shorter period).

    With ``alongside``, the activity and volunteer figures and the monthly series are read at
    the same time as the demand figures (:func:`_read_both`)."""
    # The year before a year is the previous period: read once.
    periods = list(dict.fromkeys((period, period.previous(), period.year_before())))
    span = _series_range(period)
    demands, (practice, series, names) = _read_both(
        session,
        alongside,
        lambda s: {p: demand_figures(s, p, today) for p in periods},
        # The monthly series (its demand counts too) and the names of the activity types and
        # tasks are read with the activity figures they go with.
        lambda s: ({p: practice_figures(s, p) for p in periods}, month_series(s, span, today), activity_names(s)),
    )
    now, before, year_ago = (
        PeriodFigures(demands[p], *practice[p]) for p in (period, period.previous(), period.year_before())
    )
    figures = now, before, year_ago
    categories = _category_names(session)
    breakdowns = [
        _group_table("按来源渠道", "channel", now.demands.by_channel,
                     {c.value: label for c, label in CHANNEL_LABELS.items()}),
        _group_table("按需求类别", "category_code", now.demands.by_category, categories),
        _group_table("按网格", "grid_id", now.demands.by_grid, {"": "未分网格", **_grid_names(session)}),
        _count_table("按活动类型", "type", now.activities.by_type, names.types),
        _count_table("按五项工作", "task", now.activities.by_task, names.tasks),
    ]  # fmt: skip
    station = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    return StationReport(
        station=station or "",
        period=period,
        previous=period.previous(),
        year_before=period.year_before(),
        today=today,
        lines=_lines(SECTIONS[0], figures, _demand_rows())
        + _lines(SECTIONS[1], figures, _activity_rows())
        + _lines(SECTIONS[2], figures, _volunteer_rows(list(now.volunteers.by_star))),
        breakdowns=breakdowns,
        months=series,
        category_shares=[
            (categories.get(group.key, group.key), group.accepted) for group in now.demands.by_category
        ],
    )


# ---- the records behind a figure ---------------------------------------------------------------


@dataclass(frozen=True)
class DemandBehind:
    id: str
    number: str
    registered_at: dt.datetime
    title: str
    status: str
    catalog_version: str
    category_code: str
    due_date: dt.date | None
    resolved_at: dt.datetime | None
    evaluation: str | None


@dataclass(frozen=True)
class ActivityBehind:
    id: str
    starts_at: dt.datetime
    title: str
    activity_type_code: str
    place: str
    audience_count: int


def demands_behind(session: Session, period: ReportPeriod, drill: Drill, today: dt.date) -> list[DemandBehind]:
    """The demands a figure counts, newest first: the same facts and tests as the figure."""
    clauses = [*_registered_in(period), demand_condition(DEMAND_TESTS[drill.test], today)]
    if drill.group is not None:
        column = getattr(Demand, drill.group[0])
        value = drill.group[1]
        clauses.append(column.is_(None) | (column == "") if value is None else column == value)
    columns = (
        Demand.id, Demand.number, Demand.registered_at, Demand.title, Demand.status,
        Demand.catalog_version, Demand.category_code, Demand.due_date, Demand.resolved_at,
        Demand.evaluation,
    )  # fmt: skip
    found: Any = session.execute(select(*columns).where(*clauses))
    rows = [DemandBehind(*row) for row in found]
    rows.sort(key=lambda row: row.registered_at, reverse=True)
    return rows


def activities_behind(session: Session, period: ReportPeriod, drill: Drill) -> list[ActivityBehind]:
    """The activities a figure counts (started in the period), newest first."""
    low, high = _bounds(period)
    clauses = [Activity.deleted_at.is_(None), Activity.starts_at >= low, Activity.starts_at < high]
    if drill.test == "stories":
        clauses.append(Activity.activity_type_code == STORIES_TYPE)
    elif drill.test == "type" and drill.group:
        clauses.append(Activity.activity_type_code == drill.group[1])
    elif drill.test == "task" and drill.group:
        clauses.append(Activity.five_task_code == drill.group[1])
    return [
        ActivityBehind(*row)
        for row in session.execute(
            select(Activity.id, Activity.starts_at, Activity.title, Activity.activity_type_code,
                   Activity.place, Activity.audience_count)
            .where(*clauses)
            .order_by(Activity.starts_at.desc())
        )
    ]  # fmt: skip
