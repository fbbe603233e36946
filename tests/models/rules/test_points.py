"""Tests for the points ledger."""

from __future__ import annotations

import pytest

from desktop.models.errors import ValidationError
from desktop.models.rules.points import (
    POINTS_KIND_LABELS,
    PointsEntry,
    PointsKind,
    balance,
    check_entry,
)

EARN, REDEEM, ADJUST = PointsKind.EARN, PointsKind.REDEEM, PointsKind.ADJUST


def ledger(*lines: tuple[PointsKind, int]) -> list[PointsEntry]:
    return [PointsEntry(kind, amount) for kind, amount in lines]


def test_kind_values_and_labels() -> None:
    assert [k.value for k in PointsKind] == ["EARN", "REDEEM", "ADJUST"]
    assert set(POINTS_KIND_LABELS) == set(PointsKind)


def test_balance() -> None:
    assert balance([]) == 0
    assert balance(ledger((EARN, 50))) == 50
    assert balance(ledger((EARN, 50), (REDEEM, 20))) == 30
    assert balance(ledger((EARN, 50), (REDEEM, 20), (ADJUST, -5), (ADJUST, 10))) == 35
    assert balance(iter(ledger((EARN, 1), (EARN, 2)))) == 3


def test_valid_entries() -> None:
    entries = ledger((EARN, 30))
    check_entry(entries, EARN, 1)
    check_entry(entries, REDEEM, 30)
    check_entry(entries, ADJUST, -30)
    check_entry(entries, ADJUST, 5)
    check_entry([], EARN, 10)


@pytest.mark.parametrize("kind", [EARN, REDEEM])
@pytest.mark.parametrize("amount", [0, -1, -100])
def test_earn_and_redeem_need_positive_amounts(kind: PointsKind, amount: int) -> None:
    with pytest.raises(ValidationError) as info:
        check_entry(ledger((EARN, 1000)), kind, amount)
    assert info.value.field == "amount"
    assert "正整数" in info.value.message


def test_zero_adjustment_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        check_entry(ledger((EARN, 10)), ADJUST, 0)
    assert info.value.field == "amount"


@pytest.mark.parametrize("amount", [1.5, 2.0, True, "5"])
def test_amount_must_be_an_integer(amount: object) -> None:
    with pytest.raises(ValidationError) as info:
        check_entry([], EARN, amount)  # type: ignore[arg-type]
    assert info.value.field == "amount"
    assert "整数" in info.value.message


def test_redeeming_more_than_the_balance() -> None:
    entries = ledger((EARN, 50), (REDEEM, 20))
    with pytest.raises(ValidationError) as info:
        check_entry(entries, REDEEM, 31)
    assert info.value.field == "amount"
    assert info.value.message == "积分余额不足：当前余额 30 分，本次兑换需要 31 分"


def test_redeeming_on_an_empty_account() -> None:
    with pytest.raises(ValidationError) as info:
        check_entry([], REDEEM, 1)
    assert "当前余额 0 分" in info.value.message


def test_negative_adjustment_cannot_overdraw() -> None:
    with pytest.raises(ValidationError) as info:
        check_entry(ledger((EARN, 10)), ADJUST, -11)
    assert info.value.field == "amount"
    assert info.value.message == "积分余额不足：当前余额 10 分，本次扣减 11 分"


def test_adding_is_allowed_on_a_negative_imported_balance() -> None:
    entries = ledger((ADJUST, -5))
    check_entry(entries, EARN, 1)
    check_entry(entries, ADJUST, 2)
    with pytest.raises(ValidationError):
        check_entry(entries, ADJUST, -1)
