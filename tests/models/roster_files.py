"""Rosters as villages send them, made fresh by each test (no binary fixtures in the repo):
.xlsx with a merged title, .xls as WPS saves it, CSV in UTF-8 or GBK, an encrypted workbook,
and a workbench database with a station to import into."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from stdnum.cn.ric import calc_check_digit

from desktop.models.db import Database, open_database
from desktop.models.entities import Contact, Grid, OutboxOp, Station
from desktop.models.writes import WritePath

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "村民小组",
    "家庭住址",
    "人员类别",
    "出生日期",
    "备注",
]


def make_id(first17: str) -> str:
    """A valid 18-digit ID number from its first 17 digits."""
    return first17 + calc_check_digit(first17 + "0")


ID_ZHANG = make_id("22010219500302001")  # 男, born 1950-03-02
ID_LI = make_id("22010219620715002")  # 女
ID_WANG = make_id("22010219881109003")  # 男
ID_ZHAO = make_id("22010219450101004")  # 女


def wrong_check_digit(valid: str) -> str:
    last = valid[-1]
    return valid[:-1] + ("1" if last != "1" else "2")


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    sheet_title: str = "花名册",
    text_columns: Sequence[int] = (),
) -> Path:
    """An .xlsx whose first sheet holds ``rows`` from A1; ``merges`` like ``"A1:J1"``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if c - 1 in text_columns:
                cell.number_format = "@"
    for span in merges:
        sheet.merge_cells(span)
    book.save(path)
    return path


def write_xls(
    path: Path, rows: Sequence[Sequence[Any]], *, merges: Sequence[tuple[int, int, int, int]] = ()
) -> Path:
    """An old-format .xls (BIFF8, as WPS saves by default); ``merges`` are inclusive
    (first row, last row, first column, last column), 0-based."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    merged_cells = {(r1, c1) for r1, _r2, c1, _c2 in merges}
    for r1, r2, c1, c2 in merges:
        sheet.write_merge(r1, r2, c1, c2, rows[r1][c1])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in merged_cells or _inside(merges, r, c):
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def _inside(merges: Sequence[tuple[int, int, int, int]], r: int, c: int) -> bool:
    return any(r1 <= r <= r2 and c1 <= c <= c2 for r1, r2, c1, c2 in merges)


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str) -> Path:
    lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_encrypted_xlsx(path: Path) -> Path:
    """What Excel/WPS write for a workbook with an open password: an OLE2 compound file holding
    ``EncryptionInfo`` and ``EncryptedPackage`` streams (the content here is random filler;
    only the container matters to the importer)."""
    sector = 512
    end_of_chain, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream_sectors = 4096 // sector  # streams of 4096 bytes live in normal sectors
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 0x3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)

    fat = [fat_sector, end_of_chain]
    starts = []
    for _stream in range(2):
        first = len(fat)
        starts.append(first)
        fat.extend(range(first + 1, first + stream_sectors))
        fat.append(end_of_chain)
    fat.extend([free] * (sector // 4 - len(fat)))

    def entry(
        name: str, kind: int, left: int, right: int, child: int, start: int, size: int
    ) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, left, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = b"".join(
        [
            entry("Root Entry", 5, no_stream, no_stream, 1, end_of_chain, 0),
            entry("EncryptionInfo", 2, no_stream, 2, no_stream, starts[0], 4096),
            entry("EncryptedPackage", 2, no_stream, no_stream, no_stream, starts[1], 4096),
            bytes(128),
        ]
    )
    body = struct.pack(f"<{sector // 4}I", *fat) + directory + bytes(range(256)) * 32
    path.write_bytes(bytes(header) + body)
    return path


# --- the database --------------------------------------------------------------------------


def new_database(folder: Path, *, grids: Sequence[str] = ("一网格", "二网格")) -> Database:
    db = open_database(folder / "workbench.db")
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(
            Station(name="红旗村新时代文明实践站", division_code="220102001001")
        )
        session.flush()
        for order, name in enumerate(grids):
            writes.create(Grid(station_id=station.id, name=name, sort_order=order))
    return db


def station_id(db: Database) -> str:
    with db.reading() as session:
        found = session.scalar(select(Station.id))
        assert found is not None
        return found


def contacts(db: Database) -> dict[str, Contact]:
    """Live contacts by name (detached, readable after the session)."""
    with db.reading() as session:
        found = session.scalars(select(Contact).where(Contact.deleted_at.is_(None))).all()
        return {c.name: c for c in found}


def outbox_count(db: Database, entity: str = "contact") -> int:
    with db.reading() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == entity)
            )
            or 0
        )


# The priority groups a county roster names, in rotation, and other words they use.
_COUNTY_CATEGORIES = (
    "", "留守老人", "", "脱贫户", "独居老人", "", "退役军人", "低保户", "", "空巢老人",
    "防返贫监测对象", "", "残疾人", "留守儿童", "", "军烈属", "特困人员", "重病患者", "", "困境儿童",
)  # fmt: skip
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "秀英桂兰德福长林玉梅淑珍建国志强丽华春燕海军明亮文静永刚"


def county_roster(path: Path, villagers: int = 300) -> tuple[Path, dict[str, int]]:
    """A roster as a county hands it out: a merged title, a date line, the header, and the
    villagers of each 村民小组 under one 村民小组 cell merged down over them, with a blank
    separator row inside each merge; eight rows carry the mistakes rosters really have.
    Returns the file and the spreadsheet rows of those mistakes (by kind)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    headers = ["序号", "村民小组", "姓名", "性别", "身份证号码", "联系电话", "家庭住址", "人员类别"]
    sheet.append(["红旗村村民花名册（2026年）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(["填报单位：红旗村村民委员会", None, None, None, None, None, "填报日期：2026年2月20日"])
    sheet.append(headers)
    mistakes: dict[str, int] = {}
    groups = 10
    per_group = villagers // groups
    number = 0
    for group in range(groups):
        first = sheet.max_row + 1
        for member in range(per_group):
            number += 1
            # Unique for up to 784 villagers: the two given characters count in base 28.
            name = _SURNAMES[number % len(_SURNAMES)] + _GIVEN[number % len(_GIVEN)]
            name += _GIVEN[(number // len(_GIVEN)) % len(_GIVEN)]
            born = f"19{40 + number % 50:02d}{1 + number % 12:02d}{1 + number % 28:02d}"
            id_number = make_id(f"220102{born}{number % 1000:03d}")
            sex = "男" if int(id_number[16]) % 2 else "女"
            phone = f"139{number:08d}"
            category = _COUNTY_CATEGORIES[number % len(_COUNTY_CATEGORIES)]
            row: list[object] = [
                number, f"第{group + 1}组", name, sex, id_number, phone, f"红旗村{group + 1}组{member + 1}号", category,
            ]  # fmt: skip
            kind = {
                7: "bad_check_digit",
                23: "short_phone",
                41: "name_with_id",
                77: "sex_mismatch",
                102: "legacy_id",
                150: "unknown_category",
                211: "future_birth",
                260: "empty_name",
            }.get(number)
            if kind == "bad_check_digit":
                row[4] = wrong_check_digit(id_number)
            elif kind == "short_phone":
                row[5] = "1390431"
            elif kind == "name_with_id":
                row[2] = f"{name}{id_number}"
            elif kind == "sex_mismatch":
                row[3] = "女" if sex == "男" else "男"
            elif kind == "legacy_id":
                row[4] = f"220102{born[2:]}{number % 1000:03d}"
            elif kind == "unknown_category":
                row[7] = "种植大户"
            elif kind == "future_birth":
                row[4] = make_id(f"2201022099{born[4:]}{number % 1000:03d}")
            elif kind == "empty_name":
                row[2] = None
            sheet.append(row)
            if kind:
                mistakes[kind] = sheet.max_row
            if member == per_group // 2:
                sheet.append([None] * len(headers))  # a separator row inside the group
        last = sheet.max_row
        sheet.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    for row in sheet.iter_rows(min_row=4):
        row[4].number_format = "@"
        row[5].number_format = "@"
    book.save(path)
    return path, mistakes
