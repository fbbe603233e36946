"""网格管理: the village's grids and their leaders (网格长), kept deliberately small: add a
grid, rename it, pick its leader from the contact book."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.demand_views import current_station_id
from desktop.models.errors import LiaisonError
from desktop.models.queries import ContactFilter, ContactRow, list_contacts
from desktop.models.station import Contact, Grid
from desktop.models.writes import WritePath
from desktop.ui import dialogs
from desktop.ui.app_context import AppContext, Changes
from desktop.ui.dialogs import DialogSlot
from desktop.ui.operations import DbOp
from desktop.ui.record_list import search_delay
from desktop.ui.taskman import OpContext


@dataclass(frozen=True)
class GridView:
    id: str
    name: str
    leader_id: str | None
    leader_name: str


def load_grids(session: Session) -> list[GridView]:
    rows = session.execute(
        select(Grid.id, Grid.name, Grid.leader_contact_id, Contact.name)
        .outerjoin(Contact, Contact.id == Grid.leader_contact_id)
        .where(Grid.deleted_at.is_(None))
        .order_by(Grid.sort_order, Grid.name)
    )
    return [
        GridView(gid, name, leader, leader_name or "") for gid, name, leader, leader_name in rows
    ]


def _clean_name(session: Session, name: str, grid_id: str | None) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise LiaisonError("请填写网格名称。")
    if len(cleaned) > 100:
        raise LiaisonError("网格名称最多 100 个字。")
    taken = session.scalar(
        select(Grid.id).where(
            Grid.deleted_at.is_(None), Grid.name == cleaned, Grid.id != (grid_id or "")
        )
    )
    if taken is not None:
        raise LiaisonError(f"已经有名为“{cleaned}”的网格了。")
    return cleaned


def add_grid(session: Session, name: str) -> str:
    cleaned = _clean_name(session, name, None)
    order = session.scalar(select(func.max(Grid.sort_order)).where(Grid.deleted_at.is_(None)))
    grid = WritePath(session).create(
        Grid(station_id=current_station_id(session), name=cleaned, sort_order=(order or 0) + 1)
    )
    session.flush()
    return grid.id


def _grid(session: Session, grid_id: str) -> Grid:
    grid = session.get(Grid, grid_id)
    if grid is None or grid.deleted_at is not None:
        raise LiaisonError("这个网格已被删除。")
    return grid


def rename_grid(session: Session, grid_id: str, name: str) -> None:
    WritePath(session).update(_grid(session, grid_id), name=_clean_name(session, name, grid_id))


def set_grid_leader(session: Session, grid_id: str, contact_id: str | None) -> None:
    WritePath(session).update(_grid(session, grid_id), leader_contact_id=contact_id)


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

    def _write(self, fn: Callable[[Session], object], done: str) -> None:
        def work(session: Session, _ctx: OpContext) -> None:
            fn(session)

        def finished(_result: None) -> None:
            self.message.setText(done)
            self.app.signals.records_changed.emit(Changes(contacts=True, station=True))
            self.reload()

        DbOp(self, self.app, work, write=True).success(finished).run_in_background()

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
