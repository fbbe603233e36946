"""Tests for pinyin search keys."""

from __future__ import annotations

import pytest

from desktop.models.rules.pinyin import SURNAME_READINGS, PinyinKeys, pinyin_keys


@pytest.mark.parametrize(
    ("text", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("李小龙", "lixiaolong", "lxl"),
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("吕布", "lvbu", "lb"),
        ("女娲", "nvwa", "nw"),
        ("重庆", "chongqing", "cq"),
    ],
)
def test_plain_names(text: str, full: str, initials: str) -> None:
    assert pinyin_keys(text) == PinyinKeys(full, initials)


@pytest.mark.parametrize(
    ("text", "full", "initials"),
    [
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("区伟", "ouwei", "ow"),
        ("仇英", "qiuying", "qy"),
        ("朴树", "piaoshu", "ps"),
        ("查良镛", "zhaliangyong", "zly"),
        ("覃海", "qinhai", "qh"),
        ("盖聪", "gecong", "gc"),
        ("乐毅", "yueyi", "yy"),
        ("缪可", "miaoke", "mk"),
        ("翟志刚", "zhaizhigang", "zzg"),
    ],
)
def test_polyphonic_surnames(text: str, full: str, initials: str) -> None:
    assert pinyin_keys(text) == PinyinKeys(full, initials)


def test_surname_table_covers_the_agreed_characters() -> None:
    assert set(SURNAME_READINGS) == set("单曾解区仇朴查覃盖乐缪翟")


def test_override_applies_to_the_first_character_only() -> None:
    # 单 inside a given name keeps its ordinary reading.
    assert pinyin_keys("王单") == PinyinKeys("wangdan", "wd")
    assert pinyin_keys("曾曾").full == "zengceng"


def test_non_chinese_passes_through_lowercased() -> None:
    assert pinyin_keys("Tom张") == PinyinKeys("tomzhang", "tomz")
    assert pinyin_keys("ABC") == PinyinKeys("abc", "abc")
    assert pinyin_keys("ＡＢＣ") == PinyinKeys("abc", "abc")


def test_digits_are_kept() -> None:
    assert pinyin_keys("张3丰") == PinyinKeys("zhang3feng", "z3f")
    assert pinyin_keys("3组") == PinyinKeys("3zu", "3z")
    assert pinyin_keys("１２") == PinyinKeys("12", "12")


def test_separators_are_dropped() -> None:
    assert pinyin_keys("阿不都·热合曼") == PinyinKeys("abudoureheman", "abdrhm")
    assert pinyin_keys(" 张 三 ") == PinyinKeys("zhangsan", "zs")
    assert pinyin_keys("王-五, 赵六") == PinyinKeys("wangwuzhaoliu", "wwzl")


def test_empty_and_blank() -> None:
    assert pinyin_keys("") == PinyinKeys("", "")
    assert pinyin_keys("   ") == PinyinKeys("", "")
    assert pinyin_keys("·-") == PinyinKeys("", "")


def test_keys_are_ascii_only() -> None:
    for text in ("张三", "吕布", "阿不都·热合曼", "Zoë王", "〇"):
        keys = pinyin_keys(text)
        assert keys.full.isascii() and keys.initials.isascii(), text


def test_results_are_cached() -> None:
    pinyin_keys.cache_clear()
    first = pinyin_keys("赵钱孙")
    assert pinyin_keys("赵钱孙") is first
    assert pinyin_keys.cache_info().hits == 1


def test_keys_are_immutable() -> None:
    keys = pinyin_keys("张三")
    with pytest.raises(AttributeError):
        keys.full = "lisi"  # type: ignore[misc]
