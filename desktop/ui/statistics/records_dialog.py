"""The records behind a figure of the 统计报表: a click on 办结量 lists the demands it counts
(the same definition as the figure), on 活动场次 the activities; Enter or a double click opens
one (the demand's detail, the activity's form)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.models.activities import activity_names
from desktop.models.beijing import beijing_date
from desktop.models.demand_views import catalog_labels
from desktop.models.rules.demand_status import (
    EVALUATION_LABELS,
    STATUS_LABELS,
    DemandStatus,
    Evaluation,
)
from desktop.models.statistics import Drill, activities_behind, demands_behind
from desktop.ui.activities.form_dialog import ActivityFormDialog
from desktop.ui.app_context import AppContext
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp
from desktop.ui.common.record_list import RecordTableView
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.detail_dialog import DemandDetailDialog
from liaison_wire.statistics import ReportPeriod

Index = QModelIndex | QPersistentModelIndex


class TextTableModel(QAbstractTableModel):
    """Rows of text under a header; ``right`` names the columns aligned right (figures)."""

    def __init__(self, header: Sequence[str], right: frozenset[int] = frozenset(), parent: Any = None) -> None:
        super().__init__(parent)
        self.header = list(header)
        self.right = right
        self.rows: list[Sequence[str]] = []

    def set_rows(self, rows: list[Sequence[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header[section]
        return None


def _label(table: dict[Any, str], kind: type, value: str | None) -> str:
    try:
        return table[kind(value)] if value else ""
    except ValueError:
        return value or ""


class FigureRecordsDialog(QDialog):
    def __init__(
        self,
        app: AppContext,
        title: str,
        period: ReportPeriod,
        drill: Drill,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        """``today``: the day the report was computed for (what was overdue then)."""
        super().__init__(parent)
        self.app = app
        self.drill = drill
        self.ids: list[str] = []
        self.setWindowTitle(self.tr("{0}：{1}").format(period.label, title))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("正在读取…"), self)
        layout.addWidget(self.summary)
        if drill.kind == "demands":
            header = [self.tr("需求编号"), self.tr("登记日期"), self.tr("需求内容"), self.tr("状态"),
                      self.tr("类别"), self.tr("办理期限"), self.tr("办结日期"), self.tr("评价")]  # fmt: skip
            stretch = 2
        else:
            header = [self.tr("开始日期"), self.tr("活动名称"), self.tr("活动类型"), self.tr("活动地点"),
                      self.tr("参与群众（人次）")]  # fmt: skip
            stretch = 1
        self.model = TextTableModel(header, frozenset({4}) if drill.kind == "activities" else frozenset(), self)
        self.table = RecordTableView(self.model, stretch, self)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.record_dialog: DialogSlot[QDialog] = DialogSlot()
        self.table.open_requested.connect(self.open_row)

        def load(session: Session, _ctx: OpContext) -> tuple[list[str], list[list[str]]]:
            if drill.kind == "demands":
                labels = catalog_labels(session)
                rows = demands_behind(session, period, drill, today)
                return [r.id for r in rows], [
                    [r.number, beijing_date(r.registered_at), r.title,
                     _label(STATUS_LABELS, DemandStatus, r.status),
                     labels.category(r.catalog_version, r.category_code),
                     r.due_date.isoformat() if r.due_date else "", beijing_date(r.resolved_at),
                     _label(EVALUATION_LABELS, Evaluation, r.evaluation)]
                    for r in rows
                ]  # fmt: skip
            names = activity_names(session)
            found = activities_behind(session, period, drill)
            return [r.id for r in found], [
                [beijing_date(r.starts_at), r.title, names.types.get(r.activity_type_code, r.activity_type_code),
                 r.place, str(r.audience_count)]
                for r in found
            ]  # fmt: skip

        DbOp(self, app, load).success(self._show).run_in_background()

    def _show(self, loaded: tuple[list[str], list[list[str]]]) -> None:
        self.ids, rows = loaded
        self.model.set_rows(list(rows))
        # Whole 需求编号 and dates; the title (or the activity's name) takes what is left.
        self.table.resizeColumnsToContents()
        unit = self.tr("条需求") if self.drill.kind == "demands" else self.tr("场活动")
        self.summary.setText(
            self.tr("共 {0} {1}；按 Enter 或双击打开一条。").format(len(rows), unit)
            if rows
            else self.tr("没有记录。")
        )
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.ids):
            return
        record_id = self.ids[row]
        if self.drill.kind == "demands":
            self.record_dialog.open(lambda: DemandDetailDialog(self.app, record_id, self))
        else:
            self.record_dialog.open(lambda: ActivityFormDialog(self.app, record_id, self))

