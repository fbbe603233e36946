"""Importing a village roster (村民花名册) from Excel, WPS or CSV into the contact book.

Rosters arrive as the village committee keeps them: a title merged across the columns, a date
row, sometimes two header rows, phone numbers typed with spaces or full-width digits, ID
numbers that Excel turned into floats, a household's address merged down several rows. So
reading a file (:func:`read_roster`) is separate from importing it: the dialog shows the
column mapping and a preview before anything is written. The import itself writes every
accepted row through the write path (each new or changed villager gets its outbox op) in the
caller's one transaction, or raises and writes nothing: a half-imported roster would leave the
officer guessing which villagers are in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.contacts import (
    GENDERS,
    LEGACY_ID_MESSAGE,
    ContactInput,
    clean_contact,
    vocabulary,
)
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.rules.idnumber import normalize_id_number, validate_id_number
from desktop.models.rules.priority_groups import (
    BUILT_IN,
    BUILT_IN_VOCABULARY,
    Vocabulary,
    split_categories,
)
from desktop.models.station import Contact, Grid, Station
from desktop.models.writes import WritePath

# --- fields and headers --------------------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号码",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "proxy_phone": "代联系人电话",
    "proxy_relation": "与代联系人关系",
    "group_name": "村民小组",
    "grid": "网格",
    "address": "住址",
    "tags": "人员类别",
    "note": "备注",
    # A yes/no column per priority group ("低保户  √"): field key ``tag:<code>``.
    **{f"tag:{code}": f"是否{label}" for code, label in BUILT_IN.items()},
}

_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "村民姓名", "居民姓名", "人员姓名", "名字", "成员姓名", "家庭成员姓名"),
    "gender": ("性别",),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "证件号码",
        "身份证件号码",
        "居民身份证号码",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "phone": (
        "联系电话",
        "手机号",
        "手机号码",
        "电话",
        "手机",
        "联系方式",
        "电话号码",
        "本人电话",
        "本人手机",
        "联系手机",
    ),
    "proxy_phone": (
        "代联系人电话",
        "紧急联系人电话",
        "家属电话",
        "家属联系电话",
        "子女电话",
        "监护人电话",
        "监护人联系电话",
        "联系人电话",
    ),
    "proxy_relation": ("与代联系人关系", "代联系人关系", "紧急联系人关系", "联系人关系"),
    "group_name": ("村民小组", "组别", "小组", "所在小组", "所属小组", "组", "村组", "所在组"),
    "grid": ("网格", "所属网格", "网格名称", "所在网格"),
    "address": ("住址", "家庭住址", "地址", "现住址", "居住地址", "家庭地址", "现居住地址"),
    "tags": ("人员类别", "标签", "重点人群", "人员类型", "类别", "特殊人群", "重点人群类别"),
    "note": ("备注", "说明"),
}

_ALIAS_TO_FIELD: dict[str, str] = {
    alias: key for key, aliases in _HEADER_ALIASES.items() for alias in aliases
}
for _alias, _code in BUILT_IN_VOCABULARY.words.items():
    _ALIAS_TO_FIELD.setdefault(_alias, f"tag:{_code}")
    _ALIAS_TO_FIELD.setdefault(f"是否{_alias}", f"tag:{_code}")

# Bracketed hints in headers ("姓名（必填）", "电话(手机)") and required-field stars.
_HEADER_NOISE = re.compile(r"[（(][^）)]*[）)]|[*＊:：]")
_HEADER_SCAN_ROWS = 30

_YES = frozenset({"是", "√", "✓", "✔", "1", "有", "y", "yes", "true", "☑", "■"})
_NO = frozenset({"否", "", "无", "0", "×", "x", "n", "no", "false", "□", "/", "-"})


def normalize_header(text: str) -> str:
    """A header cell as compared with the known names: NFKC, no spaces, no hints in brackets."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _HEADER_NOISE.sub("", folded))


def field_for_header(text: str) -> str | None:
    """The contact field a header names, or None (序号, 户主姓名 … are not imported)."""
    return _ALIAS_TO_FIELD.get(normalize_header(text))


# --- errors --------------------------------------------------------------------------------


class RosterFileError(LiaisonError):
    """The file cannot be used as a roster at all; nothing was imported."""


class ImportCancelled(LiaisonError):
    def __init__(self) -> None:
        super().__init__("导入已取消，没有导入任何村民。")


PASSWORD_MESSAGE = "文件有密码保护，请先在 Excel/WPS 中取消密码后再导入"
_CORRUPT_MESSAGE = "文件“{0}”已损坏或不是有效的 Excel 表格，无法读取。请在 Excel/WPS 中打开确认后另存为 .xlsx 再导入。"

# --- reading files -------------------------------------------------------------------------

_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class RosterRow:
    """One spreadsheet row below the header. ``row_number`` is the number Excel shows.
    ``banner`` marks a row whose only content is one cell merged across several columns
    (a "填表人：… 审核人：…" footer or a section caption), which is not a villager.
    ``inherited`` are the columns whose value this row only has from a cell merged down from
    a row above (a 村民小组 merged over its households): a row with nothing else is blank."""

    row_number: int
    cells: tuple[Any, ...]
    banner: bool = False
    inherited: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RosterSheet:
    file_name: str
    sheet_name: str
    header_row: int  # the (last) header row as Excel numbers it
    headers: tuple[str, ...]
    rows: tuple[RosterRow, ...]
    # Column index → field key recognised from the headers; the officer may correct it.
    suggested: dict[int, str] = field(default_factory=dict)

    def sample(self, column: int, count: int = 3) -> list[str]:
        """The first few non-empty values of ``column``, for the mapping table."""
        found: list[str] = []
        for row in self.rows:
            if column < len(row.cells) and not row.banner:
                text = cell_text(row.cells[column])
                if text:
                    found.append(text)
                    if len(found) == count:
                        break
        return found


@dataclass
class _Grid:
    """A sheet as read: cell values (merged ranges filled), which rows are banners, and which
    cells hold a value merged down from a row above (row index → column indexes)."""

    name: str
    values: list[list[Any]]
    banners: set[int] = field(default_factory=set)
    inherited: dict[int, set[int]] = field(default_factory=dict)


def read_roster(path: Path) -> RosterSheet:
    """Read the roster in ``path`` (.xlsx, .xls or .csv, told apart by content, not name).

    Raises :class:`RosterFileError` with a plain-Chinese reason when the file is unreadable,
    password-protected, empty or not a roster.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterFileError(f"找不到文件“{path}”。") from None
    except OSError as error:
        raise RosterFileError(
            f"无法打开文件“{path.name}”：{error.strerror}。如果它正在 Excel/WPS 中打开，请先关闭。"
        ) from error
    if not data:
        raise RosterFileError(f"文件“{path.name}”是空的（0 字节）。")
    if data.startswith(_ZIP_SIGNATURE):
        grids = _read_xlsx(data, path.name)
    elif data.startswith(_OLE2_SIGNATURE):
        grids = _read_ole2(data, path.name)
    elif path.suffix.lower() in (".csv", ".txt"):
        grids = [_read_csv(data, path)]
    elif data.lstrip()[:1] == b"<":
        raise RosterFileError(
            f"“{path.name}”其实是网页（HTML/XML）格式，只是扩展名为 {path.suffix}。请在 Excel/WPS 中打开它，另存为 .xlsx 后再导入。"
        )
    else:
        raise RosterFileError(
            f"无法识别“{path.name}”的格式。请选择 Excel（.xlsx、.xls）或 CSV 文件。"
        )
    return _find_roster(grids, path.name)


def _read_xlsx(data: bytes, file_name: str) -> list[_Grid]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats);
            # they do not matter for reading values.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # untrusted input: any failure means "cannot read this file"
        raise RosterFileError(_CORRUPT_MESSAGE.format(file_name)) from error
    grids = []
    try:
        for sheet in book.worksheets:
            rows, cols = sheet.max_row, sheet.max_column
            values = [
                list(row)
                for row in sheet.iter_rows(
                    min_row=1, max_row=rows, min_col=1, max_col=cols, values_only=True
                )
            ]
            merges = [
                (r.min_row - 1, r.max_row, r.min_col - 1, r.max_col)
                for r in sheet.merged_cells.ranges
            ]
            grids.append(_with_merges(sheet.title, values, merges))
    finally:
        book.close()
    return grids


def _ole2_stream_names(data: bytes) -> set[str]:
    from xlrd.compdoc import CompDoc

    try:
        doc = CompDoc(data, logfile=io.StringIO())
    except Exception:  # a broken compound file: reported as corrupt by the caller
        return set()
    return {node.name for node in doc.dirlist}


def _read_ole2(data: bytes, file_name: str) -> list[_Grid]:
    """An OLE2 compound file: an old .xls, or an .xlsx that Excel/WPS encrypted with a password
    (the encrypted package sits in an OLE2 container, which openpyxl cannot read)."""
    import xlrd

    names = _ole2_stream_names(data)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise RosterFileError(PASSWORD_MESSAGE)
    if names and not names & {"Workbook", "Book"}:
        raise RosterFileError(
            f"“{file_name}”不是 Excel 表格（可能是 Word 等其他 Office 文件）。请选择村民花名册表格。"
        )
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, logfile=io.StringIO(), on_demand=False
        )
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise RosterFileError(PASSWORD_MESSAGE) from error
        raise RosterFileError(_CORRUPT_MESSAGE.format(file_name)) from error
    except Exception as error:  # untrusted input, as above
        raise RosterFileError(_CORRUPT_MESSAGE.format(file_name)) from error
    grids = []
    for sheet in book.sheets():
        values = [
            [_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
            for r in range(sheet.nrows)
        ]
        grids.append(_with_merges(sheet.name, values, list(sheet.merged_cells)))
    return grids


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _decode_text(data: bytes, file_name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode 文本" is UTF-16 with a byte-order mark.
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise RosterFileError(
        f"无法识别“{file_name}”的文字编码。请在 Excel/WPS 中打开它，另存为 .xlsx 后再导入。"
    )


def _read_csv(data: bytes, path: Path) -> _Grid:
    text = _decode_text(data, path.name)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    values: list[list[Any]] = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return _Grid(path.stem, values)


def _with_merges(
    name: str, values: list[list[Any]], merges: Iterable[tuple[int, int, int, int]]
) -> _Grid:
    """Fill every merged range with its top-left value, so a title merged across the columns,
    a header merged over two rows and an address merged down a household read cell by cell.
    ``merges`` are (first row, end row, first column, end column), 0-based and end-exclusive."""
    width = max((len(row) for row in values), default=0)
    for row in values:
        row.extend([None] * (width - len(row)))
    wide_rows: list[tuple[int, int, int]] = []
    inherited: dict[int, set[int]] = {}
    for rlo, rhi, clo, chi in merges:
        if rlo >= len(values) or clo >= width:
            continue
        top_left = values[rlo][clo]
        for r in range(rlo, min(rhi, len(values))):
            for c in range(clo, min(chi, width)):
                values[r][c] = top_left
                if r > rlo:
                    inherited.setdefault(r, set()).add(c)
        if chi - clo > 1 and rhi - rlo == 1:
            wide_rows.append((rlo, clo, chi))
    grid = _Grid(name, values, inherited=inherited)
    for r, first, end in wide_rows:
        if all(cell_text(v) == "" for i, v in enumerate(values[r]) if not first <= i < end):
            grid.banners.add(r)
    return grid


def _header_score(row: list[Any]) -> tuple[bool, int]:
    fields = {field_for_header(cell_text(v)) for v in row} - {None}
    return "name" in fields, len(fields)


def _find_roster(grids: list[_Grid], file_name: str) -> RosterSheet:
    if all(not any(cell_text(v) for row in g.values for v in row) for g in grids):
        raise RosterFileError(f"“{file_name}”里没有任何内容（表格是空的）。")
    for grid in grids:
        best: tuple[int, int] | None = None  # (score, row index)
        for index, row in enumerate(grid.values[:_HEADER_SCAN_ROWS]):
            has_name, score = _header_score(row)
            if has_name and (best is None or score > best[0]):
                best = (score, index)
        if best is not None:
            return _sheet_from(grid, best[1], file_name)
    raise RosterFileError(
        f"在“{file_name}”的前 {_HEADER_SCAN_ROWS} 行里没有找到“姓名”列，它看起来不是村民花名册。"
        "请确认表头有“姓名”一列（也可以先在 Excel/WPS 中把表头改成“姓名”）。"
    )


_PROXY_HINTS = ("代", "家属", "子女", "监护", "紧急", "亲属", "联系人")


def _sub_header(parent: str, sub: str) -> str | None:
    """The field of a second-row header ``sub`` under ``parent``: "本人" / "家属" under a
    merged "联系电话", or a full name such as "手机号码" under "联系方式"."""
    for text in (sub, parent + sub):
        key = field_for_header(text)
        if key is not None:
            return key
    if field_for_header(parent) in ("phone", "proxy_phone"):
        return "proxy_phone" if any(h in sub for h in _PROXY_HINTS) else "phone"
    return None


def _sheet_from(grid: _Grid, header_index: int, file_name: str) -> RosterSheet:
    values = grid.values
    headers = [cell_text(v) for v in values[header_index]]
    fields: list[str | None] = [field_for_header(h) for h in headers]
    last_header = header_index
    below = header_index + 1
    if below < len(values) and not _looks_like_data(values[below]):
        # Two header rows: a cell merged down both rows reads the same in each; a parent merged
        # across columns ("联系方式" over "本人" / "家属") repeats to its neighbours.
        sub = [cell_text(v) for v in values[below]]
        merged_across = {
            i
            for i, h in enumerate(headers)
            if h
            and ((i > 0 and headers[i - 1] == h) or (i + 1 < len(headers) and headers[i + 1] == h))
        }
        new: dict[int, str | None] = {}
        for i, text in enumerate(sub):
            if not text or text == headers[i]:
                continue
            key = _sub_header(headers[i], text) if i in merged_across else field_for_header(text)
            if key is None and i not in merged_across:
                new = {}
                break  # a value that is no header: this row is data
            new[i] = key
        if new:
            for i, key in new.items():
                headers[i] = f"{headers[i]}/{sub[i]}" if i in merged_across else sub[i]
                fields[i] = key
            last_header = below
    suggested: dict[int, str] = {}
    for index, key in enumerate(fields):
        if key is not None and key not in suggested.values():
            suggested[index] = key
    rows = tuple(
        RosterRow(
            index + 1,
            tuple(values[index]),
            index in grid.banners,
            frozenset(grid.inherited.get(index, ())),
        )
        for index in range(last_header + 1, len(values))
    )
    return RosterSheet(
        file_name=file_name,
        sheet_name=grid.name,
        header_row=last_header + 1,
        headers=tuple(headers),
        rows=rows,
        suggested=suggested,
    )


def _looks_like_data(row: list[Any]) -> bool:
    """A row with a phone-, ID- or date-like value is data, not a second header row."""
    for value in row:
        if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
            return True
        if re.fullmatch(r"[\d\s\-+]{7,}[xX]?", cell_text(value)):
            return True
    return False


# --- cell values ---------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 13812345678.0 → "13812345678", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def _parse_date(value: Any) -> dt.date | None:
    """A birth date from a date cell or text (1950-03-02, 1950/3/2, 1950年3月2日, 19500302,
    1950.03 for 出生年月). None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    try:
        for pattern in _DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                return dt.date(*(int(g) for g in match.groups()))
        match = _MONTH_PATTERN.fullmatch(text)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None
    return None


_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")


def _id_text(value: Any) -> tuple[str, str | None]:
    """The ID number's text, and the reason it cannot be trusted when Excel stored it as a
    number: a double keeps 15 significant digits, so the last digits of an 18-digit number
    have become zeros (and an X check character cannot be a number at all)."""
    lost = (
        "身份证号码在表格里被存成了数字，最后几位已经丢失。请在 Excel/WPS 中把这一列设为“文本”，"
        "重新填写后再导入"
    )
    if isinstance(value, float | int) and not isinstance(value, bool):
        digits = str(int(value))
        return digits, (lost if len(digits) > 15 else None)
    text = cell_text(value)
    if _SCIENTIFIC.fullmatch(text):
        return text, lost
    return text, None


def _gender(text: str) -> str | None:
    folded = text.replace("性", "").strip()
    return folded or None


# --- checking rows -------------------------------------------------------------------------

ColumnMapping = Mapping[int, str]
OnDuplicate = Literal["skip", "update"]

# Contact columns an update may take from the file (never the consents: a roster says
# nothing about what the villager agreed to).
_UPDATABLE = (
    "name",
    "gender",
    "phone",
    "proxy_phone",
    "proxy_relation",
    "group_name",
    "grid_id",
    "address",
    "tags",
    "id_number",
    "birth_date",
    "note",
)
_MAX_LENGTHS = {"group_name": 50, "address": 200, "proxy_relation": 20}


@dataclass
class _Parsed:
    row_number: int
    values: dict[str, Any]
    present: set[str]
    errors: list[str]
    warnings: list[str]
    unknown_categories: list[str]


@dataclass(frozen=True)
class _Context:
    """What checking rows needs besides the row: the station's grids, the groups' vocabulary,
    the unknown categories the officer chose to keep as custom tags, and today."""

    grids: Mapping[str, str]
    words: Vocabulary
    custom_tags: frozenset[str]
    today: dt.date


def check_mapping(mapping: ColumnMapping) -> None:
    """Raise :class:`RosterFileError` unless ``mapping`` has a name column and no field twice."""
    if "name" not in mapping.values():
        raise RosterFileError("请为“姓名”选择对应的列，没有姓名无法导入。")
    seen: set[str] = set()
    for key in mapping.values():
        if key in seen:
            raise RosterFileError(f"“{FIELD_LABELS.get(key, key)}”对应了不止一列，请只保留一列。")
        seen.add(key)


def _parse_row(row: RosterRow, mapping: ColumnMapping, context: _Context) -> _Parsed:
    raw: dict[str, Any] = {
        key: row.cells[index] if index < len(row.cells) else None for index, key in mapping.items()
    }
    text = {key: cell_text(value) for key, value in raw.items()}
    errors: list[str] = []
    notes: list[str] = []

    today = context.today
    id_text, id_problem = _id_text(raw.get("id_number"))
    if not id_problem and _LEGACY_ID.fullmatch(normalize_id_number(id_text)):
        # A first-generation number (no longer valid since 2013): the villager is imported,
        # without it, and the row is flagged for the 18-digit one.
        notes.append(f"{LEGACY_ID_MESSAGE}（这一行没有导入身份证号码）")
        id_text = ""
    tags: list[str] = []
    unknown: list[str] = []
    if text.get("tags"):
        tags, words = split_categories(text["tags"], context.words)
        for word in words:
            if unicodedata.normalize("NFKC", word).strip().lower() in _NO:
                continue
            if word in context.custom_tags:
                tags.append(word)  # kept as the officer's own category
            else:
                unknown.append(word)
        if unknown:
            notes.append(
                f"人员类别“{'、'.join(unknown)}”不在类别表里，没有导入"
                "（可在导入前选择作为自定义类别保存，或导入后在村民详情中选择）"
            )
    for key, value in text.items():
        if key.startswith("tag:"):
            folded = unicodedata.normalize("NFKC", value).strip().lower()
            if folded in _YES:
                tags.append(key[4:])
            elif folded not in _NO:
                notes.append(
                    f"“{FIELD_LABELS[key]}”一栏的“{value}”看不明白（应为 是/否），没有导入"
                )

    grid_id: str | None = None
    grid_name = text.get("grid", "")
    if grid_name:
        grid_id = context.grids.get(normalize_header(grid_name))
        if grid_id is None:
            notes.append(f"网格“{grid_name}”不存在，没有设置网格（可先在“网格管理”中添加）")

    gender = _gender(text.get("gender", ""))
    if gender and id_text and not id_problem:
        try:
            sex: str = validate_id_number(id_text, today).sex
        except ValidationError:
            sex = gender  # the ID number's own error is reported below
        if gender in GENDERS and gender != sex:
            notes.append(
                f"性别一栏写的是“{gender}”，身份证号码显示为“{sex}”，已按身份证号码导入为“{sex}”"
            )
            gender = sex
    data = ContactInput(
        name=text.get("name", ""),
        gender=gender,
        phone=text.get("phone", ""),
        proxy_phone=text.get("proxy_phone", ""),
        proxy_relation=text.get("proxy_relation", ""),
        group_name=text.get("group_name", ""),
        grid_id=grid_id,
        address=text.get("address", ""),
        tags=tags,
        id_number="" if id_problem else id_text,
        note=text.get("note", ""),
    )
    values, problems = clean_contact(data, today)
    errors.extend(problem.message for problem in problems)
    if id_problem:
        errors.append(id_problem)
    for key, limit in _MAX_LENGTHS.items():
        if len(str(values[key])) > limit:
            errors.append(f"{FIELD_LABELS[key]}最多 {limit} 个字")

    if "birth_date" in raw and text["birth_date"]:
        born = _parse_date(raw["birth_date"])
        if born is None:
            errors.append(f"出生日期“{text['birth_date']}”不是日期，请写成 1950-03-02 这样的格式")
        elif born > today or born.year < 1900:
            errors.append(f"出生日期 {born.isoformat()} 不合理，请核对")
        elif not isinstance(values["birth_date"], dt.date):
            values["birth_date"] = born
        elif values["birth_date"] != born:
            from_id = values["birth_date"].isoformat()
            errors.append(f"出生日期 {born.isoformat()} 与身份证号码中的 {from_id} 不一致")

    present = {key for key in _UPDATABLE if values.get(key) not in (None, "", [])}
    return _Parsed(row.row_number, values, present, errors, notes, unknown)


def _blank(row: RosterRow, mapping: ColumnMapping) -> bool:
    """Nothing in the imported columns but values merged down from a row above (a separator
    row inside a merged 村民小组 cell is no villager)."""
    return all(
        i in row.inherited or cell_text(row.cells[i]) == "" for i in mapping if i < len(row.cells)
    )


_LEGACY_ID = re.compile(r"\d{15}")


# --- the report ----------------------------------------------------------------------------


class RowStatus(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    SKIPPED = "skipped"
    REJECTED = "rejected"


STATUS_LABELS: dict[RowStatus, str] = {
    RowStatus.IMPORTED: "已导入",
    RowStatus.UPDATED: "已更新",
    RowStatus.SKIPPED: "已跳过",
    RowStatus.REJECTED: "已拒绝",
}
# What a preview or a dry run says: nothing has been written yet.
PLANNED_LABELS: dict[RowStatus, str] = {
    RowStatus.IMPORTED: "可导入",
    RowStatus.UPDATED: "将更新",
    RowStatus.SKIPPED: "将跳过",
    RowStatus.REJECTED: "将拒绝",
}


@dataclass(frozen=True)
class RowResult:
    row_number: int
    status: RowStatus
    reason: str = ""
    name: str = ""
    # Imported, but with something the officer should look at (a category left out, the sex
    # taken from the ID number, an old 15-digit ID number): a problem row too.
    flagged: bool = False
    # A duplicate of another row or of a villager already in the book (not a problem).
    duplicate: bool = False

    @property
    def problem(self) -> bool:
        return self.status is RowStatus.REJECTED or self.flagged

    def line(self, *, planned: bool = False) -> str:
        """``第 5 行：已拒绝：身份证号码的校验位不对，请核对最后一位`` (``可导入`` and the like
        when ``planned``: a preview or dry run, nothing written)."""
        detail = self.reason or self.name
        label = (PLANNED_LABELS if planned else STATUS_LABELS)[self.status]
        return (
            f"第 {self.row_number} 行：{label}：{detail}"
            if detail
            else f"第 {self.row_number} 行：{label}"
        )


@dataclass
class ImportReport:
    file_name: str
    sheet_name: str
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False
    blank_rows: int = 0
    # Categories the vocabulary does not know, and in how many rows each (for the officer to
    # keep as custom tags, or not).
    unknown_categories: dict[str, int] = field(default_factory=dict)

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    @property
    def imported(self) -> int:
        return self.count(RowStatus.IMPORTED)

    @property
    def changes(self) -> Changes:
        """What the import changed: the contact book, if a row went in (none on a dry run)."""
        wrote = not self.dry_run and (self.imported or self.updated)
        return Changes(contacts=True) if wrote else Changes()

    @property
    def updated(self) -> int:
        return self.count(RowStatus.UPDATED)

    @property
    def skipped(self) -> int:
        return self.count(RowStatus.SKIPPED)

    @property
    def rejected(self) -> int:
        return self.count(RowStatus.REJECTED)

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.duplicate)

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows if row.flagged)

    def problem_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.problem]

    def summary(self) -> str:
        if self.dry_run:
            return self.totals()
        return (
            f"导入 {self.imported} 人，更新 {self.updated} 人，"
            f"跳过 {self.skipped} 人，拒绝 {self.rejected} 行"
        )

    def totals(self) -> str:
        """What importing would do, before anything is written: 可导入 / 有问题 / 重复 / 空行."""
        importable = self.imported + self.updated
        parts = [f"可导入 {importable} 人"]
        if self.updated:
            parts[0] += f"（其中更新 {self.updated} 人）"
        if self.flagged:
            parts.append(f"有提醒 {self.flagged} 人")
        parts.append(f"有问题 {self.rejected} 行")
        parts.append(f"重复 {self.duplicates} 行")
        parts.append(f"空行跳过 {self.blank_rows} 行")
        return "，".join(parts)

    def lines(self, *, problems_only: bool = False) -> list[str]:
        rows = self.problem_rows() if problems_only else self.rows
        return [row.line(planned=self.dry_run) for row in rows]

    def text(self) -> str:
        """The whole report as the officer saves it (保存报告): the problem rows first, then
        every row."""
        head = [f"村民花名册导入报告：{self.file_name}（工作表“{self.sheet_name}”）"]
        if self.dry_run:
            head.append("试运行：以下结果没有写入数据库。")
        head.append(self.summary())
        problems = self.lines(problems_only=True)
        body = ["", f"需要处理的行（{len(problems)} 行）：", *(problems or ["（没有）"])]
        body += ["", f"全部 {len(self.rows)} 行：", *self.lines()]
        return "\n".join([*head, *body]) + "\n"


# --- planning and importing ----------------------------------------------------------------

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass
class _Plan:
    report: ImportReport
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Contact, dict[str, Any]]] = field(default_factory=list)


def _dup_keys(values: Mapping[str, Any], *, stored: bool = False) -> list[tuple[str, ...]]:
    """The keys that make two rows one villager: the same ID number, or the same name and
    phone. A row with neither (many elderly villagers) falls back on name and address.
    ``stored`` rows (the database's) carry every key they have, to be found by either kind."""
    keys: list[tuple[str, ...]] = []
    if values.get("id_number"):
        keys.append(("id", str(values["id_number"])))
    if values.get("phone"):
        keys.append(("name+phone", str(values["name"]), str(values["phone"])))
    if values.get("address") and (stored or not keys):
        keys.append(("name+address", str(values["name"]), str(values["address"])))
    return keys


_DUP_WHY = {
    "id": "身份证号码相同",
    "name+phone": "姓名和电话相同",
    "name+address": "姓名和住址相同",
}


def _existing_keys(session: Session) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.phone, Contact.id_number, Contact.address).where(
            Contact.deleted_at.is_(None)
        )
    )
    for contact_id, name, phone, id_number, address in rows:
        values = {"id_number": id_number, "name": name, "phone": phone, "address": address}
        for key in _dup_keys(values, stored=True):
            found.setdefault(key, contact_id)
    return found


def grid_names(session: Session) -> dict[str, str]:
    """Normalised grid name → grid id, for matching the 网格 column."""
    rows = session.execute(select(Grid.id, Grid.name).where(Grid.deleted_at.is_(None)))
    return {normalize_header(name): grid_id for grid_id, name in rows}


def _plan(
    session: Session,
    sheet: RosterSheet,
    mapping: ColumnMapping,
    *,
    on_duplicate: OnDuplicate,
    today: dt.date,
    custom_tags: frozenset[str],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> _Plan:
    check_mapping(mapping)
    plan = _Plan(ImportReport(sheet.file_name, sheet.sheet_name))
    report = plan.report
    context = _Context(grid_names(session), vocabulary(session), custom_tags, today)
    existing = _existing_keys(session)
    seen: dict[tuple[str, ...], int] = {}
    total = len(sheet.rows)
    for done, row in enumerate(sheet.rows):
        _check(cancelled)
        if progress is not None and done % 50 == 0:
            progress(done, total, f"正在检查第 {row.row_number} 行…")
        if _blank(row, mapping):
            report.blank_rows += 1
            continue
        if row.banner:
            report.rows.append(
                RowResult(row.row_number, RowStatus.SKIPPED, "跨列合并的说明文字，不是村民")
            )
            continue
        parsed = _parse_row(row, mapping, context)
        for word in parsed.unknown_categories:
            report.unknown_categories[word] = report.unknown_categories.get(word, 0) + 1
        name = str(parsed.values["name"])
        if parsed.errors:
            report.rows.append(
                RowResult(row.row_number, RowStatus.REJECTED, "；".join(parsed.errors), name)
            )
            continue
        keys = _dup_keys(parsed.values)
        earlier = next(((k, seen[k]) for k in keys if k in seen), None)
        if earlier is not None:
            key, first = earlier
            report.rows.append(
                RowResult(
                    row.row_number,
                    RowStatus.SKIPPED,
                    f"与第 {first} 行重复（{_DUP_WHY[key[0]]}）",
                    name,
                    duplicate=True,
                )
            )
            continue
        for key in keys:
            seen.setdefault(key, row.row_number)
        notes = "；".join(parsed.warnings)
        flagged = bool(parsed.warnings)
        match = next(((k, existing[k]) for k in keys if k in existing), None)
        if match is None:
            plan.creates.append(parsed.values)
            report.rows.append(
                RowResult(row.row_number, RowStatus.IMPORTED, notes, name, flagged=flagged)
            )
            continue
        key, contact_id = match
        why = _DUP_WHY[key[0]]
        if on_duplicate == "skip":
            report.rows.append(
                RowResult(
                    row.row_number,
                    RowStatus.SKIPPED,
                    f"通讯录里已有此人（{why}）",
                    name,
                    duplicate=True,
                )
            )
            continue
        contact = session.get(Contact, contact_id)
        assert contact is not None
        changes = {
            k: parsed.values[k]
            for k in sorted(parsed.present)
            if getattr(contact, k) != parsed.values[k]
        }
        if not changes:
            report.rows.append(
                RowResult(
                    row.row_number,
                    RowStatus.SKIPPED,
                    f"通讯录里已有此人（{why}），内容相同",
                    name,
                    duplicate=True,
                )
            )
            continue
        plan.updates.append((contact, changes))
        changed = "、".join(FIELD_LABELS.get(k.removesuffix("_id"), k) for k in changes)
        reason = f"通讯录里已有此人（{why}）：{changed}"
        report.rows.append(
            RowResult(
                row.row_number,
                RowStatus.UPDATED,
                "；".join(filter(None, [reason, notes])),
                name,
                flagged=flagged,
            )
        )
    if progress is not None:
        progress(total, total, "检查完毕")
    return plan


def preview_roster(
    session: Session,
    sheet: RosterSheet,
    mapping: ColumnMapping,
    *,
    on_duplicate: OnDuplicate = "skip",
    today: dt.date,
    custom_tags: Iterable[str] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """What importing would do, row by row and in totals (nothing is written): a dry run."""
    report = _plan(
        session,
        sheet,
        mapping,
        on_duplicate=on_duplicate,
        today=today,
        custom_tags=frozenset(custom_tags),
        progress=progress,
        cancelled=cancelled,
    ).report
    report.dry_run = True
    return report


_WRITE_BATCH = 1000

NO_STATION_MESSAGE = (
    "这个数据文件夹还没有设置本站信息，暂时不能导入村民。请先打开联络员工作台窗口，"
    "在“设置本站”中填写站点名称和 12 位统计用区划代码；用脚本时可以运行 "
    "liaison station set --name 站点名称 --division-code 区划代码 --township 乡镇 --county 县"
)


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled()


def _station_id(session: Session) -> str:
    station = session.scalar(
        select(Station.id).where(Station.deleted_at.is_(None)).order_by(Station.created_at).limit(1)
    )
    if station is None:
        raise LiaisonError(NO_STATION_MESSAGE)
    return station


def import_roster(
    session: Session,
    sheet: RosterSheet,
    mapping: ColumnMapping,
    *,
    today: dt.date,
    on_duplicate: OnDuplicate = "skip",
    dry_run: bool = False,
    custom_tags: Iterable[str] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import ``sheet`` into ``session``'s transaction and return the per-row report.

    Every accepted row is written, or (on cancel or any error) an exception leaves the caller
    to roll the whole transaction back. ``dry_run`` checks everything, duplicates in the
    database included, and writes nothing. ``custom_tags``: categories not in the vocabulary
    the officer chose to keep as they are.
    """
    station_id = _station_id(session)
    plan = _plan(
        session,
        sheet,
        mapping,
        on_duplicate=on_duplicate,
        today=today,
        custom_tags=frozenset(custom_tags),
        progress=progress,
        cancelled=cancelled,
    )
    plan.report.dry_run = dry_run
    if dry_run:
        return plan.report
    writes = WritePath(session)
    total = len(plan.updates) + len(plan.creates)
    for done, (contact, changes) in enumerate(plan.updates):
        _check(cancelled)
        if progress is not None and done % 50 == 0:
            progress(done, total, "正在更新已有村民…")
        writes.update(contact, **changes)
    rows = [{**values, "station_id": station_id} for values in plan.creates]
    for start in range(0, len(rows), _WRITE_BATCH):
        # In batches, so a cancel is heard and the progress moves during a long import.
        _check(cancelled)
        if progress is not None:
            progress(len(plan.updates) + start, total, f"正在写入村民（{start} / {len(rows)}）…")
        writes.create_many(Contact, rows[start : start + _WRITE_BATCH])
    _check(cancelled)
    session.flush()
    if progress is not None:
        progress(total, total, "写入完成")
    return plan.report
