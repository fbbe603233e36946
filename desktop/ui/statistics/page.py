"""统计报表 page: a month, quarter, year or custom range; its figures beside the previous period
and a year before, the breakdowns, the charts; a figure opens the records behind it; the report
is saved as .xlsx or PDF, or printed. Computed in the background (the window stays usable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.ledgers import Feedback, Period, export_activities, export_demands, export_hours
from desktop.models.roster_export import ExportCancelled
from desktop.models.statistics import (
    SECTIONS,
    Breakdown,
    Drill,
    FigureLine,
    StationReport,
    station_report,
)
from desktop.models.statistics_export import write_report_xlsx
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.page import Page
from desktop.ui.common.record_list import RecordTableView
from desktop.ui.common.taskman import OpContext
from desktop.ui.statistics.charts import CHARTS, chart_view
from desktop.ui.statistics.records_dialog import FigureRecordsDialog, TextTableModel
from desktop.ui.statistics.report_pdf import print_report, write_report_pdf
from liaison_wire.statistics import FIRST_DAY, LAST_DAY, ReportPeriod, format_change, format_value

KINDS = ("month", "quarter", "year", "custom")
RECENT = {"month": 36, "quarter": 12, "year": 6}


def recent_periods(kind: str, today: dt.date) -> list[ReportPeriod]:
    """The current month, quarter or year and those before it, newest first."""
    periods = [ReportPeriod.containing(kind, today)]
    while len(periods) < RECENT[kind]:
        periods.append(periods[-1].previous())
    return periods


class _FigureTable(RecordTableView):
    def __init__(self, model: TextTableModel, parent: QWidget) -> None:
        super().__init__(model, 0, parent)
        self.drills: list[Drill | None] = []
        self.names: list[str] = []


class StatisticsPage(Page):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.report: StationReport | None = None
        self._asked = 0  # the latest computation asked for; older answers are dropped
        self.records_dialog: DialogSlot[FigureRecordsDialog] = DialogSlot()
        self.ledger_prompt: DialogSlot[QMessageBox] = DialogSlot()
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        for kind, text in zip(
            KINDS, (self.tr("月报"), self.tr("季报"), self.tr("年报"), self.tr("自定义期间")), strict=True
        ):
            self.kind_combo.addItem(text, kind)
        self.kind_combo.setAccessibleName(self.tr("报表类型"))
        self.period_combo = QComboBox(self)
        self.period_combo.setAccessibleName(self.tr("统计期间"))
        # As wide as its longest period ("2026年第四季度"), also after the kind changes.
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit, name in ((self.from_edit, self.tr("开始日期")), (self.to_edit, self.tr("结束日期"))):
            edit.setDateRange(QDate(FIRST_DAY.year, 1, 1), QDate(LAST_DAY.year, 12, 31))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.to_label = QLabel(self.tr("至"), self)
        self.compute_button = QPushButton(self.tr("统计"), self)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"), self)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"), self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.ledger_button = QPushButton(self.tr("导出台账…"), self)
        for widget in (self.kind_combo, self.period_combo, self.from_edit, self.to_label, self.to_edit,
                       self.compute_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (self.xlsx_button, self.pdf_button, self.print_button, self.ledger_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        # Room for the period line and a message under it, so the tables do not jump.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2)
        layout.addWidget(self.status)

        self.tabs = QTabWidget(self)
        self.figure_tables: dict[str, _FigureTable] = {}
        self.breakdown_tables: dict[str, list[tuple[QLabel, RecordTableView, TextTableModel]]] = {}
        self.sides: dict[str, QVBoxLayout] = {}
        for section in SECTIONS:
            tab = QWidget(self.tabs)
            tab_layout = QHBoxLayout(tab)
            model = TextTableModel(
                [self.tr("指标"), self.tr("本期"), self.tr("上期"), self.tr("较上期"),
                 self.tr("去年同期"), self.tr("较去年同期")],
                frozenset({1, 2, 3, 4, 5}), tab,
            )  # fmt: skip
            table = _FigureTable(model, tab)
            table.open_requested.connect(lambda row, t=table: self.open_figure(t, row))
            self.figure_tables[section] = table
            tab_layout.addWidget(table, 3)
            side = QVBoxLayout()
            self.sides[section] = side
            self.breakdown_tables[section] = []
            tab_layout.addLayout(side, 2)
            self.tabs.addTab(tab, section)
        self.charts_area = QScrollArea(self.tabs)
        self.charts_area.setWidgetResizable(True)
        self.tabs.addTab(self.charts_area, self.tr("图表"))
        layout.addWidget(self.tabs, 1)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.period_combo.activated.connect(lambda _index: self.compute())
        self.compute_button.clicked.connect(self.compute)
        self.xlsx_button.clicked.connect(lambda: self.ask_save(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.ask_save(".pdf"))
        self.print_button.clicked.connect(self.print_report)
        self.ledger_button.clicked.connect(self.ask_ledger)
        self._summary = ""  # what the report on screen covers
        # Saving, printing and the ledgers wait for a report to show.
        self.file_buttons = (self.xlsx_button, self.pdf_button, self.print_button, self.ledger_button)
        for button in self.file_buttons:
            button.setEnabled(False)
        self._kind_changed()

    def title(self) -> str:
        return self.tr("统计报表")

    # ---- choosing the period -------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        custom = kind == "custom"
        for widget in (self.from_edit, self.to_label, self.to_edit, self.compute_button):
            widget.setVisible(custom)
        self.period_combo.setVisible(not custom)
        today = beijing.today()
        if custom:
            start = today.replace(day=1)
            self.from_edit.setDate(QDate(start.year, start.month, start.day))
            self.to_edit.setDate(QDate(today.year, today.month, today.day))
            return
        self.period_combo.clear()
        for period in recent_periods(kind, today):
            self.period_combo.addItem(period.label, period)
        # A month's figures settle after it ends: the last full month is what gets handed in.
        self.period_combo.setCurrentIndex(1 if kind == "month" and today.day < 10 else 0)
        if self.isVisible():
            self.compute()

    def chosen_period(self) -> ReportPeriod:
        if self.kind_combo.currentData() != "custom":
            period: ReportPeriod = self.period_combo.currentData()
            return period
        start, end = self.from_edit.date(), self.to_edit.date()
        return ReportPeriod.custom(
            dt.date(start.year(), start.month(), start.day()), dt.date(end.year(), end.month(), end.day())
        )

    # ---- computing -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.compute()

    def compute(self) -> None:
        try:
            period = self.chosen_period()
        except ValidationError as error:
            self._asked += 1  # a report still being computed must not replace this message
            message = (
                self.tr("结束日期不能早于开始日期，请重新选择。")
                if error.message == "结束日期不能早于开始日期"
                else error.message
            )
            if self.report is not None:
                # The last good report stays, and says which one it is (what 导出 saves).
                message += "\n" + self.tr("下面仍是{0}的报表。").format(self.report.period.label)
            self.status.setText(message)
            self.status.setStyleSheet("color: #b00020;")
            return
        self._asked += 1
        asked = self._asked
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在统计{0}…").format(period.label))

        def work(session: Session, _ctx: OpContext) -> StationReport:
            return station_report(session, period, beijing.today(), alongside=self.app.db)

        DbOp(self, self.app, work).success(lambda report: self._show(report, asked)).run_in_background()

    def _show(self, report: StationReport, asked: int) -> None:
        if asked != self._asked:
            return
        self.report = report
        for button in self.file_buttons:
            button.setEnabled(True)
        for section in SECTIONS:
            self._fill_section(section, [line for line in report.lines if line.section == section],
                               [table for table in report.breakdowns if table.section == section])  # fmt: skip
        self._fill_charts(report)
        text = self.tr("{0}　上期：{1}　去年同期：{2}").format(
            report.period.described(report.today), report.previous.label, report.year_before.label
        )
        if report.empty:
            text += "\n" + self.tr("本期没有需求、活动和新注册志愿者的记录。")
        self._summary = text
        self._tell("")

    def _tell(self, message: str) -> None:
        """``message`` (a file saved, rows exported) under what the report on screen covers."""
        self.status.setStyleSheet("")
        self.status.setText("\n".join(part for part in (self._summary, message) if part))

    def _fill_section(self, section: str, lines: list[FigureLine], tables: list[Breakdown]) -> None:
        table = self.figure_tables[section]
        model = table.model()
        assert isinstance(model, TextTableModel)
        model.set_rows([
            [line.name + ("" if line.unit == "%" else f"（{line.unit}）"),
             format_value(line.value, line.unit), format_value(line.previous, line.unit),
             format_change(line.value, line.previous, line.unit), format_value(line.year_before, line.unit),
             format_change(line.value, line.year_before, line.unit)]
            for line in lines
        ])  # fmt: skip
        table.drills = [line.drill for line in lines]
        table.names = [line.name for line in lines]
        table.resizeColumnsToContents()
        side = self.sides[section]
        shown = self.breakdown_tables[section]
        while len(shown) < len(tables):
            label = QLabel(self)
            model_ = TextTableModel([], frozenset({1, 2, 3, 4}), self)
            view = RecordTableView(model_, 0, self)
            view.open_requested.connect(lambda row, v=view: self.open_breakdown(v, row))
            side.addWidget(label)
            side.addWidget(view, 1)
            shown.append((label, view, model_))
        for (label, view, model_), breakdown in zip(shown, tables, strict=False):
            label.setText(f"<b>{breakdown.title}</b>")
            model_.beginResetModel()
            # The names only (the units are 件 and %): the side tables are narrow.
            model_.header = [breakdown.title[1:]] + [name for name, _unit in breakdown.columns]
            model_.rows = [
                [row.label] + [format_value(v, unit) for v, (_n, unit) in zip(row.values, breakdown.columns, strict=True)]
                for row in breakdown.rows
            ]
            model_.endResetModel()
            view.setProperty("drills", [row.drill for row in breakdown.rows])
            view.setProperty("title", breakdown.title)
            view.setProperty("labels", [row.label for row in breakdown.rows])
            view.resizeColumnsToContents()

    def _fill_charts(self, report: StationReport) -> None:
        holder = QWidget()
        grid = QGridLayout(holder)
        views = [chart_view(make(report)) for make in CHARTS]
        grid.addWidget(views[0], 0, 0, 1, 2)
        grid.addWidget(views[1], 1, 0)
        grid.addWidget(views[2], 1, 1)
        for view in views:
            view.setMinimumHeight(260)
        old = self.charts_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.charts_area.setWidget(holder)

    # ---- the records behind a figure --------------------------------------------------------

    def open_figure(self, table: _FigureTable, row: int) -> None:
        if self.report is None or not 0 <= row < len(table.drills):
            return
        drill = table.drills[row]
        if drill is not None:
            self._open_records(table.names[row], drill)

    def open_breakdown(self, view: RecordTableView, row: int) -> None:
        drills = view.property("drills") or []
        labels = view.property("labels") or []
        if self.report is None or not 0 <= row < len(drills) or drills[row] is None:
            return
        self._open_records(f"{view.property('title')}：{labels[row]}", drills[row])

    def _open_records(self, title: str, drill: Drill) -> None:
        assert self.report is not None
        period, today = self.report.period, self.report.today
        self.records_dialog.open(lambda: FigureRecordsDialog(self.app, title, period, drill, today, self))

    # ---- files and paper --------------------------------------------------------------------

    def ask_save(self, suffix: str) -> None:
        if self.report is None:
            return
        report = self.report
        kind = self.tr("Excel 表格 (*.xlsx)") if suffix == ".xlsx" else self.tr("PDF 文件 (*.pdf)")
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("保存统计报表"),
            str(Path.home() / f"{report.station}{self.tr('统计报表')}-{report.period.code}{suffix}"),
            kind,
        )
        if name:
            path = Path(name)
            self.save(report, path if path.suffix.lower() == suffix else path.with_name(path.name + suffix))

    def save(self, report: StationReport, path: Path) -> None:
        now = dt.datetime.now(dt.UTC)
        try:
            if path.suffix.lower() == ".xlsx":
                write_report_xlsx(report, path, now)
                pages = ""
            else:
                pages = self.tr("（{0} 页）").format(write_report_pdf(report, path, now))
        except (LiaisonError, OSError) as error:
            report_failure(self, self.app, error if isinstance(error, LiaisonError) else LiaisonError(
                self.tr("无法保存到“{0}”：{1}").format(path, error.strerror or error)))  # fmt: skip
            return
        self._tell(self.tr("已保存统计报表{0}：{1}").format(pages, path))

    def print_report(self) -> None:
        if self.report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_report(self.report, printer, dt.datetime.now(dt.UTC))

    def ledger_titles(self) -> dict[str, str]:
        return {
            "demands": self.tr("群众需求台账"),
            "activities": self.tr("实践活动台账"),
            "hours": self.tr("志愿服务台账"),
        }

    def ask_ledger(self) -> None:
        """需求台账, 活动台账 or 志愿服务台账 of the report's period, every row of it."""
        if self.report is None:
            return
        period = self.report.period
        titles = self.ledger_titles()

        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.tr("导出台账"),
                self.tr("导出哪一本台账？"),
                [
                    ("demands", titles["demands"], QMessageBox.ButtonRole.AcceptRole),
                    ("activities", titles["activities"], QMessageBox.ButtonRole.ActionRole),
                    ("hours", titles["hours"], QMessageBox.ButtonRole.ActionRole),
                    ("cancel", self.tr("取消"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=self.tr("统计期间：{0}").format(period.label),
                default="demands",
                escape="cancel",
            )

        def answered(box: QMessageBox) -> None:
            which = dialogs.answer_of(box)
            if which not in titles:
                return
            name, _filter = QFileDialog.getSaveFileName(
                self,
                titles[which],
                str(Path.home() / f"{titles[which]}-{period.code}.xlsx"),
                self.tr("Excel 表格 (*.xlsx)"),
            )
            if name:
                target = Path(name)
                self.export_ledger(
                    which, period, target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")
                )

        self.ledger_prompt.open(make, answered)

    def export_ledger(self, which: str, period: ReportPeriod, path: Path) -> None:
        export = {"demands": export_demands, "activities": export_activities, "hours": export_hours}[which]
        now = dt.datetime.now(dt.UTC)

        def work(session: Session, ctx: OpContext) -> int:
            return export(session, path, Period(period.start, period.end), now, Feedback(ctx.report, ctx.cancelled))

        def done(count: int) -> None:
            self._tell(self.tr("已导出 {0} 行到 {1}").format(count, path))

        def failed(error: BaseException) -> None:
            if isinstance(error, ExportCancelled):
                self._tell(error.message)
            else:
                report_failure(self, self.app, error)

        DbOp(self, self.app, work).with_progress(self.tr("正在导出台账…")).success(done).failure(
            failed
        ).run_in_background()

    def on_changes(self, changes: Changes) -> None:
        if (changes.demands or changes.activities or changes.volunteers) and self.isVisible():
            self.compute()
