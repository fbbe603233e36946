"""Tests for star eligibility and star-scheme validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.models.errors import ValidationError
from desktop.models.rules.stars import (
    BEIJING_SCHEME,
    DEFAULT_SCHEME,
    StarScheme,
    hours_to_next,
    star_level,
)

D = Decimal


def test_default_and_beijing_thresholds() -> None:
    assert DEFAULT_SCHEME.thresholds == (D(100), D(300), D(600), D(1000), D(1500))
    assert BEIJING_SCHEME.thresholds == (D(100), D(200), D(500), D(800), D(1000))
    assert all(isinstance(t, Decimal) for t in DEFAULT_SCHEME.thresholds)


def test_floats_are_stored_as_exact_decimals() -> None:
    scheme = StarScheme((0.1, 0.2, 0.3, 10, D("10.5")))
    assert scheme.thresholds == (D("0.1"), D("0.2"), D("0.3"), D(10), D("10.5"))


def test_schemes_compare_by_value() -> None:
    assert StarScheme((100, 300, 600, 1000, 1500)) == DEFAULT_SCHEME
    assert StarScheme((100, 300, 600, 1000, 1501)) != DEFAULT_SCHEME


def test_scheme_is_immutable() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_SCHEME.thresholds = (D(1),) * 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("thresholds", "words"),
    [
        ((100, 300, 600, 1000), "正好有 5 档"),
        ((100, 300, 600, 1000, 1500, 2000), "正好有 5 档"),
        ((), "正好有 5 档"),
        ((0, 300, 600, 1000, 1500), "大于 0"),
        ((-10, 300, 600, 1000, 1500), "大于 0"),
        ((100, 300, 300, 1000, 1500), "逐档增加"),
        ((100, 600, 300, 1000, 1500), "逐档增加"),
        ((float("nan"), 300, 600, 1000, 1500), "大于 0"),
        ((100, 300, 600, 1000, float("inf")), "大于 0"),
    ],
)
def test_bad_schemes_are_rejected(thresholds: tuple[float, ...], words: str) -> None:
    with pytest.raises(ValidationError) as info:
        StarScheme(thresholds)
    assert info.value.field == "thresholds"
    assert words in info.value.message
    assert "星级标准" in info.value.message


def test_non_numeric_threshold_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        StarScheme(("100", 300, 600, 1000, "a lot"))  # type: ignore[arg-type]
    assert info.value.field == "thresholds"


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        ("0", 0),
        ("99.5", 0),
        ("100", 1),
        ("299.99", 1),
        ("300", 2),
        ("600", 3),
        ("999.5", 3),
        ("1000", 4),
        ("1499.5", 4),
        ("1500", 5),
        ("12000", 5),
    ],
)
def test_star_level_default(hours: str, level: int) -> None:
    assert star_level(D(hours), DEFAULT_SCHEME) == level


def test_star_level_depends_on_scheme() -> None:
    assert star_level(D(200), DEFAULT_SCHEME) == 1
    assert star_level(D(200), BEIJING_SCHEME) == 2
    assert star_level(D(1000), BEIJING_SCHEME) == 5


def test_hours_to_next() -> None:
    assert hours_to_next(D(0), DEFAULT_SCHEME) == D(100)
    assert hours_to_next(D("99.5"), DEFAULT_SCHEME) == D("0.5")
    assert hours_to_next(D(100), DEFAULT_SCHEME) == D(200)
    assert hours_to_next(D("1200.5"), DEFAULT_SCHEME) == D("299.5")
    assert hours_to_next(D(1500), DEFAULT_SCHEME) is None
    assert hours_to_next(D(900), BEIJING_SCHEME) == D(100)
    result = hours_to_next(D("0.5"), DEFAULT_SCHEME)
    assert isinstance(result, Decimal)


@pytest.mark.parametrize("hours", [D(-1), D("-0.5"), D("NaN"), D("-Infinity")])
def test_negative_or_nonsense_hours_are_rejected(hours: Decimal) -> None:
    with pytest.raises(ValidationError) as info:
        star_level(hours, DEFAULT_SCHEME)
    assert info.value.field == "hours"
    with pytest.raises(ValidationError):
        hours_to_next(hours, DEFAULT_SCHEME)
