"""点单: a villager orders a service from the county's menu (服务菜单), which files a demand with
channel 点单, the menu item, and the item's category and topic."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.demand_views import MenuItemView, service_menu
from desktop.models.demands import TITLE_MAX, DemandInput, FiledDemand
from desktop.models.errors import ValidationError
from desktop.models.rules.demand_status import Channel, Urgency
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.fields import FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.labels import urgencies
from desktop.ui.demands.requester import RequesterFields

AnyIndex = QModelIndex | QPersistentModelIndex


class ServiceMenuTableModel(QAbstractTableModel):
    COL_TITLE = 0
    COL_CATEGORY = 1
    COL_PROVIDER = 2
    RecordRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[MenuItemView] = []

    def set_items(self, items: list[MenuItemView]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [self.tr("服务项目"), self.tr("类别"), self.tr("提供方")]
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == self.RecordRole:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.description or None
        if role not in (Qt.ItemDataRole.DisplayRole, self.SortRole):
            return None
        column = index.column()
        if column == self.COL_TITLE:
            return item.title
        if column == self.COL_CATEGORY:
            if item.topic_name:
                return f"{item.category_name} · {item.topic_name}"
            return item.category_name
        if column == self.COL_PROVIDER:
            return item.provider
        return None


class MenuOrderDialog(QDialog):
    demand_filed = Signal(object)  # FiledDemand

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.filed: FiledDemand | None = None
        self.ready = False  # the menu has arrived
        self._saving = False
        self._title_edited = False
        self._typed = False
        self.discard_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.setWindowTitle(self.tr("点单：从服务菜单下单"))
        self.resize(820, 720)

        self.menu_model = ServiceMenuTableModel(self)
        self.menu_view = QTableView(self)
        self.menu_view.setModel(self.menu_model)
        self.menu_view.verticalHeader().hide()
        self.menu_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.menu_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.menu_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.menu_view.setTabKeyNavigation(False)
        header = self.menu_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ServiceMenuTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.menu_view.selectionModel().selectionChanged.connect(self._item_chosen)
        self.empty_label = QLabel(self.tr("正在读取服务菜单…"), self)
        self.item_description = QLabel(self)
        self.item_description.setWordWrap(True)
        self.item_error = error_label(self)

        self.general_error = error_label(self)
        self.requester = RequesterFields(app, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(TITLE_MAX)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            self.tr("时间、地点、人数等补充说明（可不填；Ctrl+Enter 下单）")
        )
        dialogs.save_on_ctrl_enter(self.description_edit, self.accept)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.urgency_combo = QComboBox(self)
        for code, label in urgencies():
            self.urgency_combo.addItem(label, code)
        title_error = error_label(self)
        urgency_error = error_label(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("群众"), self.requester.name_row)
        form.addRow(self.tr("联系电话"), self.requester.phone_row)
        form.addRow(self.tr("需求标题"), field_row(self, self.title_edit, error=title_error))
        form.addRow(self.tr("补充说明"), self.description_edit)
        form.addRow(self.tr("紧急程度"), field_row(self, self.urgency_combo, error=urgency_error))

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("下单"), self)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("县中心发布的服务菜单："), self))
        layout.addWidget(self.empty_label)
        layout.addWidget(self.menu_view, 1)
        layout.addWidget(self.item_description)
        layout.addWidget(self.item_error)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.errors = FieldErrors(self.general_error, self)
        self.errors.add("requester_name", self.requester.name_edit, self.requester.name_error)
        self.errors.add("requester_phone", self.requester.phone_edit, self.requester.phone_error)
        self.errors.add("title", self.title_edit, title_error)
        self.errors.add("urgency", self.urgency_combo, urgency_error)
        # The category comes with the menu item: its errors belong under the menu.
        self.errors.add("category_code", self.menu_view, self.item_error)
        self.errors.add("topic_code", self.menu_view, self.item_error)

        dialogs.tab_order(
            self,
            [
                self.menu_view,
                *self.requester.tab_order(),
                self.title_edit,
                self.description_edit,
                self.urgency_combo,
            ],
            buttons,
        )
        self.requester.changed.connect(self._requester_changed)
        self.title_edit.textEdited.connect(self._title_typed)
        self.description_edit.textChanged.connect(self._typing)
        self._load_menu()

    def _load_menu(self) -> None:
        def load(session: Session, _ctx: OpContext) -> list[MenuItemView]:
            return service_menu(session)

        DbOp(self, self.app, load).success(self._show_menu).run_in_background()

    def _show_menu(self, items: list[MenuItemView]) -> None:
        self.menu_model.set_items(items)
        if items:
            self.empty_label.hide()
            self.menu_view.selectRow(0)
            self.menu_view.setFocus()
        else:
            self.empty_label.setText(
                self.tr("县中心尚未发布服务菜单。同步后即可点单；现在可以用“登记需求”登记。")
            )
            self.menu_view.hide()
        self.ready = True

    def selected_item(self) -> MenuItemView | None:
        rows = self.menu_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.menu_model.items[rows[0].row()]

    def _item_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected_item()
        self.save_button.setEnabled(item is not None)
        self.errors.clear_field("category_code")
        self.item_description.setText(item.description if item else "")
        if item is not None and not self._title_edited:
            self.title_edit.setText(item.title)

    def _title_typed(self, _text: str) -> None:
        self._title_edited = True
        self._typing()
        self.errors.clear_field("title")

    def _requester_changed(self) -> None:
        self._typing()
        self.errors.clear_field("requester_name")
        self.errors.clear_field("requester_phone")

    def _typing(self) -> None:
        self._typed = True

    def has_unsaved_changes(self) -> bool:
        return self._typed and self.filed is None

    def reject(self) -> None:
        """Esc, 取消 or the window's close button: ask before throwing typed text away."""
        if self._saving:
            return
        if not self.has_unsaved_changes():
            super().reject()
            return
        dialogs.ask_to_discard(
            self, self.discard_prompt, super().reject, keep=self.tr("继续填写")
        )

    def demand_input(self, item: MenuItemView) -> DemandInput:
        return DemandInput(
            channel=Channel.MENU_ORDER.value,
            category_code=item.category_code,
            topic_code=item.topic_code,
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            urgency=self.urgency_combo.currentData() or Urgency.NORMAL.value,
            menu_item_id=item.id,
        )

    def accept(self) -> None:
        item = self.selected_item()
        if item is None or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.requester.file(self, self.demand_input(item), self._saved, self._save_failed)

    def _saved(self, result: FiledDemand | list[ValidationError]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(result, list):
            first = self.errors.show(result)
            if first is not None:
                first.setFocus()
            return
        self.filed = result
        self.demand_filed.emit(result)
        super().accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        report_failure(self, self.app, error)
