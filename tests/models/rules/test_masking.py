"""Tests for name masking and the re-exported maskers."""

from __future__ import annotations

import pytest

from desktop.models.rules import idnumber, masking, phone
from desktop.models.rules.masking import ANONYMOUS, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧***"),
        ("司马相如", "司***"),
        ("阿不都·热合曼", "阿******"),
        ("  李四 ", "李*"),
        ("王", "王"),
        ("Tom", "T**"),
        ("tom smith", "t********"),
        ("𠀀二", "𠀀*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_anonymous_is_left_alone() -> None:
    assert mask_name(ANONYMOUS) == "匿名"
    assert mask_name(" 匿名 ") == "匿名"
    assert mask_name("匿名者") == "匿**"


def test_masked_name_never_contains_the_given_name() -> None:
    for name in ("张三", "李小龙", "诸葛孔明"):
        assert not set(name[1:]) & set(mask_name(name))


def test_reexports_are_the_originals_not_wrappers() -> None:
    assert mask_phone is phone.mask_phone
    assert mask_id_number is idnumber.mask_id_number
    assert sorted(masking.__all__) == masking.__all__
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("11010519491231002X") == "**************002X"
