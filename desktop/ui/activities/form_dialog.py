"""登记实践活动 / 编辑实践活动: one activity's fields, the demands it answers, and (once saved)
its photos.

Errors appear next to their fields, all at once (``check_activity`` returns every error).
Enter saves (Ctrl+Enter in the summary), Esc cancels, and unsaved changes are never dropped
without asking. What the officer types is kept as a draft on disk (a crash or a power cut loses
nothing) and offered back the next time the same form opens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.activities import (
    AUDIENCE_MAX,
    PLACE_MAX,
    TITLE_MAX,
    ActivityForm,
    ActivityInput,
    DemandLink,
    load_activity_form,
    save_activity,
)
from desktop.models.changes import Changed
from desktop.models.errors import LiaisonError, ValidationError
from desktop.ui.activities.demand_picker import DemandPickerDialog
from desktop.ui.activities.photos import PhotoStrip
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot, FormScrollArea, grow_to_fit
from desktop.ui.common.drafts import DraftStore
from desktop.ui.common.fields import DateTimeField, FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.taskman import OpContext

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1500
DRAFT_VERSION = 1
# A new activity starts at the next full hour and lasts two hours, until the officer says.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def draft_name(activity_id: str | None) -> str:
    return "activity_form" if activity_id is None else f"activity_form_{activity_id}"


def _next_hour(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


class ActivityFormDialog(QDialog):
    """登记实践活动 (``activity_id`` None) or 编辑实践活动."""

    loaded = Signal()
    saved = Signal(str)  # the activity id

    def __init__(
        self,
        app: AppContext,
        activity_id: str | None = None,
        parent: QWidget | None = None,
        *,
        drafts: DraftStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.activity_id = activity_id
        self.drafts = drafts or DraftStore(app.data_dir, draft_name(activity_id))
        self.draft_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.discard_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.picker: DialogSlot[DemandPickerDialog] = DialogSlot()
        self._original: ActivityInput | None = None
        self._task_of_type: dict[str, str] = {}
        self._task_chosen = False  # the officer picked the 五项工作 themselves
        self._loading = True
        self._dirty = False
        self._saving = False
        self._finished = False
        self.setWindowTitle(self.tr("登记实践活动") if activity_id is None else self.tr("编辑实践活动"))
        self.resize(1000, 640)

        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(TITLE_MAX)
        self.title_edit.setPlaceholderText(self.tr("如：身边人讲身边事——老党员讲村史"))
        self.type_combo = QComboBox(self)
        self.type_combo.addItem(self.tr("请选择活动类型"), "")
        self.task_combo = QComboBox(self)
        self.task_combo.addItem(self.tr("请选择"), "")
        self.start_edit = DateTimeField(self)
        self.end_edit = DateTimeField(self)
        self.place_edit = QLineEdit(self)
        self.place_edit.setMaxLength(PLACE_MAX)
        self.place_edit.setPlaceholderText(self.tr("如：村新时代文明实践站、文化广场"))
        self.team_combo = QComboBox(self)
        self.team_combo.addItem(self.tr("（不指定队伍）"), None)
        self.audience_spin = QSpinBox(self)
        self.audience_spin.setRange(0, AUDIENCE_MAX)
        self.audience_spin.setSuffix(self.tr(" 人"))
        self.summary_edit = QPlainTextEdit(self)
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setPlaceholderText(
            self.tr("活动内容、效果、群众反响等（Enter 换行，Ctrl+Enter 保存）")
        )
        self.summary_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        dialogs.save_on_ctrl_enter(self.summary_edit, self.accept)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, str, QWidget]] = [
            (self.tr("活动名称"), "title", self.title_edit),
            (self.tr("活动类型"), "activity_type_code", self.type_combo),
            (self.tr("五项工作"), "five_task_code", self.task_combo),
            (self.tr("开始时间"), "starts_at", self.start_edit),
            (self.tr("结束时间"), "ends_at", self.end_edit),
            (self.tr("活动地点"), "place", self.place_edit),
            (self.tr("组织队伍"), "team_id", self.team_combo),
            (self.tr("参与群众"), "audience_count", self.audience_spin),
        ]
        for label, key, widget in rows:
            error = error_label(self)
            form.addRow(label, field_row(self, widget, error=error))
            self.errors.add(key, widget, error)

        summary_box = QGroupBox(self.tr("活动简介"), self)
        summary_error = error_label(self)
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.addWidget(self.summary_edit)
        summary_layout.addWidget(summary_error)
        self.errors.add("summary", self.summary_edit, summary_error)

        self.links_box = QGroupBox(self.tr("回应的群众需求"), self)
        self.links_list = QListWidget(self.links_box)
        self.links_list.setToolTip(self.tr("这场活动回应了哪些群众需求；需求的办理过程里会显示它"))
        self.links_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.add_link_button = QPushButton(self.tr("添加需求…"), self.links_box)
        self.remove_link_button = QPushButton(self.tr("移除"), self.links_box)
        for button in (self.add_link_button, self.remove_link_button):
            button.setAutoDefault(False)
        links_error = error_label(self)
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.add_link_button)
        link_buttons.addWidget(self.remove_link_button)
        link_buttons.addStretch(1)
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links_list)
        links_layout.addLayout(link_buttons)
        links_layout.addWidget(links_error)
        self.errors.add("linked_demand_ids", self.links_list, links_error)

        self.photos = PhotoStrip(app, "activity", activity_id, self)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until the choices are loaded
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.general_error)
        left.addLayout(form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(summary_box, 2)
        right.addWidget(self.links_box, 1)
        right.addWidget(self.photos, 1)
        body = QWidget(self)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        self.form_area = FormScrollArea(body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.buttons)
        dialogs.tab_order(
            self,
            [
                self.title_edit,
                self.type_combo,
                self.task_combo,
                self.start_edit,
                self.end_edit,
                self.place_edit,
                self.team_combo,
                self.audience_spin,
                self.summary_edit,
                self.links_list,
                self.add_link_button,
                self.remove_link_button,
                *self.photos.focus_stops(),
            ],
            self.buttons,
        )

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self.title_edit.textEdited.connect(lambda _t: self._edited("title"))
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.task_combo.currentIndexChanged.connect(self._task_changed)
        self.start_edit.dateTimeChanged.connect(self._start_changed)
        self.end_edit.dateTimeChanged.connect(lambda _d: self._edited("ends_at"))
        self.place_edit.textEdited.connect(lambda _t: self._edited("place"))
        self.team_combo.currentIndexChanged.connect(lambda _i: self._edited("team_id"))
        self.audience_spin.valueChanged.connect(lambda _v: self._edited("audience_count"))
        self.summary_edit.textChanged.connect(lambda: self._edited("summary"))
        self.add_link_button.clicked.connect(self._pick_demand)
        self.remove_link_button.clicked.connect(self._remove_link)
        self.links_list.currentRowChanged.connect(lambda _r: self._update_link_buttons())
        self.photos.changed.connect(lambda: self._edited())

        start = _next_hour(beijing.now())
        self.start_edit.set_moment(start)
        self.end_edit.set_moment(start + DEFAULT_LENGTH)
        self._update_link_buttons()
        self.title_edit.setFocus()
        self._load()

    # ---- loading and drafts ----------------------------------------------------------------

    def _load(self) -> None:
        activity_id = self.activity_id

        def load(session: Session, _ctx: OpContext) -> ActivityForm:
            return load_activity_form(session, activity_id)

        DbOp(self, self.app, load).success(self._show).failure(
            self._load_failed
        ).run_in_background()

    def _load_failed(self, error: BaseException) -> None:
        if not isinstance(error, LiaisonError):
            self.app.report_bug(error)
        else:
            dialogs.notify(self.parentWidget(), self.windowTitle(), error.message)
        self._finished = True
        super().reject()

    def _show(self, form: ActivityForm) -> None:
        self._loading = True
        try:
            for choice in form.choices.types:
                self.type_combo.addItem(choice.name, choice.code)
                self._task_of_type[choice.code] = choice.five_task_code
            for code, label in form.choices.five_tasks:
                self.task_combo.addItem(label, code)
            for team in form.choices.teams:
                # The tree shows in the indent: 总队, its 分队, their 小队.
                self.team_combo.addItem("　" * team.depth + team.name, team.id)
            if form.data is not None:
                self._fill(form.data, form.links)
                self._task_chosen = True
            self.photos.show_photos(form.photos)
        finally:
            self._loading = False
        self._original = self.current_input()
        self.save_button.setEnabled(True)
        self.loaded.emit()
        self._offer_draft()

    def _fill(self, data: ActivityInput, links: list[DemandLink]) -> None:
        self.title_edit.setText(data.title)
        _choose(self.type_combo, data.activity_type_code)
        _choose(self.task_combo, data.five_task_code)
        self.start_edit.set_moment(data.starts_at)
        self.end_edit.set_moment(data.ends_at)
        self.place_edit.setText(data.place)
        _choose(self.team_combo, data.team_id)
        self.audience_spin.setValue(data.audience_count)
        self.summary_edit.setPlainText(data.summary)
        self.links_list.clear()
        for link in links:
            self._add_link_item(link)
        self._update_link_buttons()

    def _offer_draft(self) -> None:
        state = self.drafts.load()
        if not state or state.get("version") != DRAFT_VERSION or self._dirty:
            return

        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.windowTitle(),
                self.tr("发现上次未保存的活动登记，是否恢复？"),
                [
                    ("restore", self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole),
                    ("drop", self.tr("不恢复"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=str(state.get("title") or ""),
                default="restore",
                escape="drop",
            )

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) == "restore":
                self.restore_state(state)
            else:
                self.drafts.clear()

        self.draft_prompt.open(make, answered)

    def form_state(self) -> dict[str, Any]:
        data = self.current_input()
        return {
            "version": DRAFT_VERSION,
            "title": data.title,
            "type": data.activity_type_code,
            "task": data.five_task_code,
            "task_chosen": self._task_chosen,
            "starts_at": data.starts_at.isoformat(),
            "ends_at": data.ends_at.isoformat(),
            "place": data.place,
            "team": data.team_id,
            "audience": data.audience_count,
            "summary": data.summary,
            "links": [self._link_of(row) for row in range(self.links_list.count())],
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            links = [
                DemandLink(str(link[0]), str(link[1]), str(link[2]))
                for link in state.get("links") or []
                if isinstance(link, list) and len(link) == 3
            ]
            data = ActivityInput(
                title=str(state.get("title") or ""),
                activity_type_code=str(state.get("type") or ""),
                five_task_code=str(state.get("task") or ""),
                starts_at=_moment(state.get("starts_at")) or self.start_edit.moment(),
                ends_at=_moment(state.get("ends_at")) or self.end_edit.moment(),
                place=str(state.get("place") or ""),
                team_id=state.get("team") if isinstance(state.get("team"), str) else None,
                audience_count=int(state.get("audience") or 0),
                summary=str(state.get("summary") or ""),
            )
            self._fill(data, links)
            self._task_chosen = bool(state.get("task_chosen"))
        finally:
            self._loading = False
        self._dirty = True

    def save_draft(self) -> None:
        self._draft_timer.stop()
        if not self._dirty or self._finished:
            return
        try:
            self.drafts.save(self.form_state())
        except OSError as error:
            # The form itself still holds everything; a draft that cannot be written is no
            # reason to interrupt the officer.
            log.warning("cannot save the activity draft: %s", error)

    # ---- editing ---------------------------------------------------------------------------

    def _edited(self, *fields: str) -> None:
        if self._loading:
            return
        for name in fields:
            self.errors.clear_field(name)
        self._dirty = True
        self._draft_timer.start()

    def _type_changed(self, _index: int) -> None:
        if self._loading:
            return
        # A type has its usual 五项工作; it is filled in until the officer chooses one.
        task = self._task_of_type.get(self.type_combo.currentData() or "")
        if task and not self._task_chosen:
            self._loading = True
            _choose(self.task_combo, task)
            self._loading = False
        self._edited("activity_type_code", "five_task_code")

    def _task_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._task_chosen = True
        self._edited("five_task_code")

    def _start_changed(self, _value: object) -> None:
        if self._loading:
            return
        # Moving the start moves the end with it while the end is not before it.
        if self.end_edit.moment() <= self.start_edit.moment():
            self._loading = True
            self.end_edit.set_moment(self.start_edit.moment() + DEFAULT_LENGTH)
            self._loading = False
        self._edited("starts_at", "ends_at")

    # ---- linked demands --------------------------------------------------------------------

    def _link_of(self, row: int) -> list[str]:
        item = self.links_list.item(row)
        link: DemandLink = item.data(Qt.ItemDataRole.UserRole)
        return [link.id, link.number, link.title]

    def _add_link_item(self, link: DemandLink) -> None:
        item = QListWidgetItem(f"{link.number}　{link.title}")
        item.setData(Qt.ItemDataRole.UserRole, link)
        item.setToolTip(f"{link.number}　{link.title}")
        self.links_list.addItem(item)

    def linked_ids(self) -> list[str]:
        return [self._link_of(row)[0] for row in range(self.links_list.count())]

    def _pick_demand(self) -> None:
        def make() -> DemandPickerDialog:
            dialog = DemandPickerDialog(self.app, self)
            dialog.picked.connect(self._linked)
            return dialog

        self.picker.open(make)

    def _linked(self, link: DemandLink) -> None:
        if link.id not in self.linked_ids():
            self._add_link_item(link)
            self.links_list.setCurrentRow(self.links_list.count() - 1)
            self._edited("linked_demand_ids")
        self._update_link_buttons()

    def _remove_link(self) -> None:
        row = self.links_list.currentRow()
        if row >= 0:
            self.links_list.takeItem(row)
            self._edited("linked_demand_ids")
        self._update_link_buttons()

    def _update_link_buttons(self) -> None:
        self.remove_link_button.setEnabled(self.links_list.currentRow() >= 0)

    # ---- saving and closing ----------------------------------------------------------------

    def current_input(self) -> ActivityInput:
        return ActivityInput(
            title=self.title_edit.text(),
            activity_type_code=self.type_combo.currentData() or "",
            five_task_code=self.task_combo.currentData() or "",
            starts_at=self.start_edit.moment(),
            ends_at=self.end_edit.moment(),
            place=self.place_edit.text(),
            team_id=self.team_combo.currentData(),
            audience_count=self.audience_spin.value(),
            summary=self.summary_edit.toPlainText(),
            linked_demand_ids=self.linked_ids(),
        )

    def has_unsaved_changes(self) -> bool:
        if self._finished or self._original is None:
            return False
        typed = dataclasses.astuple(self.current_input()) != dataclasses.astuple(self._original)
        return bool(self.photos.changes()) or (self._dirty and typed)

    def accept(self) -> None:
        """Save (Enter, the 保存 button, Ctrl+Enter); the dialog closes only once saved."""
        if self._saving or self._finished or self._original is None:
            return
        if self.photos.busy():
            QTimer.singleShot(200, self.accept)  # a photo is still being prepared
            return
        self._saving = True
        self.save_button.setEnabled(False)
        activity_id, data, photos = self.activity_id, self.current_input(), self.photos.changes()

        def work(session: Session, _ctx: OpContext) -> Changed[str | list[ValidationError]]:
            return save_activity(session, data, activity_id, photos=photos)

        WriteOp(self, self.app, work).success(self._saved).failure(
            self._save_failed
        ).run_in_background()

    def _saved(self, result: str | list[ValidationError]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(result, list):
            first = self.errors.show(result)
            grow_to_fit(self)
            if first is not None:
                first.setFocus()
                self.form_area.reveal(first)
            return
        self.errors.clear()
        self.activity_id = result
        self._finish()
        self.saved.emit(result)
        super().accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, LiaisonError):
            self.general_error.setText(error.message)
            self.general_error.show()
        else:
            self.app.report_bug(error)

    def _finish(self) -> None:
        """Saved or discarded: the draft has served its purpose."""
        self._finished = True
        self._draft_timer.stop()
        self.drafts.clear()

    def reject(self) -> None:
        """Esc, 取消 or the window's close button: ask before throwing typed text away."""
        if self._saving:
            return
        if not self.has_unsaved_changes():
            self._finish()
            super().reject()
            return

        def discard() -> None:
            self._finish()
            super(ActivityFormDialog, self).reject()

        dialogs.ask_to_discard(self, self.discard_prompt, discard, keep=self.tr("继续填写"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Whatever hides the form (the window going away included) keeps the latest typing.
        self.save_draft()
        super().hideEvent(event)


def _choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
