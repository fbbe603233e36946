"""Exporting the contact book to an Excel workbook (.xlsx).

Privacy by default (PIPL): names are written in full, but phone and ID numbers are masked and
the priority-group tags (sensitive), birth dates and notes are left out. ``full=True``, only on
the officer's explicit choice, writes everything, and the sheet says so in its second row.
The layout (title, note row, header on row 3) is one the roster import reads back. The file is
written beside the target and renamed into place, so a crash or a full disk never leaves a
half-written workbook under the officer's file name.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.contacts import vocabulary
from desktop.models.errors import LiaisonError
from desktop.models.queries import ContactFilter, contact_conditions
from desktop.models.roster_import import ImportReport, RosterSheet, cell_text
from desktop.models.rules.masking import mask_id_number, mask_phone
from desktop.models.rules.priority_groups import Vocabulary
from desktop.models.station import Contact, Grid, Station
from liaison_wire.files import write_atomically

log = logging.getLogger(__name__)

HEADER_ROW = 3

# (header, width in characters, sensitive: only in a full export)
_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 6, False),
    ("姓名", 10, False),
    ("性别", 6, False),
    ("联系电话", 16, False),
    ("代联系人电话", 16, False),
    ("与代联系人关系", 10, False),
    ("村民小组", 14, False),
    ("网格", 10, False),
    ("住址", 28, False),
    ("身份证号码", 21, False),
    ("出生日期", 12, True),
    ("人员类别", 20, True),
    ("备注", 30, True),
)
_TEXT_COLUMNS = frozenset({"联系电话", "代联系人电话", "身份证号码"})


class ExportCancelled(LiaisonError):
    def __init__(self) -> None:
        super().__init__("导出已取消，没有保存文件。")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    full: bool


def columns(full: bool) -> list[str]:
    return [name for name, _width, sensitive in _COLUMNS if full or not sensitive]


def _row(
    number: int, contact: Any, grid_name: str | None, full: bool, words: Vocabulary
) -> list[object]:
    def phone(value: str | None) -> str:
        if not value:
            return ""
        return value if full else mask_phone(value)

    id_number = contact.id_number or ""
    values: list[object] = [
        number,
        contact.name,
        contact.gender or "",
        phone(contact.phone),
        phone(contact.proxy_phone),
        contact.proxy_relation or "",
        contact.group_name,
        grid_name or "",
        contact.address,
        id_number if full else (mask_id_number(id_number) if id_number else ""),
    ]
    if full:
        values += [
            contact.birth_date,
            "、".join(words.labels_of(contact.tags or [])),
            contact.note,
        ]
    return values


def export_contacts(
    session: Session,
    path: Path,
    flt: ContactFilter | None = None,
    *,
    full: bool = False,
    now: dt.datetime,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the contacts matching ``flt`` (the list's current filter) to ``path``."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    clauses = contact_conditions(flt or ContactFilter())
    stmt = (
        select(Contact, Grid.name)
        .outerjoin(Grid, Grid.id == Contact.grid_id)
        .where(*(clauses if clauses is not None else [Contact.id.is_(None)]))
        .order_by(Contact.pinyin_full, Contact.search_rowid)
    )
    station = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    headers = columns(full)
    words = vocabulary(session)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "村民通讯录"
    sheet.cell(row=1, column=1, value=f"{station or ''}村民通讯录")
    sheet.cell(row=1, column=1).font = Font(size=16, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for index, name in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=name)
        cell.font = Font(bold=True)
        width = next(w for n, w, _s in _COLUMNS if n == name)
        sheet.column_dimensions[get_column_letter(index)].width = width
    text_columns = [i for i, name in enumerate(headers, start=1) if name in _TEXT_COLUMNS]
    count = 0
    for count, (contact, grid_name) in enumerate(session.execute(stmt), start=1):
        if cancelled is not None and count % 200 == 0 and cancelled():
            raise ExportCancelled()
        if progress is not None and count % 500 == 0:
            progress(count, 0, f"已整理 {count} 人…")
        row = HEADER_ROW + count
        for column, value in enumerate(_row(count, contact, grid_name, full, words), start=1):
            sheet.cell(row=row, column=column, value=value)
        for column in text_columns:
            sheet.cell(row=row, column=column).number_format = "@"
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    stamp = now.strftime("%Y-%m-%d %H:%M")
    privacy = (
        "含完整电话、身份证号码和人员类别等敏感信息，请妥善保管，不要转发或公开"
        if full
        else "电话和身份证号码已隐去部分数字；人员类别等敏感信息未导出"
    )
    sheet.cell(row=2, column=1, value=f"导出时间：{stamp}　共 {count} 人　{privacy}")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    if progress is not None:
        progress(count, count, "正在保存文件…")
    save_workbook(book, path)
    if full:
        # Who took the unmasked data out, and when: PIPL expects such access to be traceable.
        log.info("full contact export (unmasked phones, IDs, tags): %d contacts to %s", count, path)
    return ExportResult(path, count, full)


def write_problem_rows(sheet: RosterSheet, report: ImportReport, path: Path) -> int:
    """The rows of ``sheet`` the import refused, or took with a reminder, as they were in the
    file and with what to correct beside them: for the village to fix in Excel/WPS and import
    again (the import finds the header row by itself and ignores the added columns).
    Returns how many rows were written."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    problems = {row.row_number: row for row in report.problem_rows()}
    book = openpyxl.Workbook()
    out = book.active
    out.title = "需要修改的行"
    headers = [*sheet.headers, "原行号", "导入问题"]
    out.cell(row=1, column=1, value=f"“{sheet.file_name}”中需要修改后重新导入的行")
    out.cell(row=1, column=1).font = Font(size=14, bold=True)
    for index, header in enumerate(headers, start=1):
        out.cell(row=2, column=index, value=header).font = Font(bold=True)
    written = 0
    for row in sheet.rows:
        result = problems.get(row.row_number)
        if result is None:
            continue
        written += 1
        target = 2 + written
        for index, value in enumerate(row.cells, start=1):
            cell = out.cell(row=target, column=index, value=cell_text(value) or None)
            cell.number_format = "@"  # ID and phone numbers stay text
        out.cell(row=target, column=len(sheet.headers) + 1, value=row.row_number)
        reason = out.cell(row=target, column=len(headers), value=result.reason)
        reason.alignment = Alignment(wrap_text=True)
    out.column_dimensions[get_column_letter(len(headers))].width = 60
    out.freeze_panes = out.cell(row=3, column=1)
    save_workbook(book, path)
    return written


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook at ``path``: whole file or nothing (beside it, then renamed)."""
    try:
        write_atomically(path, book.save)
    except OSError as error:
        raise LiaisonError(
            f"无法保存“{path.name}”：{error.strerror or error}。"
            "如果这个文件正在 Excel/WPS 中打开，请先关闭；也请检查磁盘空间和文件夹权限。"
        ) from error
