"""选择需求: find a demand to link to an activity, as the demand list finds it (number, title,
requester, pinyin initials, phone digits). Enter or a double click takes the highlighted one;
the dialog stays open for the next, 完成 or Esc closes it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.activities import DemandLink, find_demands
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import DbOp
from desktop.ui.common.record_list import search_delay
from desktop.ui.common.taskman import OpContext


class DemandPickerDialog(QDialog):
    picked = Signal(object)  # DemandLink

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self._query = ""
        self.setWindowTitle(self.tr("选择需求"))
        self.resize(640, 480)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("需求编号、标题、群众姓名、拼音首字母或电话号码")
        )
        self.results = QListWidget(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.take_button = self.buttons.addButton(
            self.tr("添加"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.done_button = self.buttons.addButton(
            self.tr("完成"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.take_button.setAutoDefault(False)
        self.done_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._timer = search_delay(self, self.search, None)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.installEventFilter(self)
        self.take_button.clicked.connect(self.take_current)
        self.buttons.rejected.connect(self.reject)
        self.results.itemActivated.connect(lambda _item: self.take_current())
        self.search_edit.setFocus()
        self.search()

    def eventFilter(self, watched: object, event: object) -> bool:
        # In the search box, Enter takes the highlighted demand and the arrows move in the
        # list, so the keyboard never has to leave the box.
        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.take_current()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def search(self) -> None:
        self._timer.stop()
        query, today = self.search_edit.text(), beijing.today()
        self._query = query

        def load(session: Session, _ctx: OpContext) -> list[DemandLink]:
            return find_demands(session, query, today)

        def loaded(links: list[DemandLink]) -> None:
            if query != self._query:
                return  # typed on meanwhile
            self.results.clear()
            for link in links:
                item = QListWidgetItem(f"{link.number}　{link.title}")
                item.setData(Qt.ItemDataRole.UserRole, link)
                self.results.addItem(item)
            if links:
                self.results.setCurrentRow(0)
            self.note.setText(
                "" if links else self.tr("没有找到符合的需求。")
            )

        DbOp(self, self.app, load).success(loaded).run_in_background()

    def take_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        link: DemandLink = item.data(Qt.ItemDataRole.UserRole)
        self.picked.emit(link)
        self.note.setText(self.tr("已添加 {0}").format(link.number))
