"""The append-only points ledger (积分) behind the village points store (积分超市).

Points are a currency separate from service hours: hours drive stars, points drive redemption.
Entries are only ever appended, so the balance is always the sum of the history and a mistake is
fixed with an ADJUST entry that everyone can see, never by editing an old line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.models.errors import ValidationError
from liaison_wire.statistics import PointsKind

__all__ = [
    "POINTS_KIND_LABELS",
    "PointsEntry",
    "PointsKind",
    "balance",
    "check_entry",
]

POINTS_KIND_LABELS: dict[PointsKind, str] = {
    PointsKind.EARN: "获得",
    PointsKind.REDEEM: "兑换",
    PointsKind.ADJUST: "调整",
}


@dataclass(frozen=True)
class PointsEntry:
    """One ledger line. EARN and REDEEM carry a positive ``amount`` (REDEEM is subtracted);
    ADJUST carries a signed ``amount``."""

    kind: PointsKind
    amount: int


def _signed(kind: PointsKind, amount: int) -> int:
    return -amount if kind is PointsKind.REDEEM else amount


def balance(entries: Iterable[PointsEntry]) -> int:
    """The current balance: earnings minus redemptions plus adjustments."""
    return sum(_signed(entry.kind, entry.amount) for entry in entries)


def check_entry(entries: Sequence[PointsEntry], kind: PointsKind, amount: int) -> None:
    """Refuse a new entry that is malformed or would take the balance below zero.

    Points are never lent: a household cannot redeem, or be adjusted, into debt.
    """
    # bool is an int subclass; True as "1 point" would be a bug upstream, not a value.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError("amount", "积分必须是整数")
    if kind is PointsKind.ADJUST:
        if amount == 0:
            raise ValidationError("amount", "调整的积分不能为 0")
    elif amount <= 0:
        action = "兑换" if kind is PointsKind.REDEEM else "获得"
        raise ValidationError("amount", f"{action}的积分必须是正整数")
    current = balance(entries)
    delta = _signed(kind, amount)
    # Only entries that take points away can overdraw; adding is always allowed, even onto a
    # balance that an imported history left negative.
    if delta > 0 or current + delta >= 0:
        return
    if kind is PointsKind.REDEEM:
        message = f"积分余额不足：当前余额 {current} 分，本次兑换需要 {amount} 分"
    else:
        message = f"积分余额不足：当前余额 {current} 分，本次扣减 {-amount} 分"
    raise ValidationError("amount", message)
