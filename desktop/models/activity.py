"""Practice activities (文明实践活动), volunteers, teams, service hours and points."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin, UtcDateTime


class Team(SyncedMixin, Base):
    """A volunteer team in the 总队 / 分队 / 小队 tree.

    County and township teams come from the county as reference data (``owner`` = COUNTY);
    a village may keep its own squads (``owner`` = VILLAGE).
    """

    __tablename__ = "team"
    SYNC_ENTITY = "team"

    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), default=None)
    owner: Mapped[str] = mapped_column(String(10), default="VILLAGE")
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 队长: a volunteer of the team (the village's own squads).
    leader_volunteer_id: Mapped[str | None] = mapped_column(
        ForeignKey("volunteer.id", use_alter=True), default=None
    )


class Volunteer(SyncedMixin, Base):
    """A registered volunteer of the station; often also a villager in the contact book."""

    __tablename__ = "volunteer"
    SYNC_ENTITY = "volunteer"
    DERIVED_FIELDS = frozenset({"pinyin_full", "pinyin_initials"})

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), default=None)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), default=None, index=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(2), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    volunteer_no: Mapped[str] = mapped_column(String(40), default="")
    skills: Mapped[str] = mapped_column(String(200), default="")
    registered_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_full: Mapped[str] = mapped_column(String(200), default="")
    pinyin_initials: Mapped[str] = mapped_column(String(50), default="")


class Activity(SyncedMixin, Base):
    """A practice activity held by or at the station.

    ``search_rowid`` ties the activity to its entry in the ``activity_fts`` index (title and
    place); it is this PC's own and never synced."""

    __tablename__ = "activity"
    SYNC_ENTITY = "activity"
    DERIVED_FIELDS = frozenset({"search_rowid"})

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    activity_type_code: Mapped[str] = mapped_column(String(40))
    five_task_code: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), default=None)
    audience_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    linked_demand_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_rowid: Mapped[int | None] = mapped_column(
        Integer, index=True, unique=True, default=None
    )

    __table_args__ = (
        # The 统计报表 counts a period's activities from one of these alone (migration 0010).
        Index(
            "ix_activity_statistics", "activity_type_code", "five_task_code", "starts_at",
            "audience_count", "deleted_at",
        ),
        Index(
            "ix_activity_statistics_days", "starts_at", "activity_type_code", "five_task_code",
            "audience_count", "deleted_at",
        ),
    )


class ServiceRecord(SyncedMixin, Base):
    """A volunteer's service at an activity: check-in, check-out and breaks.

    ``credited_minutes`` is the rounded creditable time (travel never counts). Records are
    append-only: a correction is a new record with ``corrects_id`` and a signed
    ``credited_minutes`` delta, never an edit of the original.
    """

    __tablename__ = "service_record"
    SYNC_ENTITY = "service_record"

    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"), index=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    start_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    end_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    credited_minutes: Mapped[int] = mapped_column(Integer)
    corrects_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_record.id"), default=None
    )
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # The 统计报表 sums a period's service from one of these alone (migration 0010).
        Index(
            "ix_service_record_statistics", "volunteer_id", "start_at", "credited_minutes",
            "deleted_at",
        ),
        Index(
            "ix_service_record_statistics_days", "start_at", "volunteer_id", "credited_minutes",
            "deleted_at",
        ),
    )


class PointsEntry(SyncedMixin, Base):
    """One line of a volunteer's append-only points ledger (积分: earn, redeem, adjust)."""

    __tablename__ = "points_entry"
    SYNC_ENTITY = "points_entry"

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("activity.id"), default=None)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        # The 统计报表 sums a period's points from this index alone (migration 0010).
        Index("ix_points_entry_statistics", "occurred_at", "kind", "amount", "deleted_at"),
    )


class StarAward(SyncedMixin, Base):
    """星级认定: a star level certified for a volunteer on a date, by someone. Eligibility from
    hours alone awards nothing; this record is the act."""

    __tablename__ = "star_award"
    SYNC_ENTITY = "star_award"

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    awarded_on: Mapped[dt.date] = mapped_column(Date)
    certified_by: Mapped[str] = mapped_column(String(100))
    scheme_code: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Commendation(SyncedMixin, Base):
    """表彰: an honour given to a volunteer or a team (title, date, level, issuing body)."""

    __tablename__ = "commendation"
    SYNC_ENTITY = "commendation"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    awarded_on: Mapped[dt.date] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(20))
    issuing_body: Mapped[str] = mapped_column(String(100))
    volunteer_id: Mapped[str | None] = mapped_column(
        ForeignKey("volunteer.id"), default=None, index=True
    )
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), default=None)


class Attachment(SyncedMixin, Base):
    """Metadata of a photo or file attached to a record; the blob is content-addressed."""

    __tablename__ = "attachment"
    SYNC_ENTITY = "attachment"

    owner_entity: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(50))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
