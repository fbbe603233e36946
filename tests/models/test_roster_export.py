"""Exporting the contact book: masked by default, complete only on request, written safely,
and readable again by the roster import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from roster_files import ID_LI, ID_ZHANG, contacts, new_database, write_xlsx

from desktop.models.db import Database
from desktop.models.errors import LiaisonError
from desktop.models.queries import ContactFilter
from desktop.models.roster_export import ExportCancelled, export_contacts
from desktop.models.roster_import import import_roster, read_roster

TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 9, 30)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "data")
    rows = [
        [
            "姓名",
            "性别",
            "身份证号码",
            "联系电话",
            "代联系人电话",
            "村民小组",
            "网格",
            "住址",
            "人员类别",
            "备注",
        ],
        [
            "张建国",
            "男",
            ID_ZHANG,
            "13812345678",
            None,
            "一组",
            "一网格",
            "红旗村1号",
            "留守老人",
            "腿脚不便",
        ],
        [
            "李秀兰",
            "女",
            ID_LI,
            "0431-84561234",
            "13912345678",
            "二组",
            None,
            "红旗村2号",
            "低保户",
            None,
        ],
        ["王浩然", "男", None, None, None, "二组", None, "红旗村3号", None, None],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "in.xlsx", rows))
    with database.writing() as session:
        import_roster(session, sheet, sheet.suggested, today=TODAY)
    yield database
    database.close()


def _cells(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_default_export_masks_numbers_and_leaves_out_sensitive_data(
    tmp_path: Path, db: Database
) -> None:
    target = tmp_path / "通讯录.xlsx"

    with db.reading() as session:
        result = export_contacts(session, target, now=NOW)

    assert result.count == 3 and not result.full
    rows = _cells(target)
    assert rows[0][0] == "红旗村新时代文明实践站村民通讯录"
    assert "已隐去部分数字" in str(rows[1][0]) and "共 3 人" in str(rows[1][0])
    header = rows[2]
    assert header == [
        "序号",
        "姓名",
        "性别",
        "联系电话",
        "代联系人电话",
        "与代联系人关系",
        "村民小组",
        "网格",
        "住址",
        "身份证号码",
    ]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    assert by_name["张建国"]["联系电话"] == "138****5678"
    assert by_name["张建国"]["身份证号码"] == "*" * 14 + ID_ZHANG[-4:]
    assert by_name["张建国"]["网格"] == "一网格"
    assert by_name["李秀兰"]["联系电话"] == "0431-****1234"
    assert by_name["李秀兰"]["代联系人电话"] == "139****5678"
    text = repr(rows)
    for secret in ("13812345678", ID_ZHANG, "留守老人", "低保户", "腿脚不便", "1950"):
        assert secret not in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_full_export_on_request_round_trips_through_the_import(
    tmp_path: Path, db: Database
) -> None:
    target = tmp_path / "完整.xlsx"
    with db.reading() as session:
        export_contacts(session, target, ContactFilter(group_name="二组"), full=True, now=NOW)

    rows = _cells(target)
    assert "敏感信息" in str(rows[1][0])
    assert rows[2][-3:] == ["出生日期", "人员类别", "备注"]
    assert {row[1] for row in rows[3:]} == {"李秀兰", "王浩然"}
    li = next(row for row in rows[3:] if row[1] == "李秀兰")
    assert li[3] == "0431-84561234" and li[9] == ID_LI and li[11] == "低保户"

    # The export is a roster the import reads back: everyone is already there.
    sheet = read_roster(target)
    assert sheet.header_row == 3
    with db.writing() as session:
        report = import_roster(session, sheet, sheet.suggested, today=TODAY)
    assert report.summary() == "导入 0 人，更新 0 人，跳过 2 人，拒绝 0 行"
    assert len(contacts(db)) == 3


def test_export_replaces_a_file_only_when_complete(tmp_path: Path, db: Database) -> None:
    target = tmp_path / "通讯录.xlsx"
    target.write_bytes(b"old export")

    with pytest.raises(ExportCancelled), db.reading() as session:
        export_contacts(session, target, now=NOW, cancelled=lambda: True)
    assert target.read_bytes() == b"old export"

    folder = tmp_path / "只读"
    folder.mkdir()
    (folder / "通讯录.xlsx").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(LiaisonError, match="无法保存"), db.reading() as session:
        export_contacts(session, folder / "通讯录.xlsx", now=NOW)
    assert [p.name for p in folder.iterdir()] == ["通讯录.xlsx"]
