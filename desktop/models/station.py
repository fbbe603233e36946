"""The village station, its grids and the villager contact book (村民通讯录)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin


class Station(SyncedMixin, Base):
    """This village's practice station (新时代文明实践站).

    The 12-digit statistical division code is an attribute, never a key: codes change when
    villages merge.
    """

    __tablename__ = "station"
    SYNC_ENTITY = "station"

    name: Mapped[str] = mapped_column(String(100))
    division_code: Mapped[str] = mapped_column(String(12))
    township: Mapped[str] = mapped_column(String(100), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    # Printed on receipts: where villagers ask about their demands.
    phone: Mapped[str | None] = mapped_column(String(30), default=None)


class Grid(SyncedMixin, Base):
    """A grid (网格) of the village, with its leader (网格长)."""

    __tablename__ = "grid"
    SYNC_ENTITY = "grid"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    leader_contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact.id", use_alter=True), default=None
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Contact(SyncedMixin, Base):
    """A villager in the contact book.

    ``tags`` holds priority-group codes (留守老人 …); they are sensitive and shown only in the
    contact's own detail. ``id_number`` is optional and stored only when needed.
    ``pinyin_full`` / ``pinyin_initials`` are derived search keys; ``search_rowid`` ties the
    row to its full-text index entry (a stable integer, unlike SQLite's implicit rowid).
    """

    __tablename__ = "contact"
    SYNC_ENTITY = "contact"
    DERIVED_FIELDS = frozenset({"pinyin_full", "pinyin_initials", "search_rowid"})

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(2), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    proxy_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    proxy_relation: Mapped[str | None] = mapped_column(String(20), default=None)
    group_name: Mapped[str] = mapped_column(String(50), default="")
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grid.id"), default=None, index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    pinyin_full: Mapped[str] = mapped_column(String(200), default="")
    pinyin_initials: Mapped[str] = mapped_column(String(50), default="")
    search_rowid: Mapped[int] = mapped_column(Integer, unique=True)
