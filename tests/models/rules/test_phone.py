"""Tests for phone normalisation, masking and search digits."""

from __future__ import annotations

import pytest

from desktop.models.errors import ValidationError
from desktop.models.rules.phone import PhoneNumber, mask_phone, normalize_phone, phone_digits


def reject(raw: str) -> str:
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert info.value.field == "phone"
    assert "联系电话" in info.value.message
    return info.value.message


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "(138) 1234 5678",
        "１３８１２３４５６７８",
        "１３８－１２３４－５６７８",
        "+86 138 1234 5678",
        "+8613812345678",
        "＋８６ １３８１２３４５６７８",
        "86 13812345678",
        "8613812345678",
        "0086 138 1234 5678",
        "008613812345678",
        "+86-138-1234-5678",
    ],
)
def test_mobile_forms(raw: str) -> None:
    assert normalize_phone(raw) == PhoneNumber("mobile", "13812345678")


@pytest.mark.parametrize("second", "3456789")
def test_every_mobile_block(second: str) -> None:
    number = f"1{second}012345678"
    assert normalize_phone(number) == PhoneNumber("mobile", number)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0431-84561234", "0431-84561234"),
        ("043184561234", "0431-84561234"),
        ("0431 8456 1234", "0431-84561234"),
        ("(0431) 8456-1234", "0431-84561234"),
        ("（0431）84561234", "0431-84561234"),
        ("０４３１－８４５６１２３４", "0431-84561234"),
        ("0431-8456123", "0431-8456123"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("021 5234 5678", "021-52345678"),
        ("029-88881234", "029-88881234"),
        ("0898-6512345", "0898-6512345"),
    ],
)
def test_landline_forms(raw: str, value: str) -> None:
    assert normalize_phone(raw) == PhoneNumber("landline", value)


@pytest.mark.parametrize("prefix", ["140", "141", "144", "146", "148"])
def test_iot_numbers_are_refused(prefix: str) -> None:
    message = reject(prefix + "1234567890")
    assert "物联网卡" in message
    assert "物联网卡" in reject("+86 " + prefix + "1234567890")


@pytest.mark.parametrize("raw", ["1381234567", "138123456789", "1381234"])
def test_mobile_with_wrong_length(raw: str) -> None:
    assert f"现在是 {len(raw)} 位" in reject(raw)


@pytest.mark.parametrize("raw", ["10012345678", "11012345678", "12012345678"])
def test_mobile_with_impossible_second_digit(raw: str) -> None:
    assert "第二位" in reject(raw)


def test_leading_zero_before_a_mobile() -> None:
    assert "不用加 0" in reject("013812345678")


@pytest.mark.parametrize(
    "raw",
    [
        "0431-0456123",  # local number starting with 0
        "0431-1456123",  # local number starting with 1
        "0431-845612",  # too short
        "0431-845612345",  # too long / extension
        "010-123456789",
    ],
)
def test_bad_local_numbers(raw: str) -> None:
    assert "7 到 8 位" in reject(raw)


def test_area_code_split_must_match_what_was_typed() -> None:
    assert "04318" in reject("04318-4561234")
    assert "043" in reject("043 184561234")


def test_unknown_01x_area_code() -> None:
    assert "区号" in reject("0123-4567890")


@pytest.mark.parametrize("raw", ["84561234", "8456123"])
def test_landline_without_area_code(raw: str) -> None:
    assert "区号" in reject(raw)


@pytest.mark.parametrize(
    "raw", ["+1 415 555 0100", "+44 20 7946 0958", "001 415 555 0100", "00852 2123 4567"]
)
def test_foreign_numbers(raw: str) -> None:
    assert "中国大陆" in reject(raw)


def test_plus_86_landline_is_refused() -> None:
    assert "座机" in reject("+86 431 8456 1234")


@pytest.mark.parametrize(
    "raw",
    [
        "138 1234 5678 转 801",
        "138ab345678",
        "tel:13812345678",
        "138+12345678",
        "13812345678/13912345678",
    ],
)
def test_foreign_characters(raw: str) -> None:
    assert "只能包含数字" in reject(raw)


@pytest.mark.parametrize("raw", ["", "   ", "()", "--"])
def test_empty(raw: str) -> None:
    assert reject(raw) == "请填写联系电话"


@pytest.mark.parametrize("raw", ["95588", "4001234567", "234"])
def test_other_lengths(raw: str) -> None:
    assert "位数不对" in reject(raw)


def test_mask_mobile() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"


def test_mask_landline_keeps_area_code_and_last_four() -> None:
    assert mask_phone("0431-84561234") == "0431-****1234"
    assert mask_phone("0431-8456123") == "0431-***6123"
    assert mask_phone("010-62345678") == "010-****5678"


def test_mask_unreadable_numbers_still_hides_digits() -> None:
    assert mask_phone("84561234") == "****1234"
    assert mask_phone("138 1234 5678 转 801") == "**********8801"
    assert mask_phone("123") == "***"
    assert mask_phone("") == ""


def test_phone_digits() -> None:
    assert phone_digits("0431-84561234") == "043184561234"
    assert phone_digits("１３８ １２３４ ５６７８") == "13812345678"
    assert phone_digits("+86 (138) 1234-5678") == "8613812345678"
    assert phone_digits("无") == ""
