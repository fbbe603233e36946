"""The 统计报表 on A4 paper: the title, each section's figures beside the previous period and a
year before, the breakdowns, and the three charts (drawn by QtCharts into images)."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from desktop.models.statistics import SECTIONS, StationReport
from desktop.models.statistics_export import report_note
from desktop.ui.common.paper import FONTS, Images, Paper
from desktop.ui.statistics.charts import CHARTS, chart_image
from liaison_wire.statistics import format_change, format_value

A4 = Paper(QPageSize.PageSizeId.A4, 15, "统计报表")
# Laid out at this size (screen pixels) and drawn across the page's width (in the document's
# units, about 510 between the margins): the charts' text comes out about 7 pt.
CHART_SIZE = QSize(620, 290)
CHART_WIDTH = 500


CONTEXT = "StatisticsPaper"
# The texts _tr() looks up, for lupdate.
_TEXTS = (
    QT_TRANSLATE_NOOP("StatisticsPaper", "图表"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "本期没有需求、活动和新注册志愿者的记录。"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "本站"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "统计报表"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "指标"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "本期"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "上期"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "较上期"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "较去年同期"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "去年同期"),
    QT_TRANSLATE_NOOP("StatisticsPaper", "本期无数据"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def report_markup(report: StationReport, now: dt.datetime) -> str:
    cell = 'style="border:1px solid #888; padding:3px 6px;"'
    right = 'style="border:1px solid #888; padding:3px 6px;" align="right"'
    covers, made = report_note(report, now)
    parts = [
        f'<body style="font-family: {FONTS}; font-size: 10pt">',
        f'<h2 align="center">{escape(report.station or _tr("本站"))}{escape(_tr("统计报表"))}</h2>',
        f'<p align="center">{escape(covers)}<br>{escape(made)}</p>',
    ]
    if report.empty:
        parts.append(f"<p><b>{escape(_tr('本期没有需求、活动和新注册志愿者的记录。'))}</b></p>")
    for section in SECTIONS:
        parts.append(f"<h3>{escape(section)}</h3>")
        parts.append('<table width="100%" cellspacing="0" style="border-collapse:collapse;">')
        header = (_tr("指标"), _tr("本期"), _tr("上期"), _tr("较上期"), _tr("去年同期"), _tr("较去年同期"))
        # A <thead> repeats at the top of each page the table runs onto.
        parts.append("<thead><tr>" + "".join(f"<th {cell}>{escape(h)}</th>" for h in header) + "</tr></thead>")
        for line in (line for line in report.lines if line.section == section):
            unit = "" if line.unit == "%" else f"（{line.unit}）"
            figures = (
                format_value(line.value, line.unit), format_value(line.previous, line.unit),
                format_change(line.value, line.previous, line.unit),
                format_value(line.year_before, line.unit),
                format_change(line.value, line.year_before, line.unit),
            )  # fmt: skip
            parts.append(
                f"<tr><td {cell}>{escape(line.name + unit)}</td>"
                + "".join(f"<td {right}>{escape(v)}</td>" for v in figures)
                + "</tr>"
            )
        parts.append("</table>")
        for table in (table for table in report.breakdowns if table.section == section):
            parts.append(f"<p><b>{escape(table.title)}</b></p>")
            parts.append('<table width="100%" cellspacing="0" style="border-collapse:collapse;">')
            names = [table.title[1:]] + [f"{n}（{u}）" if u != "%" else n for n, u in table.columns]
            parts.append("<thead><tr>" + "".join(f"<th {cell}>{escape(n)}</th>" for n in names) + "</tr></thead>")
            if not table.rows:
                parts.append(f'<tr><td {cell} colspan="{len(names)}">{escape(_tr("本期无数据"))}</td></tr>')
            for row in table.rows:
                values = [
                    format_value(value, unit)
                    for value, (_n, unit) in zip(row.values, table.columns, strict=True)
                ]
                parts.append(
                    f"<tr><td {cell}>{escape(row.label)}</td>"
                    + "".join(f"<td {right}>{escape(v)}</td>" for v in values)
                    + "</tr>"
                )
            parts.append("</table>")
    parts.append(f"<h3>{escape(_tr('图表'))}</h3>")
    for index in range(len(CHARTS)):
        parts.append(f'<p align="center"><img src="chart{index}.png" width="{CHART_WIDTH}"></p>')
    parts.append("</body>")
    return "\n".join(parts)


def report_images(report: StationReport) -> Images:
    return {f"chart{index}.png": chart_image(make(report), CHART_SIZE) for index, make in enumerate(CHARTS)}


def write_report_pdf(report: StationReport, path: Path, now: dt.datetime) -> int:
    """Save the report as a PDF at ``path`` (whole or nothing); returns its page count."""
    markup, images = report_markup(report, now), report_images(report)
    A4.write_pdf(markup, path, images)
    return A4.pages(markup, images)


def print_report(report: StationReport, printer: QPrinter, now: dt.datetime) -> None:
    A4.print_to(report_markup(report, now), printer, report_images(report))
