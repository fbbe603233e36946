"""Fixtures of the 首次使用 / 设置 (tests/ui/settings) and 同步 (tests/ui/sync) window tests: real
widgets on a real temporary database, and a real county server started as a subprocess
(``python -m county … serve``). Each folder's conftest.py takes them from here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from settings_support import County, MessageBoxes
from ui_support import running_county, type_text

from desktop.models.db import Database, open_database
from desktop.sync import credentials
from desktop.ui.app import build_context
from desktop.ui.app_context import AppContext


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Device tokens go to the data folder's file, never into the developer's keyring."""
    monkeypatch.setattr(credentials, "_usable_keyring", lambda: None)


@pytest.fixture
def type_chinese() -> Callable[[QWidget, str], None]:
    """Type Chinese into a focused field the way an input method does: as committed text.
    (QTest's key clicks only know ASCII keys.)"""
    return type_text


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()

    def answer(box: QMessageBox) -> None:
        text = box.text()
        if box.informativeText():
            text += "\n" + box.informativeText()
        boxes.shown.append(text)
        for button in box.buttons():
            if button.text() == boxes.answer:
                button.click()
                return
        box.done(0)

    monkeypatch.setattr(QMessageBox, "open", answer)
    return boxes


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    target = tmp_path / "workbench.db"
    target.write_bytes(template.read_bytes())
    database = open_database(target)
    yield database
    database.close()


@pytest.fixture
def context(qtbot: QtBot, db: Database, tmp_path: Path) -> Iterator[AppContext]:
    app = build_context(db, tmp_path, tmp_path / "log.txt")
    yield app
    qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=30_000)
    app.tasks.shutdown()


@pytest.fixture
def keep(qtbot: QtBot, context: AppContext) -> Iterator[Callable[[QWidget], None]]:
    """Register a top-level widget to close at the end of the test, but only once every
    background operation has delivered its result (qtbot.addWidget closes widgets first)."""
    widgets: list[QWidget] = []
    yield widgets.append
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=30_000)
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    qtbot.wait(1)


# --- the county server -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    with running_county(tmp_path_factory.mktemp("county")) as server:
        yield server
