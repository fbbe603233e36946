"""The statistics definitions both sides share (docs/statistics.md): which demands each figure
counts, the quantiles and ratios, how a set of grouped counts becomes the figures, and the
periods a report covers. The village's 统计报表 (desktop/models/statistics.py) and the county's
考核 (county/assessment.py) read their own databases and hand the rows to the same code here,
so their figures agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from liaison_wire.beijing import CHINA_TZ
from liaison_wire.demand_states import OPEN_STATUSES, DemandStatus, Evaluation
from liaison_wire.errors import ValidationError

_S = DemandStatus

# ---- the definitions ---------------------------------------------------------------------------

# Not counted as 受理: withdrawn, turned away, merged into another, never sent.
NOT_ACCEPTED: frozenset[str] = frozenset(
    s.value for s in (_S.CANCELLED, _S.REJECTED, _S.MERGED, _S.DRAFT)
)
# 办结: the work is done, whatever happened after (evaluated, closed).
RESOLVED_STATUSES: frozenset[str] = frozenset(
    s.value for s in (_S.RESOLVED, _S.FEEDBACK_GIVEN, _S.CLOSED)
)
OPEN_VALUES: frozenset[str] = frozenset(s.value for s in OPEN_STATUSES)
# 满意 for 满意率: the two top levels of the five.
SATISFIED_LEVELS: frozenset[str] = frozenset(
    e.value for e in (Evaluation.VERY_SATISFIED, Evaluation.SATISFIED)
)
EVALUATION_ORDER: tuple[str, ...] = tuple(e.value for e in Evaluation)


ACCEPTED: frozenset[str] = frozenset(s.value for s in DemandStatus) - NOT_ACCEPTED
EVALUATED: frozenset[str] = frozenset(EVALUATION_ORDER)
# A Beijing day ends at this UTC time of the same date (the stored instants are naive UTC text).
DAY_ENDS_UTC = f"{24 - int(CHINA_TZ.utcoffset(None).total_seconds()) // 3600:02d}:00:00"


@dataclass(frozen=True)
class DemandTest:
    """Which demands registered in the period a figure counts: those whose status now is one
    of ``statuses``, whose evaluation is one of ``evaluations`` (None: whatever it is, or none),
    and that meet ``condition``: "any"; "claimed" (接单 happened); "in_time" (resolved on or
    before its 办理期限, Beijing days; a demand without one was never late); "past_due" (its
    办理期限 is before today)."""

    statuses: frozenset[str]
    evaluations: frozenset[str] | None = None
    condition: str = "any"


# Each demand figure's definition (docs/statistics.md). The figures count them in one pass
# (demand_figures); a click on a figure lists the demands that meet the same test in SQL
# (demand_condition), and a test checks that the two always agree.
DEMAND_TESTS: dict[str, DemandTest] = {
    "accepted": DemandTest(ACCEPTED),
    "resolved": DemandTest(RESOLVED_STATUSES),
    "on_time": DemandTest(RESOLVED_STATUSES, condition="in_time"),
    "evaluated": DemandTest(ACCEPTED, EVALUATED),
    "satisfied": DemandTest(ACCEPTED, SATISFIED_LEVELS),
    "claimed": DemandTest(ACCEPTED, condition="claimed"),
    "overdue": DemandTest(OPEN_VALUES, condition="past_due"),
    **{f"evaluation:{level}": DemandTest(ACCEPTED, frozenset({level})) for level in EVALUATION_ORDER},
}


CONDITIONS = ("claimed", "in_time", "past_due")
# The breakdowns of the village's report, in the order its grouped rows carry them.
GROUPED_BY = ("channel", "category_code", "grid_id")


def quantile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank quantile: the smallest value with at least ``share`` of the values at
    or below it (P90: ``share=0.9``); None for no values. The median (``share=0.5``) of an even
    count is the mean of the two middle values, as statistics teaches it."""
    if not values:
        return None
    ordered = sorted(values)
    if share == 0.5:
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def ratio(part: int, whole: int) -> float | None:
    """``part ÷ whole``; None (no figure, shown as “—”) when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class GroupFigures:
    """受理量, 办结量 and 超期未办结 of the demands of one channel, category or grid."""

    key: str
    accepted: int = 0
    resolved: int = 0
    overdue_now: int = 0

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.accepted)


@dataclass(frozen=True)
class DemandFigures:
    counts: dict[str, int] = field(default_factory=dict)  # each of DEMAND_TESTS → demands
    claim_median: float | None = None  # 登记 → 接单, days
    claim_p90: float | None = None
    resolve_median: float | None = None  # 登记 → 办结, days
    resolve_p90: float | None = None
    by_channel: list[GroupFigures] = field(default_factory=list)
    by_category: list[GroupFigures] = field(default_factory=list)
    by_grid: list[GroupFigures] = field(default_factory=list)

    def count(self, test: str) -> int:
        return self.counts.get(test, 0)

    @property
    def accepted(self) -> int:  # 受理量
        return self.count("accepted")

    @property
    def resolved(self) -> int:  # 办结量
        return self.count("resolved")

    @property
    def resolution_rate(self) -> float | None:  # 办结率
        return ratio(self.resolved, self.accepted)

    @property
    def on_time_rate(self) -> float | None:  # 按期办结率
        return ratio(self.count("on_time"), self.resolved)

    @property
    def satisfaction_rate(self) -> float | None:  # 满意率
        return ratio(self.count("satisfied"), self.count("evaluated"))


def counted_by(status: str, evaluation: str | None, slots: Sequence[str]) -> list[tuple[int, int]]:
    """The figures a demand with ``status`` and ``evaluation`` counts, with which number of its
    group row (``slots``) each takes."""
    return [
        (index, slots.index(test.condition))
        for index, test in enumerate(DEMAND_TESTS.values())
        if status in test.statuses and (test.evaluations is None or evaluation in test.evaluations)
    ]


def combine_demands(
    rows: list[tuple[Any, ...]], times: tuple[list[float], list[float]]
) -> DemandFigures:
    """The demand figures from :func:`demand_groups`' rows (:data:`DEMAND_TESTS` picks what each
    figure counts) and :func:`demand_times`."""
    claims, resolutions = times
    names = list(DEMAND_TESTS)
    slots = ("any", *CONDITIONS)
    counted: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    totals = [0] * len(names)
    shown = [names.index(n) for n in ("accepted", "resolved", "overdue")]
    groups: dict[str, dict[str, list[int]]] = {key: {} for key in GROUPED_BY}
    for row in rows:
        status, evaluation = row[3], row[4]
        picks = counted.get((status, evaluation))
        if picks is None:
            picks = counted[(status, evaluation)] = counted_by(status, evaluation, slots)
        numbers = row[5:]
        values = [0] * len(names)
        for index, slot in picks:
            values[index] = numbers[slot] or 0
            totals[index] += values[index]
        for key, value in zip(GROUPED_BY, row[:3], strict=True):
            group = groups[key].setdefault(value or "", [0, 0, 0])
            for position, index in enumerate(shown):
                group[position] += values[index]

    def table(key: str) -> list[GroupFigures]:
        rows = [GroupFigures(name, *numbers) for name, numbers in groups[key].items() if numbers[0]]
        return sorted(rows, key=lambda g: (-g.accepted, g.key))

    return DemandFigures(
        counts={name: int(total) for name, total in zip(names, totals, strict=True)},
        claim_median=quantile(claims, 0.5),
        claim_p90=quantile(claims, 0.9),
        resolve_median=quantile(resolutions, 0.5),
        resolve_p90=quantile(resolutions, 0.9),
        by_channel=table("channel"),
        by_category=table("category_code"),
        by_grid=table("grid_id"),
    )


# ---- activities and volunteers -----------------------------------------------------------------

# Every station must hold it (身边人讲身边事: villagers telling their own stories).
STORIES_TYPE = "NEIGHBOR_STORIES"


class PointsKind(StrEnum):
    """A points ledger line's kind: EARN and REDEEM carry a positive amount (REDEEM is
    subtracted from the balance), ADJUST a signed one."""

    EARN = "EARN"
    REDEEM = "REDEEM"
    ADJUST = "ADJUST"


@dataclass(frozen=True)
class ActivityFigures:
    count: int = 0
    audience: int = 0  # 参与群众（人次）
    volunteers: int = 0  # volunteers who served (their hours, corrections applied, above 0)
    service_minutes: int = 0
    stories: int = 0  # 身边人讲身边事 held
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_task: list[tuple[str, int]] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return self.service_minutes / 60


def combine_activities(rows: Iterable[Sequence[Any]], service: tuple[int, int]) -> ActivityFigures:
    """The activity figures from rows of (type code, five-task code, audience, how many) of
    the activities that started in the period, and ``service``: (volunteers who served, minutes
    served) in it."""
    by_type: Counter[str] = Counter()
    by_task: Counter[str] = Counter()
    audience = 0
    for type_code, task_code, people, count in rows:
        by_type[type_code] += count
        by_task[task_code] += count
        audience += int(people or 0)
    volunteers, minutes = service
    return ActivityFigures(
        count=sum(by_type.values()),
        audience=audience,
        volunteers=volunteers,
        service_minutes=minutes,
        stories=by_type[STORIES_TYPE],
        by_type=sorted(by_type.items(), key=lambda item: (-item[1], item[0])),
        by_task=sorted(by_task.items(), key=lambda item: (-item[1], item[0])),
    )


@dataclass(frozen=True)
class VolunteerFigures:
    total: int = 0  # registered by the period's end and serving today
    new: int = 0  # registered in the period
    active: int = 0  # served in the period
    by_star: dict[int, int] = field(default_factory=dict)  # star awarded by the period's end → people
    points_earned: int = 0
    points_deducted: int = 0
    points_redeemed: int = 0

    @property
    def starred(self) -> int:
        """Volunteers holding a star (one or more)."""
        return sum(people for level, people in self.by_star.items() if level > 0)


def star_distribution(total: int, stars: dict[int, int]) -> dict[int, int]:
    """Volunteers per star level, from ``stars`` (level → volunteers of the roster whose
    highest star awarded by the period's end is that level): levels 1 to 5 (or the highest
    awarded) always present, and 0 for the rest of the ``total``."""
    by_star = {level: int(stars.get(level, 0)) for level in range(1, max(max(stars, default=0), 5) + 1)}
    by_star[0] = total - sum(by_star.values())
    return dict(sorted(by_star.items()))


def combine_volunteers(
    roster: tuple[int, int, dict[int, int]], points: tuple[int, int, int], active: int
) -> VolunteerFigures:
    """``roster``: (total, new, the star distribution); ``points``: (earned, deducted,
    redeemed) in the period; ``active``: volunteers who served in it."""
    total, new, by_star = roster
    return VolunteerFigures(total, new, active, by_star, *points)


# ---- periods -----------------------------------------------------------------------------------

PERIOD_KINDS = ("month", "quarter", "year", "custom")
# The days an officer may choose (their previous periods and years before stay far from the
# calendar's ends).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(\d{1,2})|[Qq]([1-4]))?$")


def shift_year(day: dt.date, years: int) -> dt.date:
    target = day.year + years
    return day.replace(year=target, day=min(day.day, calendar.monthrange(target, day.month)[1]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ReportPeriod:
    """The days a report covers (Beijing days, both ends included) and what kind of period it is."""

    kind: str
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise ValidationError("to", "结束日期不能早于开始日期")

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        return cls("month", dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportPeriod:
        first = 3 * (quarter - 1) + 1
        return cls("quarter", dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year(cls, year: int) -> ReportPeriod:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> ReportPeriod:
        """A range of days an officer chose (both ends within 2000–2100)."""
        for name, day in (("from", start), ("to", end)):
            if not FIRST_DAY <= day <= LAST_DAY:
                raise ValidationError(name, f"统计期间只能在 {FIRST_DAY.year} 年至 {LAST_DAY.year} 年之间")
        return cls("custom", start, end)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> ReportPeriod:
        """The month, quarter or year ``day`` falls in."""
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "year":
            return cls.year(day.year)
        raise ValueError(f"no period of kind {kind!r} contains a day")

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年{QUARTER_NAMES[(self.start.month - 1) // 3]}"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def described(self, today: dt.date) -> str:
        """The label with its days (a custom range's label is its days), and while the period
        is still running, the day its figures reach: “2026年（2026-01-01 至 2026-12-31，截至
        2026-12-07）”."""
        days = [] if self.kind == "custom" else [f"{self.start.isoformat()} 至 {self.end.isoformat()}"]
        if self.start <= today < self.end:
            days.append(f"截至 {today.isoformat()}")
        return f"{self.label}（{'，'.join(days)}）" if days else self.label

    @property
    def code(self) -> str:
        """``2026-11``, ``2026Q4``, ``2026`` or ``2026-11-03_2026-11-20`` (for file names)."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> ReportPeriod:
        """The period just before: the previous month, quarter or year; for a custom range,
        as many days ending the day before it starts."""
        before = self.start - dt.timedelta(days=1)
        if self.kind == "custom":
            return ReportPeriod("custom", before - dt.timedelta(days=self.days - 1), before)
        return ReportPeriod.containing(self.kind, before)

    def year_before(self) -> ReportPeriod:
        """The same period a year earlier (29 February becomes the 28th)."""
        if self.kind == "custom":
            return ReportPeriod("custom", shift_year(self.start, -1), shift_year(self.end, -1))
        return ReportPeriod.containing(self.kind, shift_year(self.start, -1))

    def months(self) -> list[ReportPeriod]:
        """The calendar months the period touches, in order."""
        months: list[ReportPeriod] = []
        day = self.start.replace(day=1)
        while day <= self.end:
            months.append(ReportPeriod.month(day.year, day.month))
            day = _month_end(day.year, day.month) + dt.timedelta(days=1)
        return months


def parse_period(text: str) -> ReportPeriod:
    """``2026-11`` (a month), ``2026Q4`` (a quarter) or ``2026`` (a year)."""
    match = _PERIOD_TEXT.match(text.strip())
    if not match:
        raise ValidationError("period", f"统计期间“{text}”看不懂：请写 2026-11（月）、2026Q4（季度）或 2026（年）")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationError("period", f"年份 {year} 不在 2000 至 2100 之间")
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValidationError("period", f"月份 {month} 不在 1 至 12 之间")
        return ReportPeriod.month(year, month)
    if match.group(3):
        return ReportPeriod.quarter(year, int(match.group(3)))
    return ReportPeriod.year(year)


# ---- showing a figure ---------------------------------------------------------------------------

Value = int | float | None
RATE_UNIT = "%"


def format_value(value: Value, unit: str) -> str:
    """A figure as the report shows it: 85.3% (a rate), 2.4 (days, hours), 120; “—” for none."""
    if value is None:
        return "—"
    if unit == RATE_UNIT:
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def change(now: Value, before: Value, unit: str) -> Value:
    """How much a figure moved, as the report shows it: a rate's in percentage points (0.62
    against 0.5 moved 12.0), days and hours to one decimal; None when either side has none."""
    if now is None or before is None:
        return None
    if unit == RATE_UNIT:
        return round((now - before) * 100, 1)
    difference = now - before
    return round(difference, 1) if isinstance(difference, float) else difference


def format_change(now: Value, before: Value, unit: str) -> str:
    """:func:`change` as text: +5, -1.2, +3.4个百分点 (a rate), 0 (no change), “—” when either
    side has no figure."""
    moved = change(now, before, unit)
    if moved is None:
        return "—"
    text = f"{moved:+.1f}" if isinstance(moved, float) else f"{moved:+d}"
    if not moved:
        text = "0"
    return f"{text}个百分点" if unit == RATE_UNIT and moved else text
