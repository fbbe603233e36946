"""Helpers of the demand UI tests: filing demands and playing the county's part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.models.db import Database
from desktop.models.demand import Demand, ServiceMenuItem
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import Contact, Station

ZHANG_PHONE = "13812345678"


def station_id(db: Database) -> str:
    with db.reading() as session:
        return str(session.scalar(select(Station.id)))


def contact_id(db: Database, name: str) -> str:
    with db.reading() as session:
        return str(session.scalar(select(Contact.id).where(Contact.name == name)))


def register(db: Database, now: dt.datetime | None = None, **overrides: object) -> str:
    """File a demand the way the form does; returns its id."""
    values: dict[str, object] = {
        "channel": "NEEDS_DESK",
        "category_code": "CONVENIENCE",
        "title": "三组路灯坏了",
        "description": "晚上路过很黑，请打13812345678联系",
        "requester_contact_id": contact_id(db, "张三"),
        "requester_name": "张三",
    }
    values.update(overrides)
    with db.writing() as session:
        data = DemandInput(**values)  # type: ignore[arg-type]
        return register_demand(session, station_id(db), data, now=now).id


def set_status(db: Database, demand_id: str, status: str, **fields: object) -> None:
    """What the sync does when the county moves a demand on."""
    with db.writing() as session:
        demand = session.get(Demand, demand_id)
        assert demand is not None
        demand.status = status
        demand.server_version = (demand.server_version or 0) + 1
        for key, value in fields.items():
            setattr(demand, key, value)


def add_menu_item(db: Database, title: str = "上门理发") -> str:
    """A menu item as the county publishes it (arrives by sync, never written locally)."""
    with db.writing() as session:
        item = ServiceMenuItem(
            title=title,
            category_code="CONVENIENCE",
            topic_code="haircut",
            description="志愿者上门为老人理发",
            provider="县理发志愿服务队",
            server_version=1,
        )
        session.add(item)
        session.flush()
        return item.id
