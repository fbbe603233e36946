"""What the pages that list records (群众需求, 村民通讯录) share: the table, the typing delay of
their search box and the refilling of their filter choices."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

# Typing pauses this long before the list is searched: one query per word, not per keystroke.
SEARCH_DELAY_MS = 250


class RecordTableView(QTableView):
    """A read-only list of records, one row selected at a time, sorted in SQL by the model.
    Enter on the current row or a double click on a row asks to open it (``open_requested``
    with the row's number)."""

    open_requested = Signal(int)

    def __init__(
        self, model: QAbstractItemModel, stretch_column: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))

    def size_columns(self, samples: dict[int, str], padding: int) -> None:
        """Make each column wide enough for its sample text (Chinese at the current font)."""
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        for column, sample in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + padding)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self.open_requested.emit(index.row())
                event.accept()
                return
        super().keyPressEvent(event)


def search_delay(
    parent: QObject, search: Callable[[], None], edit: QLineEdit | None = None
) -> QTimer:
    """A single-shot timer that calls ``search`` once typing has paused: restarted by every
    change of ``edit``'s text, where Enter searches at once (without ``edit``, the caller
    restarts it)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)
    timer.timeout.connect(search)
    if edit is not None:
        edit.textChanged.connect(lambda _text: timer.start())
        edit.returnPressed.connect(search)
    return timer


def refill_choices(combo: QComboBox, items: Sequence[tuple[Any, str]]) -> bool:
    """Replace the choices after the first ("全部…") with ``(value, label)`` items, keeping the
    current choice where it is still offered, without emitting change signals. Returns False
    when the current choice is gone (the combo is back at the first item)."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value, label in items:
        combo.addItem(label, value)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    return index >= 0
