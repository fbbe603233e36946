"""Declarative base and the columns every synced record carries.

Identity is a UUIDv7 made on the device (time-ordered, so B-tree inserts stay local); human
numbers such as 需求编号 are separate columns. ``server_version`` is NULL until the county has
acknowledged the record; deletes are tombstones (``deleted_at``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import uuid6
from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    """A new UUIDv7 as the canonical 36-character string."""
    return str(uuid6.uuid7())


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (stored naive-UTC by :class:`UtcDateTime`)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stores datetimes as naive UTC and returns them as aware UTC.

    SQLite has no time zone type; mixing aware and naive values is the classic source of
    off-by-eight-hours bugs in China, so every timestamp passes through here.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class WorkbenchSession(Session):
    """The workbench database's sessions (``Database.reading``/``writing``). Its flush hooks
    (derived pinyin columns and search documents in desktop/models/rows/index.py, deferred
    foreign keys in db.py) listen on this class only: never on every SQLAlchemy session of
    the process, such as the county server's in the tests and benchmarks."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedMixin:
    """Columns of every record that travels between the village and the county.

    ``SYNC_ENTITY`` is the entity name on the wire and in the outbox; ``COUNTY_FIELDS`` lists
    the attributes the county owns (the village never writes them through the write path).
    """

    SYNC_ENTITY: ClassVar[str]
    COUNTY_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    server_version: Mapped[int | None] = mapped_column(Integer, default=None)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


SYNC_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "server_version", "deleted_at"})
