"""What the widget tests of every feature folder share (tests/ui/demands, contacts,
activities): the notices and bugs the code under test showed, a parent for the widgets a test
makes, and an AppContext on the test's database whose background work is drained (and found
bug-free) before the widgets go away. The root conftest registers them; a feature folder's
conftest provides ``db``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.models.db import Database
from desktop.ui.app import build_context
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs


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


def widget_context(
    db: Database, folder: Path, qtbot: QtBot, problems: Problems
) -> Iterator[AppContext]:
    """The AppContext of a widget test (use it in an ``app`` fixture with ``yield from``)."""
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
    """The AppContext on the feature folder's ``db`` (each folder's conftest makes it)."""
    yield from widget_context(db, tmp_path, qtbot, problems)
