"""考核: every station's (or township's) figures for a month, a quarter, a year or a range of
days, ranked, with the stations that have stopped syncing.

The demand figures are docs/statistics.md's, counted by the village's own code
(liaison_wire.statistics): one grouped read of the queue per period gives, per station, the
rows ``combine_demands`` turns into 受理量, 办结量, 办结率, 按期办结率, 满意率 and 超期未办结, in
exactly the shape the village's 统计报表 hands it; the response times are the same quantiles
(on PostgreSQL computed by the database: ``percentile_cont(0.5)`` is the median of
``quantile``, ``percentile_disc(0.9)`` its nearest-rank P90). tests/county/test_assessment.py
checks that a village's row here equals its own report on the same demands.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from io import BytesIO
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, tuple_
from sqlalchemy.orm import Session

from county.models import Device, Record, Village
from county.queue import QUEUE
from county.service_facts import FACTS
from liaison_wire import beijing
from liaison_wire.statistics import (
    ACCEPTED,
    CONDITIONS,
    DAY_ENDS_UTC,
    RESOLVED_STATUSES,
    ActivityFigures,
    DemandFigures,
    PointsKind,
    ReportPeriod,
    VolunteerFigures,
    combine_activities,
    combine_demands,
    combine_volunteers,
    quantile,
    star_distribution,
)

LEVELS = ("station", "township")
SECTIONS = {"demands": "需求办理", "service": "实践活动与志愿服务"}


@dataclass(frozen=True)
class Unit:
    """A station (a village) or a township, as the ranking names it."""

    key: str  # a village's 12-digit code, or a township's 9
    name: str
    township: str


@dataclass
class Assessed:
    unit: Unit
    demands: DemandFigures
    activities: ActivityFigures = field(default_factory=ActivityFigures)
    volunteers: VolunteerFigures = field(default_factory=VolunteerFigures)
    last_sync: dt.datetime | None = None
    rank: int = 0

    def value(self, measure: str) -> float | int | None:
        return FIGURES[measure].read(self)


@dataclass(frozen=True)
class Figure:
    """A column of the ranking: its name and unit as the village's report writes them, its
    section, and how it is read from a unit's figures."""

    title: str
    unit: str
    section: str
    read: Callable[[Assessed], float | int | None]
    lower_is_better: bool = False  # (overdue demands, days to resolve)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


FIGURES: dict[str, Figure] = {
    "accepted": Figure("受理量", "件", "demands", lambda r: r.demands.accepted),
    "resolved": Figure("办结量", "件", "demands", lambda r: r.demands.resolved),
    "resolution_rate": Figure("办结率", "%", "demands", lambda r: r.demands.resolution_rate),
    "on_time_rate": Figure("按期办结率", "%", "demands", lambda r: r.demands.on_time_rate),
    "satisfaction_rate": Figure("满意率", "%", "demands", lambda r: r.demands.satisfaction_rate),
    "claim_median": Figure("登记至接单中位数", "天", "demands",
                           lambda r: _days(r.demands.claim_median), lower_is_better=True),
    "resolve_median": Figure("登记至办结中位数", "天", "demands",
                             lambda r: _days(r.demands.resolve_median), lower_is_better=True),
    "overdue": Figure("超期未办结", "件", "demands", lambda r: r.demands.count("overdue"), lower_is_better=True),
    "activities": Figure("活动场次", "场", "service", lambda r: r.activities.count),
    "audience": Figure("参与群众", "人次", "service", lambda r: r.activities.audience),
    "stories": Figure("身边人讲身边事", "场", "service", lambda r: r.activities.stories),
    "served": Figure("参与志愿者", "人", "service", lambda r: r.activities.volunteers),
    "hours": Figure("志愿服务时长", "小时", "service", lambda r: round(r.activities.hours, 1)),
    "volunteers": Figure("志愿者总数", "人", "service", lambda r: r.volunteers.total),
    "new_volunteers": Figure("新注册志愿者", "人", "service", lambda r: r.volunteers.new),
    "starred": Figure("星级志愿者", "人", "service", lambda r: r.volunteers.starred),
    "points_earned": Figure("获得积分", "分", "service", lambda r: r.volunteers.points_earned),
}  # fmt: skip
# What a ranking may be sorted by: every figure (name, unit).
MEASURES: dict[str, tuple[str, str]] = {key: (f.title, f.unit) for key, f in FIGURES.items()}


def section_of(measure: str) -> str:
    return FIGURES[measure].section


def columns(section: str | None = None) -> list[tuple[str, Figure]]:
    """The figures of a section (every figure: None), in order."""
    return [(key, f) for key, f in FIGURES.items() if section is None or f.section == section]


@dataclass
class Assessment:
    period: ReportPeriod
    level: str
    measure: str
    today: dt.date
    totals: Assessed  # the whole county's (or the township's)
    rows: list[Assessed] = field(default_factory=list)


def _conditions(today: dt.date, dialect: str) -> dict[str, ColumnElement[bool]]:
    """The three conditions of DEMAND_TESTS on a queue row (as the village writes them on its
    demand table: resolved before its due day ends in Beijing, claimed at all, due before
    today)."""
    q = QUEUE.c
    day_ends: ColumnElement[Any]
    if dialect == "sqlite":
        # The stored forms are text: '2026-11-30 09:00:00.000000' < '2026-11-30' || ' 16:00:00'.
        day_ends = q.due_date.op("||")(literal_column(f"' {DAY_ENDS_UTC}'"))
    else:
        day_ends = q.due_date + literal_column(f"interval '{DAY_ENDS_UTC}'")
    return {
        "claimed": q.claimed_at.is_not(None),
        "in_time": q.resolved_at.is_not(None) & (q.due_date.is_(None) | (q.resolved_at < day_ends)),
        "past_due": q.due_date < today,
    }


def _units(session: Session, level: str, township_code: str) -> dict[int, Unit]:
    """Each village id's unit (its station, or its township), within ``township_code``."""
    townships: dict[int, str] = {}
    for record in session.scalars(
        select(Record).where(Record.entity == "station", Record.deleted_at.is_(None))
    ):
        if record.village_id is not None:
            townships[record.village_id] = str(record.data.get("township", ""))
    query = select(Village).order_by(Village.code)
    if township_code:
        query = query.where(Village.code.startswith(township_code))
    units: dict[int, Unit] = {}
    for village in session.scalars(query):
        township = townships.get(village.id, "")
        if level == "station":
            units[village.id] = Unit(village.code, village.name, township)
        else:
            units[village.id] = Unit(village.code[:9], township or village.code[:9], township)
    return units


def assess(
    session: Session,
    period: ReportPeriod,
    *,
    level: str = "station",
    measure: str = "resolution_rate",
    township_code: str = "",
    today: dt.date | None = None,
) -> Assessment:
    """Every station's (``level`` "station") or township's figures of the demands registered
    in ``period`` (as of ``today`` for what is overdue), ranked by ``measure``; within
    ``township_code`` (a township admin's)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    today = today or beijing.today()
    units = _units(session, level, township_code)
    dialect = session.get_bind().dialect.name
    conditions = _conditions(today, dialect)
    q = QUEUE.c
    low, high = beijing.day_start_utc(period.start), beijing.day_start_utc(period.end + dt.timedelta(days=1))
    in_period = (q.registered_at >= low, q.registered_at < high, q.village_id.in_(list(units)))
    grouped = session.execute(
        select(q.village_id, q.status, q.evaluation, func.count(),
               *[func.count().filter(conditions[c]) for c in CONDITIONS])
        .where(*in_period)
        .group_by(q.village_id, q.status, q.evaluation)
    )  # fmt: skip
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    every: list[tuple[Any, ...]] = []
    for village_id, status, evaluation, *counts in grouped:
        row = ("", "", "", status, evaluation, *counts)
        rows[units[village_id].key].append(row)
        every.append(row)
    times = _quantiles(session, dialect, units, level, in_period)
    service = _service(session, units, period)
    seen = _last_sync(session, units)
    total = _with_times(combine_demands(every, ([], [])), times.get(None, _NO_TIMES))
    assessment = Assessment(period, level, measure, today, Assessed(Unit("", "合计", ""), total))
    keys = {unit.key: unit for unit in units.values()}
    for unit in keys.values():
        figures = _with_times(combine_demands(rows.get(unit.key, []), ([], [])),
                              times.get(unit.key, _NO_TIMES))  # fmt: skip
        activities, volunteers = service.figures(unit.key)
        assessment.rows.append(Assessed(unit, figures, activities, volunteers, seen.get(unit.key)))
    assessment.totals.activities, assessment.totals.volunteers = service.figures(None)
    _rank(assessment)
    return assessment


def _rank(assessment: Assessment) -> None:
    """Sort by the measure (a unit without a figure last) and number the ranks; equal figures
    share a rank."""
    measure = assessment.measure
    lower = FIGURES[measure].lower_is_better

    def key(row: Assessed) -> tuple[bool, float, str]:
        value = row.value(measure)
        if value is None:
            return (True, 0.0, row.unit.key)
        return (False, float(value) if lower else -float(value), row.unit.key)

    assessment.rows.sort(key=key)
    previous: float | int | None = None
    for position, row in enumerate(assessment.rows, start=1):
        value = row.value(measure)
        if value is None:
            row.rank = 0
            continue
        row.rank = position if value != previous else assessment.rows[position - 2].rank
        previous = value


Quantiles = tuple[float | None, float | None, float | None, float | None]
_NO_TIMES: Quantiles = (None, None, None, None)


def _quantiles(
    session: Session, dialect: str, units: dict[int, Unit], level: str, in_period: tuple[Any, ...]
) -> dict[str | None, Quantiles]:
    """登记 → 接单 and 登记 → 办结 of the accepted demands, median and P90 in days, per unit
    (and under None, of all): :func:`liaison_wire.statistics.quantile`'s definitions."""
    q = QUEUE.c
    resolved = q.status.in_(sorted(RESOLVED_STATUSES))
    accepted = (*in_period, q.status.in_(sorted(ACCEPTED)))
    if dialect == "postgresql":
        # The database sorts: percentile_cont(0.5) is the median (the mean of the middle two of
        # an even count), percentile_disc(0.9) the nearest-rank P90 (ordered-set aggregates
        # leave out the NULLs of demands not claimed or not resolved).
        claim = func.extract("epoch", q.claimed_at - q.registered_at) / 86400.0
        resolve = func.extract("epoch", q.resolved_at - q.registered_at) / 86400.0
        village = select(Village.code).where(Village.id == q.village_id).scalar_subquery()
        key = q.village_id if level == "station" else func.substr(village, 1, 9)
        figures = (
            func.percentile_cont(0.5).within_group(claim),
            func.percentile_disc(0.9).within_group(claim),
            func.percentile_cont(0.5).within_group(resolve).filter(resolved),
            func.percentile_disc(0.9).within_group(resolve).filter(resolved),
        )
        out: dict[str | None, Quantiles] = {}
        codes = {unit.key for unit in units.values()}
        by_id = {village_id: unit.key for village_id, unit in units.items()}
        for found_key, *values in session.execute(
            select(key, *figures).where(*accepted).group_by(func.grouping_sets(key, tuple_()))
        ):
            unit_key = None if found_key is None else (by_id.get(found_key) if level == "station" else found_key)
            if found_key is not None and unit_key not in codes:
                continue
            out[unit_key] = tuple(None if v is None else float(v) for v in values)  # type: ignore[assignment]
        return out
    claim = func.julianday(q.claimed_at) - func.julianday(q.registered_at)
    resolve = func.julianday(q.resolved_at) - func.julianday(q.registered_at)
    per: dict[str | None, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for village_id, claim_days, resolve_days, is_resolved in session.execute(
        select(q.village_id, claim, resolve, resolved).where(*accepted)
    ):
        for unit_key in (units[village_id].key, None):
            if claim_days is not None:
                per[unit_key][0].append(float(claim_days))
            if is_resolved and resolve_days is not None:
                per[unit_key][1].append(float(resolve_days))
    return {
        unit_key: (quantile(claims, 0.5), quantile(claims, 0.9),
                   quantile(resolutions, 0.5), quantile(resolutions, 0.9))
        for unit_key, (claims, resolutions) in per.items()
    }  # fmt: skip


def _with_times(figures: DemandFigures, times: Quantiles) -> DemandFigures:
    claim_median, claim_p90, resolve_median, resolve_p90 = times
    return replace(figures, claim_median=claim_median, claim_p90=claim_p90,
                   resolve_median=resolve_median, resolve_p90=resolve_p90)  # fmt: skip


class _Service:
    """The activity and volunteer inputs of each unit (and under None, of all), summed as the
    village's own functions take them (liaison_wire.statistics)."""

    def __init__(self) -> None:
        self.activities: dict[str | None, list[tuple[Any, ...]]] = defaultdict(list)
        self.served: Counter[tuple[str | None, str]] = Counter()  # (unit, "people"|"minutes")
        self.roster: Counter[tuple[str | None, str]] = Counter()  # (unit, "total"|"new")
        self.stars: dict[str | None, Counter[int]] = defaultdict(Counter)
        self.points: Counter[tuple[str | None, str]] = Counter()  # (unit, "earned"|…)

    def figures(self, key: str | None) -> tuple[ActivityFigures, VolunteerFigures]:
        activities = combine_activities(self.activities.get(key, []),
                                        (self.served[key, "people"], self.served[key, "minutes"]))  # fmt: skip
        total = self.roster[key, "total"]
        volunteers = combine_volunteers(
            (total, self.roster[key, "new"], star_distribution(total, self.stars.get(key, {}))),
            (self.points[key, "earned"], self.points[key, "deducted"], self.points[key, "redeemed"]),
            activities.volunteers,
        )
        return activities, volunteers


def _service(session: Session, units: dict[int, Unit], period: ReportPeriod) -> _Service:
    """The activity and volunteer figures' inputs per unit, from the service facts: the same
    sums the village's statistics (desktop/models/statistics.py) take from its own tables."""
    f = FACTS.c
    low = beijing.day_start_utc(period.start)
    high = beijing.day_start_utc(period.end + dt.timedelta(days=1))
    villages = list(units)

    def of(entity: str, *where: Any) -> tuple[Any, ...]:
        return (f.entity == entity, f.village_id.in_(villages), *where)

    timed = (f.at >= low, f.at < high)
    out = _Service()

    def add(village_id: int) -> tuple[str, None]:
        return (units[village_id].key, None)

    for village_id, code, task, audience, count in session.execute(
        select(f.village_id, f.code, f.task, func.sum(f.amount), func.count())
        .where(*of("activity", *timed)).group_by(f.village_id, f.code, f.task)
    ):  # fmt: skip
        for key in add(village_id):
            out.activities[key].append((code, task, int(audience or 0), count))
    # Volunteers who served: their minutes in the period (corrections applied) above 0.
    per_volunteer = (
        select(f.village_id, f.volunteer, func.sum(f.amount).label("minutes"))
        .where(*of("service_record", *timed)).group_by(f.village_id, f.volunteer).subquery()
    )  # fmt: skip
    for village_id, people, minutes in session.execute(
        select(per_volunteer.c.village_id, func.count().filter(per_volunteer.c.minutes > 0),
               func.sum(per_volunteer.c.minutes)).group_by(per_volunteer.c.village_id)
    ):  # fmt: skip
        for key in add(village_id):
            out.served[key, "people"] += int(people)
            out.served[key, "minutes"] += int(minutes or 0)
    # The roster: serving today, registered by the period's end (or undated); new in it.
    on_roster = f.day.is_(None) | (f.day <= period.end)
    for village_id, total, new in session.execute(
        select(f.village_id, func.count().filter(on_roster),
               func.count().filter(f.day >= period.start, f.day <= period.end))
        .where(*of("volunteer", f.active.is_(True))).group_by(f.village_id)
    ):  # fmt: skip
        for key in add(village_id):
            out.roster[key, "total"] += int(total)
            out.roster[key, "new"] += int(new)
    # Each volunteer of the roster's highest star awarded by the period's end.
    volunteer = FACTS.alias("volunteer")
    highest = (
        select(volunteer.c.village_id, func.max(f.amount).label("level"))
        .join(volunteer, volunteer.c.id == f.volunteer)
        .where(f.entity == "star_award", f.day <= period.end, volunteer.c.entity == "volunteer",
               volunteer.c.village_id.in_(villages), volunteer.c.active.is_(True),
               volunteer.c.day.is_(None) | (volunteer.c.day <= period.end))
        .group_by(volunteer.c.village_id, f.volunteer).subquery()
    )  # fmt: skip
    for village_id, level, people in session.execute(
        select(highest.c.village_id, highest.c.level, func.count()).group_by(highest.c.village_id, highest.c.level)
    ):
        for key in add(village_id):
            out.stars[key][int(level)] += int(people)
    kind, amount = f.code, f.amount
    adjust = kind == PointsKind.ADJUST.value
    for village_id, earned, deducted, redeemed in session.execute(
        select(f.village_id,
               func.sum(amount).filter((kind == PointsKind.EARN.value) | (adjust & (amount > 0))),
               func.sum(-amount).filter(adjust & (amount < 0)),
               func.sum(amount).filter(kind == PointsKind.REDEEM.value))
        .where(*of("points_entry", *timed)).group_by(f.village_id)
    ):  # fmt: skip
        for key in add(village_id):
            out.points[key, "earned"] += int(earned or 0)
            out.points[key, "deducted"] += int(deducted or 0)
            out.points[key, "redeemed"] += int(redeemed or 0)
    return out


def _last_sync(session: Session, units: dict[int, Unit]) -> dict[str, dt.datetime]:
    """The last time any device of the unit synced (a revoked one's too: it did sync then)."""
    last: dict[str, dt.datetime] = {}
    for village_id, seen in session.execute(
        select(Device.village_id, func.max(Device.last_seen_at))
        .where(Device.village_id.in_(list(units)))
        .group_by(Device.village_id)
    ):
        key = units[village_id].key
        if seen is not None and (key not in last or seen > last[key]):
            last[key] = seen
    return last


def silent_stations(
    session: Session, days: int, *, township_code: str = "", now: dt.datetime | None = None
) -> list[tuple[Unit, dt.datetime | None]]:
    """The stations none of whose devices synced in the last ``days`` days (never: None)."""
    now = now or dt.datetime.now(dt.UTC)
    units = _units(session, "station", township_code)
    seen = _last_sync(session, units)
    cutoff = now - dt.timedelta(days=days)
    found = [(unit, seen.get(unit.key)) for unit in units.values()]
    quiet = [(unit, at) for unit, at in found if at is None or at < cutoff]
    return sorted(quiet, key=lambda item: (item[1] is not None, item[1] or now, item[0].key))


def station_trend(
    session: Session, village_code: str, months: list[ReportPeriod], today: dt.date | None = None
) -> list[tuple[ReportPeriod, Assessed | None]]:
    """One station's figures month by month."""
    out: list[tuple[ReportPeriod, Assessed | None]] = []
    for month in months:
        found = assess(session, month, township_code=village_code, today=today)
        out.append((month, next((row for row in found.rows if row.unit.key == village_code), None)))
    return out


# ---- the .xlsx ---------------------------------------------------------------------------------

def row_values(row: Assessed, section: str | None = None) -> list[float | int | None]:
    """A unit's figures of ``section`` (every figure: None), in :func:`columns` order."""
    return [figure.read(row) for _, figure in columns(section)]


def workbook(assessment: Assessment, county: str = "") -> bytes:
    """The ranking as an .xlsx laid out like a county's 考核表: a title row, a note row, a
    three-row header (the section, the figure, its unit), one row per unit, the total last."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "考核排名"
    level = "村（站）" if assessment.level == "station" else "乡镇"
    figures = columns()
    width = 4 + len(figures)
    sheet.append([f"{county}新时代文明实践站考核表（{assessment.period.label}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    name, _unit = MEASURES[assessment.measure]
    sheet.append([f"按{name}排名；超期未办结按 {assessment.today.isoformat()} 计；口径见 docs/statistics.md"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append(["排名", level, "所属乡镇", "最近同步", *[SECTIONS[f.section] for _, f in figures]])
    sheet.append(["", "", "", "", *[f.title for _, f in figures]])
    sheet.append(["", "", "", "", *[f"（{f.unit}）" for _, f in figures]])
    for column in range(1, 5):
        sheet.merge_cells(start_row=3, start_column=column, end_row=5, end_column=column)
    first = 5
    for section in SECTIONS:
        span = sum(1 for _, f in figures if f.section == section)
        sheet.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + span - 1)
        first += span
    for row in assessment.rows:
        seen = row.last_sync.astimezone(beijing.CHINA_TZ).strftime("%Y-%m-%d") if row.last_sync else "从未同步"
        sheet.append([row.rank or "—", row.unit.name, row.unit.township, seen, *row_values(row)])
    sheet.append(["", "合计", "", "", *row_values(assessment.totals)])
    thin = Side(style="thin")
    for cells in sheet.iter_rows(min_row=3, max_row=sheet.max_row, max_col=width):
        for cell in cells:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.row <= 5:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif isinstance(cell.value, float) and figures[cell.column - 5][1].unit == "%":
                cell.number_format = "0.0%"
    for letter, size in zip("ABCD", (6, 14, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = size
    sheet.freeze_panes = "E6"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
