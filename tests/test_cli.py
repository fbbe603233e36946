"""The headless command line: ``liaison self-test``, ``backup`` and ``restore``, run in-process."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.models.db import open_database
from desktop.models.entities import Contact, Station
from desktop.models.writes import WritePath


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _add_contacts(data_dir: Path, names: list[str]) -> None:
    db = open_database(data_dir / "workbench.db")
    try:
        with db.writing() as session:
            writes = WritePath(session)
            station = session.scalar(select(Station))
            if station is None:
                station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
            writes.create_many(Contact, [{"station_id": station.id, "name": n} for n in names])
    finally:
        db.close()


def _names(data_dir: Path) -> list[str]:
    db = open_database(data_dir / "workbench.db")
    try:
        with db.reading() as session:
            return sorted(session.scalars(select(Contact.name)))
    finally:
        db.close()


def _corrupt_copy(data_dir: Path, target: Path) -> None:
    """A real workbench database with pages in the middle overwritten."""
    source = data_dir.parent / "to-corrupt"
    _add_contacts(source, [f"村民{i:03d}" for i in range(200)])
    data = bytearray((source / "workbench.db").read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle : middle + 6 * 4096] = b"\x5a" * (6 * 4096)
    target.write_bytes(bytes(data))


def test_self_test_creates_checks_and_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "数据"

    assert main(["self-test", "--data-dir", str(data_dir)]) == 0

    out = capsys.readouterr().out
    assert "自检通过" in out
    assert (data_dir / "workbench.db").is_file()
    # A second run on the now existing database passes too.
    assert main(["self-test", "--data-dir", str(data_dir)]) == 0
    assert "自检通过" in capsys.readouterr().out


def test_self_test_on_a_damaged_database_fails_without_touching_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    _corrupt_copy(data_dir, data_dir / "workbench.db")
    before = _sha(data_dir / "workbench.db")

    assert main(["self-test", "--data-dir", str(data_dir)]) == 1

    captured = capsys.readouterr()
    assert "自检通过" not in captured.out
    assert captured.err.startswith("错误：") and "损坏" in captured.err
    assert _sha(data_dir / "workbench.db") == before


def test_backup_and_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    _add_contacts(data_dir, ["张三", "李四"])
    out_file = tmp_path / "U盘" / "红旗村备份.db"

    assert main(["backup", "--data-dir", str(data_dir), "--out", str(out_file)]) == 0
    assert "已备份到" in capsys.readouterr().out
    assert out_file.is_file()

    _add_contacts(data_dir, ["王五"])
    assert _names(data_dir) == ["张三", "李四", "王五"]

    assert main(["restore", "--data-dir", str(data_dir), str(out_file)]) == 0

    out = capsys.readouterr().out
    assert "已从" in out and "恢复" in out
    assert _names(data_dir) == ["张三", "李四"]
    # The database that was replaced is kept, and the message says where.
    saved = [p for p in (data_dir / "backups").glob("pre-restore-*.db")]
    assert len(saved) == 1 and str(saved[0]) in out
    assert _names_of_file(saved[0]) == ["张三", "李四", "王五"]


def _names_of_file(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM contact"))
    finally:
        conn.close()


def test_restore_of_a_corrupted_file_fails_and_keeps_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    _add_contacts(data_dir, ["张三"])
    db_file = data_dir / "workbench.db"
    before = _sha(db_file)
    bad = tmp_path / "bad-backup.db"
    _corrupt_copy(data_dir, bad)

    assert main(["restore", "--data-dir", str(data_dir), str(bad)]) == 1

    captured = capsys.readouterr()
    assert captured.err.startswith("错误：")
    assert _has_cjk(captured.err) and "没有恢复" in captured.err
    assert "Traceback" not in captured.err
    assert _sha(db_file) == before
    assert _names(data_dir) == ["张三"]


def test_restore_of_a_missing_file_fails_with_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    _add_contacts(data_dir, ["张三"])
    before = _sha(data_dir / "workbench.db")

    assert main(["restore", "--data-dir", str(data_dir), str(tmp_path / "nope.db")]) == 1

    assert "找不到" in capsys.readouterr().err
    assert _sha(data_dir / "workbench.db") == before


def test_backup_without_a_database_fails_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "backup.db"

    assert main(["backup", "--data-dir", str(tmp_path / "empty"), "--out", str(out_file)]) == 1

    captured = capsys.readouterr()
    assert "没有数据库" in captured.err
    assert captured.out == ""
    assert not out_file.exists()


def test_wrong_usage_exits_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["restore"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["backup"])  # --out is required
    assert caught.value.code == 2
    capsys.readouterr()
