"""Opening the workbench database: pragmas, durability, refusing damaged or foreign files,
migrating only after a backup, and plain-Chinese errors for a full disk or an unusable folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, exc, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import beijing
from desktop.models import db as db_module
from desktop.models.base import WorkbenchSession
from desktop.models.db import (
    BUSY_TIMEOUT_MS,
    Database,
    _configure_connection,
    open_database,
    schema_revisions,
)
from desktop.models.entities import Contact, OutboxOp, Station
from desktop.models.errors import DatabaseDamagedError, ForeignDatabaseError, StorageError
from desktop.models.sqlite_file import APPLICATION_ID, check_integrity
from desktop.models.writes import WritePath


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _make_station(db: Database) -> str:
    with db.writing() as session:
        station = WritePath(session).create(
            Station(name="红旗村新时代文明实践站", division_code="220102001001")
        )
        return station.id


def _add_contacts(db: Database, station_id: str, names: list[str], note: str = "") -> None:
    with db.writing() as session:
        WritePath(session).create_many(
            Contact, [{"station_id": station_id, "name": name, "note": note} for name in names]
        )


def _contact_names(db: Database) -> list[str]:
    with db.reading() as session:
        return sorted(session.scalars(select(Contact.name).where(Contact.deleted_at.is_(None))))


def _populated_db(path: Path, count: int = 300) -> None:
    """A closed workbench database with enough rows to span many pages."""
    db = open_database(path)
    try:
        station_id = _make_station(db)
        _add_contacts(db, station_id, [f"村民{i:04d}" for i in range(count)], note="备注" * 200)
    finally:
        db.close()


# --- pragmas and durability ---------------------------------------------------------------


def _pragmas(session: Session) -> dict[str, object]:
    conn = session.connection()
    return {
        name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def test_every_connection_has_wal_full_sync_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    try:
        assert BUSY_TIMEOUT_MS > 0
        with db.writing() as session:
            assert _pragmas(session) == EXPECTED_PRAGMAS
        # Two sessions open at once use two different pooled connections; both are configured.
        with db.reading() as first, db.reading() as second:
            assert first.connection().connection.dbapi_connection is not (
                second.connection().connection.dbapi_connection
            )
            assert _pragmas(first) == EXPECTED_PRAGMAS
            assert _pragmas(second) == EXPECTED_PRAGMAS
    finally:
        db.close()


def test_connection_setup_overrides_weaker_settings(tmp_path: Path) -> None:
    # SQLite's compiled-in default may already be FULL, so start from the weakest settings to
    # see that the workbench's own connection setup really asks for durability.
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA busy_timeout = 0")
        _configure_connection(conn, None)
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    try:
        with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"), db.writing() as session:
            WritePath(session).create(Contact(station_id="no-such-station", name="张三"))
        assert _contact_names(db) == []
    finally:
        db.close()


def test_application_id_marks_the_file_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


def test_record_saved_in_a_write_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = open_database(path)
    station_id = _make_station(db)
    _add_contacts(db, station_id, ["张三"])
    db.close()

    db = open_database(path)
    try:
        assert _contact_names(db) == ["张三"]
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(OutboxOp)) == 2
    finally:
        db.close()


def test_reopening_a_current_database_takes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    _populated_db(path, count=3)
    db = open_database(path)
    try:
        current, head = schema_revisions(db.engine)
        assert current == head
    finally:
        db.close()
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


# --- damaged and foreign files are refused and never touched -------------------------------


def test_damaged_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    _populated_db(path)
    size = path.stat().st_size
    page = 4096
    assert size > 40 * page
    with path.open("r+b") as fh:
        # Keep the header page; overwrite a run of pages in the middle with garbage.
        fh.seek((size // page // 2) * page)
        fh.write(bytes(range(7, 250)) * (8 * page // 243))
    before = _sha(path)
    others_before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(path)

    assert "损坏" in caught.value.message
    assert "备份" in caught.value.message
    assert caught.value.path == str(path)
    assert caught.value.details
    assert _sha(path) == before
    # Nothing was created in its place: no new database, no backup of the broken file.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        n for n in others_before if not n.endswith(("-wal", "-shm"))
    ]
    assert check_integrity(path)


def test_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (a INTEGER, b TEXT)")
    conn.execute("INSERT INTO foo VALUES (1, 'x')")
    conn.commit()
    conn.close()
    before = _sha(path)

    with pytest.raises(ForeignDatabaseError) as caught:
        open_database(path)

    assert _has_cjk(caught.value.message)
    assert "别的程序" in caught.value.message
    assert _sha(path) == before
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert tables == ["foo"]
    finally:
        conn.close()


def test_non_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    path.write_text("这是一份会议记录，不是数据库。\n" * 200, encoding="utf-8")
    before = _sha(path)

    with pytest.raises(ForeignDatabaseError) as caught:
        open_database(path)

    assert "不是" in caught.value.message
    assert _sha(path) == before


def test_database_made_by_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    _populated_db(path, count=3)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0000'")
    conn.commit()
    conn.close()
    before = _sha(path)

    with pytest.raises(StorageError, match="更新版本"):
        open_database(path)

    assert _sha(path) == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


# --- migrating an older database: backup first, all or nothing ------------------------------

EXTRA_MIGRATION = '''
"""test-only revision after the real head"""
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO test_extra (id) VALUES (1)")
    {fail}


def downgrade() -> None:
    op.drop_table("test_extra")
'''


# The real migrations' head: what a new database is at, and what the extra revision revises.
HEAD = str(ScriptDirectory(str(db_module.MIGRATIONS_DIR)).get_current_head())
EXTRA = "9999"


def _migrations_with_extra_revision(tmp_path: Path, *, fail: bool) -> Path:
    """A copy of the real migrations plus a revision after their head, so a database at the
    head becomes an older schema."""
    target = tmp_path / "migrations"
    shutil.copytree(db_module.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    body = EXTRA_MIGRATION.format(
        revision=EXTRA,
        head=HEAD,
        fail='raise RuntimeError("migration step failed")' if fail else "pass",
    )
    (target / "versions" / f"{EXTRA}_test_extra.py").write_text(body, encoding="utf-8")
    return target


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_older_database_is_backed_up_before_it_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "workbench.db"
    _populated_db(path, count=5)
    assert _revision(path) == HEAD
    monkeypatch.setattr(
        db_module, "MIGRATIONS_DIR", _migrations_with_extra_revision(tmp_path, fail=False)
    )

    db = open_database(path)
    try:
        assert schema_revisions(db.engine) == (EXTRA, EXTRA)
        assert len(_contact_names(db)) == 5
    finally:
        db.close()

    backups = list((tmp_path / "data" / "backups").glob("*.db"))
    assert len(backups) == 1
    assert backups[0].name.startswith(f"pre-migrate-{HEAD}")
    assert check_integrity(backups[0]) == []
    assert _revision(backups[0]) == HEAD
    assert "test_extra" not in _tables(backups[0])
    assert "test_extra" in _tables(path)


def test_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workbench.db"
    _populated_db(path, count=5)
    monkeypatch.setattr(
        db_module, "MIGRATIONS_DIR", _migrations_with_extra_revision(tmp_path, fail=True)
    )

    with pytest.raises(RuntimeError, match="migration step failed"):
        open_database(path)

    assert _revision(path) == HEAD
    assert "test_extra" not in _tables(path)
    assert check_integrity(path) == []
    assert len(list((tmp_path / "backups").glob(f"pre-migrate-{HEAD}*.db"))) == 1
    monkeypatch.undo()
    db = open_database(path)
    try:
        assert len(_contact_names(db)) == 5
    finally:
        db.close()


# --- environmental failures become plain-Chinese StorageErrors -----------------------------


def test_full_disk_fails_the_whole_action_and_keeps_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = open_database(path)
    try:
        station_id = _make_station(db)
        _add_contacts(db, station_id, ["张三"])
        with db.reading() as session:
            ops_before = session.scalar(select(func.count()).select_from(OutboxOp))

        with pytest.raises(StorageError, match="磁盘空间已满") as caught, db.writing() as session:
            # The file may not grow any more: the next page the insert needs is "disk full".
            session.connection().exec_driver_sql("PRAGMA max_page_count = 1")
            writes = WritePath(session)
            writes.create(Contact(station_id=station_id, name="李四"))
            writes.create(Contact(station_id=station_id, name="王五", note="很长的备注" * 50_000))
        assert "sqlite" not in caught.value.message.lower()
    finally:
        db.close()

    db = open_database(path)
    try:
        assert _contact_names(db) == ["张三"]
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(OutboxOp)) == ops_before
    finally:
        db.close()


def test_data_folder_that_cannot_be_created_gives_a_chinese_error(tmp_path: Path) -> None:
    # Works even as root (where permissions are not enforced): a path "through" a regular file.
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")

    with pytest.raises(StorageError) as caught:
        open_database(blocker / "sub" / "workbench.db")

    assert "数据文件夹" in caught.value.message
    assert blocker.read_text(encoding="utf-8") == "x"


def test_database_path_that_is_a_folder_gives_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    path.mkdir()
    (path / "keep.txt").write_text("x", encoding="utf-8")

    with pytest.raises(StorageError) as caught:
        open_database(path)

    assert _has_cjk(caught.value.message)
    assert (path / "keep.txt").read_text(encoding="utf-8") == "x"


def test_write_to_a_read_only_database_gives_a_chinese_error(tmp_path: Path) -> None:
    # As root, folder permissions are not enforced, so the read-only case is produced by SQLite
    # itself: a connection opened read-only, used through the app's own Database wrapper.
    path = tmp_path / "workbench.db"
    db = open_database(path)
    station_id = _make_station(db)
    db.close()
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    event.listen(engine, "connect", _configure_connection)
    ro = Database(
        path,
        engine,
        sessionmaker(engine, class_=WorkbenchSession),
        sessionmaker(engine, class_=WorkbenchSession),
    )
    try:
        with pytest.raises(StorageError, match="只读"), ro.writing() as session:
            WritePath(session).create(Contact(station_id=station_id, name="张三"))
    finally:
        ro.close()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores folder permissions; covered by the tests above",
)
def test_new_database_in_a_read_only_folder_gives_a_chinese_error(tmp_path: Path) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StorageError) as caught:
            open_database(folder / "workbench.db")
        assert _has_cjk(caught.value.message)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_data_folder_with_uri_special_characters_is_inspected_and_backed_up(
    tmp_path: Path,
) -> None:
    # "#", "?" and "%" mean something in SQLite URIs; the real file must still be the one read.
    folder = tmp_path / "联络员 #1 100%"
    path = folder / "workbench.db"
    _populated_db(path, count=4)
    with path.open("r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        fh.write(b"\xff" * 16384)
    before = _sha(path)

    with pytest.raises(DatabaseDamagedError):
        open_database(path)

    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    assert check_integrity(path)


def test_the_flush_hooks_are_the_workbench_sessions_alone(tmp_path: Path) -> None:
    """Another SQLAlchemy session in the same process (the county server's, in the tests and
    benchmarks) flushes without the workbench's hooks: no pinyin filled, no search rowid
    taken, no search table touched (this database has none). A workbench session fills them."""
    from desktop.models.base import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as other:
        other.add(Station(id="s-1", name="站", division_code="220122105201"))
        other.add(Contact(station_id="s-1", name="张三", search_rowid=7))
        other.commit()
        contact = other.scalars(select(Contact)).one()
        assert (contact.pinyin_initials, contact.search_rowid) == ("", 7)
    engine.dispose()

    db = open_database(tmp_path / "workbench.db")
    try:
        with db.writing() as session:
            session.add(Station(id="s-1", name="站", division_code="220122105201"))
            session.add(Contact(station_id="s-1", name="张三"))
        with db.reading() as session:
            contact = session.scalars(select(Contact)).one()
            assert isinstance(session, WorkbenchSession)
            assert contact.pinyin_initials == "zs" and contact.search_rowid is not None
    finally:
        db.close()


def test_the_full_check_runs_once_a_day_and_whenever_something_is_unusual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quick_check`` reads the whole file (about a second at 800 MB): it runs on the day's
    first open, for a file new here, after an unclean end (a write-ahead log left behind) and
    before a migration, not on every start."""
    path = tmp_path / "workbench.db"
    open_database(path).close()  # new: nothing to check yet
    full: list[Path] = []
    noted = db_module._note_full_check
    monkeypatch.setattr(db_module, "_note_full_check", lambda p: (full.append(p), noted(p)))

    def opens() -> int:
        before = len(full)
        open_database(path).close()
        return len(full) - before

    assert opens() == 1  # the day's first open of this file
    note = path.with_name("workbench.db.checked")
    day, inode = note.read_text().split()
    assert (day, inode) == (beijing.today().isoformat(), str(path.stat().st_ino))
    assert opens() == 0  # again the same day
    note.write_text(f"2026-01-01 {inode}")
    assert opens() == 1  # another day
    assert opens() == 0
    path.with_name("workbench.db-wal").write_bytes(b"\0" * 64)  # left by an unclean end
    assert opens() == 1
    path.with_name("workbench.db-wal").unlink(missing_ok=True)
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    copy.replace(path)  # the same bytes in a new file (a restore, a copy)
    assert opens() == 1
    assert opens() == 0
    # An older schema: the file is checked before it is migrated, whatever the note says.
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not db_module._full_check_due(path, conn, tables)
        conn.execute("UPDATE alembic_version SET version_num = '0007'")
        assert db_module._full_check_due(path, conn, tables)
    finally:
        conn.close()
