"""The county server's database: SQLite for a pilot, PostgreSQL for a county with hundreds of
villages. Same schema (Alembic migrations under county/migrations) on both."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from county.models import FeedCounter
from county.rows import dumps, loads

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DB_FILE = "county.db"


def database_url(data_dir: Path, url: str | None) -> str:
    return url or f"sqlite:///{data_dir / DB_FILE}"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Same recipe as the desktop: pysqlite's implicit transactions off, BEGIN emitted by us.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


# Set on the connections of reading sessions: on SQLite they begin a plain (deferred)
# transaction, a snapshot of the last commit, instead of taking the write lock.
_READING = "liaison_reading"


@dataclass
class CountyDatabase:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    readers: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.readers = sessionmaker(
            self.engine.execution_options(**{_READING: True}), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def writing(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction. On SQLite (WAL) it neither waits for nor holds up a
        writer: pulls and token lookups go on while a push commits."""
        with self.readers() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def create_county_engine(url: str) -> Engine:
    # JSON columns hold compact UTF-8 JSON (county.rows.dumps), whichever path writes them,
    # and are read with orjson (county.rows.loads): a pull page reads a record's data per
    # change.
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            json_serializer=dumps,
            json_deserializer=loads,
        )
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # Writers serialise on SQLite anyway; taking the lock up front avoids
            # lock-upgrade failures between concurrent requests. Readers only need a snapshot.
            if conn.get_execution_options().get(_READING):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(
        url,
        pool_size=20,
        max_overflow=10,
        pool_pre_ping=True,
        json_serializer=dumps,
        json_deserializer=loads,
    )


def migrate(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_county_database(data_dir: Path, url: str | None = None) -> CountyDatabase:
    """Open (creating and migrating as needed) the county database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    resolved = database_url(data_dir, url)
    engine = create_county_engine(resolved)
    migrate(engine)
    db = CountyDatabase(resolved, engine, sessionmaker(engine, expire_on_commit=False))
    with db.writing() as session:
        if session.scalar(select(FeedCounter).where(FeedCounter.id == 1)) is None:
            session.add(FeedCounter(id=1, value=0))  # a new epoch with it (migration c0002)
    return db
