"""Pinyin keys of names: search keys, so a liaison can find 张三 by typing ``zhangsan`` or
``zs``, and the key lists of people are sorted by (陈 chen before 程 cheng, as in a Chinese
phone book).

Village computers often lack a comfortable Chinese IME, and names are searched far more often
than typed, so each name gets two keys stored alongside it: full pinyin and initials. Surnames
with a special reading (单 shan, 曾 zeng, 解 xie ...) are fixed by a small table, because the
dictionary reading of the character (dan, ceng, jie) is not what anyone would type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Readings of the common polyphonic surnames, applied to the first character only: 单 in a
# given name or a title keeps its ordinary reading.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "区": "ou",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "覃": "qin",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "翟": "zhai",
}

# Runs of Han characters go to pypinyin together (it reads some words by context); runs of
# ASCII letters and digits pass through; everything else (spaces, ·, punctuation) is dropped,
# since nobody types separators into a search box.
_HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(rf"([{_HAN}]+)|([a-z0-9]+)")
_SYLLABLE = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class PinyinKeys:
    """``full`` and ``initials`` are what a search matches (``zhangsan``, ``zs``); ``spaced``
    orders names: syllables apart, so 陈国 ``chen guo`` sorts before 程刚 ``cheng gang``
    (run together, ``chenguo`` would come after ``chenggang``)."""

    full: str
    initials: str
    spaced: str


def _keys(text: str) -> tuple[list[str], str]:
    # Imported on first use: its dictionaries cost ~45 MB and ~0.3 s, and the window can start
    # and browse without computing any pinyin (saves happen on the database worker).
    from pypinyin import Style, lazy_pinyin

    full: list[str] = []
    initials: list[str] = []
    for han, other in _RUNS.findall(text):
        if other:
            full.append(other)
            initials.append(other)
            continue
        # v_to_u=False gives "lv" for 吕, which is how people type ü on a keyboard.
        for syllable in lazy_pinyin(han, style=Style.NORMAL, v_to_u=False):
            # A character pypinyin has no reading for comes back unchanged; it cannot be
            # typed as pinyin, so it gets no key.
            if _SYLLABLE.fullmatch(syllable):
                full.append(syllable)
                initials.append(syllable[0])
    return full, "".join(initials)


@lru_cache(maxsize=1 << 17)
def pinyin_keys(text: str) -> PinyinKeys:
    """Full pinyin and initials of ``text``: 张三 → ``zhangsan`` / ``zs``.

    Letters are lower-cased and, like digits, kept in both keys (``Tom张`` → ``tomzhang`` /
    ``tomz``); ``spaced`` is ``zhang san``. Cached because the same names recur (a demo generator calls this 100,000 times);
    the result is immutable, so sharing it is safe.
    """
    # NFKC folds full-width letters and digits; lower() before matching so only one case exists.
    normalized = unicodedata.normalize("NFKC", text).strip().lower()
    if not normalized:
        return PinyinKeys("", "", "")
    surname = SURNAME_READINGS.get(normalized[0])
    if surname is None:
        syllables, initials = _keys(normalized)
    else:
        syllables, initials = _keys(normalized[1:])
        syllables, initials = [surname, *syllables], surname[0] + initials
    return PinyinKeys("".join(syllables), initials, " ".join(syllables))
