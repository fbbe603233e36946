"""The reference data a new station starts with, and newer catalogs from the county."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.catalog import (
    ActivityType,
    CatalogVersion,
    DemandCategory,
    DemandTopic,
    StarSchemeRecord,
)
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import Station
from desktop.models.errors import ValidationError
from desktop.models.reference_data import (
    DEFAULT_CATALOG_FILE,
    active_catalog_version,
    five_task_labels,
    install_catalog,
    load_reference,
    seed_reference_data,
)
from desktop.models.writes import WritePath

NOW = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


def _count(session: Session, cls: type, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(cls).where(*where)) or 0)


def _category_label(session: Session, demand: Demand) -> str | None:
    """The label a demand shows: from the catalog version it was filed under."""
    return session.scalar(
        select(DemandCategory.name).where(
            DemandCategory.catalog_version == demand.catalog_version,
            DemandCategory.code == demand.category_code,
        )
    )


def catalog_2027() -> dict[str, Any]:
    """The county's next catalog: HEALTH renamed, OTHER dropped, one category added."""
    catalog = copy.deepcopy(load_reference(DEFAULT_CATALOG_FILE))
    catalog["catalog_version"] = "2027.1"
    catalog["label"] = "需求分类目录（2027 版）"
    catalog["published_at"] = "2027-01-01"
    categories = [c for c in catalog["categories"] if c["code"] != "OTHER"]
    for cat in categories:
        if cat["code"] == "HEALTH":
            cat["name"] = "医疗健康"
            cat["default_due_days"] = 3
    categories.append({"code": "ELDER_CARE", "name": "养老服务", "topics": [["meal", "老年助餐"]]})
    catalog["categories"] = categories
    return catalog


def _register(db: Database, category: str = "HEALTH") -> Demand:
    with db.writing() as session:
        station = session.scalar(select(Station))
        if station is None:
            station = WritePath(session).create(
                Station(name="红旗村实践站", division_code="220102001001")
            )
        filed = register_demand(
            session,
            station.id,
            DemandInput(
                channel="NEEDS_DESK", category_code=category, title="量血压", anonymous=True
            ),
            now=NOW,
        )
        return session.get_one(Demand, filed.id)


def test_first_open_seeds_the_default_reference_data(db: Database) -> None:
    with db.reading() as session:
        assert active_catalog_version(session) == "2026.1"
        versions = list(session.scalars(select(CatalogVersion)))
        assert [(v.catalog_version, v.active) for v in versions] == [("2026.1", True)]
        assert versions[0].published_at == dt.date(2026, 1, 1)
        categories = list(
            session.scalars(select(DemandCategory).order_by(DemandCategory.sort_order))
        )
        assert len(categories) == 9
        assert categories[0].code == "POLICY" and categories[0].name == "理论政策"
        assert {c.catalog_version for c in categories} == {"2026.1"}
        assert _count(session, DemandTopic) == 42
        assert _count(session, ActivityType) == 17
        tasks = set(five_task_labels())
        assert all(t.five_task_code in tasks for t in session.scalars(select(ActivityType)))
        schemes = {s.code: s for s in session.scalars(select(StarSchemeRecord))}
        assert set(schemes) == {"NATIONAL_2012", "BEIJING"}
        assert schemes["NATIONAL_2012"].active and not schemes["BEIJING"].active
        assert schemes["NATIONAL_2012"].thresholds == [100, 300, 600, 1000, 1500]


def test_reopening_does_not_seed_again(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    open_database(path).close()
    db = open_database(path)
    try:
        with db.writing() as session:
            assert seed_reference_data(session) is False
        with db.reading() as session:
            assert _count(session, CatalogVersion) == 1
            assert _count(session, DemandCategory) == 9
            assert _count(session, ActivityType) == 17
            assert _count(session, StarSchemeRecord) == 2
    finally:
        db.close()


def test_default_rows_have_the_same_identity_in_every_database(tmp_path: Path) -> None:
    ids = []
    for name in ("a", "b"):
        db = open_database(tmp_path / name / "workbench.db")
        try:
            with db.reading() as session:
                ids.append(
                    sorted(session.scalars(select(DemandCategory.id)))
                    + sorted(session.scalars(select(ActivityType.id)))
                    + sorted(session.scalars(select(StarSchemeRecord.id)))
                )
        finally:
            db.close()
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == 9 + 17 + 2


def test_newer_catalog_becomes_active_and_old_demands_keep_their_labels(
    tmp_path: Path,
) -> None:
    path = tmp_path / "workbench.db"
    db = open_database(path)
    try:
        old = _register(db)
        with db.writing() as session:
            install_catalog(session, catalog_2027())
        new = _register(db)
    finally:
        db.close()

    db = open_database(path)  # the choice survives a restart
    try:
        with db.reading() as session:
            assert active_catalog_version(session) == "2027.1"
            assert [
                v.catalog_version
                for v in session.scalars(
                    select(CatalogVersion).where(CatalogVersion.active.is_(True))
                )
            ] == ["2027.1"]
            old_row = session.get(Demand, old.id)
            new_row = session.get(Demand, new.id)
            assert old_row is not None and new_row is not None
            assert (old_row.catalog_version, new_row.catalog_version) == ("2026.1", "2027.1")
            assert _category_label(session, old_row) == "卫生健康"
            assert _category_label(session, new_row) == "医疗健康"
            # The new catalog's time limit applies to new demands only.
            assert old_row.due_date == dt.date(2026, 12, 6)
            assert new_row.due_date == dt.date(2026, 12, 2)
            assert _count(session, DemandCategory, DemandCategory.catalog_version == "2026.1") == 9
            assert _count(session, DemandCategory, DemandCategory.catalog_version == "2027.1") == 9
    finally:
        db.close()


def test_categories_only_in_the_old_catalog_can_no_longer_be_chosen(db: Database) -> None:
    with db.writing() as session:
        install_catalog(session, catalog_2027())
    with pytest.raises(ValidationError) as caught:
        _register(db, category="OTHER")
    assert caught.value.field == "category_code"
    assert _register(db, category="ELDER_CARE").catalog_version == "2027.1"


def test_installing_a_catalog_twice_or_inactive_changes_nothing_active(db: Database) -> None:
    with db.writing() as session:
        install_catalog(session, catalog_2027(), activate=False)
        assert active_catalog_version(session) == "2026.1"
        install_catalog(session, catalog_2027())  # already installed: no-op
        assert active_catalog_version(session) == "2026.1"
        assert _count(session, DemandCategory, DemandCategory.catalog_version == "2027.1") == 9
        assert _count(session, CatalogVersion) == 2
