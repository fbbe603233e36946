"""The workbench's database as a file: how to recognise it, open it read-only, check it.
Used by the database itself (desktop/models/db.py) and its backups (backup.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# ``PRAGMA application_id`` of a workbench database ("LWB1").
APPLICATION_ID = 0x4C574231
SQLITE_HEADER = b"SQLite format 3\x00"


def readonly_uri(path: Path) -> str:
    """A SQLite URI opening ``path`` read-only.

    The path is percent-encoded: a raw ``#``, ``?`` or ``%`` in a folder name would otherwise
    end the file name early, and SQLite would silently open (and create) some other file.
    """
    return Path(path).absolute().as_uri() + "?mode=ro"


def check_integrity(path: Path) -> list[str]:
    """Full ``integrity_check`` of a database file; an empty list means it is sound."""
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows
