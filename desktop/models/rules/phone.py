"""Contact phone numbers (联系电话): normalising what liaisons type, masking what others see.

Many left-behind elderly people have no mobile, so landlines are first-class. Numbers come in
every shape (full-width digits, +86, spaces, (0431) 8456-1234), and a wrong number means a
resident who cannot be called back, so anything that cannot be read one way only is refused
with a reason instead of being guessed. The mobile pattern is the loose ``1[3-9]`` one on
purpose: per-carrier prefix lists go stale as new blocks are allocated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from desktop.models.errors import ValidationError

FIELD = "phone"

PhoneKind = Literal["mobile", "landline"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_IOT_PREFIXES = ("140", "141", "144", "146", "148")
_SEPARATORS = re.compile(r"[\s\-.()]+")
_ALLOWED = re.compile(r"\+?[\d\s\-.()]+")
_COUNTRY_PREFIXES = ("0086", "86")
_EXAMPLE = "手机如 13812345678，座机如 0431-84561234"


@dataclass(frozen=True)
class PhoneNumber:
    """A checked number. ``value`` is ``13812345678`` for a mobile, ``0431-84561234`` for a
    landline (area code with its leading 0, a dash, the local number)."""

    kind: PhoneKind
    value: str


def _fail(message: str) -> ValidationError:
    return ValidationError(FIELD, message)


def _area_code_length(digits: str) -> int:
    # Only Beijing (010) and the 02x cities have two-digit area codes; every other area code
    # is three digits, so the split is never a guess.
    return 3 if digits.startswith(("010", "02")) else 4


def _mobile(digits: str) -> PhoneNumber:
    if len(digits) == 13 and digits.startswith(_IOT_PREFIXES):
        raise _fail("联系电话是 13 位的物联网卡号码（140/141/144/146/148 开头），不是个人电话")
    if len(digits) != 11:
        raise _fail(f"联系电话的手机号码应为 11 位，现在是 {len(digits)} 位")
    if not _MOBILE.fullmatch(digits):
        raise _fail("联系电话不是有效的手机号码：第二位应为 3 到 9")
    return PhoneNumber("mobile", digits)


def _landline(digits: str, groups: list[str]) -> PhoneNumber:
    if digits.startswith("00"):
        raise _fail("联系电话只支持中国大陆的号码")
    if digits.startswith("01") and not digits.startswith("010"):
        if _MOBILE.fullmatch(digits[1:]):
            raise _fail("联系电话：手机号码前面不用加 0，请去掉开头的 0")
        raise _fail(f"联系电话的区号不对（{_EXAMPLE}）")
    split = _area_code_length(digits)
    area, local = digits[:split], digits[split:]
    # When the liaison separated the area code, it must be where we would split it; otherwise
    # the number was probably mistyped (e.g. 04318-4561234) and we should not guess.
    if len(groups) > 1 and groups[0] != area:
        raise _fail(f"联系电话的区号 {groups[0]} 看不明白，请核对（{_EXAMPLE}）")
    if not _LOCAL.fullmatch(local):
        raise _fail(
            f"联系电话的座机号码在区号 {area} 之后应为 7 到 8 位、且不以 0 或 1 开头，请核对"
        )
    return PhoneNumber("landline", f"{area}-{local}")


def normalize_phone(raw: str) -> PhoneNumber:
    """Read a mobile or landline number as a liaison might type it, or refuse it with a reason.

    Accepted: full-width digits, spaces, dashes, dots and parentheses; ``+86``, ``86`` or
    ``0086`` before a mobile number. Landlines need their area code. Extensions are not taken.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise _fail("请填写联系电话")
    if not _ALLOWED.fullmatch(text):
        raise _fail("联系电话只能包含数字、空格和短横线")
    has_plus = text.startswith("+")
    groups = [g for g in _SEPARATORS.split(text.lstrip("+")) if g]
    digits = "".join(groups)
    if not digits:
        raise _fail("请填写联系电话")

    if has_plus:
        if not digits.startswith("86"):
            raise _fail("联系电话只支持中国大陆的号码（+86）")
        national = digits[2:]
        if not national.startswith("1"):
            raise _fail(f"联系电话：+86 后面只支持手机号码，座机请写区号（{_EXAMPLE}）")
        return _mobile(national)
    for prefix in _COUNTRY_PREFIXES:
        # 86 / 0086 count as a country code only when a mobile number follows; 8613812345678
        # cannot be a local number, while a bare 86xxxxx might be one without its area code.
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and rest.startswith("1") and len(rest) == 11:
            return _mobile(rest)

    if digits.startswith("1"):
        return _mobile(digits)
    if digits.startswith("0"):
        return _landline(digits, groups)
    if 7 <= len(digits) <= 8:
        raise _fail(f"联系电话的座机号码要加上区号（{_EXAMPLE}）")
    raise _fail(f"联系电话的位数不对，请核对（{_EXAMPLE}）")


def phone_digits(value: str) -> str:
    """Only the digits (full-width folded to ASCII), for searching by any part of a number."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value) if "0" <= ch <= "9")


def mask_phone(value: str) -> str:
    """``138****5678`` for a mobile, ``0431-****1234`` for a landline.

    Anything that is not a readable number (old imported data) still gets every digit but the
    last 4 hidden, so masking never leaks a number just because it was stored badly.
    """
    try:
        number = normalize_phone(value)
    except ValidationError:
        digits = phone_digits(value)
        if len(digits) <= 4:
            return "*" * len(digits)
        return "*" * (len(digits) - 4) + digits[-4:]
    if number.kind == "mobile":
        return f"{number.value[:3]}****{number.value[-4:]}"
    area, local = number.value.split("-")
    return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
