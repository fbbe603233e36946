"""Local bookkeeping of sync: the outbox, sync state, conflicts and rejections.

The outbox is written only by the write path, in the same transaction as the change it records
(the transactional outbox), so a change and its op are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UtcDateTime, new_uuid, utcnow


class OutboxOp(Base):
    """One local change waiting to be pushed. ``device_seq`` orders ops per device."""

    __tablename__ = "outbox"

    device_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    base_version: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = ({"sqlite_autoincrement": True},)


class SyncState(Base):
    """Key/value sync state (pull cursor, device id, last success, clock offset)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncConflict(Base):
    """A same-field concurrent edit the server resolved; the losing value is kept here."""

    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40))
    local_value: Mapped[object] = mapped_column(JSON, default=None)
    server_value: Mapped[object] = mapped_column(JSON, default=None)
    reported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncRejection(Base):
    """An op the server refused, with its reason, shown to the officer; never blocks the queue."""

    __tablename__ = "sync_rejection"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    reason: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    reported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncHeld(Base):
    """A pulled record this PC could not take in yet (a record it points at has not come, a
    value it cannot store, a kind of record or field only a newer program knows), held with
    its reason so the rest of the page applies and the pull goes on. Retried after later
    pages and on every round; gone once applied."""

    __tablename__ = "sync_held"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    # The pulled change as it came (seq, entity, id, version, deleted, fields).
    change: Mapped[dict[str, object]] = mapped_column(JSON)
    # What kind of problem (see desktop.sync.apply.HELD_KINDS) and the words for the officer.
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    # The record it waits for, when it points at one this PC does not have.
    waiting_for: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    held_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_tried_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
