"""实践活动: find any activity among 100,000 by its title or place, its team, or a volunteer who
served (name, pinyin initials); narrow the list by type, 五项工作, team and month; register an
activity, open one to edit it, and record its volunteers' service hours from here.

Keyboard: Ctrl+F searches, Ctrl+N registers, Enter on a row opens it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from desktop.models.activities import (
    ActivityChoices,
    ActivitySheet,
    activity_choices,
    activity_sheet,
)
from desktop.models.changes import Changes
from desktop.models.errors import LiaisonError
from desktop.models.ledgers import Feedback, Period, export_activities, export_hours
from desktop.models.queries import ActivityFilter
from desktop.models.roster_export import ExportCancelled
from desktop.ui.activities.form_dialog import ActivityFormDialog
from desktop.ui.activities.hours_dialog import ServiceHoursDialog
from desktop.ui.activities.record_sheet import write_sheet_pdf
from desktop.ui.activities.table_model import ActivityTableModel
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.page import Page
from desktop.ui.common.record_list import RecordTableView, refill_choices, search_delay
from desktop.ui.common.taskman import OpContext

MONTHS_OFFERED = 36


def recent_months(today: dt.date, count: int = MONTHS_OFFERED) -> list[tuple[int, int]]:
    """(year, month) of this month and the ``count - 1`` before it, newest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


class ActivitiesPage(Page):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.model = ActivityTableModel(app, self)
        self.form_dialog: DialogSlot[ActivityFormDialog] = DialogSlot()
        self.hours_dialog: DialogSlot[ServiceHoursDialog] = DialogSlot()
        self._choices_loaded = False
        self._stale = True
        self._select_after_load: str | None = None

        self.register_button = QPushButton(self.tr("登记活动"), self)
        self.register_button.setToolTip(self.tr("登记一场新的实践活动（Ctrl+N）"))
        self.open_button = QPushButton(self.tr("编辑"), self)
        self.open_button.setToolTip(self.tr("编辑选中的活动（Enter 或双击）"))
        self.hours_button = QPushButton(self.tr("服务时长"), self)
        self.hours_button.setToolTip(self.tr("给选中活动的志愿者签到签退、登记和更正服务时长"))
        self.export_button = QPushButton(self.tr("导出台账…"), self)
        self.export_button.setToolTip(
            self.tr("把筛选的月份（未选月份则全部）的活动台账或志愿服务台账导出为 Excel 表格")
        )
        self.export_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.sheet_button = QPushButton(self.tr("记录表（PDF）…"), self)
        self.sheet_button.setToolTip(self.tr("把选中的活动保存为一页 A4 的活动记录表，含照片"))
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (
            self.register_button,
            self.open_button,
            self.hours_button,
            self.sheet_button,
            self.export_button,
        ):
            button.setMinimumHeight(40)
            actions.addWidget(button)
        actions.addWidget(self.message_label, 1)
        actions.addWidget(self.count_label)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("搜索：活动名称、地点、队伍、志愿者姓名或拼音首字母（Ctrl+F）")
        )
        self.type_combo = QComboBox(self)
        self.type_combo.addItem(self.tr("全部类型"), None)
        self.task_combo = QComboBox(self)
        self.task_combo.addItem(self.tr("全部五项工作"), None)
        self.team_combo = QComboBox(self)
        self.team_combo.addItem(self.tr("全部队伍"), None)
        self.month_combo = QComboBox(self)
        self.month_combo.addItem(self.tr("全部月份"), None)
        for year, month in recent_months(beijing.today()):
            self.month_combo.addItem(self.tr("{0}年{1}月").format(year, month), (year, month))
        self.clear_button = QPushButton(self.tr("清除筛选"), self)
        filters = QHBoxLayout()
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("搜" * 24))
        filters.addWidget(self.search_edit, 1)
        for combo in (self.type_combo, self.task_combo, self.team_combo, self.month_combo):
            # Long names (a county team's) would push the search box off a small screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            filters.addWidget(combo)
        filters.addWidget(self.clear_button)

        self.table = RecordTableView(self.model, ActivityTableModel.COL_TITLE, self)
        self.table.size_columns(
            {
                ActivityTableModel.COL_DATE: "2026-11-29 09:30",
                ActivityTableModel.COL_TYPE: "文艺演出与文化活动",
                ActivityTableModel.COL_PLACE: "村新时代文明实践站",
                ActivityTableModel.COL_TEAM: "红旗村文艺小队",
                ActivityTableModel.COL_VOLUNTEERS: "志愿者",
                ActivityTableModel.COL_HOURS: "服务时长（小时）",
                ActivityTableModel.COL_AUDIENCE: "参与群众",
            },
            padding=24,
        )
        self.table.horizontalHeader().setSortIndicator(
            ActivityTableModel.COL_DATE, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self._search_timer = search_delay(self, self.apply_filter, self.search_edit)
        for combo in (self.type_combo, self.task_combo, self.team_combo, self.month_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.clear_button.clicked.connect(self.clear_filters)
        self.register_button.clicked.connect(self.open_register_dialog)
        self.open_button.clicked.connect(self.open_current)
        self.hours_button.clicked.connect(self.open_hours)
        self.sheet_button.clicked.connect(self.save_sheet)
        self.export_button.clicked.connect(self.ask_export)
        self.table.open_requested.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._update_buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.open_register_dialog)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("实践活动")

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._choices_loaded:
            self._load_choices()
        if self._stale:
            self._stale = False
            self.model.set_filter(self.current_filter())

    def on_changes(self, changes: Changes) -> None:
        if changes.activities or changes.volunteers or changes.station:
            self._stale = True
            if changes.station or changes.volunteers:
                self._choices_loaded = False
            if self.isVisible():
                self.refresh()

    def _load_choices(self) -> None:
        self._choices_loaded = True

        def load(session: Session, _ctx: OpContext) -> ActivityChoices:
            return activity_choices(session)

        DbOp(self, self.app, load).success(self._show_choices).run_in_background()

    def _show_choices(self, choices: ActivityChoices) -> None:
        kept = [
            refill_choices(self.type_combo, [(t.code, t.name) for t in choices.types]),
            refill_choices(self.task_combo, choices.five_tasks),
            refill_choices(
                self.team_combo, [(t.id, "　" * t.depth + t.name) for t in choices.teams]
            ),
        ]
        if not all(kept):
            self.apply_filter()  # a type or team the county withdrew: show everything again

    def current_filter(self) -> ActivityFilter:
        return ActivityFilter(
            text=self.search_edit.text().strip(),
            activity_type_code=self.type_combo.currentData(),
            five_task_code=self.task_combo.currentData(),
            team_id=self.team_combo.currentData(),
            month=self.month_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter or self._stale:
            self._stale = False
            self.count_label.setText(self.tr("正在查找…"))
            self.model.set_filter(flt)

    def clear_filters(self) -> None:
        widgets = (self.search_edit, self.type_combo, self.task_combo, self.team_combo, self.month_combo)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in widgets[1:]:
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()

    def _loaded(self) -> None:
        self.count_label.setText(self.tr("共 {0} 场").format(self.model.total))
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(
                self.tr("没有符合条件的活动。")
                if self.model.filter != ActivityFilter()
                else self.tr("还没有登记过实践活动。按 Ctrl+N 登记第一场。")
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
        chosen = self.current_activity_id() is not None
        self.open_button.setEnabled(chosen)
        self.hours_button.setEnabled(chosen)
        self.sheet_button.setEnabled(chosen)

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ---- actions ---------------------------------------------------------------------------

    def current_activity_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.activity_id(index.row())

    def open_current(self) -> None:
        activity_id = self.current_activity_id()
        if activity_id is not None:
            self.open_form(activity_id)

    def open_row(self, row: int) -> None:
        activity_id = self.model.activity_id(row)
        if activity_id is not None:
            self.open_form(activity_id)

    def open_register_dialog(self) -> None:
        self.open_form(None)

    def open_form(self, activity_id: str | None) -> None:
        def make() -> ActivityFormDialog:
            dialog = ActivityFormDialog(self.app, activity_id, self)
            dialog.saved.connect(self._saved)
            return dialog

        self.form_dialog.open(make)

    def _saved(self, activity_id: str) -> None:
        self._select_after_load = activity_id
        self.message_label.setText(self.tr("活动已保存。"))

    def open_hours(self) -> None:
        activity_id = self.current_activity_id()
        if activity_id is not None:
            self.hours_dialog.open(lambda: ServiceHoursDialog(self.app, activity_id, self))

    def save_sheet(self) -> None:
        activity_id = self.current_activity_id()
        if activity_id is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("保存活动记录表"),
            str(Path.home() / self.tr("活动记录表.pdf")),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if name:
            self.write_sheet(activity_id, Path(name))

    def write_sheet(self, activity_id: str, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        data_dir = self.app.data_dir

        def load(session: Session, _ctx: OpContext) -> ActivitySheet:
            return activity_sheet(session, activity_id)

        def loaded(sheet: ActivitySheet) -> None:
            try:
                write_sheet_pdf(sheet, data_dir, path)
            except LiaisonError as error:
                report_failure(self, self.app, error)
                return
            self.message_label.setText(self.tr("已保存活动记录表：{0}").format(path))

        DbOp(self, self.app, load).success(loaded).run_in_background()

    # ---- ledgers -------------------------------------------------------------------------

    def export_period(self) -> Period:
        month = self.month_combo.currentData()
        if month is None:
            return Period()
        year, number = month
        first = dt.date(year, number, 1)
        following = dt.date(year + (number == 12), number % 12 + 1, 1)
        return Period(first, following - dt.timedelta(days=1))

    def ask_export(self) -> None:
        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.tr("导出台账"),
                self.tr("导出哪一本台账？"),
                [
                    ("activities", self.tr("实践活动台账"), QMessageBox.ButtonRole.AcceptRole),
                    ("hours", self.tr("志愿服务台账"), QMessageBox.ButtonRole.ActionRole),
                    ("cancel", self.tr("取消"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=self.tr("统计期间：{0}").format(self.export_period().text()),
                default="activities",
                escape="cancel",
            )

        def answered(box: QMessageBox) -> None:
            which = dialogs.answer_of(box)
            if which not in ("activities", "hours"):
                return
            title = self.tr("实践活动台账") if which == "activities" else self.tr("志愿服务台账")
            name, _filter = QFileDialog.getSaveFileName(
                self,
                title,
                str(Path.home() / f"{title}-{beijing.today():%Y%m%d}.xlsx"),
                self.tr("Excel 表格 (*.xlsx)"),
            )
            if name:
                target = Path(name)
                self.export_ledger(
                    which, target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")
                )

        self.export_prompt.open(make, answered)

    def export_ledger(self, which: str, path: Path) -> None:
        """Write the ledger ``which`` (activities or hours) of the filtered month to ``path``."""
        period, now = self.export_period(), dt.datetime.now(dt.UTC)
        export = export_activities if which == "activities" else export_hours

        def work(session: Session, ctx: OpContext) -> int:
            return export(session, path, period, now, Feedback(ctx.report, ctx.cancelled))

        def done(count: int) -> None:
            self.message_label.setText(self.tr("已导出 {0} 行到 {1}").format(count, path))

        def failed(error: BaseException) -> None:
            if isinstance(error, ExportCancelled):
                self.message_label.setText(error.message)
            else:
                report_failure(self, self.app, error)

        DbOp(self, self.app, work).with_progress(self.tr("正在导出台账…")).success(done).failure(
            failed
        ).run_in_background()
