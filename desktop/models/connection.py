"""The sqlite3 connection under a SQLAlchemy connection, for the hot statements."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Connection


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (same transaction), for the hot statements of a
    save: SQLAlchemy's execution machinery costs ~45 µs a statement, several times what SQLite
    needs for a small INSERT or an indexed lookup. Errors surface as ``sqlite3`` exceptions,
    which ``db.translate_errors`` handles like SQLAlchemy's."""
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"expected a sqlite3 connection, not {type(raw).__name__}")
    return raw
