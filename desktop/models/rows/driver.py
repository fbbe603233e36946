"""The sqlite3 connection under a SQLAlchemy connection, for the hot statements.

Only this package holds it (a test checks): every plain-SQL write is here. Other modules that
need a hot read (saving a demand, reading a push batch) use :func:`read_all` and
:func:`read_one`, which take ``SELECT`` statements only.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (same transaction): SQLAlchemy's execution
    machinery costs ~45 µs a statement, several times what SQLite needs for a small INSERT or
    an indexed lookup. Errors surface as ``sqlite3`` exceptions, which
    ``db.translate_errors`` handles like SQLAlchemy's."""
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"expected a sqlite3 connection, not {type(raw).__name__}")
    return raw


_SELECT = re.compile(r"\s*SELECT\b", re.IGNORECASE)
Params = Sequence[Any] | dict[str, Any]


def _reading(sql: str) -> str:
    if not _SELECT.match(sql):
        raise ValueError("read_all/read_one take SELECT statements only; writes go through rows")
    return sql


def read_all(conn: Connection, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
    """The rows of a ``SELECT`` run on the driver connection (values as stored)."""
    return driver_connection(conn).execute(_reading(sql), params).fetchall()


def read_one(conn: Connection, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
    """The first row of a ``SELECT`` run on the driver connection (None: no row)."""
    row: tuple[Any, ...] | None = driver_connection(conn).execute(_reading(sql), params).fetchone()
    return row


def begin(conn: Connection, mode: str) -> None:
    """``BEGIN <mode>`` for the engine's ``begin`` event: every transaction begins here, and
    SQLAlchemy's statement machinery would cost more than the statement itself."""
    if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
        raise ValueError(f"unknown transaction mode {mode!r}")
    driver_connection(conn).execute(f"BEGIN {mode}")


def defer_foreign_key_checks(conn: Connection) -> None:
    """References are checked at commit for the rest of the current transaction (see
    ``db.defer_foreign_keys``, which calls this once per transaction)."""
    driver_connection(conn).execute("PRAGMA defer_foreign_keys = ON")
