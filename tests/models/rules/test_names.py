"""Names: a phone or ID number typed into the name field is refused with a message that says
where the number belongs; real names (with a middle dot, in letters) pass."""

from __future__ import annotations

import pytest

from desktop.models.rules.names import name_problem


@pytest.mark.parametrize("name", ["张三", "欧阳娜娜", "阿依古丽·买买提", "Tom Lee", "李 四"])
def test_real_names_pass(name: str) -> None:
    assert name_problem(name) is None


def test_an_id_number_in_the_name() -> None:
    assert name_problem("刘桂芝220122195001011234") == (
        "姓名里夹着身份证号码，请只填姓名，号码请填在“身份证号码”一栏"
    )
    assert name_problem("刘桂芝 22012219500101123X") is not None
    # Full-width digits from a Chinese input method are digits too.
    assert name_problem("刘桂芝２２０１２２１９５００１０１１２３４") is not None
    # A form without an ID field (the demand's requester) does not send the officer there.
    assert name_problem("刘桂芝220122195001011234", id_field=False) == (
        "姓名里夹着身份证号码，请只填姓名，不要填身份证号码"
    )


def test_a_phone_or_any_digit_in_the_name() -> None:
    assert "电话号码" in (name_problem("王秀英13904311234") or "")
    assert name_problem("王秀英2") == "姓名里不能有数字"


def test_too_long() -> None:
    assert name_problem("张" * 51) == "姓名最多 50 个字"
    assert name_problem("张" * 50) is None
