"""The paging both long lists share, on a tiny list of made-up rows: the reads still go through
the real database worker, so they arrive in the order the program would see them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
import shiboken6
from PySide6.QtCore import Signal
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop.models.db import open_database
from desktop.models.queries import Sort
from desktop.ui.app import build_context
from desktop.ui.app_context import AppContext
from desktop.ui.common.paged_table_model import PagedTableModel

ROWS = 10


@dataclass(frozen=True)
class Item:
    id: str


class LetterTableModel(PagedTableModel[Item, str, int]):
    """Rows "<filter>0" … "<filter>9", two to a page, at most two pages in memory."""

    PAGE_SIZE = 2
    MAX_PAGES = 2
    COLUMN_COUNT = 1
    SORT_KEYS: ClassVar[dict[int, str]] = {0: "id"}
    DEFAULT_SORT = Sort("id", descending=False)

    loaded = Signal()

    def _first_page_reader(self) -> Callable[[Session], tuple[list[Item], int]]:
        read = self._page_reader(0)
        return lambda session: (read(session), ROWS)

    def _keep_first_page(self, rows: list[Item], extra: int) -> int:
        return extra

    def _first_page_shown(self) -> None:
        self.loaded.emit()

    def _page_reader(self, offset: int) -> Callable[[Session], list[Item]]:
        prefix = self.filter
        end = min(offset + self.PAGE_SIZE, ROWS)
        return lambda _session: [Item(f"{prefix}{n}") for n in range(offset, end)]

    def _headers(self) -> list[str]:
        return ["id"]

    def _display(self, row: Item, column: int) -> str:
        return row.id

    def _sort_value(self, row: Item, column: int) -> Any:
        return row.id


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    db = open_database(tmp_path / "workbench.db")
    context = build_context(db, tmp_path, tmp_path / "log.txt")
    bugs: list[BaseException] = []
    monkeypatch.setattr(context, "report_bug", bugs.append)
    yield context
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=10_000)
    context.tasks.shutdown()
    db.close()
    assert not bugs, bugs


def _cell(model: LetterTableModel, row: int) -> Any:
    return model.index(row, 0).data()


def _read_in(qtbot: QtBot, model: LetterTableModel, row: int) -> None:
    """Ask for a row not in memory and wait for its page."""
    with qtbot.waitSignal(model.dataChanged, timeout=5_000):
        assert _cell(model, row) == "…"


def _model(qtbot: QtBot, app: AppContext, flt: str) -> LetterTableModel:
    model = LetterTableModel(app, flt)
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        model.reload()
    return model


def test_pages_beyond_the_limit_are_dropped_and_read_again(qtbot: QtBot, app: AppContext) -> None:
    model = _model(qtbot, app, "a")
    assert model.rowCount() == ROWS
    _read_in(qtbot, model, 2)
    assert _cell(model, 2) == "a2"
    assert _cell(model, 0) == "a0"
    # A third page pushes out the one used longest ago: the second, not the first.
    _read_in(qtbot, model, 4)
    assert _cell(model, 4) == "a4"
    assert _cell(model, 0) == "a0"
    assert model.row_of("a2") is None
    _read_in(qtbot, model, 2)
    assert _cell(model, 2) == "a2"
    assert model.row_of("a2") == 2


def test_reads_for_an_old_filter_never_show(qtbot: QtBot, app: AppContext) -> None:
    model = _model(qtbot, app, "a")
    firsts: list[str] = []
    model.loaded.connect(lambda: firsts.append(_cell(model, 0)))
    assert _cell(model, 4) == "…"  # its page is read for filter "a" …
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.waitSignal(model.loaded):
        model.set_filter("b")  # … but arrives after the filter changed
        model.set_filter("c")  # and so does the first page for "b"
    assert firsts == ["c0"]
    _read_in(qtbot, model, 4)
    assert _cell(model, 4) == "c4"


def test_a_model_deleted_while_reading_is_left_alone(qtbot: QtBot, app: AppContext) -> None:
    model = LetterTableModel(app, "a")
    model.reload()
    shiboken6.delete(model)
    qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=5_000)
