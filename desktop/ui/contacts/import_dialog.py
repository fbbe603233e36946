"""导入花名册: choose a file, check how its columns map to the contact book, preview what the
first rows would become, choose what to do with villagers already in the book, import (in the
background, with progress and cancel: all rows or none), and read or save the report.

The file is read and checked by the Qt-free :mod:`desktop.models.roster_import`; this dialog
only lets the officer see and correct what it decided.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changed
from desktop.models.errors import LiaisonError
from desktop.models.roster_export import write_problem_rows
from desktop.models.roster_import import (
    FIELD_LABELS,
    PLANNED_LABELS,
    STATUS_LABELS,
    ImportCancelled,
    ImportReport,
    OnDuplicate,
    RosterFileError,
    RosterSheet,
    RowResult,
    RowStatus,
    check_mapping,
    import_roster,
    preview_roster,
    read_roster,
)
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.fields import ERROR_COLOR
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.taskman import OpContext
from liaison_wire.files import write_atomically

AnyIndex = QModelIndex | QPersistentModelIndex

FILE_FILTER = "村民花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)"
FLAGGED_COLOR = QColor("#8a5a00")
STATUS_COLORS = {
    RowStatus.IMPORTED: QColor("#1b5e20"),
    RowStatus.UPDATED: QColor("#0d47a1"),
    RowStatus.SKIPPED: QColor("#5f6368"),
    RowStatus.REJECTED: QColor(ERROR_COLOR),
}


# The texts above and the roster's labels (desktop.models.roster_import) reach self.tr() as
# variables; listed here for lupdate.
_LABELS_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP(
        "ContactImportDialog", "村民花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)"
    ),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "可导入"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "将更新"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "将跳过"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "将拒绝"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "已导入"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "已更新"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "已跳过"),
    QT_TRANSLATE_NOOP("ImportRowsTableModel", "已拒绝"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "姓名"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "性别"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "身份证号码"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "出生日期"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "联系电话"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "代联系人电话"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "与代联系人关系"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "村民小组"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "网格"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "住址"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "人员类别"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "备注"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否留守老人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否独居老人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否空巢老人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否高龄老人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否留守儿童"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否困境儿童"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否留守妇女"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否困难群众"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否低保户"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否特困人员"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否脱贫户"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否防返贫监测对象"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否残疾人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否重病患者"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否退役军人"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否军烈属"),
    QT_TRANSLATE_NOOP("ContactImportDialog", "是否优抚对象"),
)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ImportRowsTableModel(QAbstractTableModel):
    """Per-row results of a preview or an import: the rows that need the officer (refused, or
    taken with a reminder), or every row."""

    COL_ROW = 0
    COL_NAME = 1
    COL_STATUS = 2
    COL_REASON = 3
    COLUMN_COUNT = 4

    RecordRole = Qt.ItemDataRole.UserRole + 1  # the spreadsheet row number
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.results: list[RowResult] = []
        self.problems_only = True

    def set_report(self, report: ImportReport | None, *, problems_only: bool = True) -> None:
        self.beginResetModel()
        self.report = report
        self.problems_only = problems_only
        if report is None:
            self.results = []
        else:
            self.results = report.problem_rows() if problems_only else list(report.rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [self.tr("行号"), self.tr("姓名"), self.tr("结果"), self.tr("说明")]
        return headers[section] if 0 <= section < len(headers) else None

    def _label(self, result: RowResult) -> str:
        planned = self.report is not None and self.report.dry_run
        return self.tr((PLANNED_LABELS if planned else STATUS_LABELS)[result.status])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.results):
            return None
        result = self.results[index.row()]
        column = index.column()
        if role == self.RecordRole:
            return result.row_number
        if role == self.SortRole:
            return (result.row_number, result.name, result.status.value, result.reason)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            color = STATUS_COLORS[result.status]
            return QBrush(FLAGGED_COLOR if result.flagged else color)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_REASON and result.reason:
            return result.reason
        if role == Qt.ItemDataRole.DisplayRole:
            status = self._label(result)
            if result.flagged:
                status = self.tr("{0}（有提醒）").format(status)
            texts = (str(result.row_number), result.name, status, result.reason)
            return texts[column]
        return None


class ContactImportDialog(QDialog):
    STEP_FILE, STEP_MAPPING, STEP_PREVIEW, STEP_REPORT = range(4)

    file_loaded = Signal()
    preview_shown = Signal()
    import_finished = Signal(object)  # ImportReport, or None when it failed or was cancelled

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.sheet: RosterSheet | None = None
        self.report: ImportReport | None = None
        self.preview_report: ImportReport | None = None
        self._busy = False
        self.setWindowTitle(self.tr("导入花名册"))
        self.resize(980, 640)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._file_step())
        self.stack.addWidget(self._mapping_step())
        self.stack.addWidget(self._preview_step())
        self.stack.addWidget(self._report_step())

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.back_button = QPushButton(self.tr("上一步"), self)
        self.next_button = QPushButton(self.tr("下一步"), self)
        self.import_button = QPushButton(self.tr("导入"), self)
        self.close_button = QPushButton(self.tr("关闭"), self)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
            button.setMinimumHeight(36)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self._go(self.STEP_FILE)

    # ---- the steps ---------------------------------------------------------------------------

    def _file_step(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "选择村里的村民花名册（Excel .xlsx、WPS/旧版 Excel .xls 或 CSV 文件）。\n"
                "表格上方的标题行、日期行可以保留；程序会自动找到“姓名”等表头所在的行。\n"
                "导入前会先显示每一列对应的内容和前 20 行的预览，确认后才写入通讯录。"
            ),
            page,
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("选择文件…"), page)
        self.choose_button.setMinimumHeight(44)
        self.file_label = QLabel(page)
        self.file_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.file_label)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self._choose_file)
        return page

    def _mapping_step(self) -> QWidget:
        page = QWidget(self)
        self.sheet_label = QLabel(page)
        self.sheet_label.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 4, page)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("列"), self.tr("表头"), self.tr("前几行的内容"), self.tr("导入为")]
        )
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping_combos: list[QComboBox] = []
        layout = QVBoxLayout(page)
        layout.addWidget(self.sheet_label)
        layout.addWidget(self.mapping_table, 1)
        return page

    def _preview_step(self) -> QWidget:
        page = QWidget(self)
        self.duplicate_skip = QRadioButton(self.tr("跳过（不改动通讯录里已有的记录）"), page)
        self.duplicate_update = QRadioButton(
            self.tr("更新（用表格中填写了的内容更新已有记录）"), page
        )
        self.duplicate_skip.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.duplicate_skip)
        group.addButton(self.duplicate_update)
        choice = QHBoxLayout()
        choice.addWidget(
            QLabel(self.tr("通讯录里已有的村民（身份证号码相同，或姓名和电话相同）："), page)
        )
        choice.addWidget(self.duplicate_skip)
        choice.addWidget(self.duplicate_update)
        choice.addStretch(1)
        self.preview_totals = QLabel(page)
        self.preview_totals.setWordWrap(True)
        font = self.preview_totals.font()
        font.setBold(True)
        self.preview_totals.setFont(font)
        # Categories the vocabulary does not know: kept as custom tags only if ticked.
        self.categories_box = QGroupBox(
            self.tr("不在类别表里的人员类别：勾选的作为自定义类别导入，不勾选的不导入"), page
        )
        self.categories_layout = QHBoxLayout(self.categories_box)
        self.category_boxes: dict[str, QCheckBox] = {}
        self.categories_box.hide()
        self.preview_label = QLabel(page)
        self.preview_all = QCheckBox(self.tr("显示全部行"), page)
        self.preview_model = ImportRowsTableModel(page)
        self.preview_view = self._rows_view(page, self.preview_model)
        above = QHBoxLayout()
        above.addWidget(self.preview_label, 1)
        above.addWidget(self.preview_all)
        layout = QVBoxLayout(page)
        layout.addLayout(choice)
        layout.addWidget(self.preview_totals)
        layout.addWidget(self.categories_box)
        layout.addLayout(above)
        layout.addWidget(self.preview_view, 1)
        self.duplicate_update.toggled.connect(lambda _on: self.show_preview())
        self.preview_all.toggled.connect(lambda on: self._show_rows(self.preview_model, on))
        return page

    def _report_step(self) -> QWidget:
        page = QWidget(self)
        self.summary_label = QLabel(page)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.report_label = QLabel(page)
        self.report_all = QCheckBox(self.tr("显示全部行"), page)
        self.report_model = ImportRowsTableModel(page)
        self.report_view = self._rows_view(page, self.report_model)
        self.save_problems_button = QPushButton(self.tr("把需要修改的行另存为 Excel…"), page)
        self.save_problems_button.setToolTip(
            self.tr("在 Excel/WPS 中改好这些行，再导入一次即可")
        )
        self.save_problems_button.clicked.connect(self._ask_save_problems)
        self.save_report_button = QPushButton(self.tr("保存报告…"), page)
        self.save_report_button.clicked.connect(self._ask_save_report)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        above = QHBoxLayout()
        above.addWidget(self.report_label, 1)
        above.addWidget(self.report_all)
        below = QHBoxLayout()
        below.addWidget(self.save_problems_button)
        below.addWidget(self.save_report_button)
        below.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(above)
        layout.addWidget(self.report_view, 1)
        layout.addLayout(below)
        self.report_all.toggled.connect(lambda on: self._show_rows(self.report_model, on))
        return page

    def _show_rows(
        self, model: ImportRowsTableModel, every: bool, report: ImportReport | None = None
    ) -> None:
        """The rows of ``report`` (else the model's) that need the officer, or (ticked) every
        row; and what the list shows."""
        report = report or model.report
        model.set_report(report, problems_only=not every)
        label = self.preview_label if model is self.preview_model else self.report_label
        if report is None:
            label.clear()
        elif every:
            label.setText(self.tr("全部 {0} 行：").format(len(report.rows)))
        else:
            count = len(report.problem_rows())
            label.setText(
                self.tr("需要处理的行（{0} 行）：").format(count)
                if count
                else self.tr("没有需要处理的行。")
            )

    def _rows_view(self, parent: QWidget, model: ImportRowsTableModel) -> QTableView:
        view = QTableView(parent)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        metrics = self.fontMetrics()
        header.resizeSection(
            ImportRowsTableModel.COL_ROW, metrics.horizontalAdvance("行号 99999") + 16
        )
        header.resizeSection(
            ImportRowsTableModel.COL_NAME, metrics.horizontalAdvance("欧阳娜娜娜") + 24
        )
        header.resizeSection(
            ImportRowsTableModel.COL_STATUS, metrics.horizontalAdvance("已拒绝") + 32
        )
        header.setStretchLastSection(True)
        return view

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.back_button.setVisible(step in (self.STEP_MAPPING, self.STEP_PREVIEW))
        self.next_button.setVisible(step == self.STEP_MAPPING)
        self.import_button.setVisible(step == self.STEP_PREVIEW)
        self.close_button.setText(self.tr("完成") if step == self.STEP_REPORT else self.tr("关闭"))
        if step != self.STEP_REPORT:
            self.message.clear()

    def _back(self) -> None:
        self._go(max(self.stack.currentIndex() - 1, self.STEP_FILE))

    def _next(self) -> None:
        if self.stack.currentIndex() == self.STEP_MAPPING:
            try:
                check_mapping(self.mapping())
            except RosterFileError as error:
                self._say(error.message)
                return
            self._go(self.STEP_PREVIEW)
            self.show_preview()

    # ---- reading the file --------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择村民花名册"), "", self.tr(FILE_FILTER)
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        self.file_label.setText(self.tr("正在读取“{0}”…").format(path.name))
        self.message.clear()

        DbOp(self, self.app, lambda _session, _ctx: read_roster(path)).success(
            self._file_read
        ).failure(self._file_failed).run_in_background()

    def _file_failed(self, error: BaseException) -> None:
        if not isinstance(error, LiaisonError):
            self.app.report_bug(error)
            return
        self.file_label.setText("")
        self._say(error.message)
        self.file_loaded.emit()

    def _file_read(self, sheet: RosterSheet) -> None:
        self.sheet = sheet
        self.file_label.setText(self.tr("已读取“{0}”").format(sheet.file_name))
        data_rows = sum(1 for row in sheet.rows if not row.banner)
        self.sheet_label.setText(
            self.tr(
                "文件“{0}”，工作表“{1}”：表头在第 {2} 行，下面有 {3} 行。请核对每一列要导入为什么，"
                "不需要的列选“（不导入）”。"
            ).format(sheet.file_name, sheet.sheet_name, sheet.header_row, data_rows)
        )
        self._fill_mapping(sheet)
        self._go(self.STEP_MAPPING)
        self.file_loaded.emit()

    def _fill_mapping(self, sheet: RosterSheet) -> None:
        self.mapping_table.setRowCount(len(sheet.headers))
        self.mapping_combos = []
        for column, header in enumerate(sheet.headers):
            letter = QTableWidgetItem(_column_letter(column))
            letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.mapping_table.setItem(column, 0, letter)
            self.mapping_table.setItem(column, 1, QTableWidgetItem(header or self.tr("（无表头）")))
            self.mapping_table.setItem(column, 2, QTableWidgetItem("，".join(sheet.sample(column))))
            combo = QComboBox(self.mapping_table)
            combo.addItem(self.tr("（不导入）"), None)
            for key, label in FIELD_LABELS.items():
                combo.addItem(self.tr(label), key)
            combo.setCurrentIndex(max(combo.findData(sheet.suggested.get(column)), 0))
            combo.currentIndexChanged.connect(lambda _i: self.message.clear())
            self.mapping_table.setCellWidget(column, 3, combo)
            self.mapping_combos.append(combo)
        self.mapping_table.resizeColumnToContents(0)
        self.mapping_table.resizeColumnToContents(1)
        self.mapping_table.resizeColumnToContents(3)

    def mapping(self) -> dict[int, str]:
        return {
            column: combo.currentData()
            for column, combo in enumerate(self.mapping_combos)
            if combo.currentData() is not None
        }

    def set_field(self, column: int, key: str | None) -> None:
        """Map ``column`` to ``key`` (None: not imported), as choosing in its combo does."""
        combo = self.mapping_combos[column]
        combo.setCurrentIndex(max(combo.findData(key), 0))

    # ---- preview and import -----------------------------------------------------------------

    def on_duplicate(self) -> OnDuplicate:
        return "update" if self.duplicate_update.isChecked() else "skip"

    def custom_tags(self) -> list[str]:
        return [word for word, box in self.category_boxes.items() if box.isChecked()]

    def show_preview(self) -> None:
        """Check every row (nothing is written): the totals, the rows that need the officer,
        and the categories nobody knows."""
        sheet, mapping, on_duplicate = self.sheet, self.mapping(), self.on_duplicate()
        if sheet is None:
            return
        today, custom = beijing.today(), self.custom_tags()

        def load(session: Session, ctx: OpContext) -> ImportReport:
            return preview_roster(
                session,
                sheet,
                mapping,
                on_duplicate=on_duplicate,
                today=today,
                custom_tags=custom,
                progress=ctx.report,
                cancelled=ctx.cancelled,
            )

        self.preview_totals.setText(self.tr("正在检查每一行…"))
        self.import_button.setEnabled(False)
        DbOp(self, self.app, load).with_progress(self.tr("正在检查花名册…")).success(
            self._preview_loaded
        ).failure(self._preview_failed).run_in_background()

    def _preview_failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelled | LiaisonError):
            self.preview_totals.setText(error.message)
        else:
            self.app.report_bug(error)

    def _preview_loaded(self, report: ImportReport) -> None:
        self.preview_report = report
        self.preview_totals.setText(
            self.tr("检查结果（还没有写入通讯录）：{0}").format(report.totals())
            if report.rows
            else self.tr("表头下面没有可以导入的行。")
        )
        self._show_categories(report)
        self._show_rows(self.preview_model, self.preview_all.isChecked(), report)
        self.import_button.setEnabled(bool(report.imported or report.updated))
        self.preview_shown.emit()

    def _show_categories(self, report: ImportReport) -> None:
        """A box per unknown category (ticked ones are kept), keeping the officer's ticks."""
        for word, count in report.unknown_categories.items():
            box = self.category_boxes.get(word)
            if box is None:
                box = QCheckBox(self.categories_box)
                box.toggled.connect(lambda _on: self.show_preview())
                self.categories_layout.addWidget(box)
                self.category_boxes[word] = box
            box.setText(self.tr("{0}（{1} 行）").format(word, count))
        self.categories_box.setVisible(bool(self.category_boxes))

    def start_import(self) -> None:
        if self.sheet is None or self._busy:
            return
        self._busy = True
        self.import_button.setEnabled(False)
        self.back_button.setEnabled(False)
        sheet, mapping, on_duplicate = self.sheet, self.mapping(), self.on_duplicate()
        today, custom = beijing.today(), self.custom_tags()

        def work(session: Session, ctx: OpContext) -> Changed[ImportReport]:
            report = import_roster(
                session,
                sheet,
                mapping,
                today=today,
                on_duplicate=on_duplicate,
                custom_tags=custom,
                progress=ctx.report,
                cancelled=ctx.cancelled,
            )
            return Changed(report, report.changes)

        WriteOp(self, self.app, work).with_progress(self.tr("正在导入花名册…")).success(
            self._imported
        ).failure(self._import_failed).run_in_background()

    def _imported(self, report: ImportReport) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        self.back_button.setEnabled(True)
        self.report = report
        self.summary_label.setText(self.tr("导入完成：{0}").format(report.summary()))
        self.report_all.setChecked(False)
        self._show_rows(self.report_model, False, report)
        self.save_problems_button.setEnabled(bool(report.problem_rows()))
        self._go(self.STEP_REPORT)
        self.import_finished.emit(report)

    def _import_failed(self, error: BaseException) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        self.back_button.setEnabled(True)
        if isinstance(error, ImportCancelled):
            self._say(error.message)
        elif isinstance(error, LiaisonError):
            self._say(self.tr("{0} 没有导入任何村民。").format(error.message))
        else:
            self.app.report_bug(error)
        self.import_finished.emit(None)

    # ---- the report ------------------------------------------------------------------------

    def _ask_save_problems(self) -> None:
        if self.report is None or self.sheet is None:
            return
        default = Path(self.report.file_name).stem + "-需要修改的行.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("另存需要修改的行"), default, self.tr("Excel 表格 (*.xlsx)")
        )
        if path:
            target = Path(path)
            self.save_problems(target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx"))

    def save_problems(self, path: Path) -> None:
        """The problem rows as they were in the file, with what to correct, for WPS/Excel."""
        sheet, report = self.sheet, self.report
        if sheet is None or report is None:
            return

        def write(_session: Session, _ctx: OpContext) -> int:
            return write_problem_rows(sheet, report, path)

        def written(count: int) -> None:
            self._say(self.tr("已把 {0} 行另存到 {1}，改好后可以再导入。").format(count, path), ok=True)

        DbOp(self, self.app, write).success(written).run_in_background()

    def _ask_save_report(self) -> None:
        if self.report is None:
            return
        default = Path(self.report.file_name).stem + "-导入报告.txt"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存导入报告"), default, self.tr("文本文件 (*.txt)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        if self.report is None:
            return
        try:
            # With a byte-order mark, old Windows Notepad reads the Chinese correctly too.
            write_atomically(path, self.report.text().encode("utf-8-sig"))
        except OSError as error:
            dialogs.notify(
                self,
                self.windowTitle(),
                self.tr("无法保存报告：{0}").format(error.strerror or error),
            )
            return
        self._say(self.tr("报告已保存到 {0}").format(path), ok=True)

    def _say(self, text: str, *, ok: bool = False) -> None:
        self.message.setStyleSheet(f"color: {'#1b5e20' if ok else ERROR_COLOR};")
        self.message.setText(text)

    def reject(self) -> None:
        if self._busy:
            return  # the progress dialog's 取消 stops an import; closing here would hide it
        super().reject()
