"""Reference data the county publishes: demand catalog, activity types, star schemes and the
priority groups (重点人群) a contact may be tagged with.

Categories and topics are keyed by (catalog version, code), so a demand filed under an older
catalog keeps its labels after the county publishes a new one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import SYNC_BOOKKEEPING, Base, SyncedMixin


class CatalogVersion(SyncedMixin, Base):
    __tablename__ = "catalog_version"
    SYNC_ENTITY = "catalog_version"

    catalog_version: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[dt.date | None] = mapped_column(Date, default=None)


class DemandCategory(SyncedMixin, Base):
    __tablename__ = "demand_category"
    SYNC_ENTITY = "demand_category"

    catalog_version: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    default_due_days: Mapped[int] = mapped_column(Integer, default=7)

    __table_args__ = (UniqueConstraint("catalog_version", "code"),)


class DemandTopic(SyncedMixin, Base):
    __tablename__ = "demand_topic"
    SYNC_ENTITY = "demand_topic"

    catalog_version: Mapped[str] = mapped_column(String(20))
    category_code: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("catalog_version", "code"),)


class ActivityType(SyncedMixin, Base):
    """An activity type with its default mapping to one of the five tasks (五项工作)."""

    __tablename__ = "activity_type"
    SYNC_ENTITY = "activity_type"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    five_task_code: Mapped[str] = mapped_column(String(40))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PointsRule(SyncedMixin, Base):
    """积分规则 the county publishes: points per hour served (``basis`` HOUR) or per activity
    taken part in (ACTIVITY)."""

    __tablename__ = "points_rule"
    SYNC_ENTITY = "points_rule"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    basis: Mapped[str] = mapped_column(String(20))
    points: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Reward(SyncedMixin, Base):
    """礼遇: what points are redeemed for (a priority service, goods), at a cost in points."""

    __tablename__ = "reward"
    SYNC_ENTITY = "reward"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    cost: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class StarSchemeRecord(SyncedMixin, Base):
    """Hour thresholds for ★1–★5; the active one decides computed star eligibility."""

    __tablename__ = "star_scheme"
    SYNC_ENTITY = "star_scheme"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    thresholds: Mapped[list[float]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    effective_from: Mapped[dt.date | None] = mapped_column(Date, default=None)


class PriorityGroup(SyncedMixin, Base):
    """A 重点人群 the county adds to the built-in ones (desktop.models.rules.priority_groups), or
    renames (same code), or takes out of use (``active`` false); ``aliases`` are other words
    rosters use for it."""

    __tablename__ = "priority_group"
    SYNC_ENTITY = "priority_group"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


# Reference data is the county's alone: every column but the bookkeeping ones is county-owned.
for _entity in (
    CatalogVersion,
    DemandCategory,
    DemandTopic,
    ActivityType,
    StarSchemeRecord,
    PriorityGroup,
    PointsRule,
    Reward,
):
    _entity.COUNTY_FIELDS = frozenset(c.key for c in _entity.__table__.columns) - SYNC_BOOKKEEPING
