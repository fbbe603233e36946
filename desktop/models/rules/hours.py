"""Volunteer service hours: computing them, refusing double counting, and append-only corrections.

The rules come from the 志愿服务记录 regulations: hours are the time actually spent serving,
counted in hours, never including the round trip; a record, once made, is corrected by adding a
new entry rather than by editing the old one. Local practice (lunch breaks, rounding units) varies,
so those are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from desktop.models.errors import ValidationError

Rounding = Literal["down", "nearest"]

MAX_SPAN = timedelta(hours=24)
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)
_ROUNDING_MODES: dict[str, str] = {"down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}


def _check_same_kind(start: datetime, end: datetime) -> None:
    if (start.tzinfo is None) != (end.tzinfo is None):
        # Python would raise TypeError on the subtraction; a mixed pair means one side was
        # built without the station's time zone, and guessing it could shift hours by 8.
        raise ValidationError("end_at", "开始时间和结束时间的时区不一致，请重新选择时间")


def _elapsed(start: datetime, end: datetime) -> timedelta:
    if start.tzinfo is not None and end.tzinfo is not None:
        # Subtracting two datetimes that share a tzinfo object uses wall-clock time; going
        # through UTC gives the real elapsed time even across a DST change.
        return end.astimezone(UTC) - start.astimezone(UTC)
    return end - start


def compute_hours(
    start: datetime,
    end: datetime,
    break_minutes: int = 0,
    unit: Decimal = Decimal("0.5"),
    rounding: Rounding = "down",
) -> Decimal:
    """Service hours between check-in ``start`` and check-out ``end``, minus ``break_minutes``,
    rounded to a multiple of ``unit`` hours.

    Travel time is never counted, so there is no parameter for it: ``start`` and ``end`` must be
    the moments service began and ended on site, not when the volunteer left home.

    ``rounding="down"`` credits only completed units (the cautious default, since hours feed star
    eligibility); ``"nearest"`` rounds half a unit up. The result can be 0 for a very short stint.
    """
    _check_same_kind(start, end)
    span = _elapsed(start, end)
    if span <= timedelta(0):
        raise ValidationError("end_at", "结束时间必须晚于开始时间")
    if span > MAX_SPAN:
        raise ValidationError(
            "end_at", "一次服务记录不能超过 24 小时，请核对开始和结束时间，跨天的活动请按天分别登记"
        )
    if isinstance(break_minutes, bool) or not isinstance(break_minutes, int):
        raise ValidationError("break_minutes", "休息时间必须是整数分钟")
    if break_minutes < 0:
        raise ValidationError("break_minutes", "休息时间不能为负数")
    span_minutes = span / timedelta(minutes=1)
    if break_minutes >= span_minutes:
        raise ValidationError(
            "break_minutes", f"休息时间必须少于服务时段的长度（共 {span_minutes:g} 分钟）"
        )
    if not isinstance(unit, Decimal) or not unit.is_finite() or unit <= 0:
        raise ValidationError("unit", "时长的计算单位必须大于 0")
    mode = _ROUNDING_MODES.get(rounding)
    if mode is None:
        raise ValidationError("rounding", "时长的取整方式只能是“向下取整”或“四舍五入”")

    served = span - timedelta(minutes=break_minutes)
    # Whole microseconds divided by the unit in microseconds: both sides exact, so a span that
    # is a whole number of units stays exactly that and rounding down cannot lose a unit.
    units = Decimal(served // timedelta(microseconds=1)) / (unit * _MICROSECONDS_PER_HOUR)
    units = units.to_integral_value(rounding=mode)
    return units * unit


@dataclass(frozen=True)
class Interval:
    """One volunteer's service period ``[start, end)``.

    ``record_id`` identifies the stored record, so that re-checking a record being edited does
    not clash with its own earlier version; ``activity`` names where it was served, for the
    message that refuses an overlap.
    """

    start: datetime
    end: datetime
    record_id: str | None = None
    activity: str = ""

    def __post_init__(self) -> None:
        _check_same_kind(self.start, self.end)
        if _elapsed(self.start, self.end) <= timedelta(0):
            raise ValidationError("end_at", "结束时间必须晚于开始时间")


def _describe(interval: Interval) -> str:
    start, end = interval.start, interval.end
    first = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}"
    if end.date() == start.date():
        return f"{first} 至 {end:%H:%M}"
    if end.year == start.year:
        return f"{first} 至 {end.month}月{end.day}日 {end:%H:%M}"
    return f"{first} 至 {end.year}年{end.month}月{end.day}日 {end:%H:%M}"


def check_no_overlap(new: Interval, existing: Sequence[Interval]) -> None:
    """Refuse ``new`` if it overlaps any of the same volunteer's ``existing`` periods.

    One person cannot serve twice at once, so an overlap means double-counted hours. Periods that
    merely touch (one ends at 11:00, the next starts at 11:00) are fine.
    """
    for other in existing:
        if new.record_id is not None and other.record_id == new.record_id:
            continue
        if new.start < other.end and other.start < new.end:
            where = f"在“{other.activity}”" if other.activity else ""
            raise ValidationError(
                "start_at",
                f"这段服务时间与该志愿者{where}已有的服务记录（{_describe(other)}）重叠，"
                "同一个人的服务时间不能重复登记",
            )


@dataclass(frozen=True)
class HoursEntry:
    """One line of the append-only hours ledger.

    An original entry has ``corrects=None`` and non-negative ``hours``. A correction names the
    ``entry_id`` of the original it corrects and carries the change (a delta, negative to take
    hours away); the original itself is never edited, so the history of who changed what stays
    visible.
    """

    entry_id: str
    hours: Decimal
    corrects: str | None = None


def effective_hours(entries: Sequence[HoursEntry]) -> dict[str, Decimal]:
    """Hours of each original entry after applying its corrections, keyed by ``entry_id``.

    ``entries`` must be in the order they were appended. Validates the whole ledger, so checking
    a new entry before saving it is ``effective_hours([*entries, new])``.
    """
    effective: dict[str, Decimal] = {}
    corrections: set[str] = set()
    for entry in entries:
        if entry.entry_id in effective or entry.entry_id in corrections:
            raise ValidationError("entry_id", f"时长记录编号 {entry.entry_id} 重复")
        if not isinstance(entry.hours, Decimal) or not entry.hours.is_finite():
            raise ValidationError("hours", "服务时长必须是数字")
        if entry.corrects is None:
            if entry.hours < 0:
                raise ValidationError("hours", "服务时长不能为负数；要减少时长请登记一条更正")
            effective[entry.entry_id] = entry.hours
            continue
        if entry.corrects in corrections:
            raise ValidationError("corrects", "更正只能针对原始时长记录，不能更正另一条更正")
        if entry.corrects not in effective:
            # Append-only means the original must already be there when the correction is made.
            raise ValidationError("corrects", f"要更正的时长记录 {entry.corrects} 不存在")
        if entry.hours == 0:
            raise ValidationError("hours", "更正的时长变化不能为 0")
        corrected = effective[entry.corrects] + entry.hours
        if corrected < 0:
            raise ValidationError(
                "hours",
                f"更正后的服务时长不能为负数：原记录现为 {effective[entry.corrects]} 小时，"
                f"本次更正 {entry.hours} 小时",
            )
        effective[entry.corrects] = corrected
        corrections.add(entry.entry_id)
    return effective


def apply_corrections(entries: Sequence[HoursEntry]) -> Decimal:
    """Effective total hours of an append-only ledger (originals plus corrections)."""
    return sum(effective_hours(entries).values(), Decimal(0))
