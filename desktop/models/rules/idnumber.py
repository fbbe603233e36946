"""Resident ID numbers (公民身份号码, GB 11643-1999): validation and masking.

Liaisons type these from paper ledgers, often with a full-width IME or a lower-case x, so input
is normalised first and every refusal says which part is wrong. The address code is checked
only for a plausible province: it records the county *at the time of issue*, and counties have
been renamed and renumbered since, so a strict current-county lookup would reject real people.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum.cn.ric import calc_check_digit

from desktop.models.errors import ValidationError

FIELD = "id_number"

_EIGHTEEN = re.compile(r"\d{17}[\dX]")
_FIFTEEN = re.compile(r"\d{15}")
_WHITESPACE = re.compile(r"\s+")
# 11–65 cover the mainland provinces; 71 is Taiwan's GB/T 2260 code; 81/82/83 head the numbers
# on residence permits for Hong Kong, Macau and Taiwan residents, which share the same format.
_PROVINCES = frozenset(range(11, 66)) | {71, 81, 82, 83}
_EARLIEST_YEAR = 1900

Sex = Literal["男", "女"]


@dataclass(frozen=True)
class IdCheck:
    """The outcome of a successful check.

    ``value`` is the normalised number to store. ``legacy_15`` marks a first-generation
    15-digit number; it is kept as it was written, never converted to 18 digits, because the
    conversion invents a check digit nobody has verified against the card.
    """

    value: str
    legacy_15: bool
    birth_date: date
    sex: Sex


def normalize_id_number(raw: str) -> str:
    """Full-width digits and letters to ASCII, whitespace removed, ``x`` upper-cased."""
    # NFKC folds the full-width forms an IME produces (１２３, ｘ) to ASCII.
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", raw)).upper()


def _birth_date(year: int, month: int, day: int, today: date) -> date:
    try:
        born = date(year, month, day)
    except ValueError:
        raise ValidationError(
            FIELD, f"身份证号码中的出生日期 {year:04d}{month:02d}{day:02d} 不是有效的日期"
        ) from None
    if born > today:
        raise ValidationError(FIELD, "身份证号码中的出生日期晚于今天，请核对")
    if year < _EARLIEST_YEAR:
        raise ValidationError(FIELD, f"身份证号码中的出生年份 {year} 早于 1900 年，请核对")
    return born


def _check_province(value: str) -> None:
    if int(value[:2]) not in _PROVINCES:
        raise ValidationError(FIELD, "身份证号码的前两位（省份代码）不对，请核对")


def validate_id_number(raw: str, today: date | None = None) -> IdCheck:
    """Check an ID number and return its normalised form, birth date and sex.

    ``today`` exists so tests and imports can fix "now"; it defaults to the local date.
    """
    if today is None:
        today = date.today()
    value = normalize_id_number(raw)
    if not value:
        raise ValidationError(FIELD, "请填写身份证号码")

    if len(value) == 15:
        if not _FIFTEEN.fullmatch(value):
            raise ValidationError(FIELD, "15 位的老身份证号码只能由数字组成")
        _check_province(value)
        # First-generation numbers carry a two-digit year; they were all issued to people born
        # in the 1900s.
        born = _birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), today)
        return IdCheck(value, True, born, "男" if int(value[14]) % 2 else "女")

    if len(value) == 17 and value.isdigit():
        raise ValidationError(FIELD, "身份证号码只有 17 位，需要 18 位，请检查是否漏了最后一位")
    if len(value) != 18:
        raise ValidationError(FIELD, f"身份证号码应为 18 位，现在是 {len(value)} 位")
    if not _EIGHTEEN.fullmatch(value):
        raise ValidationError(FIELD, "身份证号码前 17 位只能是数字，最后一位是数字或 X")
    _check_province(value)
    # A typo inside the date also breaks the check digit; naming the date is the more useful
    # message, so the date is checked first.
    born = _birth_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)
    # Only the MOD 11-2 arithmetic is taken from stdnum: its validate()/is_valid() also look the
    # address code up by birth year and reject people born before their county code existed.
    if calc_check_digit(value) != value[17]:
        raise ValidationError(FIELD, "身份证号码的校验位不对，请核对最后一位")
    return IdCheck(value, False, born, "男" if int(value[16]) % 2 else "女")


def mask_id_number(value: str) -> str:
    """Show only the last 4 characters, e.g. ``**************002X``; shorter input is fully
    hidden so a fragment never shows in full."""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
