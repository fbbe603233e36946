"""群众需求: find any demand among 100,000 by name, pinyin initials, phone digits or keywords,
narrow the list by status, category, channel, date, grid, 超期 and 待评价, and open, register,
order (点单) or print a receipt from here.

Keyboard: Ctrl+F searches, Ctrl+N registers, Enter on a row opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.demand_views import CategoryChoice, active_categories
from desktop.models.demands import FiledDemand
from desktop.models.grids import GridChoice, grid_choices
from desktop.models.queries import DemandFilter
from desktop.models.rules.demand_status import OPEN_STATUSES
from desktop.ui.app_context import AppContext
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.fields import ERROR_COLOR, DateField
from desktop.ui.common.operations import DbOp
from desktop.ui.common.page import Page
from desktop.ui.common.record_list import RecordTableView, refill_choices, search_delay
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.detail_dialog import DemandDetailDialog
from desktop.ui.demands.form_dialog import DemandFormDialog
from desktop.ui.demands.labels import channels, statuses
from desktop.ui.demands.menu_order_dialog import MenuOrderDialog
from desktop.ui.demands.receipt import load_and_offer_receipt
from desktop.ui.demands.table_model import DemandTableModel

DONE_COLOR = "#1b5e20"
# The status filter's choice of the demands the county has not received yet.
UNREPORTED = "UNREPORTED"


class DemandsPage(Page):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.model = DemandTableModel(app, self)
        self.register_dialog: DialogSlot[DemandFormDialog] = DialogSlot()
        self.menu_dialog: DialogSlot[MenuOrderDialog] = DialogSlot()
        self.detail_dialog: DialogSlot[DemandDetailDialog] = DialogSlot()
        self.receipt_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._choices_loaded = False
        self._stale = True
        self._select_after_load: str | None = None
        # The demand just registered: 打印回执 prints it (even when the search hides it) until
        # the officer picks another row.
        self._just_filed: FiledDemand | None = None

        # Actions and the count.
        self.register_button = QPushButton(self.tr("登记需求"), self)
        self.register_button.setToolTip(self.tr("登记一条新的群众需求（Ctrl+N）"))
        self.menu_button = QPushButton(self.tr("点单"), self)
        self.menu_button.setToolTip(self.tr("从县中心的服务菜单下单"))
        self.open_button = QPushButton(self.tr("查看"), self)
        self.open_button.setToolTip(self.tr("查看选中的需求（Enter 或双击）"))
        self.receipt_button = QPushButton(self.tr("打印回执"), self)
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (
            self.register_button,
            self.menu_button,
            self.open_button,
            self.receipt_button,
        ):
            button.setMinimumHeight(40)
            actions.addWidget(button)
        actions.addWidget(self.message_label, 1)
        actions.addWidget(self.count_label)

        # Filters: search and the three choices, then dates, grid and the two checkboxes.
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("搜索：姓名、拼音首字母、电话号码或关键词（Ctrl+F）")
        )
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("全部状态"), None)
        self.status_combo.addItem(
            self.tr("未办结（全部办理中）"), sorted(s.value for s in OPEN_STATUSES)
        )
        self.status_combo.addItem(self.tr("待上报（县中心还没收到）"), UNREPORTED)
        for code, label in statuses():
            self.status_combo.addItem(label, [code])
        self.category_combo = QComboBox(self)
        self.category_combo.addItem(self.tr("全部类别"), None)
        self.channel_combo = QComboBox(self)
        self.channel_combo.addItem(self.tr("全部来源"), None)
        for code, label in channels():
            self.channel_combo.addItem(label, code)
        first_row = QHBoxLayout()
        first_row.addWidget(self.search_edit, 1)
        for combo in (self.status_combo, self.category_combo, self.channel_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            first_row.addWidget(combo)

        self.from_edit = DateField(self.tr("不限"), self)
        self.to_edit = DateField(self.tr("不限"), self)
        self.grid_combo = QComboBox(self)
        self.grid_combo.addItem(self.tr("全部网格"), None)
        self.grid_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.overdue_box = QCheckBox(self.tr("只看超期"), self)
        self.awaiting_box = QCheckBox(self.tr("只看待评价"), self)
        self.clear_button = QPushButton(self.tr("清除筛选"), self)
        second_row = QHBoxLayout()
        second_row.addWidget(QLabel(self.tr("登记日期"), self))
        second_row.addWidget(self.from_edit)
        second_row.addWidget(QLabel(self.tr("至"), self))
        second_row.addWidget(self.to_edit)
        second_row.addSpacing(12)
        second_row.addWidget(self.grid_combo)
        second_row.addSpacing(12)
        second_row.addWidget(self.overdue_box)
        second_row.addWidget(self.awaiting_box)
        second_row.addStretch(1)
        second_row.addWidget(self.clear_button)

        # Enter or a double click opens the demand.
        self.table = RecordTableView(self.model, DemandTableModel.COL_TITLE, self)
        self.table.size_columns(
            {
                DemandTableModel.COL_NUMBER: "XQ-20261129-0007",
                DemandTableModel.COL_REGISTERED: "2026-11-29",
                DemandTableModel.COL_REQUESTER: "欧阳**",
                DemandTableModel.COL_CATEGORY: "便民服务 · 家电/水电维修",
                DemandTableModel.COL_CHANNEL: "文明实践110",
                DemandTableModel.COL_STATUS: "已上报上级",
                DemandTableModel.COL_DUE: "2026-11-29（超期）",
            },
            padding=24,
        )
        self.table.horizontalHeader().setSortIndicator(
            DemandTableModel.COL_REGISTERED, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self._search_timer = search_delay(self, self.apply_filter, self.search_edit)
        for combo in (self.status_combo, self.category_combo, self.channel_combo, self.grid_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        for box in (self.overdue_box, self.awaiting_box):
            box.toggled.connect(lambda _on: self.apply_filter())
        self.clear_button.clicked.connect(self.clear_filters)

        self.register_button.clicked.connect(self.open_register_dialog)
        self.menu_button.clicked.connect(self.open_menu_dialog)
        self.open_button.clicked.connect(self.open_current)
        self.receipt_button.clicked.connect(self.print_current_receipt)
        self.table.open_requested.connect(self.open_detail)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.first_page_loaded.connect(self._first_page_shown)
        self.model.total_counted.connect(self._show_count)
        self.model.load_failed.connect(self._show_failure)
        self.model.modelReset.connect(self._update_buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.open_register_dialog)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("群众需求")

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._choices_loaded:
            self._load_choices()
        if self._stale:
            self._stale = False
            self.model.set_filter(self.current_filter())

    def on_changes(self, changes: Changes) -> None:
        if changes.demands or changes.station:
            self._stale = True
            if changes.station:
                self._choices_loaded = False
            if self.isVisible():
                self.refresh()

    def _load_choices(self) -> None:
        self._choices_loaded = True

        def load(
            session: Session, _ctx: OpContext
        ) -> tuple[list[CategoryChoice], list[GridChoice]]:
            return active_categories(session), grid_choices(session)

        DbOp(self, self.app, load).success(self._show_choices).run_in_background()

    def _show_choices(self, result: tuple[list[CategoryChoice], list[GridChoice]]) -> None:
        categories, grids = result
        kept = [
            refill_choices(self.category_combo, [(c.code, c.name) for c in categories]),
            refill_choices(self.grid_combo, [(g.id, g.name) for g in grids]),
        ]
        if not all(kept):
            # A category or grid the county withdrew: the list shows everything again.
            self.apply_filter()

    def current_filter(self) -> DemandFilter:
        statuses_wanted = self.status_combo.currentData()
        unreported = statuses_wanted == UNREPORTED

        return DemandFilter(
            text=self.search_edit.text().strip(),
            statuses=frozenset(() if unreported else statuses_wanted or ()),
            unreported=unreported,
            category_code=self.category_combo.currentData(),
            channel=self.channel_combo.currentData(),
            registered_from=self.from_edit.day(),
            registered_to=self.to_edit.day(),
            grid_id=self.grid_combo.currentData(),
            overdue=self.overdue_box.isChecked(),
            awaiting_evaluation=self.awaiting_box.isChecked(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter or self._stale:
            self._stale = False
            self.count_label.setText(self.tr("正在查找…"))
            self.model.set_filter(flt)

    def clear_filters(self) -> None:
        widgets = (
            self.search_edit,
            self.status_combo,
            self.category_combo,
            self.channel_combo,
            self.grid_combo,
            self.from_edit,
            self.to_edit,
            self.overdue_box,
            self.awaiting_box,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.status_combo, self.category_combo, self.channel_combo, self.grid_combo):
            combo.setCurrentIndex(0)
        self.from_edit.set_day(None)
        self.to_edit.set_day(None)
        self.overdue_box.setChecked(False)
        self.awaiting_box.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()

    def _first_page_shown(self) -> None:
        if self.model.total is None:
            self.count_label.setText(self.tr("正在统计…"))
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(
                self.tr("没有符合条件的需求。")
                if self.model.filter != DemandFilter()
                else self.tr("还没有登记过群众需求。按 Ctrl+N 登记第一条。")
            )
        wanted = self._select_after_load
        row = self.model.row_of(wanted) if wanted else None
        if row is None and wanted is not None and self._just_filed is not None:
            # The new demand is not among the rows shown (a search or a filter hides it, or
            # the list is sorted so that it is further down): nothing is selected for it.
            self._select_after_load = None
            if self.model.filter != DemandFilter():
                self.message_label.setText(
                    self.tr(
                        "已登记需求 {0}（当前的搜索或筛选条件下看不到它），可点“打印回执”给群众。"
                    ).format(self._just_filed.number)
                )
        elif row is None and not empty:
            row = 0
        if row is not None:
            self._select_after_load = None
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def _show_count(self, total: int) -> None:
        self.count_label.setStyleSheet("")
        self.count_label.setToolTip("")
        self.count_label.setText(self.tr("共 {0} 条").format(total))

    def _show_failure(self, message: str) -> None:
        self.count_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.count_label.setText(self.tr("读取失败"))
        self.count_label.setToolTip(message)
        self.message_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message_label.setText(message)

    def _selection_changed(self) -> None:
        filed = self._just_filed
        if filed is not None and self.current_demand_id() not in (None, filed.id):
            self._just_filed = None  # the officer moved on to another demand
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_demand_id() is not None)
        target = self.receipt_target()
        self.receipt_button.setEnabled(target is not None)
        filed = self._just_filed
        self.receipt_button.setToolTip(
            self.tr("打印刚登记的需求 {0} 的回执").format(filed.number)
            if filed is not None and target == filed.id
            else self.tr("打印选中需求的回执")
        )

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ---- actions ---------------------------------------------------------------------------

    def current_demand_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.demand_id(index.row())

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_detail(index.row())

    def open_detail(self, row: int) -> None:
        demand_id = self.model.demand_id(row)
        if demand_id is not None:
            self.detail_dialog.open(lambda: DemandDetailDialog(self.app, demand_id, self))

    def open_register_dialog(self) -> None:
        def make() -> DemandFormDialog:
            dialog = DemandFormDialog(self.app, self)
            dialog.demand_filed.connect(self._filed)
            return dialog

        self.register_dialog.open(make)

    def open_menu_dialog(self) -> None:
        def make() -> MenuOrderDialog:
            dialog = MenuOrderDialog(self.app, self)
            dialog.demand_filed.connect(self._filed)
            return dialog

        self.menu_dialog.open(make)

    def _filed(self, filed: FiledDemand) -> None:
        self._just_filed = filed
        self._select_after_load = filed.id
        self.table.clearSelection()  # never the row selected before
        self._update_buttons()
        self.message_label.setStyleSheet(f"color: {DONE_COLOR};")
        self.message_label.setText(
            self.tr("已登记需求 {0}，可点“打印回执”给群众。").format(filed.number)
        )

    def receipt_target(self) -> str | None:
        """Whose receipt 打印回执 prints: the demand just registered, else the selected one."""
        if self._just_filed is not None:
            return self._just_filed.id
        return self.current_demand_id()

    def print_current_receipt(self) -> None:
        demand_id = self.receipt_target()
        if demand_id is not None:
            load_and_offer_receipt(self, self.app, demand_id, self.receipt_prompt)
