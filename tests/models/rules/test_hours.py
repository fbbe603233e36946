"""Tests for service-hour computation, overlap checks and append-only corrections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from desktop.models.errors import ValidationError
from desktop.models.rules.hours import (
    HoursEntry,
    Interval,
    apply_corrections,
    check_no_overlap,
    compute_hours,
    effective_hours,
)

D = Decimal
CST = timezone(timedelta(hours=8))


def at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2024, 5, day, hour, minute)


# --- compute_hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(9), at(11), "2.0"),
        (at(9), at(11, 29), "2.0"),
        (at(9), at(11, 30), "2.5"),
        (at(9), at(11, 59), "2.5"),
        (at(9), at(9, 29), "0.0"),
        (at(9), at(9, 30), "0.5"),
    ],
)
def test_default_rounds_down_to_half_hours(start: datetime, end: datetime, expected: str) -> None:
    result = compute_hours(start, end)
    assert result == D(expected)
    assert isinstance(result, Decimal)


def test_breaks_are_deducted() -> None:
    assert compute_hours(at(8), at(17), break_minutes=60) == D(8)
    assert compute_hours(at(8), at(12), break_minutes=30) == D("3.5")
    assert compute_hours(at(8), at(12), break_minutes=31) == D(3)


def test_nearest_rounding() -> None:
    assert compute_hours(at(9), at(9, 44), rounding="nearest") == D("0.5")
    assert compute_hours(at(9), at(9, 45), rounding="nearest") == D("1.0")
    assert compute_hours(at(9), at(9, 14), rounding="nearest") == D(0)
    assert compute_hours(at(9), at(9, 15), rounding="nearest") == D("0.5")


def test_other_units() -> None:
    assert compute_hours(at(9), at(10, 50), unit=D(1)) == D(1)
    assert compute_hours(at(9), at(10, 50), unit=D("0.25")) == D("1.75")
    assert compute_hours(at(9), at(10, 50), unit=D("0.1")) == D("1.8")
    # Exactly one unit must not be lost to rounding down.
    assert compute_hours(at(9), at(9, 6), unit=D("0.1")) == D("0.1")
    assert compute_hours(at(9), at(9, 5), unit=D("0.1")) == D(0)
    assert compute_hours(at(9), at(10, 30), unit=D("0.5")) == D("1.5")


def test_seconds_count_toward_the_span() -> None:
    end = datetime(2024, 5, 1, 9, 29, 59, 999_999)
    assert compute_hours(at(9), end) == D(0)
    assert compute_hours(at(9), end + timedelta(microseconds=1)) == D("0.5")


def test_full_24_hours_is_allowed() -> None:
    assert compute_hours(at(0), at(0, day=2)) == D(24)


def test_aware_datetimes_use_real_elapsed_time() -> None:
    beijing_nine = datetime(2024, 5, 1, 9, tzinfo=CST)
    assert compute_hours(beijing_nine, datetime(2024, 5, 1, 3, tzinfo=UTC)) == D(2)
    # Across the US spring-forward gap only one hour really passes between 01:30 and 03:30.
    try:
        ny = ZoneInfo("America/New_York")
    except ZoneInfoNotFoundError:
        pytest.skip("no time-zone database on this machine")
    start = datetime(2024, 3, 10, 1, 30, tzinfo=ny)
    end = datetime(2024, 3, 10, 3, 30, tzinfo=ny)
    assert compute_hours(start, end) == D(1)


def test_mixed_naive_and_aware_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), datetime(2024, 5, 1, 11, tzinfo=CST))
    assert info.value.field == "end_at"
    assert "时区" in info.value.message


@pytest.mark.parametrize("end", [at(9), at(8, 59)])
def test_end_must_be_after_start(end: datetime) -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), end)
    assert info.value.field == "end_at"
    assert info.value.message == "结束时间必须晚于开始时间"


def test_span_over_24_hours_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(9, 1, day=2))
    assert info.value.field == "end_at"
    assert "24 小时" in info.value.message


@pytest.mark.parametrize("breaks", [-1, 120, 121])
def test_bad_breaks(breaks: int) -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(11), break_minutes=breaks)
    assert info.value.field == "break_minutes"
    assert "休息时间" in info.value.message


def test_break_message_states_the_span() -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(11), break_minutes=120)
    assert "120 分钟" in info.value.message


def test_break_must_be_whole_minutes() -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(11), break_minutes=1.5)  # type: ignore[arg-type]
    assert info.value.field == "break_minutes"


@pytest.mark.parametrize("unit", [D(0), D(-1), D("NaN")])
def test_bad_unit(unit: Decimal) -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(11), unit=unit)
    assert info.value.field == "unit"


def test_bad_rounding() -> None:
    with pytest.raises(ValidationError) as info:
        compute_hours(at(9), at(11), rounding="up")  # type: ignore[arg-type]
    assert info.value.field == "rounding"


def test_no_travel_parameter() -> None:
    # Travel is never counted; the function does not even offer a way to pass it in.
    with pytest.raises(TypeError):
        compute_hours(at(9), at(11), travel_minutes=30)  # type: ignore[call-arg]


# --- check_no_overlap ------------------------------------------------------------------------


def test_no_overlap_with_separate_and_touching_periods() -> None:
    existing = [Interval(at(8), at(10)), Interval(at(14), at(16))]
    check_no_overlap(Interval(at(10), at(14)), existing)
    check_no_overlap(Interval(at(16), at(18)), existing)
    check_no_overlap(Interval(at(6), at(8)), existing)
    check_no_overlap(Interval(at(9), at(10)), [])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(9), at(11)),  # overlaps the start
        (at(7), at(9)),  # starts before, ends inside
        (at(8, 30), at(9)),  # inside
        (at(7), at(12)),  # contains
        (at(8), at(10)),  # identical
    ],
)
def test_overlap_is_refused(start: datetime, end: datetime) -> None:
    with pytest.raises(ValidationError) as info:
        check_no_overlap(Interval(start, end), [Interval(at(8), at(10))])
    assert info.value.field == "start_at"
    assert "2024年5月1日 08:00 至 10:00" in info.value.message
    assert "重叠" in info.value.message


def test_overlap_message_names_the_clashing_record() -> None:
    existing = [Interval(at(8), at(9)), Interval(at(22, day=1), at(2, day=2))]
    with pytest.raises(ValidationError) as info:
        check_no_overlap(Interval(at(1, day=2), at(3, day=2)), existing)
    assert "2024年5月1日 22:00 至 5月2日 02:00" in info.value.message


def test_overlap_message_across_years() -> None:
    existing = [Interval(datetime(2024, 12, 31, 22), datetime(2025, 1, 1, 1))]
    with pytest.raises(ValidationError) as info:
        check_no_overlap(Interval(datetime(2025, 1, 1), datetime(2025, 1, 1, 2)), existing)
    assert "2024年12月31日 22:00 至 2025年1月1日 01:00" in info.value.message


def test_editing_a_record_does_not_clash_with_itself() -> None:
    existing = [Interval(at(8), at(10), record_id="r1"), Interval(at(12), at(13), record_id="r2")]
    check_no_overlap(Interval(at(8, 30), at(11), record_id="r1"), existing)
    with pytest.raises(ValidationError):
        check_no_overlap(Interval(at(9), at(12, 30), record_id="r1"), existing)
    with pytest.raises(ValidationError):
        check_no_overlap(Interval(at(8, 30), at(11)), existing)


def test_interval_must_run_forwards() -> None:
    with pytest.raises(ValidationError) as info:
        Interval(at(10), at(9))
    assert info.value.field == "end_at"


# --- corrections ---------------------------------------------------------------------------


def test_corrections_are_summed_without_touching_originals() -> None:
    original = HoursEntry("a", D("3.0"))
    entries = [
        original,
        HoursEntry("b", D("2.5")),
        HoursEntry("c", D("-1.0"), corrects="a"),
        HoursEntry("d", D("0.5"), corrects="b"),
    ]
    assert apply_corrections(entries) == D("5.0")
    assert effective_hours(entries) == {"a": D("2.0"), "b": D("3.0")}
    assert original.hours == D("3.0")


def test_empty_ledger() -> None:
    assert apply_corrections([]) == D(0)
    assert effective_hours([]) == {}


def test_correction_can_bring_an_entry_to_zero_but_not_below() -> None:
    entries = [HoursEntry("a", D(2)), HoursEntry("c1", D(-2), corrects="a")]
    assert apply_corrections(entries) == D(0)
    with pytest.raises(ValidationError) as info:
        apply_corrections([*entries, HoursEntry("c2", D("-0.5"), corrects="a")])
    assert info.value.field == "hours"
    assert "不能为负数" in info.value.message


def test_intermediate_negative_is_refused_even_if_later_fixed() -> None:
    # Each prefix of an append-only ledger was once the truth, so it must be valid on its own.
    entries = [
        HoursEntry("a", D(1)),
        HoursEntry("c1", D(-2), corrects="a"),
        HoursEntry("c2", D(3), corrects="a"),
    ]
    with pytest.raises(ValidationError):
        apply_corrections(entries)


def test_correction_must_reference_an_earlier_original() -> None:
    with pytest.raises(ValidationError) as info:
        apply_corrections([HoursEntry("c", D(1), corrects="missing")])
    assert info.value.field == "corrects"
    assert "missing" in info.value.message
    with pytest.raises(ValidationError):
        apply_corrections([HoursEntry("c", D(1), corrects="a"), HoursEntry("a", D(2))])


def test_correction_of_a_correction_is_refused() -> None:
    entries = [
        HoursEntry("a", D(2)),
        HoursEntry("c1", D(1), corrects="a"),
        HoursEntry("c2", D(1), corrects="c1"),
    ]
    with pytest.raises(ValidationError) as info:
        apply_corrections(entries)
    assert info.value.field == "corrects"


def test_original_cannot_be_negative() -> None:
    with pytest.raises(ValidationError) as info:
        apply_corrections([HoursEntry("a", D(-1))])
    assert info.value.field == "hours"


def test_zero_correction_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        apply_corrections([HoursEntry("a", D(1)), HoursEntry("c", D(0), corrects="a")])
    assert info.value.field == "hours"


@pytest.mark.parametrize("dup", ["a", "c"])
def test_duplicate_ids_are_refused(dup: str) -> None:
    entries = [HoursEntry("a", D(1)), HoursEntry("c", D(1), corrects="a"), HoursEntry(dup, D(1))]
    with pytest.raises(ValidationError) as info:
        apply_corrections(entries)
    assert info.value.field == "entry_id"


def test_non_finite_hours_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        apply_corrections([HoursEntry("a", D("NaN"))])
    assert info.value.field == "hours"
