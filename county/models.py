"""The county server's tables.

Village records are stored generically: one ``record`` row per synced record, its fields in a
JSON document, with a version and the version at which each field last changed (for conflict
detection). Every accepted change appends a ``change_feed`` row whose ``seq`` comes from the
``feed_counter`` row, updated inside the writing transaction just before commit, so sequence
numbers are handed out in commit order and a puller can never skip a change (gap safety).
``applied_ops`` keeps the answer to every op a device ever sent, permanently.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC out, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Village(Base):
    __tablename__ = "village"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    app_version: Mapped[str] = mapped_column(String(40), default="")


class EnrolCode(Base):
    __tablename__ = "enrol_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    device_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Admin(Base):
    """A console account (and, for the 县中心 role, the admin JSON API's): its role and the
    township (9-digit division code) or team it is limited to."""

    __tablename__ = "admin"

    username: Mapped[str] = mapped_column(String(50), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    role: Mapped[str] = mapped_column(String(20), default="COUNTY")
    township_code: Mapped[str] = mapped_column(String(9), default="")
    team_id: Mapped[str | None] = mapped_column(String(36), default=None)
    display_name: Mapped[str] = mapped_column(String(50), default="")


class ConsoleSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash, with the
    session's CSRF token; it ends on logout, after ``IDLE`` without use, or at ``expires_at``."""

    __tablename__ = "console_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("admin.username", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    address: Mapped[str] = mapped_column(String(64), default="")


class LoginThrottle(Base):
    """Failed logins per user name and per address (``user:…``, ``addr:…``) in the current
    window; past the limit, logins from it wait until ``locked_until``."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


# The key of ``field_versions`` and ``field_writers`` that stands for every field not named
# there (no field is called ""). A new record is stored as ``{"": 1}`` and ``{"": writer}``
# instead of one entry per field: a third of its row, which PostgreSQL would otherwise write
# and often compress (TOAST) for every record a village sends.
ALL_FIELDS = ""


def field_version(versions: dict[str, int], name: str) -> int:
    """The version at which field ``name`` last changed (0: never written)."""
    found = versions.get(name)
    return versions.get(ALL_FIELDS, 0) if found is None else found


def field_writer(writers: dict[str, str], name: str) -> str | None:
    """Who last wrote field ``name`` (None: unknown)."""
    found = writers.get(name)
    return writers.get(ALL_FIELDS) if found is None else found


class Record(Base):
    """One synced record of any entity; ``village_id`` NULL marks county reference data."""

    __tablename__ = "record"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"), default=None)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The version at which each field last changed. Under ALL_FIELDS, the version of every
    # field not named (a new record's ``{"": 1}``): see field_version().
    field_versions: Mapped[dict[str, int]] = mapped_column(JSON)
    # Who last wrote each field (a device id, or "county"): a device's own later edits never
    # conflict with its earlier ones, only with another writer's. Under ALL_FIELDS, the writer
    # of every field not named (its creator): see field_writer().
    field_writers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    # The version the record had when the database was last restored from a backup (set by
    # ``liaison-county after-restore``; None: never restored): what a village's "resync" of
    # the record is weighed against.
    restored_version: Mapped[int | None] = mapped_column(Integer, default=None)

    __table_args__ = (Index("ix_record_entity_village", "entity", "village_id"),)


def new_epoch() -> str:
    return uuid.uuid4().hex


class FeedCounter(Base):
    __tablename__ = "feed_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    # The database's identity on the wire (wire.HEADER_FEED_EPOCH); a new one after a restore.
    epoch: Mapped[str | None] = mapped_column(String(32), default=new_epoch)


class ChangeFeed(Base):
    """One change of a record. ``(record_id, seq)`` is indexed so that a pull can tell whether
    a record it points at reached the client on an earlier page (county.sync_service)."""

    __tablename__ = "change_feed"

    # INTEGER on SQLite: the rowid itself, rather than a separate index next to the rowid.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    village_id: Mapped[int | None] = mapped_column(Integer, default=None)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_change_feed_village_seq", "village_id", "seq"),
        Index("ix_change_feed_record_seq", "record_id", "seq"),
    )


class AppliedOp(Base):
    __tablename__ = "applied_op"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Conflict(Base):
    """A same-field concurrent edit: the value that arrived last won, the other is kept here."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    village_id: Mapped[int] = mapped_column(Integer, index=True)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40))
    winning_value: Mapped[Any] = mapped_column(JSON, default=None)
    losing_value: Mapped[Any] = mapped_column(JSON, default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Blob(Base):
    """A content-addressed upload (photo); bytes live on disk under the data folder.

    Kept per village, so one village can never learn whether another holds the same file.
    """

    __tablename__ = "blob"

    village_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    length: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditLog(Base):
    """County-side actions (dispatch, reject, publish …) with who did them."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The record acted on, and its fields the action changed as they were and became.
    target: Mapped[str] = mapped_column(String(36), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class DemandQueue(Base):
    """One row per live village demand: the fields the county's queue filters, sorts and shows,
    as plain indexed columns (a demand's ``record.data`` is JSON). Derived, never edited: every
    write of a demand record, and of an 催办 of one, refreshes it in the same transaction
    (county/queue.py), and migration c0003 filled it from the records."""

    __tablename__ = "demand_queue"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    requester_initials: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(30))
    catalog_version: Mapped[str] = mapped_column(String(30))
    category_code: Mapped[str] = mapped_column(String(30))
    topic_code: Mapped[str] = mapped_column(String(30))
    urgency: Mapped[str] = mapped_column(String(20))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    assigned_team_id: Mapped[str | None] = mapped_column(String(36), default=None)
    assigned_team_name: Mapped[str] = mapped_column(String(100), default="")
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    evaluation: Mapped[str | None] = mapped_column(String(30), default=None)
    urged: Mapped[int] = mapped_column(Integer, default=0)
    last_urged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_demand_queue_registered", "registered_at"),
        Index("ix_demand_queue_status_registered", "status", "registered_at"),
        Index("ix_demand_queue_village_registered", "village_id", "registered_at"),
        Index("ix_demand_queue_category_registered", "category_code", "registered_at"),
        Index("ix_demand_queue_team_status", "assigned_team_id", "status"),
        Index("ix_demand_queue_due", "due_date", "status"),
        Index("ix_demand_queue_number", "number"),
    )


class ServiceFact(Base):
    """One row per live village activity, service record (志愿服务记录), volunteer, star award or
    points entry: the fields the county's 考核 counts, as plain indexed columns. Derived, never
    edited: every write of such a record refreshes it in the same transaction
    (county/service_facts.py), and migration c0005 filled it from the records.

    What each column holds, by ``entity``:

    ================  ======================  ============  ==================  ===============
    entity            ``at`` / ``day``        ``volunteer``  ``code`` / ``task``  ``amount``
    ================  ======================  ============  ==================  ===============
    activity          starts_at               —             type / five task    audience
    service_record    start_at                volunteer_id  —                   credited minutes
    points_entry      occurred_at             volunteer_id  kind                amount
    star_award        day: awarded_on         volunteer_id  —                   level
    volunteer         day: registered_on      its own id    —                   —
    ================  ======================  ============  ==================  ===============

    ``active`` is a volunteer's 在册 flag (True for the others).
    """

    __tablename__ = "service_fact"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_id: Mapped[int] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(String(30))
    at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    day: Mapped[dt.date | None] = mapped_column(Date, default=None)
    volunteer: Mapped[str | None] = mapped_column(String(36), default=None)
    code: Mapped[str] = mapped_column(String(40), default="")
    task: Mapped[str] = mapped_column(String(40), default="")
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("ix_service_fact_entity_at", "entity", "at"),
        Index("ix_service_fact_entity_village", "entity", "village_id"),
    )
