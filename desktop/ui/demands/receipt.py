"""回执: the slip the villager takes home, with the demand number to ask about progress.

One A5 page (a folded half of A4): the station's name, the demand number large, the day it was
registered and its deadline, category, title and a short summary, who asked, the station's
phone and how to ask about progress, and lines for the officer's signature and the station's
stamp. Every field is cut to a length that keeps it on one page, and labels never wrap.

The receipt leaves the station on paper, so it shows the requester's name and phone masked
(张*, 138****5678) and masks any long digit run in the title or summary as well. It is HTML
rendered by :class:`QTextDocument`, printed through the print dialog or saved as a PDF. The
functions that write a PDF or print to a given printer need no dialog, so tests call them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
)
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_date
from desktop.models.demand_views import DemandDetail, demand_detail
from desktop.models.errors import LiaisonError
from desktop.models.rules.masking import mask_name, mask_phone
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp
from desktop.ui.common.paper import FONTS, Paper
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.labels import date_text

CONTEXT = "DemandReceipt"
# lupdate cannot see through _tr(); the texts passed to it, listed for extraction.
_TEXTS_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("DemandReceipt", "匿名"),
    QT_TRANSLATE_NOOP("DemandReceipt", "需求编号"),
    QT_TRANSLATE_NOOP("DemandReceipt", "登记日期"),
    QT_TRANSLATE_NOOP("DemandReceipt", "需求类别"),
    QT_TRANSLATE_NOOP("DemandReceipt", "需求标题"),
    QT_TRANSLATE_NOOP("DemandReceipt", "需求摘要"),
    QT_TRANSLATE_NOOP("DemandReceipt", "提出人"),
    QT_TRANSLATE_NOOP("DemandReceipt", "联系电话"),
    QT_TRANSLATE_NOOP("DemandReceipt", "办理期限"),
    QT_TRANSLATE_NOOP("DemandReceipt", "新时代文明实践站"),
    QT_TRANSLATE_NOOP("DemandReceipt", "群众需求受理回执"),
    QT_TRANSLATE_NOOP("DemandReceipt", "请妥善保管此回执，凭编号查询办理进度。"),
    QT_TRANSLATE_NOOP(
        "DemandReceipt", "查询进度：请拨打本站电话 {0}，或到本站询问，报上需求编号即可。"
    ),
    QT_TRANSLATE_NOOP("DemandReceipt", "查询进度：请到本站询问，报上需求编号即可。"),
    QT_TRANSLATE_NOOP("DemandReceipt", "县中心办结后，本站会请您对办理结果作出评价。"),
    QT_TRANSLATE_NOOP("DemandReceipt", "经办人（签字）："),
    QT_TRANSLATE_NOOP("DemandReceipt", "（站点盖章）"),
    QT_TRANSLATE_NOOP("DemandReceipt", "{0}年{1}月{2}日"),
    QT_TRANSLATE_NOOP("DemandReceipt", "无法保存回执“{0}”：{1}"),
    QT_TRANSLATE_NOOP("DemandReceipt", "打印回执"),
    QT_TRANSLATE_NOOP("DemandReceipt", "回执-{0}.pdf"),
    QT_TRANSLATE_NOOP("DemandReceipt", "保存回执为 PDF"),
    QT_TRANSLATE_NOOP("DemandReceipt", "PDF 文件 (*.pdf)"),
    QT_TRANSLATE_NOOP("DemandReceipt", "需求 {0} 的回执"),
    QT_TRANSLATE_NOOP("DemandReceipt", "打印…"),
    QT_TRANSLATE_NOOP("DemandReceipt", "保存为 PDF…"),
    QT_TRANSLATE_NOOP("DemandReceipt", "取消"),
)
# Lengths that keep the receipt on one A5 page whatever the officer typed.
TITLE_CHARS = 40
SUMMARY_CHARS = 80
CATEGORY_CHARS = 30
PAGE_MARGIN_MM = 12
# One family for Chinese and digits alike (a Latin fallback for the digits would sit on
# another baseline): what Windows, then Linux, has.
# Phone numbers as people type them (138 1234 5678, 0431-84561234) and any other run of
# seven or more digits; dates such as 2026-11-29 are left alone.
_PHONE_LIKE = re.compile(
    r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)"
    r"|(?<!\d)0\d{2,3}[\s-]?[2-9]\d{2,3}[\s-]?\d{4}(?!\d)"
    r"|(?<!\d)\d{7,}(?!\d)"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _mask_numbers(text: str) -> str:
    """Mask phone-like digit runs (a number the officer typed into the description)."""

    return _PHONE_LIKE.sub(lambda match: mask_phone(match.group()), text)


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters (then an ellipsis)."""
    text = " ".join(text.split())
    return text[:limit] + "…" if len(text) > limit else text


def receipt_html(detail: DemandDetail, printed_on: dt.date | None = None) -> str:
    printed_on = printed_on or beijing.today()
    requester = _tr("匿名") if detail.anonymous else mask_name(detail.requester_name) or "—"
    phone = (
        "" if detail.anonymous or not detail.requester_phone else mask_phone(detail.requester_phone)
    )
    category = detail.category_name
    if detail.topic_name:
        category = f"{category} / {detail.topic_name}"
    station = html.escape(detail.station_name or _tr("新时代文明实践站"))
    ask = (
        _tr("查询进度：请拨打本站电话 {0}，或到本站询问，报上需求编号即可。").format(
            detail.station_phone
        )
        if detail.station_phone
        else _tr("查询进度：请到本站询问，报上需求编号即可。")
    )
    label = 'style="white-space: nowrap; color: #444444" width="16%"'

    def row(*cells: tuple[str, str]) -> str:
        parts = []
        for caption, text in cells:
            parts.append(f"<td {label}>{html.escape(caption)}</td>")
            # Two to a row: a date or a phone, kept on one line; alone: room to wrap.
            value = 'width="34%" style="white-space: nowrap"' if len(cells) > 1 else 'colspan="3"'
            parts.append(f"<td {value}>{html.escape(text)}</td>")
        return '<tr valign="baseline">' + "".join(parts) + "</tr>"

    rows = "\n".join(
        (
            row(
                (_tr("登记日期"), beijing_date(detail.registered_at)),
                (_tr("办理期限"), date_text(detail.due_date) or "—"),
            ),
            row((_tr("需求类别"), _cut(category, CATEGORY_CHARS))),
            row((_tr("需求标题"), _cut(_mask_numbers(detail.title), TITLE_CHARS))),
            row(
                (
                    _tr("需求摘要"),
                    _cut(_mask_numbers(detail.description), SUMMARY_CHARS) or "—",
                )
            ),
            row((_tr("提出人"), requester), (_tr("联系电话"), phone or "—")),
        )
    )
    day = _tr("{0}年{1}月{2}日").format(
        printed_on.year, f"{printed_on.month:02d}", f"{printed_on.day:02d}"
    )
    return f"""<html><head><meta charset="utf-8"></head>
<body style="font-size: 11pt; font-family: {FONTS}">
<p align="center" style="font-size: 15pt; font-weight: bold; margin-bottom: 2px">{station}</p>
<p align="center" style="font-size: 13pt; margin-top: 0px">{html.escape(_tr("群众需求受理回执"))}</p>
<hr style="background-color: #444444"/>
<p style="margin-bottom: 0px; color: #444444">{html.escape(_tr("需求编号"))}</p>
<p align="center" style="font-size: 22pt; font-weight: bold; margin-top: 2px; margin-bottom: 6px; white-space: nowrap">{html.escape(detail.number)}</p>
<table width="100%" cellspacing="0" cellpadding="4">
{rows}
</table>
<hr style="background-color: #444444"/>
<p>{html.escape(ask)}<br/>{html.escape(_tr("县中心办结后，本站会请您对办理结果作出评价。"))}<br/>{html.escape(_tr("请妥善保管此回执，凭编号查询办理进度。"))}</p>
<p>&nbsp;</p>
<table width="100%" cellspacing="0" cellpadding="4">
<tr><td width="55%" style="white-space: nowrap">{html.escape(_tr("经办人（签字）："))}________________</td>
<td width="45%" align="right" style="white-space: nowrap">{html.escape(_tr("（站点盖章）"))}</td></tr>
<tr><td></td><td align="right" style="white-space: nowrap">{station}</td></tr>
<tr><td></td><td align="right" style="white-space: nowrap">{html.escape(day)}</td></tr>
</table>
</body></html>"""


def _paper() -> Paper:
    return Paper(QPageSize.PageSizeId.A5, PAGE_MARGIN_MM, _tr("群众需求受理回执"))


def _a5_layout() -> QPageLayout:
    return _paper().layout()


def receipt_pdf_bytes(markup: str) -> bytes:
    """The receipt as a one-page A5 PDF."""
    return _paper().pdf_bytes(markup)


def receipt_pages(markup: str) -> int:
    """How many pages the receipt takes on A5 (one, whatever was typed)."""
    return _paper().pages(markup)


def write_receipt_pdf(markup: str, path: Path) -> None:
    """Save the receipt as a PDF at ``path`` (whole file or nothing)."""
    try:
        _paper().write_pdf(markup, path)
    except OSError as error:
        raise LiaisonError(_tr("无法保存回执“{0}”：{1}").format(path, error.strerror)) from error


def print_receipt(markup: str, printer: QPrinter) -> None:
    _paper().print_to(markup, printer)


def choose_and_print(parent: QWidget, markup: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_a5_layout())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印回执"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_receipt(markup, printer)
    return True


def choose_and_save_pdf(parent: QWidget, app: AppContext, detail: DemandDetail) -> Path | None:
    suggested = Path.home() / _tr("回执-{0}.pdf").format(detail.number)
    name, _filter = QFileDialog.getSaveFileName(
        parent, _tr("保存回执为 PDF"), str(suggested), _tr("PDF 文件 (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        write_receipt_pdf(receipt_html(detail), path)
    except LiaisonError as error:
        dialogs.notify(parent, app.title, error.message)
        return None
    return path


def receipt_prompt(parent: QWidget, app: AppContext, detail: DemandDetail) -> QMessageBox:
    """The question 打印 or 保存为 PDF for ``detail``'s receipt (not shown yet); the answer
    prints or saves it."""
    box = dialogs.question(
        parent,
        _tr("打印回执"),
        _tr("需求 {0} 的回执").format(detail.number),
        [
            ("print", _tr("打印…"), QMessageBox.ButtonRole.AcceptRole),
            ("pdf", _tr("保存为 PDF…"), QMessageBox.ButtonRole.ActionRole),
            ("cancel", _tr("取消"), QMessageBox.ButtonRole.RejectRole),
        ],
        default="print",
        escape="cancel",
    )

    def answered(_result: int) -> None:
        answer = dialogs.answer_of(box)
        if answer == "print":
            choose_and_print(parent, receipt_html(detail))
        elif answer == "pdf":
            choose_and_save_pdf(parent, app, detail)

    box.finished.connect(answered)
    return box


def load_and_offer_receipt(
    parent: QWidget, app: AppContext, demand_id: str, slot: DialogSlot[QMessageBox]
) -> None:
    """Read the demand, then ask (in ``slot``) whether to print its receipt or save a PDF."""
    today = beijing.today()

    def load(session: Session, _ctx: OpContext) -> DemandDetail | None:
        return demand_detail(session, demand_id, today)

    def loaded(detail: DemandDetail | None) -> None:
        if detail is not None:
            slot.open(lambda: receipt_prompt(parent, app, detail))

    DbOp(parent, app, load).success(loaded).run_in_background()
