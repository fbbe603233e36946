"""同步: is this PC in touch with the county, what waits to be reported, what happened in past
sync rounds, and the conflicts and refused changes the officer should look at."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.beijing import beijing_time
from desktop.models.changes import Changed, Changes
from desktop.models.sync_views import (
    ConflictView,
    HeldView,
    RejectionView,
    acknowledge_conflicts,
    acknowledge_rejections,
    held_count,
    list_conflicts,
    list_held,
    list_rejections,
    open_issue_counts,
)
from desktop.sync import state
from desktop.sync.engine import SyncReport
from desktop.sync.history import SyncRun, read_sync_runs
from desktop.sync.package import Exported, default_name
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.page import Page
from desktop.ui.common.taskman import OpContext
from desktop.ui.sync.controller import SyncController, SyncStatus
from desktop.ui.sync.issue_table_model import (
    SyncConflictTableModel,
    SyncHeldTableModel,
    SyncRejectionTableModel,
)
from desktop.ui.sync.log_table_model import SyncLogTableModel
from desktop.ui.sync.table_model import RecordRole, SortRole, SyncRowsTableModel
from liaison_wire import package as pkg

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"


@dataclass(frozen=True)
class _Loaded:
    runs: list[SyncRun]
    conflicts: list[ConflictView]
    rejections: list[RejectionView]
    open_conflicts: int
    open_rejections: int
    held: list[HeldView]
    held_total: int
    clock_offset: float | None


def clock_warning(offset_seconds: float | None) -> str:
    """The clock-skew warning in words, or "" when the clocks agree closely enough."""
    if offset_seconds is None or abs(offset_seconds) <= wire.CLOCK_SKEW_WARNING.total_seconds():
        return ""
    minutes = round(abs(offset_seconds) / 60)
    if offset_seconds > 0:
        text = QCoreApplication.translate("SyncPage", "本机时钟比县中心服务器快约 {0} 分钟。")
    else:
        text = QCoreApplication.translate("SyncPage", "本机时钟比县中心服务器慢约 {0} 分钟。")
    return text.format(minutes) + QCoreApplication.translate(
        "SyncPage", "同步不受影响，但登记时间会按本机时钟记录，请校准电脑的日期和时间。"
    )


class _IssueTab(QWidget):
    """A list of conflicts or refused changes with its 知道了 buttons."""

    def __init__(self, explanation: str, model: SyncRowsTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.view = _table(model, self, sort_column=len(model.columns) - 1)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.acknowledge_button = QPushButton(self.tr("知道了"), self)
        self.acknowledge_button.setToolTip(self.tr("选中的几条以后不再显示"))
        self.acknowledge_all_button = QPushButton(self.tr("全部知道了"), self)
        self.show_acknowledged = QCheckBox(self.tr("也显示已经知道的"), self)
        row.addWidget(self.acknowledge_button)
        row.addWidget(self.acknowledge_all_button)
        row.addStretch(1)
        row.addWidget(self.show_acknowledged)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        return [str(index.data(RecordRole)) for index in self.view.selectionModel().selectedRows()]

    def all_ids(self) -> list[str]:
        return [
            str(self.model.index(row, 0).data(RecordRole)) for row in range(self.model.rowCount())
        ]

    def _update_buttons(self) -> None:
        self.acknowledge_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.acknowledge_all_button.setEnabled(self.model.rowCount() > 0)


def _table(model: SyncRowsTableModel, parent: QWidget, *, sort_column: int) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    return view


class SyncPage(Page):
    def __init__(
        self, app: AppContext, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(app, parent)
        self.sync = sync
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("与县中心同步"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        layout.addWidget(heading)

        box = QGroupBox(self.tr("同步状态"), self)
        top = QHBoxLayout(box)
        form = QFormLayout()
        # Without this, Windows' style keeps wrapped labels at a narrow width.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.enrolment_label = QLabel(box)
        self.enrolment_label.setWordWrap(True)
        self.online_label = QLabel(box)
        self.pending_label = QLabel(box)
        self.last_success_label = QLabel(box)
        self.error_label = QLabel(box)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clock_label = QLabel(box)
        self.clock_label.setWordWrap(True)
        self.clock_label.setStyleSheet(WARNING_STYLE)
        form.addRow(self.tr("本机："), self.enrolment_label)
        form.addRow(self.tr("连接："), self.online_label)
        form.addRow(self.tr("待上报："), self.pending_label)
        form.addRow(self.tr("上次成功同步："), self.last_success_label)
        form.addRow(self.tr("上次出错："), self.error_label)
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(self.clock_label)  # full width: it wraps on narrow screens
        top.addLayout(column, 1)
        self.sync_button = QPushButton(self.tr("立即同步"), box)
        self.sync_button.setMinimumSize(140, 48)
        self.sync_button.clicked.connect(lambda: self.sync.sync_now(user_started=True))
        # No line for weeks: the same records on a USB stick (同步包), and the county's answer.
        self.export_button = QPushButton(self.tr("导出同步包…"), box)
        self.export_button.setToolTip(
            self.tr("没有网络时用：把待上报的记录（连同照片）存成一个文件，用U盘交给县中心导入")
        )
        self.export_button.clicked.connect(self.choose_export_file)
        self.import_button = QPushButton(self.tr("导入回执包…"), box)
        self.import_button.setToolTip(self.tr("县中心导入同步包后会给一个回执包，在这里导入"))
        self.import_button.clicked.connect(self.choose_answer_file)
        buttons = QVBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout.addWidget(box)

        self.tabs = QTabWidget(self)
        log_tab = QWidget(self.tabs)
        log_layout = QVBoxLayout(log_tab)
        self.log_model = SyncLogTableModel(self)
        self.log_view = _table(self.log_model, log_tab, sort_column=SyncLogTableModel.COL_TIME)
        log_layout.addWidget(self.log_view, 1)
        details = QLabel(
            self.tr("每次同步的详细经过记在日志文件里：{0}").format(self.app.log_path), log_tab
        )
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        log_layout.addWidget(details)
        self.tabs.addTab(log_tab, self.tr("同步记录"))

        self.conflicts = _IssueTab(
            self.tr(
                "下面这些内容，本机和县中心在同一时间段都修改过。按照“后到为准”，县中心已采用"
                "本机的值，原来的值列在右边供核对；如果原来的值才对，请到对应的记录里改回来。"
            ),
            SyncConflictTableModel(self),
            self.tabs,
        )
        self.rejections = _IssueTab(
            self.tr(
                "县中心没有接受下面这些修改，原因写在“县中心的说明”里。"
                "其他记录照常同步，不受影响；如有疑问请联系县中心。"
            ),
            SyncRejectionTableModel(self),
            self.tabs,
        )
        self.tabs.addTab(self.conflicts, "")
        self.tabs.addTab(self.rejections, "")
        held_tab = QWidget(self.tabs)
        held_layout = QVBoxLayout(held_tab)
        held_text = QLabel(
            self.tr(
                "下面这些记录是县中心发来的，本机暂时无法接收，原因写在“原因”里；"
                "其他记录照常同步，不受影响。每次同步都会自动再试，能接收时就自动收下，"
                "“怎么办”一栏说明是否需要您做什么。"
            ),
            held_tab,
        )
        held_text.setWordWrap(True)
        held_layout.addWidget(held_text)
        self.held_model = SyncHeldTableModel(self)
        self.held_view = _table(self.held_model, held_tab, sort_column=SyncHeldTableModel.COL_SINCE)
        held_layout.addWidget(self.held_view, 1)
        self.tabs.addTab(held_tab, "")
        self._set_tab_counts(0, 0, 0)
        layout.addWidget(self.tabs, 1)

        self.conflicts.acknowledge_button.clicked.connect(
            lambda: self._acknowledge(acknowledge_conflicts, self.conflicts.selected_ids())
        )
        self.conflicts.acknowledge_all_button.clicked.connect(
            lambda: self._acknowledge(acknowledge_conflicts, self.conflicts.all_ids())
        )
        self.rejections.acknowledge_button.clicked.connect(
            lambda: self._acknowledge(acknowledge_rejections, self.rejections.selected_ids())
        )
        self.rejections.acknowledge_all_button.clicked.connect(
            lambda: self._acknowledge(acknowledge_rejections, self.rejections.all_ids())
        )
        for tab in (self.conflicts, self.rejections):
            tab.show_acknowledged.toggled.connect(lambda _on: self.refresh())

        sync.status_changed.connect(self.show_status)
        sync.sync_finished.connect(lambda _report: self.refresh())
        self.show_status(sync.status)

    def title(self) -> str:
        return self.tr("同步")

    def show_status(self, status: SyncStatus) -> None:
        # Settings only; the keyring (where the token lives) is not touched on the GUI thread.
        settings = self.app.credentials.load_settings()
        if settings.enrolled:
            self.enrolment_label.setText(
                self.tr("已注册为“{0}”（{1}）的设备").format(
                    settings.village_name, settings.village_code
                )
            )
        else:
            self.enrolment_label.setText(
                self.tr("还没有在县中心注册。请到“设置”页填写服务器地址和注册码。")
            )
        if self.sync.needs_enrolment:
            online = self.tr("县中心不再接受本机的注册，请到“设置”页重新注册")
        elif not status.enrolled:
            online = self.tr("未注册")
        elif status.running:
            online = self.tr("正在同步…")
        elif status.online is None:
            online = self.tr("尚未连接")
        else:
            online = self.tr("在线") if status.online else self.tr("离线（网络恢复后自动上报）")
        self.online_label.setText(online)
        self.pending_label.setText(self.tr("{0} 条").format(status.pending))
        self.last_success_label.setText(
            beijing_time(wire.parse_utc(status.last_success))
            if status.last_success
            else self.tr("尚未同步过")
        )
        self.error_label.setText(status.last_error or self.tr("无"))
        self.error_label.setStyleSheet(ERROR_STYLE if status.last_error else "")
        self.sync_button.setEnabled(not status.running)
        self.export_button.setEnabled(settings.enrolled and not status.running)
        self.import_button.setEnabled(settings.enrolled and not status.running)

    # --- 同步包 -------------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        settings = self.app.credentials.load_settings()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("同步包存到（可以直接存到U盘）"),
            str(Path(folder) / default_name(settings.village_name, pkg.PUSH)),
            self.tr("同步包 (*{0})").format(pkg.SUFFIX),
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        self.sync.export_package(path, done=self._exported)

    def _exported(self, exported: Exported) -> None:
        dialogs.notify(
            self,
            self.app.title,
            self.tr(
                "{0}。\n\n文件：{1}\n\n请把它交给县中心导入，再把县中心给的回执包用“导入回执包”导入。"
            ).format(exported.summary(), exported.path),
            icon=QMessageBox.Icon.Information,
        )

    def choose_answer_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择县中心给的回执包"),
            folder,
            self.tr("回执包 (*{0});;所有文件 (*)").format(pkg.SUFFIX),
        )
        if chosen:
            self.import_from(Path(chosen))

    def import_from(self, path: Path) -> None:
        self.sync.import_answer(path, done=self._imported)

    def _imported(self, report: SyncReport) -> None:
        dialogs.notify(
            self,
            self.app.title,
            self.tr("已导入回执包：{0}").format(report.summary()),
            icon=QMessageBox.Icon.Information,
        )

    def refresh(self) -> None:
        self.sync.refresh_status()
        include = (
            self.conflicts.show_acknowledged.isChecked(),
            self.rejections.show_acknowledged.isChecked(),
        )
        data_dir = self.app.data_dir

        def load(session: Session, _ctx: OpContext) -> _Loaded:
            offset = state.get_state(session, state.CLOCK_OFFSET)
            open_conflicts, open_rejections = open_issue_counts(session)
            return _Loaded(
                runs=read_sync_runs(data_dir, limit=200),
                conflicts=list_conflicts(session, include_acknowledged=include[0]),
                rejections=list_rejections(session, include_acknowledged=include[1]),
                open_conflicts=open_conflicts,
                open_rejections=open_rejections,
                held=list_held(session),
                held_total=held_count(session),
                clock_offset=float(offset) if offset else None,
            )

        DbOp(self, self.app, load).success(self._show).run_in_background()

    def _show(self, loaded: _Loaded) -> None:
        self.log_model.set_rows(loaded.runs)
        self.conflicts.model.set_rows(loaded.conflicts)
        self.rejections.model.set_rows(loaded.rejections)
        self.held_model.set_rows(loaded.held)
        for view in (self.log_view, self.conflicts.view, self.rejections.view, self.held_view):
            _fit_columns(view)
        self._set_tab_counts(loaded.open_conflicts, loaded.open_rejections, loaded.held_total)
        warning = clock_warning(loaded.clock_offset)
        self.clock_label.setText(warning)
        self.clock_label.setVisible(bool(warning))

    def _set_tab_counts(self, conflicts: int, rejections: int, held: int) -> None:
        self.tabs.setTabText(1, self.tr("冲突（{0}）").format(conflicts))
        self.tabs.setTabText(2, self.tr("被退回（{0}）").format(rejections))
        self.tabs.setTabText(3, self.tr("暂未接收（{0}）").format(held))

    def _acknowledge(
        self, acknowledge: Callable[[Session, Iterable[str]], Changed[int]], ids: list[str]
    ) -> None:
        if not ids:
            return

        def write(session: Session, _ctx: OpContext) -> Changed[int]:
            return acknowledge(session, ids)

        WriteOp(self, self.app, write).run_in_background()

    def on_changes(self, changes: Changes) -> None:
        if changes.sync_state and self.isVisible():
            self.refresh()


def _fit_columns(view: QTableView) -> None:
    """Size columns to their contents, but keep long texts (reasons, values) from pushing the
    others off screen; the full text is in the tooltip."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column), 420))
    header.setStretchLastSection(True)
