"""Real widgets on a real temporary database: a station with two villagers, and an AppContext
whose background operations are drained before the widgets go away (widget_fixtures)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from demand_support import ZHANG_PHONE
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from widget_fixtures import Problems, widget_context

from desktop.models.db import Database, open_database
from desktop.models.entities import Contact, Grid, Station
from desktop.models.writes import WritePath
from desktop.ui.app_context import AppContext


def _base(path: Path) -> None:
    db = open_database(path)
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(
            Station(name="红旗村新时代文明实践站", division_code="220102001001")
        )
        session.flush()
        grid = writes.create(Grid(station_id=station.id, name="第一网格"))
        session.flush()
        writes.create(
            Contact(
                station_id=station.id,
                name="张三",
                phone=ZHANG_PHONE,
                group_name="一组",
                grid_id=grid.id,
            )
        )
        writes.create(Contact(station_id=station.id, name="李四", phone="13900001111"))
    db.close()


@pytest.fixture(scope="session")
def base_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "workbench.db"
    _base(path)
    return path


def _copy(template: Path, folder: Path) -> Database:
    target = folder / "workbench.db"
    shutil.copyfile(template, target)
    return open_database(target)


@pytest.fixture
def db(tmp_path: Path, base_template: Path) -> Iterator[Database]:
    database = _copy(base_template, tmp_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    database = _copy(demo_template, tmp_path)
    yield database
    database.close()



@pytest.fixture
def demo_app(
    demo_db: Database, tmp_path: Path, qtbot: QtBot, problems: Problems, host: QWidget
) -> Iterator[AppContext]:
    yield from widget_context(demo_db, tmp_path, qtbot, problems)
