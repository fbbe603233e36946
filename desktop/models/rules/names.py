"""A person's name as officers type it: Chinese names (张三), minority names with the middle
dot (阿依古丽·买买提), a foreign name in letters, and never digits: a name with digits in it is a
phone or ID number pasted into the wrong field (刘桂芝220122195001011234), which would then show
as the villager's name on every list and leave the station with the ID number."""

from __future__ import annotations

import re
import unicodedata

NAME_MAX = 50

_DIGIT_RUN = re.compile(r"\d+")


def name_problem(name: str, *, id_field: bool = True) -> str | None:
    """Why ``name`` cannot be a person's name, or None when it can. ``id_field`` says whether
    the form has an ID-number field to send the number to."""
    folded = unicodedata.normalize("NFKC", name).strip()
    if len(folded) > NAME_MAX:
        return f"姓名最多 {NAME_MAX} 个字"
    runs = _DIGIT_RUN.findall(folded)
    if not runs:
        return None
    longest = max(runs, key=len)
    if len(longest) in (15, 17, 18) or re.search(r"\d{17}[Xx]", folded):
        where = "，号码请填在“身份证号码”一栏" if id_field else "，不要填身份证号码"
        return f"姓名里夹着身份证号码，请只填姓名{where}"
    if len(longest) >= 7:
        return "姓名里夹着电话号码，请只填姓名，号码请填在“联系电话”一栏"
    return "姓名里不能有数字"
