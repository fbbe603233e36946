"""Tests for pinyin search keys."""

from __future__ import annotations

import pytest

from liaison_wire.pinyin import SURNAME_READINGS, pinyin_keys


def _searched(text: str) -> tuple[str, str]:
    """The keys a search matches: full pinyin and initials."""
    keys = pinyin_keys(text)
    return keys.full, keys.initials


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
    assert _searched(text) == (full, initials)


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
    assert _searched(text) == (full, initials)


def test_surname_table_covers_the_agreed_characters() -> None:
    assert set(SURNAME_READINGS) == set("单曾解区仇朴查覃盖乐缪翟")


def test_override_applies_to_the_first_character_only() -> None:
    # 单 inside a given name keeps its ordinary reading.
    assert _searched("王单") == ("wangdan", "wd")
    assert pinyin_keys("曾曾").full == "zengceng"


def test_non_chinese_passes_through_lowercased() -> None:
    assert _searched("Tom张") == ("tomzhang", "tomz")
    assert _searched("ABC") == ("abc", "abc")
    assert _searched("ＡＢＣ") == ("abc", "abc")


def test_digits_are_kept() -> None:
    assert _searched("张3丰") == ("zhang3feng", "z3f")
    assert _searched("3组") == ("3zu", "3z")
    assert _searched("１２") == ("12", "12")


def test_separators_are_dropped() -> None:
    assert _searched("阿不都·热合曼") == ("abudoureheman", "abdrhm")
    assert _searched(" 张 三 ") == ("zhangsan", "zs")
    assert _searched("王-五, 赵六") == ("wangwuzhaoliu", "wwzl")


def test_empty_and_blank() -> None:
    assert _searched("") == ("", "")
    assert _searched("   ") == ("", "")
    assert _searched("·-") == ("", "")


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


def test_names_sort_syllable_by_syllable() -> None:
    """Lists sort by ``spaced``: 陈 chen before 程 cheng whatever the given name (run together,
    程刚 ``chenggang`` came before 陈国 ``chenguo``)."""
    assert pinyin_keys("陈国").spaced == "chen guo"
    assert pinyin_keys("单田芳").spaced == "shan tian fang"
    assert pinyin_keys("Tom张").spaced == "tom zhang"
    names = ["程刚", "陈国", "车辉", "程芳", "陈兰", "柴静"]
    assert sorted(names, key=lambda n: pinyin_keys(n).spaced) == [
        "柴静", "车辉", "陈国", "陈兰", "程芳", "程刚",
    ]  # fmt: skip
