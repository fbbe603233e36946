"""The 统计报表 as an Excel workbook, laid out the way county templates are: one sheet per section
(需求办理, 实践活动, 志愿服务) and one for the months, each with a title row, a note row (period,
the periods compared, when made), merged two-row headers and units.

Each figure sits in a row whose first cell is its name exactly as docs/statistics.md gives it,
with its value in the next cell (a number; a rate as a number formatted as a percentage; “—”
where there is no figure), so a county's script can read it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.models.beijing import CHINA_TZ
from desktop.models.ledgers import QUIET, Feedback
from desktop.models.roster_export import save_workbook
from desktop.models.statistics import SECTIONS, StationReport
from liaison_wire.statistics import RATE_UNIT, change

WIDTHS = (28, 12, 8, 12, 16, 12, 16)
MONTH_WIDTHS = (16, 14, 14, 10, 10, 16)
HEADER_TOP = ("指标", "本期", "", "上期", "", "去年同期", "")
HEADER_BOTTOM = ("", "数值", "单位", "数值", "较上期", "数值", "较去年同期")


def _number_format(unit: str, *, signed: bool = False) -> str:
    """A figure's number format; ``signed``: a change's, with its sign (“0” for none), a rate's
    in percentage points (see ``change``)."""
    if unit == RATE_UNIT:
        return '+0.0"个百分点";-0.0"个百分点";0' if signed else "0.0%"
    plain = "0.0" if unit in ("天", "小时") else "0"
    return f"+{plain};-{plain};0" if signed else plain


def report_note(report: StationReport, now: dt.datetime) -> tuple[str, str]:
    """The two lines under a report's title: what it covers, and when it was made."""
    return (
        f"统计期间：{report.period.described(report.today)}"
        f"　上期：{report.previous.label}　去年同期：{report.year_before.label}",
        f"制表时间：{now.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}",
    )


def write_report_xlsx(
    report: StationReport, path: Path, now: dt.datetime, feedback: Feedback = QUIET
) -> None:
    """Write the report to ``path`` whole (or nothing, if cancelled through ``feedback``)."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    covers, made = report_note(report, now)
    if report.empty:
        covers += "　本期没有需求、活动和新注册志愿者的记录"

    def heading(sheet: Worksheet, title: str, widths: tuple[int, ...], header_rows: str) -> None:
        columns = len(widths)
        sheet.cell(row=1, column=1, value=title).font = Font(size=16, bold=True)
        sheet.cell(row=1, column=1).alignment = centre
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        sheet.cell(row=2, column=1, value=f"{covers}\n{made}").alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
        sheet.row_dimensions[2].height = 48
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        # On paper: one page wide, the title and the headers on every page.
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = header_rows

    def put(sheet: Worksheet, row: int, column: int, value: Any, fmt: str | None = None) -> None:
        cell = sheet.cell(row=row, column=column, value="—" if value is None else value)
        cell.border = box
        if fmt and value is not None:
            cell.number_format = fmt
        if column > 1:
            cell.alignment = Alignment(horizontal="right")

    book = openpyxl.Workbook()
    book.remove(book.active)
    station = report.station or "本站"
    for step, section in enumerate(SECTIONS):
        feedback.step(step, len(SECTIONS) + 1)
        sheet = book.create_sheet(section)
        heading(sheet, f"{station}{section}统计表", WIDTHS, "3:4")
        for column, (top, bottom) in enumerate(zip(HEADER_TOP, HEADER_BOTTOM, strict=True), start=1):
            for row, text in ((3, top), (4, bottom)):
                cell = sheet.cell(row=row, column=column, value=text or None)
                cell.font, cell.alignment, cell.border = Font(bold=True), centre, box
        sheet.merge_cells("A3:A4")
        sheet.merge_cells("B3:C3")
        sheet.merge_cells("D3:E3")
        sheet.merge_cells("F3:G3")
        row = 5
        for line in (line for line in report.lines if line.section == section):
            fmt = _number_format(line.unit)
            put(sheet, row, 1, line.name)
            put(sheet, row, 2, line.value, fmt)
            put(sheet, row, 3, line.unit)
            put(sheet, row, 4, line.previous, fmt)
            put(sheet, row, 5, change(line.value, line.previous, line.unit), _number_format(line.unit, signed=True))
            put(sheet, row, 6, line.year_before, fmt)
            put(sheet, row, 7, change(line.value, line.year_before, line.unit), _number_format(line.unit, signed=True))
            row += 1
        for table in (table for table in report.breakdowns if table.section == section):
            row += 1
            sheet.cell(row=row, column=1, value=f"{table.title}（{report.period.label}）").font = Font(bold=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(table.columns) + 1)
            row += 1
            put(sheet, row, 1, table.title[1:] if table.title.startswith("按") else table.title)
            for column, (name, unit) in enumerate(table.columns, start=2):
                put(sheet, row, column, f"{name}（{unit}）")
            for cell in sheet[row]:
                cell.font, cell.alignment = Font(bold=True), centre
            row += 1
            if not table.rows:
                put(sheet, row, 1, "（本期无数据）")
                row += 1
            for entry in table.rows:
                put(sheet, row, 1, entry.label)
                for column, ((_name, unit), value) in enumerate(
                    zip(table.columns, entry.values, strict=True), start=2
                ):
                    put(sheet, row, column, value, _number_format(unit))
                row += 1
        sheet.freeze_panes = "B5"
    feedback.step(len(SECTIONS), len(SECTIONS) + 1)
    months = book.create_sheet("月度趋势")
    heading(months, f"{station}月度趋势", MONTH_WIDTHS, "3:3")
    header = ("月份", "受理量（件）", "办结量（件）", "办结率", "满意率", "活动场次（场）")
    for column, text in enumerate(header, start=1):
        put(months, 3, column, text)
        months.cell(row=3, column=column).font = Font(bold=True)
    for row, point in enumerate(report.months, start=4):
        put(months, row, 1, point.month.label)
        put(months, row, 2, point.accepted, "0")
        put(months, row, 3, point.resolved, "0")
        put(months, row, 4, point.resolution_rate, "0.0%")
        put(months, row, 5, point.satisfaction_rate, "0.0%")
        put(months, row, 6, point.activities, "0")
    feedback.step(len(SECTIONS) + 1, len(SECTIONS) + 1)
    save_workbook(book, path)
