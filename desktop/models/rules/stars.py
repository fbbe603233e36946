"""Volunteer star eligibility (星级志愿者) computed from total service hours.

Localities use different thresholds (the national 100/300/600/1000/1500 h, Beijing's
100/200/500/800/1000 h, ...), so the scheme is data, not code. What this computes is
*eligibility* only: an awarded star is a separate, approved record, because stars are applied
for, publicly posted and approved rather than granted automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from desktop.models.errors import ValidationError

STAR_COUNT = 5


def _as_decimal(value: Decimal | float) -> Decimal:
    # Going through str() keeps 0.1 as 0.1 instead of the binary float's long expansion.
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True, init=False)
class StarScheme:
    """Hours needed for ★1..★5, e.g. ``StarScheme((100, 300, 600, 1000, 1500))``.

    Floats and ints are accepted for convenience when reading configuration and are stored as
    :class:`~decimal.Decimal`.
    """

    thresholds: tuple[Decimal, ...]

    def __init__(self, thresholds: tuple[Decimal | float, ...]) -> None:
        if isinstance(thresholds, str | bytes) or len(thresholds) != STAR_COUNT:
            raise ValidationError("thresholds", f"星级标准必须正好有 {STAR_COUNT} 档时长")
        try:
            values = tuple(_as_decimal(v) for v in thresholds)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValidationError("thresholds", "星级标准的时长必须是数字") from exc
        if any(not v.is_finite() or v <= 0 for v in values):
            raise ValidationError("thresholds", "星级标准的每一档时长都必须大于 0")
        if any(low >= high for low, high in pairwise(values)):
            raise ValidationError("thresholds", "星级标准的时长必须逐档增加，后一档要比前一档多")
        object.__setattr__(self, "thresholds", values)


DEFAULT_SCHEME = StarScheme((100, 300, 600, 1000, 1500))
# 志愿北京; kept as a ready example of a local scheme.
BEIJING_SCHEME = StarScheme((100, 200, 500, 800, 1000))


def _check_hours(total_hours: Decimal) -> None:
    if not total_hours.is_finite() or total_hours < 0:
        raise ValidationError("hours", "累计服务时长不能为负数")


def star_level(total_hours: Decimal, scheme: StarScheme) -> int:
    """The star level (0..5) that ``total_hours`` qualifies for; reaching a threshold counts."""
    _check_hours(total_hours)
    return sum(1 for threshold in scheme.thresholds if total_hours >= threshold)


def hours_to_next(total_hours: Decimal, scheme: StarScheme) -> Decimal | None:
    """Hours still missing for the next star, or ``None`` once all five are reached."""
    level = star_level(total_hours, scheme)
    if level >= STAR_COUNT:
        return None
    return scheme.thresholds[level] - total_hours
