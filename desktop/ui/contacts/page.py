"""村民通讯录: find any villager by name, pinyin initials (张三 ← ``zs``) or phone digits, narrow
by grid and 村民小组, and add, edit, import (花名册) or export from here.

The list shows phones masked and no priority-group tags; those are sensitive and appear only
in one villager's form. Keyboard: Ctrl+F searches, Ctrl+N adds, Enter on a row edits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changes
from desktop.models.contacts import contact_groups
from desktop.models.errors import LiaisonError
from desktop.models.grids import GridChoice, grid_choices
from desktop.models.queries import ContactFilter
from desktop.models.roster_export import ExportCancelled, ExportResult, export_contacts
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp
from desktop.ui.common.page import Page
from desktop.ui.common.record_list import RecordTableView, refill_choices, search_delay
from desktop.ui.common.taskman import OpContext
from desktop.ui.contacts.edit_dialog import ContactEditDialog
from desktop.ui.contacts.grid_dialog import ContactGridDialog
from desktop.ui.contacts.import_dialog import ContactImportDialog
from desktop.ui.contacts.table_model import ContactTableModel


@dataclass(frozen=True)
class _Choices:
    grids: list[GridChoice]
    groups: list[str]


def _load_choices(session: Session) -> _Choices:
    return _Choices(grid_choices(session), contact_groups(session))


class ContactsPage(Page):
    export_finished = Signal(object)  # ExportResult, or None when it failed or was cancelled

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.model = ContactTableModel(app, self)
        self.edit_dialog: DialogSlot[ContactEditDialog] = DialogSlot()
        self.import_dialog: DialogSlot[ContactImportDialog] = DialogSlot()
        self.grid_dialog: DialogSlot[ContactGridDialog] = DialogSlot()
        self.export_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._stale = True
        self._choices_stale = True
        self._select_after_load: str | None = None

        self.add_button = QPushButton(self.tr("新增村民"), self)
        self.add_button.setToolTip(self.tr("在通讯录中新增一位村民（Ctrl+N）"))
        self.edit_button = QPushButton(self.tr("编辑"), self)
        self.edit_button.setToolTip(self.tr("编辑选中的村民（Enter 或双击）"))
        self.import_button = QPushButton(self.tr("导入花名册…"), self)
        self.import_button.setToolTip(self.tr("从 Excel/WPS 或 CSV 花名册导入村民"))
        self.export_button = QPushButton(self.tr("导出…"), self)
        self.export_button.setToolTip(self.tr("把当前列表导出为 Excel 表格"))
        self.grids_button = QPushButton(self.tr("网格管理…"), self)
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet("color: #1b5e20;")
        self.count_label = QLabel(self)
        actions = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.import_button,
            self.export_button,
            self.grids_button,
        ):
            button.setMinimumHeight(40)
            actions.addWidget(button)
        actions.addWidget(self.message_label, 1)
        actions.addWidget(self.count_label)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("搜索：姓名、拼音首字母（如 zs）、电话号码、住址（Ctrl+F）")
        )
        self.grid_combo = QComboBox(self)
        self.grid_combo.addItem(self.tr("全部网格"), None)
        self.group_combo = QComboBox(self)
        self.group_combo.addItem(self.tr("全部小组"), None)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        for combo in (self.grid_combo, self.group_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(self.fontMetrics().horizontalAdvance("第十二村民小组") + 48)
            filters.addWidget(combo)

        # Enter or a double click edits the row.
        self.table = RecordTableView(self.model, ContactTableModel.COL_ADDRESS, self)
        self.table.size_columns(
            {
                ContactTableModel.COL_NAME: "欧阳娜娜娜",
                ContactTableModel.COL_GENDER: "性别",
                ContactTableModel.COL_PHONE: "0431-****1234",
                ContactTableModel.COL_GROUP: "第十二村民小组",
                ContactTableModel.COL_GRID: "第十二网格",
            },
            padding=32,
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(ContactTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self._search_timer = search_delay(self, self.apply_filter, self.search_edit)
        for combo in (self.grid_combo, self.group_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.add_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_current)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.ask_export)
        self.grids_button.clicked.connect(self.open_grids)
        self.table.open_requested.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._update_buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.open_new)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("村民通讯录")

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._choices_stale:
            self._choices_stale = False
            DbOp(self, self.app, lambda session, _ctx: _load_choices(session)).success(
                self._show_choices
            ).run_in_background()
        if self._stale:
            self._stale = False
            self.count_label.setText(self.tr("正在查找…"))
            self.model.set_filter(self.current_filter())

    def on_changes(self, changes: Changes) -> None:
        if changes.contacts or changes.station:
            self._stale = True
            self._choices_stale = True
            if self.isVisible():
                self.refresh()

    def _show_choices(self, choices: _Choices) -> None:
        refill_choices(self.grid_combo, [(g.id, g.name) for g in choices.grids])
        refill_choices(self.group_combo, [(g, g) for g in choices.groups])

    def current_filter(self) -> ContactFilter:
        return ContactFilter(
            text=self.search_edit.text().strip(),
            grid_id=self.grid_combo.currentData(),
            group_name=self.group_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter or self._stale:
            self._stale = False
            self.count_label.setText(self.tr("正在查找…"))
            self.model.set_filter(flt)

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in ContactTableModel.SORT_KEYS:
            # Only name, group and address sort in SQL; put the arrow back where the sort is.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.sort_order.descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(self.model.sort_column(), order)
            header.blockSignals(False)

    def _loaded(self) -> None:
        total = self.model.total
        self.count_label.setText(self.tr("共 {0} 人").format(total))
        empty = total == 0
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(
                self.tr("没有找到符合条件的村民。")
                if self.model.filter != ContactFilter()
                else self.tr("通讯录还是空的。可以点“新增村民”，或用“导入花名册…”一次导入全村。")
            )
        wanted = self._select_after_load
        row = self.model.row_of(wanted) if wanted else None
        if row is None and not empty:
            row = 0
        if row is not None:
            self._select_after_load = None
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.current_contact_id() is not None)
        self.export_button.setEnabled(self.model.total > 0)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ---- actions ---------------------------------------------------------------------------

    def current_contact_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.contact_id(index.row())

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        contact_id = self.model.contact_id(row)
        if contact_id is not None:
            self._open_dialog(contact_id)

    def open_new(self) -> None:
        self._open_dialog(None)

    def _open_dialog(self, contact_id: str | None) -> None:
        def make() -> ContactEditDialog:
            dialog = ContactEditDialog(self.app, contact_id, self)
            dialog.saved.connect(self._saved)
            return dialog

        self.edit_dialog.open(make)

    def _saved(self, contact_id: str) -> None:
        self._select_after_load = contact_id
        self.message_label.setText(self.tr("已保存。"))

    def open_import(self) -> None:
        self.import_dialog.open(lambda: ContactImportDialog(self.app, self))

    def open_grids(self) -> None:
        self.grid_dialog.open(lambda: ContactGridDialog(self.app, self))

    def ask_export(self) -> None:
        def make() -> QMessageBox:
            box = dialogs.question(
                self,
                self.tr("导出村民通讯录"),
                self.tr(
                    "导出当前列表中的 {0} 位村民。\n电话和身份证号码将隐去部分数字，"
                    "人员类别、出生日期和备注等敏感信息不导出。"
                ).format(self.model.total),
                [
                    ("export", self.tr("选择保存位置…"), QMessageBox.ButtonRole.AcceptRole),
                    ("cancel", self.tr("取消"), QMessageBox.ButtonRole.RejectRole),
                ],
                default="export",
                escape="cancel",
            )
            box.setCheckBox(
                QCheckBox(
                    self.tr("导出完整的电话、身份证号码和人员类别（仅在确有工作需要时选择）"), box
                )
            )
            return box

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) == "export":
                self._choose_export_file(full=box.checkBox().isChecked())

        self.export_prompt.open(make, answered)

    def _choose_export_file(self, *, full: bool) -> None:
        day = beijing.now().strftime("%Y%m%d")
        suffix = self.tr("完整") if full else ""
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出村民通讯录"),
            str(Path.home() / f"村民通讯录{suffix}-{day}.xlsx"),
            self.tr("Excel 表格 (*.xlsx)"),
        )
        if path:
            target = Path(path)
            self.export_to(
                target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx"),
                full=full,
            )

    def export_to(self, path: Path, *, full: bool = False) -> None:
        flt = self.model.filter
        now = beijing.now()

        def work(session: Session, ctx: OpContext) -> ExportResult:
            return export_contacts(
                session, path, flt, full=full, now=now, progress=ctx.report, cancelled=ctx.cancelled
            )

        def done(result: ExportResult) -> None:
            self.message_label.setText(
                self.tr("已导出 {0} 位村民到 {1}").format(result.count, result.path)
            )
            self.export_finished.emit(result)

        def failed(error: BaseException) -> None:
            if isinstance(error, ExportCancelled):
                self.message_label.setText(error.message)
            elif isinstance(error, LiaisonError):
                dialogs.notify(self, self.tr("导出村民通讯录"), error.message)
            else:
                self.app.report_bug(error)
            self.export_finished.emit(None)

        DbOp(self, self.app, work).with_progress(self.tr("正在导出村民通讯录…")).success(
            done
        ).failure(failed).run_in_background()
