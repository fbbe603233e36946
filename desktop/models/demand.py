"""Villagers' demands (群众需求), their timeline, and the county's service menu (服务菜单)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin, UtcDateTime


class Demand(SyncedMixin, Base):
    """A demand registered at the station.

    Intake fields belong to the village; status, dispatch and result fields belong to the county
    (``COUNTY_FIELDS``), which is authoritative for the status. The evaluation (评单) belongs to
    the village once the county has resolved the demand.
    """

    __tablename__ = "demand"
    SYNC_ENTITY = "demand"
    COUNTY_FIELDS = frozenset(
        {
            "status",
            "assigned_team_id",
            "assigned_team_name",
            "dispatched_at",
            "claimed_at",
            "resolved_at",
            "result",
            "reject_reason",
            "merged_into_id",
        }
    )
    DERIVED_FIELDS = frozenset({"requester_pinyin", "search_rowid"})

    number: Mapped[str] = mapped_column(String(20), unique=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    requester_contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact.id"), default=None, index=True
    )
    # A snapshot of who asked, as the paper ledger keeps it; empty when anonymous.
    requester_name: Mapped[str] = mapped_column(String(50), default="")
    requester_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(50), default="")
    channel: Mapped[str] = mapped_column(String(20))
    category_code: Mapped[str] = mapped_column(String(40))
    topic_code: Mapped[str] = mapped_column(String(40), default="")
    catalog_version: Mapped[str] = mapped_column(String(20))
    menu_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_menu_item.id"), default=None
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(20), default="NORMAL")
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grid.id"), default=None)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)

    status: Mapped[str] = mapped_column(String(20), default="SUBMITTED")
    assigned_team_id: Mapped[str | None] = mapped_column(String(36), default=None)
    assigned_team_name: Mapped[str] = mapped_column(String(100), default="")
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    result: Mapped[str] = mapped_column(Text, default="")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[str | None] = mapped_column(String(36), default=None)

    evaluation: Mapped[str | None] = mapped_column(String(30), default=None)
    evaluation_note: Mapped[str] = mapped_column(Text, default="")
    evaluated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    # 撤回: the villager no longer needs it (before the county acted); the county then marks
    # the demand 已撤回.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    withdraw_reason: Mapped[str | None] = mapped_column(Text, default=None)

    requester_pinyin: Mapped[str] = mapped_column(String(250), default="")
    search_rowid: Mapped[int] = mapped_column(Integer, unique=True)

    __table_args__ = (
        # Each filter of the list has an index that also covers its count (status and
        # deleted_at inside the index, so counting never touches the table).
        Index("ix_demand_registered", "deleted_at", "registered_at"),
        Index("ix_demand_status_registered", "status", "deleted_at", "registered_at"),
        Index("ix_demand_category_registered", "category_code", "registered_at"),
        Index("ix_demand_category_status", "category_code", "status", "deleted_at"),
        Index("ix_demand_channel_registered", "channel", "deleted_at", "registered_at"),
        Index("ix_demand_due", "due_date", "status"),
        # The 统计报表 reads a period's demands from one of these alone (migration 0010).
        Index(
            "ix_demand_statistics", "channel", "category_code", "grid_id", "status",
            "evaluation", "registered_at", "due_date", "resolved_at", "claimed_at", "deleted_at",
        ),
        Index(
            "ix_demand_statistics_days", "registered_at", "status", "evaluation", "channel",
            "category_code", "grid_id", "due_date", "resolved_at", "claimed_at", "deleted_at",
        ),
    )


class DemandEvent(SyncedMixin, Base):
    """One step of a demand's timeline (registered, dispatched, claimed, resolved, evaluated …).

    Append-only: events are never edited.
    """

    __tablename__ = "demand_event"
    SYNC_ENTITY = "demand_event"

    demand_id: Mapped[str] = mapped_column(ForeignKey("demand.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class DemandNumberCounter(Base):
    """Last 需求编号 sequence used per day, bumped in the transaction that files the demand.

    Local only. A number that reached a committed demand is never handed out again, because the
    counter only moves forward and deleted demands stay as tombstones.
    """

    __tablename__ = "demand_number_counter"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class ServiceMenuItem(SyncedMixin, Base):
    """An orderable service the county publishes (服务菜单); ordering it files a 点单 demand."""

    __tablename__ = "service_menu_item"
    SYNC_ENTITY = "service_menu_item"
    COUNTY_FIELDS = frozenset(
        {"title", "category_code", "topic_code", "description", "provider", "active", "sort_order"}
    )

    title: Mapped[str] = mapped_column(String(200))
    category_code: Mapped[str] = mapped_column(String(40))
    topic_code: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
