"""志愿者与队伍: the roster (hours in all and this year, the star the hours qualify for beside the
one certified, points), found by name, pinyin initials, phone digits or a skill, narrowed to a
team or to those who may be certified a higher star; and the team tree 总队 → 分队 → 小队 with
leaders and members, where the village makes its own 小队 (the county's teams are read-only).

Keyboard: Ctrl+F searches, Enter on a volunteer opens their record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changes
from desktop.models.ledgers import Feedback, export_volunteers
from desktop.models.roster_export import ExportCancelled
from desktop.models.rules.masking import mask_phone
from desktop.models.rules.stars import StarScheme
from desktop.models.volunteering import active_star_scheme
from desktop.models.volunteers import (
    TeamNode,
    VolunteerFilter,
    VolunteerRow,
    list_volunteers,
    star_progress,
    team_overview,
)
from desktop.ui.activities.table_model import hours_text
from desktop.ui.app_context import AppContext
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.page import Page
from desktop.ui.common.record_list import RecordTableView, refill_choices, search_delay
from desktop.ui.common.taskman import OpContext
from desktop.ui.volunteers.action_dialogs import (
    ActionDialog,
    CommendationDialog,
    LeaderDialog,
    SquadDialog,
)
from desktop.ui.volunteers.detail_dialog import VolunteerDialog, stars_text
from desktop.ui.volunteers.form_dialog import VolunteerFormDialog

AnyIndex = QModelIndex | QPersistentModelIndex


class VolunteerTableModel(QAbstractTableModel):
    """The roster, all rows at once (a station keeps hundreds of volunteers, a few thousand at
    most)."""

    COLUMNS = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[VolunteerRow] = []
        self.teams: dict[str, str] = {}
        self.scheme: StarScheme | None = None

    def set_rows(self, rows: list[VolunteerRow], teams: dict[str, str], scheme: StarScheme) -> None:
        self.beginResetModel()
        self.rows, self.teams, self.scheme = rows, teams, scheme
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [
            self.tr("姓名"),
            self.tr("电话"),
            self.tr("队伍"),
            self.tr("特长"),
            self.tr("累计时长（小时）"),
            self.tr("今年（小时）"),
            self.tr("星级（已认定/可认定）"),
            self.tr("积分"),
        ]
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and self.scheme is not None:
            progress = star_progress(row.hours(), row.awarded_star, self.scheme)
            if progress.to_next is None:
                return self.tr("已达五星")
            return self.tr("距下一星还差 {0} 小时").format(f"{progress.to_next:g}")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.name
        if column == 1:
            return mask_phone(row.phone) if row.phone else "—"
        if column == 2:
            return self.teams.get(row.team_id or "", "")
        if column == 3:
            return row.skills
        if column == 4:
            return hours_text(row.total_minutes)
        if column == 5:
            return hours_text(row.year_minutes)
        if column == 6:
            eligible = star_progress(row.hours(), row.awarded_star, self.scheme).eligible if self.scheme else 0
            return f"{stars_text(row.awarded_star)} / {stars_text(eligible)}"
        return str(row.points)


class VolunteersPage(Page):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.model = VolunteerTableModel(self)
        self.detail_dialog: DialogSlot[VolunteerDialog] = DialogSlot()
        self.team_dialog: DialogSlot[ActionDialog] = DialogSlot()
        self.form_dialog: DialogSlot[VolunteerFormDialog] = DialogSlot()
        self.nodes: list[TeamNode] = []
        self._stale = True
        self._query = VolunteerFilter()

        self.tabs = QTabWidget(self)
        roster = QWidget(self)
        self.search_edit = QLineEdit(roster)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("搜索：姓名、拼音首字母、电话号码或特长（Ctrl+F）")
        )
        self.team_combo = QComboBox(roster)
        self.team_combo.addItem(self.tr("全部队伍"), None)
        self.team_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.team_combo.setMinimumContentsLength(10)
        self.eligible_box = QCheckBox(self.tr("只看可认定更高星级的"), roster)
        self.new_button = QPushButton(self.tr("登记志愿者"), roster)
        self.new_button.setToolTip(self.tr("登记一位新的志愿者（Ctrl+N）"))
        self.edit_button = QPushButton(self.tr("编辑"), roster)
        self.edit_button.setToolTip(self.tr("修改选中志愿者的姓名、电话、特长和所属队伍"))
        self.export_button = QPushButton(self.tr("导出花名册…"), roster)
        self.export_button.setToolTip(self.tr("把志愿者花名册导出为 Excel 表格（电话隐去中间四位）"))
        self.open_button = QPushButton(self.tr("查看"), roster)
        self.open_button.setToolTip(self.tr("查看选中志愿者的服务记录、积分和星级（Enter 或双击）"))
        self.count_label = QLabel(roster)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.team_combo)
        filters.addWidget(self.eligible_box)
        filters.addWidget(self.new_button)
        filters.addWidget(self.edit_button)
        filters.addWidget(self.open_button)
        filters.addWidget(self.export_button)
        filters.addWidget(self.count_label)
        self.table = RecordTableView(self.model, 3, roster)
        self.table.size_columns(
            {0: "欧阳娜娜", 1: "138****5678", 2: "红旗村文艺小队", 4: "累计时长（小时）",
             5: "今年（小时）", 6: "星级（已认定/可认定）", 7: "积分"},
            padding=24,
        )  # fmt: skip
        roster_layout = QVBoxLayout(roster)
        roster_layout.addLayout(filters)
        roster_layout.addWidget(self.table, 1)

        teams = QWidget(self)
        self.tree = QTreeWidget(teams)
        self.tree.setHeaderLabels([self.tr("队伍"), self.tr("层级"), self.tr("队长"), self.tr("队员")])
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("农安县新时代文明实践志愿服务总队") + 60)
        self.new_squad_button = QPushButton(self.tr("新建小队…"), teams)
        self.leader_button = QPushButton(self.tr("设置队长…"), teams)
        self.team_honour_button = QPushButton(self.tr("登记表彰…"), teams)
        self.tree_note = QLabel(self.tr("县、乡镇的队伍由县中心发布，这里只能查看；本村的小队可以新建和设置队长。"), teams)
        self.tree_note.setWordWrap(True)
        tree_buttons = QHBoxLayout()
        for button in (self.new_squad_button, self.leader_button, self.team_honour_button):
            tree_buttons.addWidget(button)
        tree_buttons.addWidget(self.tree_note, 1)
        teams_layout = QVBoxLayout(teams)
        teams_layout.addLayout(tree_buttons)
        teams_layout.addWidget(self.tree, 1)

        self.tabs.addTab(roster, self.tr("志愿者"))
        self.tabs.addTab(teams, self.tr("队伍"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self._search_timer = search_delay(self, self.apply_filter, self.search_edit)
        self.team_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.eligible_box.toggled.connect(lambda _on: self.apply_filter())
        self.open_button.clicked.connect(self.open_current)
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.export_button.clicked.connect(self.choose_export_file)
        self.table.open_requested.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.new_squad_button.clicked.connect(self.new_squad)
        self.leader_button.clicked.connect(self.set_leader)
        self.team_honour_button.clicked.connect(self.commend_team)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, lambda: self.open_form(None))
        self._update_buttons()

    def title(self) -> str:
        return self.tr("志愿者与队伍")

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.volunteers or changes.activities:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def current_filter(self) -> VolunteerFilter:
        return VolunteerFilter(
            text=self.search_edit.text().strip(),
            team_id=self.team_combo.currentData(),
            eligible=self.eligible_box.isChecked(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.reload()

    def reload(self) -> None:
        flt, today = self.current_filter(), beijing.today()
        self._query = flt

        def load(
            session: Session, _ctx: OpContext
        ) -> tuple[list[VolunteerRow], list[TeamNode], StarScheme]:
            return list_volunteers(session, flt, today), team_overview(session), active_star_scheme(session)

        def loaded(result: tuple[list[VolunteerRow], list[TeamNode], StarScheme]) -> None:
            if flt != self._query:
                return  # the filter changed meanwhile
            rows, nodes, scheme = result
            selected = self.current_volunteer_id()
            self.nodes = nodes
            self.model.set_rows(rows, {n.id: n.name for n in nodes}, scheme)
            refill_choices(self.team_combo, [(n.id, "　" * n.depth + n.name) for n in nodes])
            self.count_label.setText(self.tr("共 {0} 人").format(len(rows)))
            self._show_tree(nodes)
            if rows:
                row = next((r for r, v in enumerate(rows) if v.id == selected), 0)
                self.table.selectRow(row)
            self._update_buttons()

        DbOp(self, self.app, load).success(loaded).run_in_background()

    def _show_tree(self, nodes: list[TeamNode]) -> None:
        selected = self.current_team()
        self.tree.clear()
        parents: list[QTreeWidgetItem] = []
        for node in nodes:
            levels = {"COUNTY": self.tr("县级"), "TOWNSHIP": self.tr("乡镇级"), "VILLAGE": self.tr("村级")}
            item = QTreeWidgetItem(
                [node.name, levels.get(node.level, node.level), node.leader_name or "—", str(len(node.members))]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, node)
            item.setToolTip(3, "、".join(node.members))
            del parents[node.depth :]
            if parents:
                parents[-1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append(item)
            if selected is not None and node.id == selected.id:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_volunteer_id() is not None)
        self.edit_button.setEnabled(self.current_volunteer_id() is not None)
        team = self.current_team()
        self.leader_button.setEnabled(team is not None and team.editable)
        self.team_honour_button.setEnabled(team is not None)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ---- actions ---------------------------------------------------------------------------

    def current_volunteer_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.rows[index.row()].id if index.row() < len(self.model.rows) else None

    def current_team(self) -> TeamNode | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def open_current(self) -> None:
        volunteer_id = self.current_volunteer_id()
        if volunteer_id is not None:
            self.open_volunteer(volunteer_id)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.open_volunteer(self.model.rows[row].id)

    def open_volunteer(self, volunteer_id: str) -> None:
        self.detail_dialog.open(lambda: VolunteerDialog(self.app, volunteer_id, self))

    def open_form(self, volunteer_id: str | None) -> None:
        self.form_dialog.open(lambda: VolunteerFormDialog(self.app, volunteer_id, self))

    def edit_current(self) -> None:
        volunteer_id = self.current_volunteer_id()
        if volunteer_id is not None:
            self.open_form(volunteer_id)

    def new_squad(self) -> None:
        parents = [(n.id, "　" * n.depth + n.name) for n in self.nodes]
        self.team_dialog.open(lambda: SquadDialog(self.app, parents, self))

    def set_leader(self) -> None:
        team = self.current_team()
        if team is None or not team.editable:
            return
        members = list(zip(team.member_ids, team.members, strict=True))
        self.team_dialog.open(lambda: LeaderDialog(self.app, team.id, team.name, members, self))

    def commend_team(self) -> None:
        team = self.current_team()
        if team is not None:
            self.team_dialog.open(lambda: CommendationDialog(self.app, team.name, self, team_id=team.id))

    def choose_export_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出志愿者花名册"),
            str(Path.home() / f"志愿者花名册-{beijing.today():%Y%m%d}.xlsx"),
            self.tr("Excel 表格 (*.xlsx)"),
        )
        if name:
            target = Path(name)
            self.export_roster(target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx"))

    def export_roster(self, path: Path) -> None:
        now = dt.datetime.now(dt.UTC)

        def work(session: Session, ctx: OpContext) -> int:
            return export_volunteers(session, path, now, Feedback(ctx.report, ctx.cancelled))

        def done(count: int) -> None:
            self.count_label.setText(self.tr("已导出 {0} 人到 {1}").format(count, path.name))

        def failed(error: BaseException) -> None:
            if isinstance(error, ExportCancelled):
                self.count_label.setText(error.message)
            else:
                report_failure(self, self.app, error)

        DbOp(self, self.app, work).with_progress(self.tr("正在导出志愿者花名册…")).success(
            done
        ).failure(failed).run_in_background()
