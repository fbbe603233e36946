"""One demand in full: its fields, the county's handling, the timeline, and any sync problem in
plain words; with 评价 (once the county has resolved it), 打印回执 and 删除 (only while the
county has not acted on it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_time
from desktop.models.changes import Changed
from desktop.models.demand import Demand
from desktop.models.demand_views import (
    DemandDetail,
    TimelineEntry,
    demand_detail,
)
from desktop.models.demands import (
    add_note,
    change_demand,
    delete_demand,
    evaluate_demand,
    urge_demand,
    withdraw_demand,
)
from desktop.models.queries import WAITING
from desktop.models.rules.masking import mask_phone
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.fields import ERROR_COLOR, error_label
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.record_labels import field_text
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.labels import (
    actor_text,
    channel_text,
    date_text,
    evaluation_text,
    evaluations,
    event_text,
    shown_status,
    urgency_text,
)
from desktop.ui.demands.receipt import receipt_prompt

AnyIndex = QModelIndex | QPersistentModelIndex


class DemandTimelineTableModel(QAbstractTableModel):
    """The steps of one demand, oldest first."""

    COL_TIME = 0
    COL_ACTOR = 1
    COL_EVENT = 2
    COL_NOTE = 3
    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [self.tr("时间"), self.tr("经办"), self.tr("事项"), self.tr("说明")]
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == self.SortRole:
            return entry.occurred_at.isoformat()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.COL_TIME:
            return beijing_time(entry.occurred_at)
        if column == self.COL_ACTOR:
            return actor_text(entry.actor)
        if column == self.COL_EVENT:
            return event_text(entry.kind)
        if column == self.COL_NOTE:
            if entry.kind == "EVALUATED":
                return evaluation_text(entry.note)
            return entry.note
        return None


class DemandEvaluationDialog(QDialog):
    """评单: the villager's satisfaction (five levels) and a note."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("群众评价"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("需求 {0}：群众对办理结果的评价").format(number), self))
        self.error = QLabel(self)
        self.group = QButtonGroup(self)
        self.group.buttonClicked.connect(lambda _button: self.error.hide())
        self.buttons_by_value: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for value, label in evaluations():
            button = QRadioButton(label, self)
            self.group.addButton(button)
            self.buttons_by_value[value] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(QLabel(self.tr("评价说明（可不填）"), self))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.note_edit)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(self.tr("保存评价"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # The five levels are one stop; the arrow keys move among them.
        first = next(iter(self.buttons_by_value.values()))
        dialogs.tab_order(self, [first, self.note_edit], buttons)

    def value(self) -> str | None:
        for value, button in self.buttons_by_value.items():
            if button.isChecked():
                return value
        return None

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def accept(self) -> None:
        if self.value() is None:
            self.error.setText(self.tr("请选择群众的满意程度"))
            self.error.show()
            return
        super().accept()


class FollowUpDialog(QDialog):
    """补充说明, 催办 or 撤回: a few words from the officer (``required``: they must be given,
    or this message says so), then the action's own button. Enter in the text starts a new
    line; Ctrl+Enter saves."""

    def __init__(
        self,
        title: str,
        text: str,
        placeholder: str,
        save_label: str,
        *,
        required: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.discard_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        prompt = QLabel(text, self)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(placeholder)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        dialogs.save_on_ctrl_enter(self.text_edit, self.accept)
        layout.addWidget(self.text_edit)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(save_label, QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text_edit.textChanged.connect(self.error.hide)
        dialogs.tab_order(self, [self.text_edit], buttons)
        self.text_edit.setFocus()
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 32, self.sizeHint().height())

    def value(self) -> str:
        return self.text_edit.toPlainText().strip()

    def has_unsaved_changes(self) -> bool:
        return bool(self.value()) and self.result() != QDialog.DialogCode.Accepted

    def accept(self) -> None:
        if self.required is not None and not self.value():
            self.error.setText(self.required)
            self.error.show()
            self.text_edit.setFocus()
            return
        super().accept()

    def reject(self) -> None:
        if not self.has_unsaved_changes():
            super().reject()
            return
        dialogs.ask_to_discard(
            self, self.discard_prompt, super().reject, keep=self.tr("继续填写")
        )


class DemandDetailDialog(QDialog):
    def __init__(self, app: AppContext, demand_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.demand_id = demand_id
        self.detail: DemandDetail | None = None
        self.loaded = False
        self.evaluation_dialog: DialogSlot[DemandEvaluationDialog] = DialogSlot()
        self.follow_up_dialog: DialogSlot[FollowUpDialog] = DialogSlot()
        self.delete_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.receipt_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._show_full_phone = False
        self.setWindowTitle(self.tr("需求详情"))
        self.resize(820, 760)

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setFont(font)

        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, caption in self._captions():
            label = QLabel(self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = label
            if key == "phone":
                self.phone_button = QPushButton(self.tr("显示完整号码"), self)
                self.phone_button.setCheckable(True)
                self.phone_button.toggled.connect(self._toggle_phone)
                line = QHBoxLayout()
                line.addWidget(label)
                line.addWidget(self.phone_button)
                line.addStretch(1)
                form.addRow(caption, line)
            else:
                form.addRow(caption, label)
        self.form = form
        fields = QWidget(self)
        fields.setLayout(form)

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(
            f"QLabel {{ color: {ERROR_COLOR}; border: 1px solid {ERROR_COLOR}; padding: 6px; }}"
        )
        self.problems.hide()

        self.timeline_model = DemandTimelineTableModel(self)
        self.timeline = QTableView(self)
        self.timeline.setModel(self.timeline_model)
        self.timeline.verticalHeader().hide()
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tall enough for a typical timeline, so the dialog scrolls rather than the table.
        self.timeline.setMinimumHeight(self.fontMetrics().height() * 16)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        timeline_box = QGroupBox(self.tr("办理过程"), self)
        QVBoxLayout(timeline_box).addWidget(self.timeline)

        content = QWidget(self)
        column = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status_label)
        column.addLayout(top)
        column.addWidget(self.problems)
        column.addWidget(fields)
        column.addWidget(timeline_box, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.evaluate_button = QPushButton(self.tr("评价"), self)
        self.note_button = QPushButton(self.tr("补充说明…"), self)
        self.note_button.setToolTip(self.tr("给县中心补充新的情况（同步后县中心能看到）"))
        self.urge_button = QPushButton(self.tr("催办…"), self)
        self.withdraw_button = QPushButton(self.tr("撤回…"), self)
        self.withdraw_button.setToolTip(
            self.tr("群众不再需要了（如已自行解决）：县中心受理之前可以撤回，需求仍留在台账里")
        )
        self.receipt_button = QPushButton(self.tr("打印回执"), self)
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setDefault(True)
        actions = (
            self.evaluate_button,
            self.note_button,
            self.urge_button,
            self.withdraw_button,
            self.receipt_button,
            self.delete_button,
        )
        for button in actions:
            button.setEnabled(False)
            button.setAutoDefault(False)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.note_button.clicked.connect(self.add_note)
        self.urge_button.clicked.connect(self.urge)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.receipt_button.clicked.connect(self.print_receipt)
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in actions:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.reload()

    # Rows shown only once they hold something.
    OPTIONAL = frozenset(
        {
            "menu",
            "entered_by",
            "team",
            "dispatched",
            "claimed",
            "resolved",
            "result",
            "reject_reason",
            "evaluation",
            "withdrawn",
        }
    )

    def _captions(self) -> list[tuple[str, str]]:
        return [
            ("registered", self.tr("登记时间")),
            ("channel", self.tr("来源渠道")),
            ("category", self.tr("类别 / 主题")),
            ("menu", self.tr("点单项目")),
            ("description", self.tr("详细描述")),
            ("urgency", self.tr("紧急程度")),
            ("due", self.tr("办理期限")),
            ("requester", self.tr("群众")),
            ("phone", self.tr("联系电话")),
            ("entered_by", self.tr("登记人")),
            ("team", self.tr("承办队伍")),
            ("dispatched", self.tr("派单时间")),
            ("claimed", self.tr("接单时间")),
            ("resolved", self.tr("办结时间")),
            ("result", self.tr("办理结果")),
            ("reject_reason", self.tr("退回理由")),
            ("evaluation", self.tr("群众评价")),
            ("withdrawn", self.tr("撤回")),
        ]

    # ---- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.loaded = False
        demand_id, today = self.demand_id, beijing.today()

        def load(session: Session, _ctx: OpContext) -> DemandDetail | None:
            return demand_detail(session, demand_id, today)

        DbOp(self, self.app, load).success(self._show).run_in_background()

    def _show(self, detail: DemandDetail | None) -> None:
        if not shiboken6.isValid(self):
            return
        self.detail = detail
        self.loaded = True
        if detail is None:
            self.heading.setText(self.tr("找不到这条需求"))
            return
        self.heading.setText(f"{detail.number}　{detail.title}")
        status = shown_status(detail.status, detail.report_state)
        if detail.deleted:
            status = self.tr("{0}（已删除）").format(status)
        self.status_label.setText(status)
        self.status_label.setToolTip(
            self.tr("还没有上报到县中心：联网同步以后，县中心才能看到并办理")
            if detail.report_state == WAITING
            else ""
        )
        category = detail.category_name
        if detail.topic_name:
            category = f"{category} / {detail.topic_name}"
        due = date_text(detail.due_date) or "—"
        if detail.overdue:
            due = self.tr("{0}（已超期）").format(due)
        self.values["due"].setStyleSheet(f"color: {ERROR_COLOR};" if detail.overdue else "")
        evaluation = evaluation_text(detail.evaluation)
        if evaluation and detail.evaluation_note:
            evaluation = f"{evaluation}：{detail.evaluation_note}"
        if evaluation and detail.evaluated_at:
            evaluation = f"{evaluation}（{beijing_time(detail.evaluated_at)}）"
        texts = {
            "registered": beijing_time(detail.registered_at),
            "channel": channel_text(detail.channel),
            "category": category,
            "menu": detail.menu_item_title,
            "description": detail.description,
            "urgency": urgency_text(detail.urgency),
            "due": due,
            "requester": (
                self.tr("匿名")
                if detail.anonymous
                else self.app.preferences.shown_name(detail.requester_name)
            ),
            "entered_by": detail.entered_by,
            "team": detail.assigned_team_name,
            "dispatched": beijing_time(detail.dispatched_at),
            "claimed": beijing_time(detail.claimed_at),
            "resolved": beijing_time(detail.resolved_at),
            "result": detail.result,
            "reject_reason": detail.reject_reason,
            "withdrawn": (
                self.tr("{0}：{1}").format(beijing_time(detail.withdrawn_at), detail.withdraw_reason)
                if detail.withdrawn_at
                else ""
            ),
            "evaluation": evaluation,
        }
        for key, text in texts.items():
            self.values[key].setText(text or "—")
            if key in self.OPTIONAL:
                # Steps not taken yet (no team, no result …) stay out of the way.
                self.form.setRowVisible(self.values[key], bool(text))
        self._show_phone()
        self.timeline_model.set_entries(list(detail.timeline))
        self._show_problems(detail)
        self.evaluate_button.setEnabled(detail.can_evaluate)
        self.note_button.setEnabled(detail.can_note)
        self.withdraw_button.setEnabled(detail.can_withdraw)
        self.urge_button.setEnabled(detail.urge_problem is None)
        self.urge_button.setToolTip(
            detail.urge_problem or self.tr("超过办理期限还没有办结：请县中心加快办理")
        )
        self.delete_button.setEnabled(detail.can_delete)
        self.receipt_button.setEnabled(not detail.deleted)

    def _show_problems(self, detail: DemandDetail) -> None:
        lines: list[str] = []
        for conflict in detail.conflicts:
            lines.append(
                self.tr(
                    "同步时发现“{0}”在本机和县中心同时被修改，已采用本机的值。"
                    "本机的值：{1}；县中心的值：{2}。如有不对，请核实后重新修改。"
                ).format(
                    field_text("demand", conflict.field),
                    self._value_text(conflict.field, conflict.local_value),
                    self._value_text(conflict.field, conflict.server_value),
                )
            )
        for rejection in detail.rejections:
            lines.append(
                self.tr("县中心没有接受本机对这条需求的一次修改，原因：{0}").format(
                    rejection.reason
                )
            )
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def _value_text(self, field: str, value: object) -> str:
        if value is None or value == "":
            return self.tr("（空）")
        if field == "requester_phone" and not self._show_full_phone:
            return mask_phone(str(value))
        if field == "channel":
            return channel_text(str(value))
        if field == "urgency":
            return urgency_text(str(value))
        if field == "evaluation":
            return evaluation_text(str(value))
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        return str(value)

    def _toggle_phone(self, on: bool) -> None:
        self._show_full_phone = on
        self.phone_button.setText(self.tr("隐藏号码") if on else self.tr("显示完整号码"))
        self._show_phone()
        if self.detail is not None:
            self._show_problems(self.detail)

    def _show_phone(self) -> None:
        detail = self.detail
        phone = detail.requester_phone if detail and not detail.anonymous else ""
        self.phone_button.setEnabled(bool(phone))
        self.values["phone"].setText(
            (phone if self._show_full_phone else mask_phone(phone)) if phone else "—"
        )

    def phone_text(self) -> str:
        return self.values["phone"].text()

    # ---- actions ---------------------------------------------------------------------------

    def evaluate(self) -> None:
        detail = self.detail
        if detail is None or not detail.can_evaluate:
            return

        def chosen(dialog: DemandEvaluationDialog) -> None:
            value = dialog.value()
            if dialog.result() == QDialog.DialogCode.Accepted and value is not None:
                self._save_evaluation(value, dialog.note())

        self.evaluation_dialog.open(lambda: DemandEvaluationDialog(detail.number, self), chosen)

    def _save_evaluation(self, value: str, note: str) -> None:
        demand_id = self.demand_id

        def save(session: Session, _ctx: OpContext) -> Changed[None]:
            return change_demand(
                session, demand_id, lambda s, demand: evaluate_demand(s, demand, value, note)
            )

        WriteOp(self, self.app, save).success(lambda _none: self.reload()).run_in_background()

    def add_note(self) -> None:
        detail = self.detail
        if detail is None or not detail.can_note:
            return

        def make() -> FollowUpDialog:
            return FollowUpDialog(
                self.tr("补充说明"),
                self.tr("需求 {0}：写下县中心需要知道的新情况。").format(detail.number),
                self.tr("如：群众又打电话来，说漏水更严重了"),
                self.tr("保存说明"),
                required=self.tr("请填写补充说明的内容"),
                parent=self,
            )

        def save(session: Session, demand: Demand, text: str) -> None:
            add_note(session, demand, text)

        self._follow_up(make, save)

    def urge(self) -> None:
        detail = self.detail
        if detail is None or detail.urge_problem is not None:
            return

        def make() -> FollowUpDialog:
            return FollowUpDialog(
                self.tr("催办"),
                self.tr("需求 {0} 已超过办理期限（{1}）。请县中心加快办理。").format(
                    detail.number, date_text(detail.due_date)
                ),
                self.tr("可以写明催办的原因（可不填）"),
                self.tr("催办"),
                required=None,
                parent=self,
            )

        def save(session: Session, demand: Demand, text: str) -> None:
            urge_demand(session, demand, text)

        self._follow_up(make, save)

    def withdraw(self) -> None:
        detail = self.detail
        if detail is None or not detail.can_withdraw:
            return

        def make() -> FollowUpDialog:
            return FollowUpDialog(
                self.tr("撤回需求"),
                self.tr(
                    "撤回需求 {0}“{1}”：县中心不再办理，需求留在台账里，显示为“已撤回”。"
                ).format(detail.number, detail.title),
                self.tr("撤回的原因，如：群众已自行解决"),
                self.tr("撤回"),
                required=self.tr("请填写撤回的原因"),
                parent=self,
            )

        def save(session: Session, demand: Demand, text: str) -> None:
            withdraw_demand(session, demand, text)

        self._follow_up(make, save)

    def _follow_up(
        self,
        make: Callable[[], FollowUpDialog],
        save: Callable[[Session, Demand, str], None],
    ) -> None:
        """Ask for the words in a follow-up dialog, then save them with ``save``; the new step
        shows in the timeline (and reaches the county with the next sync)."""
        demand_id = self.demand_id

        def answered(dialog: FollowUpDialog) -> None:
            if dialog.result() != QDialog.DialogCode.Accepted:
                return
            text = dialog.value()

            def write(session: Session, _ctx: OpContext) -> Changed[None]:
                return change_demand(
                    session, demand_id, lambda s, demand: save(s, demand, text)
                )

            WriteOp(self, self.app, write).success(
                lambda _none: self.reload()
            ).run_in_background()

        self.follow_up_dialog.open(make, answered)

    def print_receipt(self) -> None:
        detail = self.detail
        if detail is not None:
            self.receipt_prompt.open(lambda: receipt_prompt(self, self.app, detail))

    def delete(self) -> None:
        detail = self.detail
        if detail is None or not detail.can_delete:
            return
        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.tr("删除需求"),
                self.tr("确定删除需求 {0}“{1}”吗？").format(detail.number, detail.title),
                [
                    ("delete", self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole),
                    ("keep", self.tr("不删除"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=self.tr("只有登记错了才需要删除。删除后县中心也会收到。"),
                default="keep",
                escape="keep",
                icon=QMessageBox.Icon.Warning,
            )

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) == "delete":
                self._delete()

        self.delete_prompt.open(make, answered)

    def _delete(self) -> None:
        demand_id = self.demand_id

        def remove(session: Session, _ctx: OpContext) -> Changed[None]:
            return change_demand(session, demand_id, delete_demand)

        WriteOp(self, self.app, remove).success(lambda _none: self.accept()).run_in_background()
