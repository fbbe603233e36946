"""Importing village rosters: the files villages really send (merged titles, two header rows,
.xls from WPS, GBK CSV), row-by-row reasons with Excel's row numbers, duplicates, and the
promise that an import writes all accepted rows or nothing."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from roster_files import (
    HEADERS,
    ID_LI,
    ID_WANG,
    ID_ZHANG,
    ID_ZHAO,
    contacts,
    county_roster,
    new_database,
    outbox_count,
    write_csv,
    write_encrypted_xlsx,
    write_xls,
    write_xlsx,
    wrong_check_digit,
)
from sqlalchemy import select

from desktop.models.db import Database
from desktop.models.entities import OutboxOp
from desktop.models.errors import StorageError
from desktop.models.roster_export import write_problem_rows
from desktop.models.roster_import import (
    PASSWORD_MESSAGE,
    ImportCancelled,
    ImportReport,
    RosterFileError,
    RosterSheet,
    RowStatus,
    cell_text,
    import_roster,
    preview_roster,
    read_roster,
)

TODAY = dt.date(2026, 3, 1)
TITLE = "红旗村村民花名册"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "data")
    yield database
    database.close()


def run_import(db: Database, sheet: RosterSheet, **options: object) -> ImportReport:
    with db.writing() as session:
        return import_roster(session, sheet, sheet.suggested, today=TODAY, **options)  # type: ignore[arg-type]


def lines_by_row(report: ImportReport) -> dict[int, str]:
    return {row.row_number: row.line() for row in report.rows}


def titled(rows: list[list[object]]) -> list[list[object]]:
    """A title merged across the columns, a date row, then the header on row 3."""
    return [
        [TITLE],
        ["填报日期：2026年2月20日", None, None, None, None, None, None, "单位：人"],
        HEADERS,
        *rows,
    ]


def test_xlsx_with_merged_title_and_bad_rows(tmp_path: Path, db: Database) -> None:
    rows = titled(
        [
            [
                1,
                "张建国",
                "男",
                ID_ZHANG,
                "138 1234 5678",
                "一组",
                "红旗村1号",
                "留守老人",
                None,
                "老党员",
            ],
            [
                2,
                "李秀兰",
                "女",
                ID_LI,
                "１３９１２３４５６７８",
                "二组",
                "红旗村2号",
                "低保户、残疾人",
                None,
                None,
            ],
            [3, "王浩然", "男", ID_WANG[:17], "137-0000-1111", "三组", None, None, None, None],
            [4, "赵淑珍", "女", wrong_check_digit(ID_ZHAO), None, "一组", None, None, None, None],
            [5, "刘长福", None, None, "13600001111", "二组", None, None, "七十多岁", None],
            [
                6,
                "张建国",
                "男",
                ID_ZHANG,
                "13812345678",
                "一组",
                "红旗村1号",
                None,
                None,
                "重复录入",
            ],
            [7, None, None, None, None, None, None, None, None, None],
            [
                8,
                "陈桂芝",
                "女",
                "220102450315002",
                "0431-84561234",
                "三组",
                None,
                "独居老人，五保",
                dt.datetime(1945, 3, 15),
                None,
            ],
            [9, "孙玉梅", "女", None, "13700002222", "一组", None, "贫困户", "1956年4月", None],
            ["填表人：王会计    审核人：李书记"],
        ]
    )
    path = write_xlsx(tmp_path / "花名册.xlsx", rows, merges=["A1:J1", "A13:J13"])

    sheet = read_roster(path)

    assert sheet.header_row == 3
    assert [sheet.headers[i] for i in sorted(sheet.suggested)] == HEADERS[1:]
    report = run_import(db, sheet)
    lines = lines_by_row(report)
    assert lines[4] == "第 4 行：已导入：张建国"
    assert lines[5] == "第 5 行：已导入：李秀兰"
    assert lines[6] == "第 6 行：已拒绝：身份证号码只有 17 位，需要 18 位，请检查是否漏了最后一位"
    assert lines[7] == "第 7 行：已拒绝：身份证号码的校验位不对，请核对最后一位"
    assert lines[8].startswith("第 8 行：已拒绝：出生日期“七十多岁”不是日期")
    assert lines[9] == "第 9 行：已跳过：与第 4 行重复（身份证号码相同）"
    assert 10 not in lines  # only the pre-filled 序号: not a row at all
    # An old 15-digit number: imported without it, flagged.
    assert lines[11] == "第 11 行：已导入：15 位旧身份证号，请换成 18 位（这一行没有导入身份证号码）"
    assert "“五保”" not in lines[11]  # 五保 is a known alias of 特困人员
    assert lines[12] == (
        "第 12 行：已导入：人员类别“贫困户”不在类别表里，没有导入"
        "（可在导入前选择作为自定义类别保存，或导入后在村民详情中选择）"
    )
    assert lines[13] == "第 13 行：已跳过：跨列合并的说明文字，不是村民"
    assert report.summary() == "导入 4 人，更新 0 人，跳过 2 人，拒绝 3 行"
    assert report.unknown_categories == {"贫困户": 1}
    assert [r.row_number for r in report.problem_rows()] == [6, 7, 8, 11, 12]

    saved = contacts(db)
    assert sorted(saved) == ["孙玉梅", "张建国", "李秀兰", "陈桂芝"]
    assert saved["张建国"].phone == "13812345678"
    assert saved["张建国"].tags == ["LEFT_BEHIND_ELDERLY"]
    assert saved["张建国"].birth_date == dt.date(1950, 3, 2)
    assert saved["张建国"].pinyin_initials == "zjg"
    assert saved["李秀兰"].phone == "13912345678"  # full-width digits normalised
    assert saved["李秀兰"].tags == ["DIBAO_HOUSEHOLD", "PERSON_WITH_DISABILITY"]
    assert saved["陈桂芝"].id_number is None  # the old number is not kept; the row is flagged
    assert saved["陈桂芝"].birth_date == dt.date(1945, 3, 15)  # from its 出生日期 column
    assert saved["陈桂芝"].phone == "0431-84561234"
    assert saved["陈桂芝"].tags == ["ELDERLY_LIVING_ALONE", "EXTREME_POVERTY_SUPPORTED"]
    assert saved["孙玉梅"].birth_date == dt.date(1956, 4, 1)
    assert all(c.consent_sensitive is False for c in saved.values())
    assert outbox_count(db) == 4


def test_two_header_rows_and_merged_header_cells(tmp_path: Path, db: Database) -> None:
    rows = [
        [TITLE],
        ["姓名", "所属网格", "联系方式", None, "家庭住址"],
        [None, None, "本人", "家属", None],
        ["王海峰", "一网格", "13512345678", "13612345678", "红旗村东头"],
        ["周秀英", "三网格", None, "13712345678", "红旗村西头"],
    ]
    path = write_xlsx(
        tmp_path / "两行表头.xlsx", rows, merges=["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"]
    )

    sheet = read_roster(path)

    assert sheet.header_row == 3
    assert sheet.suggested == {0: "name", 1: "grid", 2: "phone", 3: "proxy_phone", 4: "address"}
    report = run_import(db, sheet)
    assert (
        lines_by_row(report)[5]
        == "第 5 行：已导入：网格“三网格”不存在，没有设置网格（可先在“网格管理”中添加）"
    )
    saved = contacts(db)
    assert saved["王海峰"].phone == "13512345678"
    assert saved["王海峰"].proxy_phone == "13612345678"
    assert saved["王海峰"].grid_id is not None
    assert saved["周秀英"].grid_id is None


def test_household_address_merged_down_the_rows(tmp_path: Path, db: Database) -> None:
    rows = [
        ["姓名", "与户主关系", "住址"],
        ["张海", "户主", "红旗村三组12号"],
        ["刘芳", "妻子", None],
        ["张小宇", "儿子", None],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "户.xlsx", rows, merges=["C2:C4"]))

    assert sheet.suggested == {0: "name", 2: "address"}  # 与户主关系 is not the proxy relation
    run_import(db, sheet)
    assert {c.address for c in contacts(db).values()} == {"红旗村三组12号"}


def test_xls_as_wps_saves_it(tmp_path: Path, db: Database) -> None:
    rows = [
        [TITLE, None, None, None, None],
        ["姓名", "性别", "手机号", "组别", "出生日期"],
        ["张建国", "男", "13812345678", "一组", dt.date(1950, 3, 2)],
        ["李秀兰", "女", 13912345678, "二组", "不详"],
        ["王浩然", "男", "137 0000 1111", "三组", None],
    ]
    path = write_xls(tmp_path / "花名册.xls", rows, merges=[(0, 0, 0, 4)])

    sheet = read_roster(path)

    assert sheet.header_row == 2
    report = run_import(db, sheet)
    assert report.lines() == [
        "第 3 行：已导入：张建国",
        "第 4 行：已拒绝：出生日期“不详”不是日期，请写成 1950-03-02 这样的格式",
        "第 5 行：已导入：王浩然",
    ]
    saved = contacts(db)
    assert saved["张建国"].birth_date == dt.date(1950, 3, 2)
    assert saved["王浩然"].phone == "13700001111"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(
    tmp_path: Path, db: Database, encoding: str
) -> None:
    rows = [
        ["红旗村村民花名册"],
        ["姓名", "电话", "小组", "地址", "重点人群"],
        ["张建国", "138-1234-5678", "一组", "红旗村1号", "留守老人"],
        ["欧阳娜娜", "13912345678", "二组", "红旗村2号", ""],
    ]
    path = write_csv(tmp_path / "花名册.csv", rows, encoding)

    report = run_import(db, read_roster(path))

    assert report.summary() == "导入 2 人，更新 0 人，跳过 0 人，拒绝 0 行"
    saved = contacts(db)
    assert saved["欧阳娜娜"].address == "红旗村2号"
    assert saved["张建国"].phone == "13812345678"
    assert saved["张建国"].tags == ["LEFT_BEHIND_ELDERLY"]


def test_id_number_that_excel_stored_as_a_number_is_rejected(tmp_path: Path, db: Database) -> None:
    rows = [
        ["姓名", "身份证号码"],
        ["张建国", float(ID_ZHANG)],  # what Excel keeps: 15 significant digits
    ]
    report = run_import(db, read_roster(write_xlsx(tmp_path / "数字.xlsx", rows)))

    assert report.rows[0].status is RowStatus.REJECTED
    assert "被存成了数字" in report.rows[0].reason
    assert contacts(db) == {}


# --- files that cannot be used ---------------------------------------------------------------


def test_a_file_without_a_name_column_is_not_a_roster(tmp_path: Path) -> None:
    rows = [["物品清单"], ["物品", "数量", "单价"], ["扫帚", 10, 5.5]]

    with pytest.raises(RosterFileError, match="没有找到“姓名”列"):
        read_roster(write_xlsx(tmp_path / "物品.xlsx", rows))


def test_an_empty_sheet(tmp_path: Path) -> None:
    with pytest.raises(RosterFileError, match="表格是空的"):
        read_roster(write_xlsx(tmp_path / "空.xlsx", []))
    empty_csv = tmp_path / "空.csv"
    empty_csv.write_bytes(b"")
    with pytest.raises(RosterFileError, match="空的"):
        read_roster(empty_csv)


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    with pytest.raises(RosterFileError) as caught:
        read_roster(write_encrypted_xlsx(tmp_path / "加密.xlsx"))
    assert caught.value.message == PASSWORD_MESSAGE


@pytest.mark.parametrize("name", ["坏.xlsx", "坏.xls"])
def test_a_corrupt_file(tmp_path: Path, name: str) -> None:
    good = write_xlsx(tmp_path / "好.xlsx", [["姓名"], ["张三"]]).read_bytes()
    if name.endswith(".xls"):
        good = write_xls(tmp_path / "好.xls", [["姓名"], ["张三"]]).read_bytes()
    bad = tmp_path / name
    bad.write_bytes(good[: len(good) // 3])

    with pytest.raises(RosterFileError, match="已损坏"):
        read_roster(bad)


def test_other_files_get_a_plain_reason(tmp_path: Path) -> None:
    docx = tmp_path / "通知.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(RosterFileError, match="已损坏或不是有效的 Excel"):
        read_roster(docx)
    html = tmp_path / "导出.xls"
    html.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(RosterFileError, match="网页"):
        read_roster(html)
    with pytest.raises(RosterFileError, match="找不到文件"):
        read_roster(tmp_path / "没有这个文件.xlsx")


# --- duplicates against the database -----------------------------------------------------------


def _roster(tmp_path: Path, rows: list[list[object]]) -> RosterSheet:
    return read_roster(
        write_xlsx(tmp_path / f"r{len(list(tmp_path.iterdir()))}.xlsx", [HEADERS, *rows])
    )


def test_duplicates_in_the_database_skipped_or_updated(tmp_path: Path, db: Database) -> None:
    run_import(
        db,
        _roster(
            tmp_path,
            [[1, "张建国", "男", ID_ZHANG, "13812345678", "一组", "旧地址", None, None, None]],
        ),
    )
    assert outbox_count(db) == 1
    again = _roster(
        tmp_path,
        [
            [1, "张建国", None, ID_ZHANG, None, None, "红旗村新1号", "留守老人", None, None],
            [2, "李秀兰", "女", None, "13912345678", "二组", None, None, None, None],
        ],
    )
    run_import(
        db,
        _roster(
            tmp_path, [[1, "李秀兰", "女", None, "13912345678", "二组", None, None, None, None]]
        ),
    )

    skipped = run_import(db, again, on_duplicate="skip")
    assert skipped.lines() == [
        "第 2 行：已跳过：通讯录里已有此人（身份证号码相同）",
        "第 3 行：已跳过：通讯录里已有此人（姓名和电话相同）",
    ]
    assert contacts(db)["张建国"].address == "旧地址"
    assert outbox_count(db) == 2

    updated = run_import(db, again, on_duplicate="update")
    assert updated.lines() == [
        "第 2 行：已更新：通讯录里已有此人（身份证号码相同）：住址、人员类别",
        "第 3 行：已跳过：通讯录里已有此人（姓名和电话相同），内容相同",
    ]
    saved = contacts(db)["张建国"]
    assert saved.address == "红旗村新1号"
    assert saved.phone == "13812345678"  # an empty cell never erases what is stored
    assert saved.group_name == "一组"
    with db.reading() as session:
        op = session.scalars(select(OutboxOp).where(OutboxOp.op == "update")).one()
    assert op.record_id == saved.id
    assert op.fields == {"address": "红旗村新1号", "tags": ["LEFT_BEHIND_ELDERLY"]}


_HAN = "零一二三四五六七八九"  # names have no digits


def test_dry_run_and_preview_write_nothing(tmp_path: Path, db: Database) -> None:
    sheet = _roster(
        tmp_path,
        [
            [i, f"村民{_HAN[i // 10]}{_HAN[i % 10]}", None, None, f"1381234{i:04d}", "一组"]
            + [None] * 4
            for i in range(30)
        ],
    )

    report = run_import(db, sheet, dry_run=True)
    with db.reading() as session:
        preview = preview_roster(session, sheet, sheet.suggested, today=TODAY)

    # Nothing was written: the rows say what would happen, never 已导入.
    assert report.summary() == "可导入 30 人，有问题 0 行，重复 0 行，空行跳过 0 行"
    assert report.dry_run and "试运行" in report.text()
    assert report.lines()[0] == "第 2 行：可导入：村民零零"
    assert preview.totals() == report.totals()
    assert len(preview.rows) == 30 and preview.rows[0].line(planned=True) == "第 2 行：可导入：村民零零"
    assert contacts(db) == {} and outbox_count(db) == 0


# --- all or nothing ------------------------------------------------------------------------------


def _big_roster(tmp_path: Path, count: int) -> RosterSheet:
    rows = [
        [
            i,
            "村民" + "".join(_HAN[int(d)] for d in f"{i:04d}"),
            None,
            None,
            f"139{i:08d}",
            "一组",
            "红旗村" * 20,
            None,
            None,
            "备注" * 100,
        ]
        for i in range(count)
    ]
    return _roster(tmp_path, rows)


def test_a_full_disk_imports_nothing(tmp_path: Path, db: Database) -> None:
    sheet = _big_roster(tmp_path, 300)

    with pytest.raises(StorageError, match="磁盘空间已满"), db.writing() as session:
        # The file may not grow: the pages the import needs are "disk full" half-way through.
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
        session.connection().exec_driver_sql(f"PRAGMA max_page_count = {int(pages or 0) + 5}")
        import_roster(session, sheet, sheet.suggested, today=TODAY)

    assert contacts(db) == {}
    assert outbox_count(db) == 0


def test_cancel_rolls_everything_back(tmp_path: Path, db: Database) -> None:
    run_import(
        db,
        _roster(
            tmp_path, [[1, "张建国", "男", ID_ZHANG, None, "一组", "旧地址", None, None, None]]
        ),
    )
    sheet = _roster(
        tmp_path,
        [[1, "张建国", "男", ID_ZHANG, None, "一组", "新地址", None, None, None]]
        + [
            [i, f"村民{i:04d}", None, None, f"139{i:08d}", None, None, None, None, None]
            for i in range(200)
        ],
    )
    labels: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        labels.append(label)

    def cancelled() -> bool:
        # Pressed once the first update is in the session, before the new villagers go in.
        return "正在更新已有村民…" in labels

    with pytest.raises(ImportCancelled) as caught, db.writing() as session:
        import_roster(
            session,
            sheet,
            sheet.suggested,
            today=TODAY,
            on_duplicate="update",
            progress=progress,
            cancelled=cancelled,
        )

    assert caught.value.message == "导入已取消，没有导入任何村民。"
    assert sorted(contacts(db)) == ["张建国"]
    assert contacts(db)["张建国"].address == "旧地址"
    assert outbox_count(db) == 1


def test_mapping_needs_a_name_column(tmp_path: Path, db: Database) -> None:
    sheet = _roster(tmp_path, [[1, "张建国", None, None, None, None, None, None, None, None]])
    mapping = {k: v for k, v in sheet.suggested.items() if v != "name"}

    with pytest.raises(RosterFileError, match="请为“姓名”选择"), db.writing() as session:
        import_roster(session, sheet, mapping, today=TODAY)
    with pytest.raises(RosterFileError, match="不止一列"), db.writing() as session:
        import_roster(session, sheet, {**sheet.suggested, 6: "phone"}, today=TODAY)


def test_corrected_mapping_and_yes_no_columns(tmp_path: Path, db: Database) -> None:
    rows = [
        ["姓名", "电话号", "低保户", "是否残疾人"],
        ["张建国", "13812345678", "√", "否"],
        ["李秀兰", "13912345678", "", "是"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "勾选.xlsx", rows))
    assert sheet.suggested == {0: "name", 2: "tag:DIBAO_HOUSEHOLD", 3: "tag:PERSON_WITH_DISABILITY"}

    # "电话号" is not recognised; the officer maps it by hand.
    with db.writing() as session:
        import_roster(session, sheet, {**sheet.suggested, 1: "phone"}, today=TODAY)

    saved = contacts(db)
    assert saved["张建国"].tags == ["DIBAO_HOUSEHOLD"] and saved["张建国"].phone == "13812345678"
    assert saved["李秀兰"].tags == ["PERSON_WITH_DISABILITY"]


def test_cancel_between_write_batches_rolls_back_the_written_ones(
    tmp_path: Path, db: Database
) -> None:
    sheet = _big_roster(tmp_path, 1500)
    labels: list[str] = []

    with pytest.raises(ImportCancelled), db.writing() as session:
        import_roster(
            session,
            sheet,
            sheet.suggested,
            today=TODAY,
            progress=lambda _d, _t, label: labels.append(label),
            # Pressed once the first 1,000 villagers are written into the transaction.
            cancelled=lambda: any(label.startswith("正在写入村民（1000") for label in labels),
        )

    assert "正在写入村民（0 / 1500）…" in labels
    assert contacts(db) == {} and outbox_count(db) == 0


def test_a_county_roster_of_300_villagers(tmp_path: Path, db: Database) -> None:
    """Merged title and 村民小组 cells, blank separator rows inside the merges, the county's
    categories, and eight real mistakes: the totals before importing, the eight rows at the
    top of the report, and nothing else called a problem."""
    path, mistakes = county_roster(tmp_path / "县里的花名册.xlsx")
    sheet = read_roster(path)
    assert sheet.header_row == 3
    with db.reading() as session:
        preview = preview_roster(session, sheet, sheet.suggested, today=TODAY)
    # The separator rows hold only the 村民小组 merged down from above: blank, not errors.
    assert preview.blank_rows == 10
    assert preview.totals() == "可导入 295 人，有提醒 3 人，有问题 5 行，重复 0 行，空行跳过 10 行"
    assert preview.unknown_categories == {"种植大户": 1}
    problems = {row.row_number: row for row in preview.problem_rows()}
    assert sorted(problems) == sorted(mistakes.values())
    lines = {row: problems[row].line(planned=True) for row in problems}
    assert lines[mistakes["bad_check_digit"]].endswith("身份证号码的校验位不对，请核对最后一位")
    assert "将拒绝" in lines[mistakes["short_phone"]]
    assert lines[mistakes["name_with_id"]].endswith(
        "姓名里夹着身份证号码，请只填姓名，号码请填在“身份证号码”一栏"
    )
    assert "已按身份证号码导入为" in lines[mistakes["sex_mismatch"]]
    assert "可导入" in lines[mistakes["sex_mismatch"]]
    assert "15 位旧身份证号，请换成 18 位" in lines[mistakes["legacy_id"]]
    assert "种植大户" in lines[mistakes["unknown_category"]]
    assert "出生日期晚于今天" in lines[mistakes["future_birth"]]
    assert lines[mistakes["empty_name"]].endswith("请填写村民姓名")

    # The officer keeps 种植大户 as a custom category and imports.
    report = run_import(db, sheet, custom_tags=["种植大户"])
    assert report.summary() == "导入 295 人，更新 0 人，跳过 0 人，拒绝 5 行"
    assert len(report.problem_rows()) == 7  # the custom category is no longer a reminder
    saved = contacts(db)
    assert len(saved) == 295
    tags = {tag for c in saved.values() for tag in c.tags}
    assert {"POVERTY_ALLEVIATED", "VETERAN", "MILITARY_FAMILY", "RELAPSE_MONITORED"} <= tags
    assert "SERIOUSLY_ILL" in tags and "种植大户" in tags
    by_row = {r.row_number: r.name for r in report.rows}
    mismatch = saved[by_row[mistakes["sex_mismatch"]]]
    assert mismatch.gender == ("男" if int(mismatch.id_number[16]) % 2 else "女")
    assert saved[by_row[mistakes["legacy_id"]]].id_number is None
    grouped = [c.group_name for c in saved.values()]
    assert grouped.count("第1组") == 28  # 30 villagers, two refused (villagers 7 and 23)


def test_the_rows_to_correct_as_a_workbook_that_imports_again(
    tmp_path: Path, db: Database
) -> None:
    path, mistakes = county_roster(tmp_path / "县里的花名册.xlsx")
    sheet = read_roster(path)
    report = run_import(db, sheet)
    out = tmp_path / "需要修改的行.xlsx"
    assert write_problem_rows(sheet, report, out) == len(mistakes)
    again = read_roster(out)
    assert again.headers[-2:] == ("原行号", "导入问题")
    assert [cell_text(r.cells[-2]) for r in again.rows] == [
        str(n) for n in sorted(mistakes.values())
    ]
    # Corrected in WPS and imported: the columns are found again, the notes are not imported.
    assert "导入问题" not in [again.headers[i] for i in again.suggested]
    assert all(r.cells[4] is None or isinstance(r.cells[4], str) for r in again.rows)


def test_a_blank_row_is_not_a_problem_even_inside_a_merged_cell(
    tmp_path: Path, db: Database
) -> None:
    rows = [
        HEADERS,
        [1, "张建国", None, None, "13812345678", "一组", None, None, None, None],
        [None, None, None, None, None, None, None, None, None, None],
        [2, "李秀兰", None, None, "13912345678", None, None, None, None, None],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "r.xlsx", rows, merges=["F2:F4"]))
    report = run_import(db, sheet)
    assert report.lines() == ["第 2 行：已导入：张建国", "第 4 行：已导入：李秀兰"]
    assert report.blank_rows == 1
    assert contacts(db)["李秀兰"].group_name == "一组"  # the merge still fills real rows
