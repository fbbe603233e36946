"""The reference data a new station starts with, and installing newer catalogs later.

Defaults come from ``liaison_wire/reference/*.json`` (the proposed catalog of the domain
notes; ``liaison_wire.defaults`` reads them). Their ids
are name-based UUIDs, so the county's copy of the same default rows has the same identity and a
later pull updates them instead of duplicating them. Installing a catalog version never deletes
an older one: demands keep the labels of the version they were filed under.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.catalog import (
    ActivityType,
    CatalogVersion,
    DemandCategory,
    DemandTopic,
    PointsRule,
    Reward,
    StarSchemeRecord,
)
from liaison_wire.defaults import DEFAULT_CATALOG_FILE, REFERENCE_DIR, load_reference, reference_id

__all__ = ["DEFAULT_CATALOG_FILE", "REFERENCE_DIR", "load_reference", "reference_id"]

def five_task_labels() -> dict[str, str]:
    return {code: label for code, label in load_reference("activity_types.json")["five_tasks"]}


def install_catalog(session: Session, catalog: dict[str, Any], *, activate: bool = True) -> None:
    """Add a demand catalog version (categories and topics); optionally make it the active one."""
    version = catalog["catalog_version"]
    if session.scalar(select(CatalogVersion).where(CatalogVersion.catalog_version == version)):
        return
    published = catalog.get("published_at")
    if activate:
        for active in session.scalars(select(CatalogVersion).where(CatalogVersion.active)):
            active.active = False
    session.add(
        CatalogVersion(
            id=reference_id("catalog_version", version),
            catalog_version=version,
            label=catalog.get("label", version),
            active=activate,
            published_at=dt.date.fromisoformat(published) if published else None,
        )
    )
    for c_order, cat in enumerate(catalog["categories"]):
        session.add(
            DemandCategory(
                id=reference_id("demand_category", version, cat["code"]),
                catalog_version=version,
                code=cat["code"],
                name=cat["name"],
                sort_order=c_order,
                default_due_days=cat.get("default_due_days", 7),
            )
        )
        for t_order, (code, name) in enumerate(cat["topics"]):
            session.add(
                DemandTopic(
                    id=reference_id("demand_topic", version, code),
                    catalog_version=version,
                    category_code=cat["code"],
                    code=code,
                    name=name,
                    sort_order=t_order,
                )
            )
    session.flush()


def seed_reference_data(session: Session) -> bool:
    """Install the defaults into an empty database. Returns True if anything was added."""
    if session.scalar(select(CatalogVersion.id).limit(1)) is not None:
        return False
    install_catalog(session, load_reference(DEFAULT_CATALOG_FILE))
    for order, (code, name, task) in enumerate(
        load_reference("activity_types.json")["activity_types"]
    ):
        session.add(
            ActivityType(
                id=reference_id("activity_type", code),
                code=code,
                name=name,
                five_task_code=task,
                sort_order=order,
            )
        )
    for scheme in load_reference("star_schemes.json")["star_schemes"]:
        session.add(
            StarSchemeRecord(
                id=reference_id("star_scheme", scheme["code"]),
                code=scheme["code"],
                name=scheme["name"],
                thresholds=scheme["thresholds"],
                active=scheme["active"],
            )
        )
    points = load_reference("points.json")
    for order, (code, name, basis, value) in enumerate(points["rules"]):
        session.add(
            PointsRule(
                id=reference_id("points_rule", code),
                code=code,
                name=name,
                basis=basis,
                points=value,
                sort_order=order,
            )
        )
    for order, (code, name, kind, cost) in enumerate(points["rewards"]):
        session.add(
            Reward(
                id=reference_id("reward", code),
                code=code,
                name=name,
                kind=kind,
                cost=cost,
                sort_order=order,
            )
        )
    session.flush()
    return True


def active_catalog_version(session: Session) -> str:
    version = (
        session.connection()
        .execute(select(CatalogVersion.catalog_version).where(CatalogVersion.active.is_(True)))
        .scalar()
    )
    if version is None:
        raise LookupError("no active demand catalog")
    return version
