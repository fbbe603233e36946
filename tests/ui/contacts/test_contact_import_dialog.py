"""导入花名册 through the dialog: a roster with bad rows is read, mapped, previewed and imported;
the report says what happened to each row, and the database holds exactly the good rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from roster_files import (
    ID_LI,
    ID_WANG,
    contacts,
    outbox_count,
    write_encrypted_xlsx,
    write_xlsx,
    wrong_check_digit,
)

from desktop.models.changes import Changes
from desktop.models.db import Database
from desktop.models.roster_import import PASSWORD_MESSAGE, ImportReport, RowStatus, read_roster
from desktop.ui.app_context import AppContext
from desktop.ui.contacts.import_dialog import ContactImportDialog, ImportRowsTableModel

ROWS = [
    ["红旗村村民花名册"],
    ["填报日期：2026年2月20日"],
    ["序号", "姓名", "性别", "身份证号码", "电话号", "村民小组", "住址"],
    [1, "王浩然", "男", ID_WANG, "137 0000 1111", "三组", "红旗村3号"],
    [2, "赵淑珍", "女", wrong_check_digit(ID_LI), "13600002222", "一组", None],
    [3, "孙玉梅", "女", None, "136000033", "二组", None],
    [4, "王浩然", "男", ID_WANG, "13700001111", "三组", None],
    [5, "张建国", "男", None, "13812345678", "一组", "红旗村1号（新）"],
]


@pytest.fixture
def dialog(qtbot: QtBot, app: AppContext) -> Iterator[ContactImportDialog]:
    widget = ContactImportDialog(app)
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def _load(qtbot: QtBot, dialog: ContactImportDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.file_loaded, timeout=10_000):
        dialog.load_file(path)


def test_import_a_roster_with_bad_rows(
    qtbot: QtBot, app: AppContext, db: Database, dialog: ContactImportDialog, tmp_path: Path
) -> None:
    roster = write_xlsx(tmp_path / "红旗村花名册.xlsx", ROWS, merges=["A1:G1"])
    names_before = set(contacts(db))
    ops_before = outbox_count(db)

    _load(qtbot, dialog, roster)

    assert dialog.stack.currentIndex() == dialog.STEP_MAPPING
    assert "表头在第 3 行" in dialog.sheet_label.text()
    assert dialog.mapping() == {
        1: "name",
        2: "gender",
        3: "id_number",
        5: "group_name",
        6: "address",
    }
    # "电话号" was not recognised: without a phone the preview cannot know 张建国 is already in.
    dialog.set_field(4, "phone")
    dialog.set_field(1, None)
    dialog.next_button.click()
    assert dialog.message.text() == "请为“姓名”选择对应的列，没有姓名无法导入。"
    dialog.set_field(1, "name")

    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.next_button.click()
    # Totals of the whole file before anything is written, and the rows that need the
    # officer; every row one click away.
    assert dialog.preview_totals.text() == (
        "检查结果（还没有写入通讯录）：可导入 1 人，有问题 2 行，重复 2 行，空行跳过 0 行"
    )
    assert [r.row_number for r in dialog.preview_model.results] == [5, 6]
    assert dialog.preview_label.text() == "需要处理的行（2 行）："
    assert dialog.preview_model.index(0, ImportRowsTableModel.COL_STATUS).data() == "将拒绝"
    dialog.preview_all.setChecked(True)
    preview = {r.row_number: r.status for r in dialog.preview_model.results}
    assert preview == {
        4: RowStatus.IMPORTED,
        5: RowStatus.REJECTED,
        6: RowStatus.REJECTED,
        7: RowStatus.SKIPPED,
        8: RowStatus.SKIPPED,
    }
    assert dialog.preview_model.index(0, ImportRowsTableModel.COL_STATUS).data() == "可导入"
    assert outbox_count(db) == ops_before  # a preview writes nothing

    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.duplicate_update.setChecked(True)
    with (
        qtbot.waitSignal(app.signals.records_changed, timeout=10_000) as changed,
        qtbot.waitSignal(dialog.import_finished, timeout=10_000) as finished,
    ):
        dialog.import_button.click()

    report: ImportReport = finished.args[0]
    assert changed.args[0] == Changes(contacts=True)
    assert dialog.stack.currentIndex() == dialog.STEP_REPORT
    assert dialog.summary_label.text() == "导入完成：导入 1 人，更新 1 人，跳过 1 人，拒绝 2 行"
    assert report.lines() == [
        "第 4 行：已导入：王浩然",
        "第 5 行：已拒绝：身份证号码的校验位不对，请核对最后一位",
        "第 6 行：已拒绝：联系电话的手机号码应为 11 位，现在是 9 位",
        "第 7 行：已跳过：与第 4 行重复（身份证号码相同）",
        "第 8 行：已更新：通讯录里已有此人（姓名和电话相同）：住址、性别",
    ]
    # The report opens on the rows to correct.
    model = dialog.report_model
    assert model.rowCount() == 2
    assert model.index(0, ImportRowsTableModel.COL_STATUS).data() == "已拒绝"
    assert model.index(0, 0).data(ImportRowsTableModel.RecordRole) == 5
    dialog.report_all.setChecked(True)
    assert model.rowCount() == 5
    corrections = tmp_path / "需要修改的行.xlsx"
    dialog.save_problems(corrections)
    qtbot.waitUntil(lambda: "已把 2 行另存到" in dialog.message.text(), timeout=5_000)
    assert [r.cells[1] for r in read_roster(corrections).rows] == ["赵淑珍", "孙玉梅"]

    saved = contacts(db)
    assert set(saved) - names_before == {"王浩然"}
    assert saved["王浩然"].phone == "13700001111"
    assert saved["张建国"].address == "红旗村1号（新）"
    assert outbox_count(db) == ops_before + 2

    target = tmp_path / "报告.txt"
    dialog.save_report(target)
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "村民花名册导入报告：红旗村花名册.xlsx（工作表“花名册”）"
    assert "第 5 行：已拒绝：身份证号码的校验位不对，请核对最后一位" in text
    assert text.splitlines()[1] == "导入 1 人，更新 1 人，跳过 1 人，拒绝 2 行"
    assert "需要处理的行（2 行）：" in text and "全部 5 行：" in text
    assert "报告已保存" in dialog.message.text()


def test_a_password_protected_file_is_explained(
    qtbot: QtBot, db: Database, dialog: ContactImportDialog, tmp_path: Path
) -> None:
    _load(qtbot, dialog, write_encrypted_xlsx(tmp_path / "加密.xlsx"))

    assert dialog.stack.currentIndex() == dialog.STEP_FILE
    assert dialog.message.text() == PASSWORD_MESSAGE


def test_report_model_passes_the_model_tester(
    qtbot: QtBot, dialog: ContactImportDialog, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    _load(qtbot, dialog, write_xlsx(tmp_path / "r.xlsx", ROWS))
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.next_button.click()
    dialog.preview_all.setChecked(True)
    assert dialog.preview_model.rowCount() == 5
    qtmodeltester.check(dialog.preview_model)


def test_an_unknown_category_is_kept_only_if_the_officer_says_so(
    qtbot: QtBot, db: Database, dialog: ContactImportDialog, tmp_path: Path
) -> None:
    rows = [
        ["姓名", "联系电话", "人员类别"],
        ["闫秀芝", "13500001111", "脱贫户、种植大户"],
        ["韩德胜", "13500002222", "退役军人"],
    ]
    _load(qtbot, dialog, write_xlsx(tmp_path / "类别.xlsx", rows))
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.next_button.click()
    assert dialog.categories_box.isVisible()
    [box] = dialog.category_boxes.values()
    assert box.text() == "种植大户（1 行）" and not box.isChecked()
    assert "有提醒 1 人" in dialog.preview_totals.text()
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        box.setChecked(True)
    assert "有提醒" not in dialog.preview_totals.text()
    with qtbot.waitSignal(dialog.import_finished, timeout=10_000):
        dialog.import_button.click()
    saved = contacts(db)
    assert saved["闫秀芝"].tags == ["POVERTY_ALLEVIATED", "种植大户"]
    assert saved["韩德胜"].tags == ["VETERAN"]
