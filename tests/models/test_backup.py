"""Backups: consistent copies (WAL included), rotation, the daily automatic backup, restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models.backup import (
    DEFAULT_KEEP,
    backup_database,
    backup_to_file,
    list_backups,
    maybe_auto_backup,
    restore_database,
    rotate_auto_backups,
)
from desktop.models.db import Database, open_database
from desktop.models.entities import Contact, Station
from desktop.models.errors import StorageError
from desktop.models.sqlite_file import check_integrity
from desktop.models.writes import WritePath


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_contacts(db: Database, names: list[str]) -> None:
    with db.writing() as session:
        writes = WritePath(session)
        station = session.scalar(select(Station))
        if station is None:
            station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
        writes.create_many(Contact, [{"station_id": station.id, "name": n} for n in names])


def _names_in_file(path: Path) -> list[str]:
    """Contact names read straight from a database file with the sqlite3 module."""
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM contact"))
    finally:
        conn.close()


def _names(db_path: Path) -> list[str]:
    db = open_database(db_path)
    try:
        with db.reading() as session:
            return sorted(session.scalars(select(Contact.name)))
    finally:
        db.close()


def _new_db(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "data" / "workbench.db"
    db = open_database(path)
    try:
        _add_contacts(db, names)
    finally:
        db.close()
    return path


# --- backup ----------------------------------------------------------------------------------


def test_backup_includes_records_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = open_database(path)
    try:
        _add_contacts(db, ["张三", "李四", "王五"])
        wal = Path(str(path) + "-wal")
        # The records are committed but not checkpointed: they live in the -wal only.
        assert wal.exists() and wal.stat().st_size > 0
        progress: list[tuple[int, int]] = []

        made = backup_database(
            path, tmp_path / "backups", progress=lambda done, total: progress.append((done, total))
        )
    finally:
        db.close()

    assert made.parent == tmp_path / "backups"
    assert made.name.startswith("manual-")
    assert check_integrity(made) == []
    assert not Path(str(made) + "-wal").exists()
    assert _names_in_file(made) == ["张三", "李四", "王五"]
    assert progress and progress[-1][0] == progress[-1][1]
    # No half-written leftovers next to it.
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [made.name]


def test_backup_copy_is_a_standalone_file(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = open_database(path)
    try:
        _add_contacts(db, ["赵六"])
        out = backup_to_file(path, tmp_path / "u盘" / "备份.db")
    finally:
        db.close()
    moved = tmp_path / "elsewhere.db"
    shutil.move(out, moved)
    conn = sqlite3.connect(moved)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert _names_in_file(moved) == ["赵六"]


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(tmp_path: Path) -> None:
    path = _new_db(tmp_path, ["张三"])
    first = backup_database(path, tmp_path / "backups")
    second = backup_database(path, tmp_path / "backups")
    assert first != second
    assert first.exists() and second.exists()


# --- rotation and the daily automatic backup ----------------------------------------------


def _fake_backup(folder: Path, name: str, age_hours: float) -> Path:
    path = folder / name
    path.write_bytes(b"x")
    stamp = time.time() - age_hours * 3600
    os.utime(path, (stamp, stamp))
    return path


def test_rotation_keeps_the_newest_automatic_backups_and_nothing_else_is_deleted(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    autos = [_fake_backup(folder, f"auto-{i:02d}.db", age_hours=i * 24) for i in range(20)]
    keep_forever = [
        _fake_backup(folder, "pre-migrate-0001-20250101-000000.db", age_hours=2000),
        _fake_backup(folder, "manual-20250101-000000.db", age_hours=3000),
        _fake_backup(folder, "pre-restore-20250101-000000.db", age_hours=4000),
        _fake_backup(folder, "damaged-20250101-000000.db", age_hours=5000),
    ]

    removed = rotate_auto_backups(folder)

    assert DEFAULT_KEEP == 14
    assert sorted(removed) == sorted(autos[14:])
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([p.name for p in autos[:14]] + [p.name for p in keep_forever])
    assert list_backups(folder)[0] == autos[0]


def test_automatic_backup_is_taken_once_a_day(tmp_path: Path) -> None:
    path = _new_db(tmp_path, ["张三"])
    folder = tmp_path / "backups"
    now = dt.datetime.now()

    first = maybe_auto_backup(path, folder, now=now)
    assert first is not None and first.name.startswith("auto-")
    assert _names_in_file(first) == ["张三"]

    assert maybe_auto_backup(path, folder, now=now + dt.timedelta(hours=1)) is None
    assert maybe_auto_backup(path, folder, now=now + dt.timedelta(hours=23)) is None
    assert len(list(folder.glob("auto-*.db"))) == 1

    second = maybe_auto_backup(path, folder, now=now + dt.timedelta(hours=25))
    assert second is not None and second != first
    assert len(list(folder.glob("auto-*.db"))) == 2


def test_automatic_backup_rotates_old_ones(tmp_path: Path) -> None:
    path = _new_db(tmp_path, ["张三"])
    folder = tmp_path / "backups"
    folder.mkdir()
    for i in range(3):
        _fake_backup(folder, f"auto-old-{i}.db", age_hours=48 + i)
    manual = _fake_backup(folder, "manual-old.db", age_hours=100)

    made = maybe_auto_backup(path, folder, keep=2)

    assert made is not None
    assert sorted(p.name for p in folder.glob("auto-*.db")) == sorted([made.name, "auto-old-0.db"])
    assert manual.exists()


# --- restore -------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_database(tmp_path: Path) -> None:
    path = _new_db(tmp_path, ["张三", "李四"])
    backup = backup_to_file(path, tmp_path / "saved.db")
    db = open_database(path)
    try:
        _add_contacts(db, ["王五"])
    finally:
        db.close()
    backup_before = _sha(backup)

    saved = restore_database(backup, path, tmp_path / "data" / "backups")

    assert _names(path) == ["张三", "李四"]
    assert saved is not None and saved.name.startswith("pre-restore-")
    assert _names_in_file(saved) == ["张三", "李四", "王五"]
    assert _sha(backup) == backup_before


def test_restore_over_a_crashed_database_drops_its_stale_wal(tmp_path: Path) -> None:
    backup_src = _new_db(tmp_path / "old", ["张三"])
    backup = backup_to_file(backup_src, tmp_path / "saved.db")
    # A database whose program died: committed records still sit in its -wal.
    live = tmp_path / "live" / "workbench.db"
    db = open_database(live)
    try:
        _add_contacts(db, ["李四", "王五"])
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(str(live) + suffix, crashed / f"workbench.db{suffix}")
    finally:
        db.close()
    target = crashed / "workbench.db"

    saved = restore_database(backup, target, crashed / "backups")

    assert saved is not None
    assert _names_in_file(saved) == ["李四", "王五"]
    assert not Path(str(target) + "-wal").exists()
    assert check_integrity(target) == []
    assert _names(target) == ["张三"]


def _corrupt(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek((size // 4096 // 2) * 4096)
        fh.write(b"\xa5" * 4096 * 6)


@pytest.mark.parametrize("kind", ["corrupted", "foreign", "text", "missing"])
def test_restore_refuses_a_bad_file_and_leaves_the_database_alone(
    tmp_path: Path, kind: str
) -> None:
    path = _new_db(tmp_path, ["张三"])
    candidate = tmp_path / "candidate.db"
    if kind == "corrupted":
        other = _new_db(tmp_path / "other", [f"村民{i}" for i in range(200)])
        shutil.copyfile(other, candidate)
        _corrupt(candidate)
    elif kind == "foreign":
        conn = sqlite3.connect(candidate)
        conn.execute("CREATE TABLE foo (a)")
        conn.commit()
        conn.close()
    elif kind == "text":
        candidate.write_text("不是备份", encoding="utf-8")
    before = _sha(path)

    with pytest.raises(StorageError) as caught:
        restore_database(candidate, path, tmp_path / "data" / "backups")

    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert "没有恢复" in caught.value.message or "找不到" in caught.value.message
    assert _sha(path) == before
    assert not (tmp_path / "data" / "backups").exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["workbench.db"]


def test_restore_over_a_damaged_database_moves_it_aside(tmp_path: Path) -> None:
    backup_src = _new_db(tmp_path / "old", ["张三"])
    backup = backup_to_file(backup_src, tmp_path / "saved.db")
    path = _new_db(tmp_path, [f"村民{i}" for i in range(200)])
    _corrupt(path)
    damaged_bytes = _sha(path)

    saved = restore_database(backup, path, tmp_path / "data" / "backups")

    assert saved is not None and saved.name.startswith("damaged-")
    assert _sha(saved) == damaged_bytes
    assert _names(path) == ["张三"]
