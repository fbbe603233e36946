"""Tests for resident ID number validation and masking."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from desktop.models.errors import ValidationError
from desktop.models.rules.idnumber import (
    IdCheck,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)

TODAY = date(2024, 5, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(first17: str) -> str:
    """The GB 11643 check character, computed here from the standard's own table so the tests
    do not trust the implementation under test."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def reject(raw: str, today: date = TODAY) -> str:
    with pytest.raises(ValidationError) as info:
        validate_id_number(raw, today)
    assert info.value.field == "id_number"
    assert "身份证号码" in info.value.message
    return info.value.message


def test_published_example() -> None:
    result = validate_id_number("11010519491231002X", TODAY)
    assert result == IdCheck("11010519491231002X", False, date(1949, 12, 31), "女")


def test_helper_agrees_with_published_examples() -> None:
    assert with_check("11010519491231002") == "11010519491231002X"
    assert with_check("44052418800101001") == "440524188001010014"


def test_male_from_odd_17th_digit() -> None:
    number = with_check("11010519800101001")
    assert validate_id_number(number, TODAY).sex == "男"
    assert validate_id_number(with_check("11010519800101002"), TODAY).sex == "女"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "110105\u300019491231\u3000002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
    ],
)
def test_input_is_normalised(raw: str) -> None:
    assert validate_id_number(raw, TODAY).value == "11010519491231002X"
    assert normalize_id_number(raw) == "11010519491231002X"


def test_old_county_code_is_accepted_although_stdnum_validate_rejects_it() -> None:
    # 220122 (农安县) exists since 1983; someone born there in 1950 got this code when the
    # card was issued later. This is why only stdnum's calc_check_digit is used.
    number = with_check("22012219500101001")
    assert number == "220122195001010014"
    result = validate_id_number(number, TODAY)
    assert result.birth_date == date(1950, 1, 1)
    assert result.sex == "男"
    with pytest.raises(StdnumValidationError):
        ric.validate(number)
    assert not ric.is_valid(number)
    # ...while the very same code with a later birth year passes stdnum, so it is the
    # birth-year lookup that rejects it, not the arithmetic.
    assert ric.is_valid(with_check("22012219900101001"))


def test_wrong_check_digit() -> None:
    message = reject("110105194912310021")
    assert message == "身份证号码的校验位不对，请核对最后一位"
    assert reject("110105194912310020") == message
    # Two swapped digits that still form a real date are caught by the check digit.
    assert reject("11010519491213002X") == message


def test_seventeen_digits() -> None:
    message = reject("11010519491231002")
    assert "17 位" in message and "18 位" in message


@pytest.mark.parametrize("raw", ["1101051949123100", "1101051949123100211", "1234"])
def test_other_lengths(raw: str) -> None:
    assert f"现在是 {len(raw)} 位" in reject(raw)


@pytest.mark.parametrize(
    "raw",
    ["11010519491231A02X", "X10105194912310021", "11010519491231002Y", "110105-9491231002X"],
)
def test_bad_characters(raw: str) -> None:
    assert "数字" in reject(raw)


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty(raw: str) -> None:
    assert reject(raw) == "请填写身份证号码"


@pytest.mark.parametrize("prefix", ["00", "10", "66", "70", "72", "80", "84", "91", "99"])
def test_implausible_province(prefix: str) -> None:
    assert "前两位" in reject(with_check(prefix + "010519800101001"))


@pytest.mark.parametrize("prefix", ["11", "35", "65", "71", "81", "82", "83"])
def test_plausible_provinces(prefix: str) -> None:
    validate_id_number(with_check(prefix + "000019800101001"), TODAY)


@pytest.mark.parametrize("birth", ["19490230", "19000229", "19801301", "19800001", "19800132"])
def test_impossible_birth_dates(birth: str) -> None:
    message = reject(with_check("110105" + birth + "001"))
    assert birth in message and "不是有效的日期" in message


def test_leap_day_and_earliest_year() -> None:
    leap_day = validate_id_number(with_check("11010520000229001"), TODAY)
    assert leap_day.birth_date == date(2000, 2, 29)
    earliest = validate_id_number(with_check("11010519000101001"), TODAY)
    assert earliest.birth_date == date(1900, 1, 1)
    assert "1900" in reject(with_check("11010518991231001"))
    # The published example born in 1880 is arithmetically valid but implausible here.
    assert "1880" in reject("440524188001010014")


def test_birth_date_not_in_the_future() -> None:
    number = with_check("11010520240502001")
    assert "晚于今天" in reject(number, today=date(2024, 5, 1))
    assert validate_id_number(number, today=date(2024, 5, 2)).birth_date == date(2024, 5, 2)


def test_today_defaults_to_the_real_date() -> None:
    assert validate_id_number("11010519491231002X").value == "11010519491231002X"
    assert "晚于今天" in reject(with_check("11010520991231001"), today=date.today())


def test_legacy_fifteen_digits_are_flagged_not_converted() -> None:
    result = validate_id_number("110105491231002", TODAY)
    assert result == IdCheck("110105491231002", True, date(1949, 12, 31), "女")
    assert validate_id_number("110105491231001", TODAY).sex == "男"


def test_legacy_fifteen_digits_are_still_checked() -> None:
    assert "不是有效的日期" in reject("110105490230002")
    assert "前两位" in reject("990105491231002")
    assert "数字" in reject("11010549123100X")


def test_mask() -> None:
    assert mask_id_number("11010519491231002X") == "**************002X"
    assert mask_id_number("110105491231002") == "***********1002"
    assert mask_id_number("1234") == "****"
    assert mask_id_number("12") == "**"
    assert mask_id_number("") == ""
