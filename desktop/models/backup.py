"""Online backups, rotation and restore of the workbench database.

Backups use SQLite's online backup API (a consistent copy of a live database, WAL included);
copying the ``.db`` file alone could lose committed records that still sit in the ``-wal``.
Every backup is written to a temporary name, checked with ``integrity_check``, fsynced and only
then renamed into place, so a half-written backup never looks like a good one.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from desktop.models.errors import StorageError
from desktop.models.sqlite_file import APPLICATION_ID, SQLITE_HEADER, check_integrity, readonly_uri
from liaison_wire.files import replace_durably

AUTO_PREFIX = "auto-"
DEFAULT_KEEP = 14
AUTO_INTERVAL = dt.timedelta(days=1)

Progress = Callable[[int, int], None]


def _copy(src: Path, dest: Path, progress: Progress | None) -> None:
    """Copy ``src`` to ``dest`` through the backup API, verify, fsync, rename atomically."""
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(readonly_uri(src), uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:

                def _report(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                source.backup(target, pages=256, progress=_report)
                # A standalone copy must not depend on a -wal file next to it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
        problems = check_integrity(tmp)
        if problems:
            raise StorageError("备份文件校验失败，备份没有保存：" + "；".join(problems[:3]))
        replace_durably(tmp, dest)
    except sqlite3.OperationalError as error:
        raise StorageError(f"备份失败：{error}") from error
    except OSError as error:
        raise StorageError(f"备份失败：无法写入“{dest.parent}”（{error.strerror}）") from error
    finally:
        tmp.unlink(missing_ok=True)


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def backup_database(
    db_path: Path, backup_dir: Path, *, reason: str = "manual", progress: Progress | None = None
) -> Path:
    """Write a verified backup of ``db_path`` into ``backup_dir`` and return its path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    dest = backup_dir / f"{reason}-{_stamp()}.db"
    counter = 1
    while dest.exists():
        counter += 1
        dest = backup_dir / f"{reason}-{_stamp()}-{counter}.db"
    _copy(db_path, dest, progress)
    return dest


def backup_to_file(db_path: Path, out: Path, progress: Progress | None = None) -> Path:
    """``liaison backup --out FILE``: a verified copy at a path of the user's choice."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _copy(db_path, out, progress)
    return out


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    files = [p for p in backup_dir.glob("*.db") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def rotate_auto_backups(backup_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; returns what was removed.

    Backups taken before a migration or a restore are never rotated away automatically.
    """
    autos = [p for p in list_backups(backup_dir) if p.name.startswith(AUTO_PREFIX)]
    removed = autos[keep:]
    for old in removed:
        old.unlink()
    return removed


def maybe_auto_backup(
    db_path: Path, backup_dir: Path, *, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None
) -> Path | None:
    """Take the daily automatic backup if the newest one is older than a day."""
    now = now or dt.datetime.now()
    autos = [p for p in list_backups(backup_dir) if p.name.startswith(AUTO_PREFIX)]
    if autos:
        newest = dt.datetime.fromtimestamp(autos[0].stat().st_mtime)
        if now - newest < AUTO_INTERVAL:
            return None
    made = backup_database(db_path, backup_dir, reason=AUTO_PREFIX.rstrip("-"))
    rotate_auto_backups(backup_dir, keep)
    return made


def check_restorable(candidate: Path) -> None:
    """Refuse a file that is not a sound workbench database."""
    if not candidate.is_file():
        raise StorageError(f"找不到备份文件“{candidate}”。")
    with candidate.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StorageError(f"“{candidate.name}”不是数据库备份文件，没有恢复。")
    problems = check_integrity(candidate)
    if problems:
        raise StorageError(
            f"备份文件“{candidate.name}”未通过完整性检查，没有恢复：" + "；".join(problems[:3])
        )
    conn = sqlite3.connect(readonly_uri(candidate), uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()
    if app_id != APPLICATION_ID:
        raise StorageError(f"“{candidate.name}”不是联络员工作台的备份文件，没有恢复。")


def restore_database(
    candidate: Path, db_path: Path, backup_dir: Path, progress: Progress | None = None
) -> Path | None:
    """Replace the database at ``db_path`` with ``candidate`` (the app must not have it open).

    The current database is kept: a sound one is backed up as ``pre-restore-…``, a damaged
    one is moved aside as ``damaged-…`` (it may still hold records worth rescuing). The path
    of that copy is returned so the user can go back.
    """
    check_restorable(candidate)
    saved: Path | None = None
    if db_path.exists():
        if check_integrity(db_path):
            backup_dir.mkdir(parents=True, exist_ok=True)
            saved = backup_dir / f"damaged-{_stamp()}.db"
            os.replace(db_path, saved)
            wal = Path(str(db_path) + "-wal")
            if wal.exists():
                os.replace(wal, Path(str(saved) + "-wal"))
        else:
            saved = backup_database(db_path, backup_dir, reason="pre-restore")
    tmp = db_path.with_name(db_path.name + ".restoring")
    _copy(candidate, tmp, progress)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return saved
