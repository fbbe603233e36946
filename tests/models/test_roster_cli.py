"""``liaison import contacts FILE``: the per-row report on stdout, a summary line, and exit
codes a script can act on (0: the file was read, 1: it could not be used)."""

from __future__ import annotations

from pathlib import Path

import pytest
from roster_files import (
    ID_ZHANG,
    contacts,
    new_database,
    outbox_count,
    write_encrypted_xlsx,
    write_xlsx,
    wrong_check_digit,
)

from desktop.__main__ import main
from desktop.models.db import open_database

ROWS = [
    ["红旗村村民花名册"],
    ["姓名", "身份证号码", "联系电话", "村民小组"],
    ["张建国", ID_ZHANG, "138 1234 5678", "一组"],
    ["李秀兰", wrong_check_digit(ID_ZHANG), "13912345678", "二组"],
    ["王浩然", None, "1370000111", "三组"],
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "数据"
    new_database(folder).close()
    return folder


def _names(data_dir: Path) -> list[str]:
    db = open_database(data_dir / "workbench.db")
    try:
        return sorted(contacts(db))
    finally:
        db.close()


def test_import_prints_the_report_and_commits(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write_xlsx(tmp_path / "花名册.xlsx", ROWS, merges=["A1:D1"])

    assert main(["import", "contacts", str(roster), "--data-dir", str(data_dir)]) == 0

    out = capsys.readouterr().out.splitlines()
    # The totals, then the rows that need the officer (not every row): the problems first.
    assert out[1:] == [
        "可导入 1 人，有问题 2 行，重复 0 行，空行跳过 0 行",
        "需要处理的行（2 行）：",
        "第 4 行：已拒绝：身份证号码的校验位不对，请核对最后一位",
        "第 5 行：已拒绝：联系电话的手机号码应为 11 位，现在是 10 位",
        "导入 1 人，更新 0 人，跳过 0 人，拒绝 2 行",
    ]
    assert _names(data_dir) == ["张建国"]

    # Again, updating: the one villager is already there and unchanged.
    assert (
        main(
            [
                "import",
                "contacts",
                str(roster),
                "--on-duplicate",
                "update",
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "可导入 0 人，有问题 2 行，重复 1 行，空行跳过 0 行" in out
    assert out.rstrip().endswith("导入 0 人，更新 0 人，跳过 1 人，拒绝 2 行")


def test_dry_run_commits_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write_xlsx(tmp_path / "花名册.xlsx", ROWS)

    assert main(["import", "contacts", str(roster), "--dry-run", "--data-dir", str(data_dir)]) == 0

    out = capsys.readouterr().out
    assert "试运行：以下结果没有写入数据库。" in out
    assert "第 4 行：将拒绝：身份证号码的校验位不对，请核对最后一位" in out
    assert "已导入" not in out and "已拒绝" not in out
    assert "可导入 1 人，有问题 2 行，重复 0 行，空行跳过 0 行" in out
    assert _names(data_dir) == []
    db = open_database(data_dir / "workbench.db")
    try:
        assert outbox_count(db) == 0
    finally:
        db.close()


def test_a_file_that_cannot_be_used_exits_1(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = write_encrypted_xlsx(tmp_path / "加密.xlsx")
    not_roster = write_xlsx(tmp_path / "物品.xlsx", [["物品", "数量"], ["扫帚", 3]])

    assert main(["import", "contacts", str(locked), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err == "错误：文件有密码保护，请先在 Excel/WPS 中取消密码后再导入\n"

    assert main(["import", "contacts", str(not_roster), "--data-dir", str(data_dir)]) == 1
    assert "没有找到“姓名”列" in capsys.readouterr().err
    assert main(["import", "contacts", str(tmp_path / "无.xlsx"), "--data-dir", str(data_dir)]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert _names(data_dir) == []


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "contacts", "x.xlsx", "--on-duplicate", "merge"])
    assert caught.value.code == 2
    capsys.readouterr()


def test_a_folder_without_a_station_says_how_to_set_one_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh data folder: no enrolment or sync is needed, only the station's details (set in
    the window, or by ``liaison station set`` from a script)."""
    folder = tmp_path / "新电脑"
    roster = write_xlsx(tmp_path / "花名册.xlsx", ROWS)
    assert main(["import", "contacts", str(roster), "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "还没有设置本站信息" in err and "liaison station set" in err
    assert "注册" not in err and "同步" not in err

    bad = ["station", "set", "--name", "红旗村新时代文明实践站", "--division-code", "2201"]
    assert main([*bad, "--data-dir", str(folder)]) == 1
    assert "统计用区划代码应为 12 位数字，现在是 4 位" in capsys.readouterr().err
    good = [
        "station", "set", "--name", "红旗村新时代文明实践站", "--division-code", "220102001001",
        "--township", "合隆镇", "--county", "农安县", "--phone", "0431-84561234",
    ]  # fmt: skip
    assert main([*good, "--data-dir", str(folder)]) == 0
    assert "已设置本站：红旗村新时代文明实践站（220102001001）" in capsys.readouterr().out

    problems = tmp_path / "需要修改的行.xlsx"
    args = ["import", "contacts", str(roster), "--problems", str(problems), "--all-rows"]
    assert main([*args, "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "已把 2 行需要修改的保存到" in out
    assert "全部 3 行：" in out and "第 3 行：已导入：张建国" in out
    assert problems.exists()
    assert _names(folder) == ["张建国"]
