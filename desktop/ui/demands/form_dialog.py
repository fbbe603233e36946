"""登记需求: the form that registers a villager's demand.

Every error is shown next to its field and nothing typed is lost: the form's content is kept
as a draft on disk while the officer types (see :mod:`desktop.ui.common.drafts`), offered back the
next time the form opens, and cleared only by saving or by explicitly discarding it.
Keyboard: Enter saves (Ctrl+Enter inside the description, where Enter starts a new line),
Esc cancels, Tab follows the fields top to bottom.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.demand_views import CategoryChoice, active_categories
from desktop.models.demands import (
    TITLE_MAX,
    DemandInput,
    FiledDemand,
    default_due_date,
)
from desktop.models.errors import ValidationError
from desktop.models.rules.demand_status import Channel, Urgency
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot, FormScrollArea, grow_to_fit
from desktop.ui.common.drafts import DraftStore
from desktop.ui.common.fields import NO_DATE, DateField, FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.labels import channels, urgencies
from desktop.ui.demands.requester import RequesterFields

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000
DRAFT_VERSION = 1


def set_combo_data(combo: QComboBox, value: Any) -> bool:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


class DemandFormDialog(QDialog):
    demand_filed = Signal(object)  # FiledDemand

    def __init__(
        self, app: AppContext, parent: QWidget | None = None, *, drafts: DraftStore | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.drafts = drafts or DraftStore(app.data_dir)
        self.filed: FiledDemand | None = None
        self.ready = False  # the category list has arrived
        self.draft_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.discard_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._categories: dict[str, CategoryChoice] = {}
        self._today = beijing.today()
        self._loading = True
        self._dirty = False
        self._due_edited = False
        self._setting_due = False
        self._saving = False
        self._finished = False
        self.setWindowTitle(self.tr("登记群众需求"))
        self.setMinimumWidth(720)

        self.general_error = error_label(self)
        self.requester = RequesterFields(app, self)
        self.channel_combo = QComboBox(self)
        for code, label in channels():
            self.channel_combo.addItem(label, code)
        self.category_combo = QComboBox(self)
        self.category_combo.addItem(self.tr("请选择类别"), "")
        self.topic_combo = QComboBox(self)
        self.topic_combo.addItem(self.tr("（不选主题）"), "")
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(TITLE_MAX)
        self.title_edit.setPlaceholderText(self.tr("一句话说明群众要什么，如：三组路灯坏了"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            self.tr("具体情况、时间地点等（Enter 换行，Ctrl+Enter 保存）")
        )
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        dialogs.save_on_ctrl_enter(self.description_edit, self.accept)
        self.urgency_combo = QComboBox(self)
        for code, label in urgencies():
            self.urgency_combo.addItem(label, code)
        self.due_edit = DateField(self.tr("按类别默认"), self)

        errors = {
            name: error_label(self)
            for name in (
                "channel",
                "category_code",
                "topic_code",
                "title",
                "description",
                "urgency",
                "due_date",
            )
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("群众"), self.requester.name_row)
        form.addRow(self.tr("联系电话"), self.requester.phone_row)
        form.addRow(
            self.tr("来源渠道"), field_row(self, self.channel_combo, error=errors["channel"])
        )
        form.addRow(
            self.tr("需求类别"), field_row(self, self.category_combo, error=errors["category_code"])
        )
        form.addRow(
            self.tr("具体主题"), field_row(self, self.topic_combo, error=errors["topic_code"])
        )
        form.addRow(self.tr("需求标题"), field_row(self, self.title_edit, error=errors["title"]))
        form.addRow(
            self.tr("详细描述"), field_row(self, self.description_edit, error=errors["description"])
        )
        form.addRow(
            self.tr("紧急程度"), field_row(self, self.urgency_combo, error=errors["urgency"])
        )
        form.addRow(self.tr("办理期限"), field_row(self, self.due_edit, error=errors["due_date"]))

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        fields = QWidget(self)
        column = QVBoxLayout(fields)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.general_error)
        column.addLayout(form)
        column.addStretch(1)
        self.form_area = FormScrollArea(fields, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.buttons)

        self.errors = FieldErrors(self.general_error, self)
        self.errors.add("requester_name", self.requester.name_edit, self.requester.name_error)
        self.errors.add("requester_phone", self.requester.phone_edit, self.requester.phone_error)
        for name, widget in (
            ("channel", self.channel_combo),
            ("category_code", self.category_combo),
            ("topic_code", self.topic_combo),
            ("title", self.title_edit),
            ("description", self.description_edit),
            ("urgency", self.urgency_combo),
            ("due_date", self.due_edit),
        ):
            self.errors.add(name, widget, errors[name])

        dialogs.tab_order(
            self,
            [
                *self.requester.tab_order(),
                self.channel_combo,
                self.category_combo,
                self.topic_combo,
                self.title_edit,
                self.description_edit,
                self.urgency_combo,
                self.due_edit,
            ],
            self.buttons,
        )

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self.requester.changed.connect(lambda: self._edited("requester_name", "requester_phone"))
        self.channel_combo.currentIndexChanged.connect(lambda _i: self._edited("channel"))
        self.category_combo.currentIndexChanged.connect(self._category_changed)
        self.topic_combo.currentIndexChanged.connect(lambda _i: self._edited("topic_code"))
        self.title_edit.textEdited.connect(lambda _t: self._edited("title"))
        self.description_edit.textChanged.connect(lambda: self._edited("description"))
        self.urgency_combo.currentIndexChanged.connect(lambda _i: self._edited("urgency"))
        self.due_edit.dateChanged.connect(self._due_changed)

        self.requester.name_edit.setFocus()
        self._load_choices()

    # ---- loading and drafts ----------------------------------------------------------------

    def _load_choices(self) -> None:
        today = self._today

        def load(session: Session, _ctx: OpContext) -> list[CategoryChoice]:
            return active_categories(session)

        def loaded(categories: list[CategoryChoice]) -> None:
            self._loading = True
            self._categories = {c.code: c for c in categories}
            for category in categories:
                self.category_combo.addItem(category.name, category.code)
            self._today = today
            self._loading = False
            self.ready = True
            self._offer_draft()

        DbOp(self, self.app, load).success(loaded).run_in_background()

    def _offer_draft(self) -> None:
        state = self.drafts.load()
        if not state or self._dirty:
            return
        summary = state.get("title") or state.get("requester", {}).get("name") or ""

        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.windowTitle(),
                self.tr("发现上次未保存的需求登记，是否恢复？"),
                [
                    ("restore", self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole),
                    ("drop", self.tr("不恢复"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=str(summary),
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
        due = self.due_edit.date()
        return {
            "version": DRAFT_VERSION,
            "requester": self.requester.state(),
            "channel": self.channel_combo.currentData(),
            "category": self.category_combo.currentData(),
            "topic": self.topic_combo.currentData(),
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "urgency": self.urgency_combo.currentData(),
            "due": None if due == NO_DATE else due.toString(Qt.DateFormat.ISODate),
            "due_edited": self._due_edited,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            requester = state.get("requester")
            if isinstance(requester, dict):
                self.requester.restore(requester)
            set_combo_data(self.channel_combo, state.get("channel"))
            set_combo_data(self.category_combo, state.get("category") or "")
            self._fill_topics()
            set_combo_data(self.topic_combo, state.get("topic") or "")
            self.title_edit.setText(str(state.get("title", "")))
            self.description_edit.setPlainText(str(state.get("description", "")))
            set_combo_data(self.urgency_combo, state.get("urgency"))
            due = QDate.fromString(str(state.get("due") or ""), Qt.DateFormat.ISODate)
            self._set_due(due if due.isValid() else NO_DATE)
            self._due_edited = bool(state.get("due_edited", False))
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
            log.warning("cannot save the demand draft: %s", error)

    def has_unsaved_changes(self) -> bool:
        return self._dirty and not self._finished

    # ---- editing ---------------------------------------------------------------------------

    def _edited(self, *fields: str) -> None:
        if self._loading:
            return
        for field in fields:
            self.errors.clear_field(field)
        self._dirty = True
        self._draft_timer.start()

    def _category_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._fill_topics()
        self._edited("category_code", "topic_code")
        if not self._due_edited:
            self._default_due()

    def _fill_topics(self) -> None:
        category = self._categories.get(self.category_combo.currentData() or "")
        was_loading, self._loading = self._loading, True
        self.topic_combo.clear()
        self.topic_combo.addItem(self.tr("（不选主题）"), "")
        for topic in category.topics if category else ():
            self.topic_combo.addItem(topic.name, topic.code)
        self._loading = was_loading

    def _default_due(self) -> None:
        code = self.category_combo.currentData() or ""
        if not code:
            self._set_due(NO_DATE)
            return
        today = self._today

        def load(session: Session, _ctx: OpContext) -> dt.date | None:
            return default_due_date(session, code, today)

        def loaded(due: dt.date | None) -> None:
            if self._due_edited or self.category_combo.currentData() != code:
                return
            self._set_due(QDate(due.year, due.month, due.day) if due else NO_DATE)

        DbOp(self, self.app, load).success(loaded).run_in_background()

    def _set_due(self, date: QDate) -> None:
        self._setting_due = True
        try:
            self.due_edit.setDate(date)
        finally:
            self._setting_due = False

    def _due_changed(self, _date: QDate) -> None:
        if self._setting_due or self._loading:
            return
        self._due_edited = True
        self._edited("due_date")

    # ---- saving and closing ----------------------------------------------------------------

    def demand_input(self) -> DemandInput:
        return DemandInput(
            channel=self.channel_combo.currentData() or Channel.OTHER.value,
            category_code=self.category_combo.currentData() or "",
            topic_code=self.topic_combo.currentData() or "",
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            urgency=self.urgency_combo.currentData() or Urgency.NORMAL.value,
            due_date=self.due_edit.day(),
        )

    def accept(self) -> None:
        """Save (Enter, the 保存 button, Ctrl+Enter); the dialog closes only once saved."""
        if self._saving or self._finished:
            return
        if self._loading:
            QTimer.singleShot(50, self.accept)  # the category list is still on its way
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.requester.file(self, self.demand_input(), self._saved, self._save_failed)

    def _saved(self, result: FiledDemand | list[ValidationError]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(result, list):
            self._show_errors(result)
            return
        self.errors.clear()
        self.filed = result
        self._finish()
        self.demand_filed.emit(result)
        super().accept()

    def _show_errors(self, errors: list[ValidationError]) -> None:
        first = self.errors.show(errors)
        grow_to_fit(self)
        if first is not None:
            first.setFocus()
            self.form_area.reveal(first)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        report_failure(self, self.app, error)

    def _finish(self) -> None:
        """Saved or discarded: the draft has served its purpose."""
        self._finished = True
        self._draft_timer.stop()
        self.drafts.clear()

    def reject(self) -> None:
        """Esc, 取消 or the window's close button: ask before throwing typed text away."""
        if not self.has_unsaved_changes() or self._saving:
            if not self._saving:
                super().reject()
            return

        def discard() -> None:
            self._finish()
            super(DemandFormDialog, self).reject()

        dialogs.ask_to_discard(self, self.discard_prompt, discard, keep=self.tr("继续填写"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Whatever hides the form (the window going away included) keeps the latest typing.
        self.save_draft()
        super().hideEvent(event)
