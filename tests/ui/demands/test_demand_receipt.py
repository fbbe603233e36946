"""回执: what it says, that it never shows a full phone number, that it is one A5 page whatever
was typed, and that the PDF is written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from demand_support import ZHANG_PHONE, register
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop.models import beijing
from desktop.models.db import Database
from desktop.models.demand_views import DemandDetail, demand_detail
from desktop.models.station import Station
from desktop.ui.demands.receipt import (
    receipt_html,
    receipt_pages,
    receipt_pdf_bytes,
    write_receipt_pdf,
)


def _detail(db: Database, demand_id: str) -> DemandDetail:
    with db.reading() as session:
        detail = demand_detail(session, demand_id, beijing.today())
    assert detail is not None
    return detail


def test_receipt_pdf_without_a_full_phone_number(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    demand_id = register(
        db,
        requester_phone=ZHANG_PHONE,
        topic_code="repair",
        description="晚上路过很黑，请打 138 1234 5678 或 0431-84561234 联系，2026-11-29 前修好",
    )
    detail = _detail(db, demand_id)
    markup = receipt_html(detail, printed_on=dt.date(2026, 11, 29))

    for text in (
        "红旗村新时代文明实践站",
        detail.number,
        "便民服务 / 家电/水电维修",
        "三组路灯坏了",
        "张*",
        "138****5678",
        "0431-****1234",
        "2026-11-29 前修好",
        "请妥善保管此回执，凭编号查询办理进度",
        str(detail.due_date),
        "经办人（签字）",
        "（站点盖章）",
        "查询进度：请到本站询问，报上需求编号即可。",  # no station phone set yet
        "2026年11月29日",
    ):
        assert text in markup, text
    assert "张三" not in markup
    # No mobile number in any spelling, no landline beyond its last four digits.
    assert not re.search(r"1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}", markup)
    assert "84561234" not in markup

    target = tmp_path / "回执.pdf"
    write_receipt_pdf(markup, target)
    content = target.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 1000
    assert ZHANG_PHONE.encode() not in content
    assert _pdf_pages(content) == 1


def _pdf_pages(content: bytes) -> int:
    """Page objects in a PDF (each is a ``/Type /Page`` dictionary; the tree is ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content))


def test_one_a5_page_whatever_was_typed(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """The longest title and a long description (the 办理期限 once went to a second page), and
    the station's phone on the receipt."""
    with db.writing() as session:
        session.execute(update(Station).values(phone="0431-84561234"))
    demand_id = register(
        db,
        title="王大爷家的老房子屋顶漏雨，" * 15,
        description="王大爷今年七十八岁，独自住在村东头三组，请联系他儿子 138 1234 5678。" * 60,
        requester_phone=ZHANG_PHONE,
    )
    detail = _detail(db, demand_id)
    assert len(detail.title) > 190
    markup = receipt_html(detail)
    assert receipt_pages(markup) == 1
    assert "请拨打本站电话 0431-84561234" in markup
    assert "办理期限" in markup
    # Labels never break inside a word.
    assert markup.count('white-space: nowrap; color: #444444') == 7
    content = receipt_pdf_bytes(markup)
    assert _pdf_pages(content) == 1
    assert re.search(rb"/MediaBox \[0 0 420(\.0+)? 595(\.0+)?\]", content)  # A5, in points


def test_receipt_of_an_anonymous_demand(db: Database) -> None:
    demand_id = register(db, anonymous=True, requester_contact_id=None, requester_name="")
    markup = receipt_html(_detail(db, demand_id))
    assert "匿名" in markup
    assert ZHANG_PHONE not in markup
