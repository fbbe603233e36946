"""网格管理: the village's grids and their leaders (网格长), kept deliberately small: add a
grid, rename it, pick its leader from the contact book."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.changes import Changed
from desktop.models.grids import GridView, add_grid, load_grids, rename_grid, set_grid_leader
from desktop.models.queries import ContactFilter, ContactRow, list_contacts
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.record_list import search_delay
from desktop.ui.common.taskman import OpContext


class ContactPickerDialog(QDialog):
    """Pick one villager by name, pinyin initials or phone digits."""

    results_shown = Signal()

    def __init__(self, app: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(title)
        self.resize(420, 480)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("姓名、拼音首字母或电话号码"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        dialogs.tab_order(self, [self.search_edit, self.results], buttons)
        self._timer = search_delay(self, self.search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())

    def search(self) -> None:
        text = self.search_edit.text().strip()

        def load(session: Session, _ctx: OpContext) -> list[ContactRow]:
            return list_contacts(session, ContactFilter(text=text), limit=50) if text else []

        DbOp(self, self.app, load).success(self._show).run_in_background()

    def _show(self, rows: list[ContactRow]) -> None:
        self.results.clear()
        for row in rows:
            detail = " · ".join(x for x in (row.group_name, row.address) if x)
            item = QListWidgetItem(f"{row.name}　{detail}" if detail else row.name, self.results)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if rows:
            self.results.setCurrentRow(0)
        self.results_shown.emit()

    def chosen_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class ContactGridDialog(QDialog):
    grids_loaded = Signal()

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.grids: list[GridView] = []
        self.prompt: DialogSlot[QInputDialog] = DialogSlot()
        self.picker: DialogSlot[ContactPickerDialog] = DialogSlot()
        self.setWindowTitle(self.tr("网格管理"))
        self.resize(560, 420)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("网格"), self.tr("网格长")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.add_button = QPushButton(self.tr("新增网格…"), self)
        self.rename_button = QPushButton(self.tr("改名…"), self)
        self.leader_button = QPushButton(self.tr("设置网格长…"), self)
        close = QDialogButtonBox(self)
        close.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.leader_button):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        dialogs.tab_order(
            self, [self.table, self.add_button, self.rename_button, self.leader_button], close
        )
        self.add_button.clicked.connect(self._ask_add)
        self.rename_button.clicked.connect(self._ask_rename)
        self.leader_button.clicked.connect(self._ask_leader)
        self.reload()

    def reload(self) -> None:
        DbOp(self, self.app, lambda session, _ctx: load_grids(session)).success(
            self._show
        ).run_in_background()

    def _show(self, grids: list[GridView]) -> None:
        self.grids = grids
        self.table.setRowCount(len(grids))
        for row, grid in enumerate(grids):
            self.table.setItem(row, 0, QTableWidgetItem(grid.name))
            self.table.setItem(row, 1, QTableWidgetItem(grid.leader_name or self.tr("（未设置）")))
        if grids and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.grids_loaded.emit()

    def current_grid(self) -> GridView | None:
        row = self.table.currentRow()
        return self.grids[row] if 0 <= row < len(self.grids) else None

    def _write(self, fn: Callable[[Session], Changed[Any]], done: str) -> None:
        def work(session: Session, _ctx: OpContext) -> Changed[Any]:
            return fn(session)

        def finished(_result: object) -> None:
            self.message.setText(done)
            self.reload()

        WriteOp(self, self.app, work).success(finished).run_in_background()

    def add(self, name: str) -> None:
        self._write(
            lambda session: add_grid(session, name), self.tr("已新增网格“{0}”").format(name.strip())
        )

    def rename(self, grid_id: str, name: str) -> None:
        self._write(
            lambda session: rename_grid(session, grid_id, name),
            self.tr("已改名为“{0}”").format(name.strip()),
        )

    def set_leader(self, grid_id: str, contact_id: str | None) -> None:
        self._write(
            lambda session: set_grid_leader(session, grid_id, contact_id), self.tr("已设置网格长")
        )

    def _name_prompt(self, title: str, label: str, value: str = "") -> QInputDialog:
        prompt = QInputDialog(self)
        prompt.setWindowTitle(title)
        prompt.setLabelText(label)
        prompt.setTextValue(value)
        prompt.setOkButtonText(self.tr("确定"))
        prompt.setCancelButtonText(self.tr("取消"))
        return prompt

    def _ask_add(self) -> None:
        def answered(prompt: QInputDialog) -> None:
            if prompt.result() == QDialog.DialogCode.Accepted:
                self.add(prompt.textValue())

        self.prompt.open(
            lambda: self._name_prompt(self.tr("新增网格"), self.tr("网格名称：")), answered
        )

    def _ask_rename(self) -> None:
        grid = self.current_grid()
        if grid is None:
            return

        def answered(prompt: QInputDialog) -> None:
            name = prompt.textValue()
            if prompt.result() == QDialog.DialogCode.Accepted and name.strip() != grid.name:
                self.rename(grid.id, name)

        self.prompt.open(
            lambda: self._name_prompt(self.tr("网格改名"), self.tr("新的名称："), grid.name),
            answered,
        )

    def _ask_leader(self) -> None:
        grid = self.current_grid()
        if grid is None:
            return

        def chosen(picker: ContactPickerDialog) -> None:
            contact_id = picker.chosen_id()
            if picker.result() == QDialog.DialogCode.Accepted and contact_id:
                self.set_leader(grid.id, contact_id)

        title = self.tr("选择“{0}”的网格长").format(grid.name)
        self.picker.open(lambda: ContactPickerDialog(self.app, title, self), chosen)
