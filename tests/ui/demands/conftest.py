"""Real widgets on a real temporary database: a station with two villagers, and an AppContext
whose background operations are drained before the widgets go away."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from demand_support import ZHANG_PHONE
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.models.db import Database, open_database
from desktop.models.entities import Contact, Grid, Station
from desktop.models.writes import WritePath
from desktop.ui.app import build_context
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Popups (the completer, the date calendar, message boxes) ask the offscreen platform for
    # things only a real screen has; it answers with a warning that says nothing about us.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"^This plugin does not support"))


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


class Problems:
    """Notices the code under test showed (their text), and bugs it reported."""

    def __init__(self) -> None:
        self.bugs: list[BaseException] = []
        self.warnings: list[str] = []


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> Problems:
    found = Problems()

    def notify(_parent: object, _title: str, text: str, **_kw: object) -> None:
        found.warnings.append(text)

    monkeypatch.setattr(dialogs, "notify", notify)
    return found


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QWidget]:
    """The parent of every widget a test makes, deleted only after the database worker has
    stopped: a worker thread that let go of the last reference to a parentless widget would
    destroy it off the GUI thread (as in the program, where every widget has a parent)."""
    widget = QWidget()
    widget.resize(1200, 700)
    yield widget
    widget.hide()
    shiboken6.delete(widget)


def _context(db: Database, folder: Path, qtbot: QtBot, problems: Problems) -> Iterator[AppContext]:
    context = build_context(db, folder, folder / "log.txt")
    context.report_bug = problems.bugs.append  # type: ignore[method-assign]
    yield context
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=10_000)
    context.tasks.shutdown()
    assert not problems.bugs, problems.bugs


@pytest.fixture
def app(
    db: Database, tmp_path: Path, qtbot: QtBot, problems: Problems, host: QWidget
) -> Iterator[AppContext]:
    yield from _context(db, tmp_path, qtbot, problems)


@pytest.fixture
def demo_app(
    demo_db: Database, tmp_path: Path, qtbot: QtBot, problems: Problems, host: QWidget
) -> Iterator[AppContext]:
    yield from _context(demo_db, tmp_path, qtbot, problems)
