"""Opening the workbench database safely.

The order matters: a file is inspected (is it SQLite at all, is it ours, does ``quick_check``
pass) before anything may write to it, so a damaged or foreign file is never overwritten and
never silently replaced by a new empty database. An existing database is backed up before it
is migrated. Every connection runs in WAL mode with ``synchronous=FULL``: a record the officer
saw saved survives a power cut.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import beijing
from desktop.models.base import WorkbenchSession
from desktop.models.errors import (
    DatabaseDamagedError,
    ForeignDatabaseError,
    LiaisonError,
    StorageError,
)

# Imported for its effect: the flush hooks that keep the search index in step with every session.
from desktop.models.rows import index  # noqa: F401
from desktop.models.rows.driver import begin, defer_foreign_key_checks
from desktop.models.sqlite_file import (
    APPLICATION_ID,
    SQLITE_HEADER,
    readonly_uri,
)
from liaison_wire.files import write_atomically

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass
class Database:
    """An open workbench database: its engine and the two kinds of session.

    ``write_session`` begins with ``BEGIN IMMEDIATE`` so a user action takes the write lock up
    front instead of failing half-way when another writer (the sync) holds it.
    """

    path: Path
    engine: Engine
    read_session: sessionmaker[WorkbenchSession]
    write_session: sessionmaker[WorkbenchSession]

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction for one user action; commits on success, rolls back on any error."""
        with translate_errors(), self.write_session() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translate_errors(), self.read_session() as session, session.begin():
            yield session


def _configure_connection(raw: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling starts transactions late and commits on DDL; turn it
    # off and emit BEGIN ourselves (SQLAlchemy's documented recipe) so that a record and its
    # outbox op really share one transaction.
    raw.isolation_level = None
    cursor = raw.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    """An engine whose every connection has the workbench's pragmas."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _configure_connection)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        # On the driver connection: every transaction begins here, and SQLAlchemy's statement
        # machinery would cost more than these two statements themselves.
        begin(conn, mode)
        # References are checked at commit only in transactions that need it (see
        # defer_foreign_keys): not here for every transaction, because that PRAGMA expires
        # every prepared statement of the connection, so each statement after it is compiled
        # again (about 50 µs for a simple query, more for an INSERT into an indexed table).

    return engine


def defer_foreign_keys(session: Session) -> None:
    """Check references at commit instead of per statement, for the rest of the current
    transaction (SQLite resets it at every COMMIT or ROLLBACK); a dangling reference still
    fails the commit. For writes whose rows may come child first: every ORM flush (the unit of
    work orders inserts by mapper, not by foreign key), a pulled page, the demo generator.
    Plain-SQL paths that insert parents first (saving a demand) skip it."""
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_DEFERRED_IN) is transaction:
        return
    defer_foreign_key_checks(session.connection())
    session.info[_DEFERRED_IN] = session.get_transaction()


_DEFERRED_IN = "liaison.foreign_keys_deferred_in"
@event.listens_for(WorkbenchSession, "before_flush")
def _defer_foreign_keys_for_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    defer_foreign_keys(session)


def _inspect_existing(path: Path) -> bool:
    """Check an existing file before anything writes to it. Returns True if it holds our schema.

    Raises ForeignDatabaseError or DatabaseDamagedError; never modifies the file.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StorageError(
            f"无法读取数据文件“{path}”：{error.strerror}。请检查它是否是一个可读的文件。"
        ) from error
    if header != SQLITE_HEADER:
        raise ForeignDatabaseError(
            f"“{path.name}”不是联络员工作台的数据文件（也不是 SQLite 数据库），程序没有改动它。",
            str(path),
        )
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as error:
        raise _damaged(path, [str(error)]) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        thorough = app_id != APPLICATION_ID or _full_check_due(path, conn, tables)
        if thorough:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            if rows != ["ok"]:
                raise _damaged(path, rows)
    except sqlite3.DatabaseError as error:
        raise _damaged(path, [str(error)]) from error
    finally:
        conn.close()
    if app_id == APPLICATION_ID:
        if thorough:
            _note_full_check(path)
        return True
    if app_id == 0 and not tables:
        return False
    raise ForeignDatabaseError(
        f"“{path.name}”是别的程序的数据库，不是联络员工作台的数据文件，程序没有改动它。", str(path)
    )


# ``quick_check`` reads every page: about a second for a station's database of 800 MB, on every
# start. It runs on the first open of a day, on a file that is new here (restored, copied in),
# after the program did not close cleanly (a write-ahead log left behind) and before a
# migration; the other opens check the header, the application id and the schema. (The day's
# automatic backup checks its copy with ``integrity_check`` too.) The day and the file are
# noted beside the database.
CHECKED_SUFFIX = ".checked"


def _check_note(path: Path) -> Path:
    return path.with_name(path.name + CHECKED_SUFFIX)


def _check_stamp(path: Path) -> str:
    """What a full check is noted as: the Beijing day and the file (its inode)."""
    return f"{beijing.today().isoformat()} {path.stat().st_ino}"


def _full_check_due(path: Path, conn: sqlite3.Connection, tables: set[str]) -> bool:
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True  # not closed cleanly (or open in another process): check it all
    if "alembic_version" in tables:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        if version is None or version[0] != head:
            return True  # a migration is due: never migrate an unchecked file
    try:
        noted = _check_note(path).read_text(encoding="utf-8").strip()
    except OSError:
        return True
    return noted != _check_stamp(path)


def _note_full_check(path: Path) -> None:
    # A note that cannot be written only means the next open checks again.
    with contextlib.suppress(OSError):
        write_atomically(_check_note(path), _check_stamp(path).encode())


def _damaged(path: Path, details: list[str]) -> DatabaseDamagedError:
    return DatabaseDamagedError(
        f"数据文件“{path.name}”已损坏，无法安全打开。程序没有改动它；请从备份恢复。",
        str(path),
        details,
    )


def _alembic_config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(current revision of the database, newest revision this program knows)."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return current, head


def open_database(path: Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if absent) and migrate the database at ``path``.

    Before migrating an existing database it is backed up into ``backup_dir`` (default: a
    ``backups`` folder beside it).
    """
    from desktop.models.backup import backup_database
    from desktop.models.reference_data import seed_reference_data

    path = Path(path)
    backup_dir = backup_dir or path.parent / "backups"
    exists = path.exists() and path.stat().st_size > 0
    ours = _inspect_existing(path) if exists else False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建数据文件夹“{path.parent}”：{error.strerror}") from error

    engine = create_sqlite_engine(path)
    try:
        with translate_errors():
            if not ours:
                with engine.connect() as conn:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.commit()
            current, head = schema_revisions(engine)
            if current != head:
                known = {
                    rev.revision
                    for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
                }
                if current is not None and current not in known:
                    raise StorageError(
                        "这个数据文件是由更新版本的联络员工作台创建的，请安装最新版本后再打开。"
                    )
                if current is not None:
                    backup_database(path, backup_dir, reason=f"pre-migrate-{current[:8]}")
                with engine.begin() as conn:
                    command.upgrade(_alembic_config(conn), "head")
        db = Database(
            path=path,
            engine=engine,
            read_session=sessionmaker(engine, class_=WorkbenchSession, expire_on_commit=False),
            write_session=sessionmaker(
                engine.execution_options(sqlite_begin="IMMEDIATE"),
                class_=WorkbenchSession,
                expire_on_commit=False,
            ),
        )
        with db.writing() as session:
            seed_reference_data(session)
    except BaseException:
        engine.dispose()
        raise
    return db


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn environmental SQLite failures into plain-Chinese :class:`StorageError`."""
    try:
        yield
    except LiaisonError:
        raise
    # sqlite3's own errors too: the hot statements of a save run on the driver connection.
    except (exc.OperationalError, exc.DatabaseError, sqlite3.DatabaseError) as error:
        translated = describe_sqlite_error(error)
        if translated is None:
            raise
        raise translated from error


def describe_sqlite_error(error: BaseException) -> StorageError | None:
    text = str(getattr(error, "orig", error)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError(
            "磁盘空间已满，这次保存没有完成（已保存的记录不受影响）。请清理磁盘后重试。"
        )
    if "readonly" in text or "read-only" in text:
        return StorageError("数据文件夹是只读的，无法保存。请检查文件夹权限或换一个数据文件夹。")
    if "unable to open database file" in text:
        return StorageError("无法打开或创建数据文件。请检查数据文件夹是否存在、是否可写。")
    if "database is locked" in text:
        return StorageError(
            "数据文件正被另一个程序占用，请稍后重试（或关闭另一个联络员工作台窗口）。"
        )
    if "malformed" in text or "not a database" in text:
        return StorageError("数据文件已损坏。请从备份恢复（设置 → 备份与恢复）。")
    return None
