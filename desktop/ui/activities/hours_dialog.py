"""服务时长: who served at one activity and for how long; sign volunteers in and out (found by
name, pinyin initials or phone digits; a villager not yet a volunteer is enrolled on the spot),
with their breaks; correct a record by adding a correction with its reason.

Hours follow the rules of desktop/models/rules/hours.py: check-in to check-out less breaks,
rounded down to half hours, travel never counted, and one person never serving twice at once
(the refusal names the other activity). The dialog stays open for the next volunteer; 关闭 or
Esc closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_time, clock_time
from desktop.models.changes import Changed
from desktop.models.errors import ValidationError
from desktop.models.service_hours import (
    REASON_MAX,
    ServiceSheet,
    VolunteerChoice,
    correct,
    find_people,
    service_sheet,
    sign_in_person,
)
from desktop.models.volunteers import settle_activity
from desktop.ui.activities.table_model import hours_text
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.fields import DateTimeField, FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, WriteOp, report_failure
from desktop.ui.common.record_list import search_delay
from desktop.ui.common.taskman import OpContext

CORRECTION_COLOR = QColor("#8a5a00")


class CorrectionDialog(QDialog):
    """更正服务时长: a signed number of hours and the reason; the original stays as it was."""

    corrected = Signal()

    def __init__(
        self, app: AppContext, record_id: str, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.record_id = record_id
        self._saving = False
        self.setWindowTitle(self.tr("更正服务时长"))
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)
        intro = QLabel(
            self.tr("{0}：原记录保留不变，另加一条更正。减少时长请填负数，如 -0.5。").format(who),
            self,
        )
        intro.setWordWrap(True)
        self.delta_edit = QLineEdit(self)
        self.delta_edit.setPlaceholderText(self.tr("如 0.5 或 -1（小时）"))
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(REASON_MAX)
        self.reason_edit.setPlaceholderText(self.tr("如：签退时间登记错了"))
        form = QFormLayout()
        for label, key, widget in (
            (self.tr("增减时长"), "delta", self.delta_edit),
            (self.tr("更正原因"), "reason", self.reason_edit),
        ):
            error = error_label(self)
            form.addRow(label, field_row(self, widget, error=error))
            self.errors.add(key, widget, error)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        dialogs.tab_order(self, [self.delta_edit, self.reason_edit], self.buttons)
        self.delta_edit.textEdited.connect(lambda _t: self.errors.clear_field("delta"))
        self.reason_edit.textEdited.connect(lambda _t: self.errors.clear_field("reason"))
        self.delta_edit.setFocus()

    def accept(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        record_id, delta, reason = self.record_id, self.delta_edit.text(), self.reason_edit.text()

        def work(session: Session, _ctx: OpContext) -> Changed[str | list[ValidationError]]:
            return correct(session, record_id, delta, reason)

        def done(result: str | list[ValidationError]) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            if isinstance(result, list):
                first = self.errors.show(result)
                if first is not None:
                    first.setFocus()
                return
            self.corrected.emit()
            super(CorrectionDialog, self).accept()

        def failed(error: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            report_failure(self, self.app, error)

        WriteOp(self, self.app, work).success(done).failure(failed).run_in_background()


class ServiceHoursDialog(QDialog):
    loaded = Signal()
    signed_in = Signal(str)  # the service record's id

    COLUMNS = 6

    def __init__(self, app: AppContext, activity_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.activity_id = activity_id
        self.sheet: ServiceSheet | None = None
        self.correction: DialogSlot[CorrectionDialog] = DialogSlot()
        self._query = ""
        self._saving = False
        self.setWindowTitle(self.tr("服务时长"))
        self.resize(1000, 640)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.totals = QLabel(self)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("志愿者"),
                self.tr("签到"),
                self.tr("签退"),
                self.tr("休息（分钟）"),
                self.tr("计入时长（小时）"),
                self.tr("说明"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.correct_button = QPushButton(self.tr("更正所选记录…"), self)
        self.correct_button.setAutoDefault(False)
        self.settle_button = QPushButton(self.tr("按规则结算积分"), self)
        self.settle_button.setToolTip(
            self.tr("按县中心的积分规则，给本次活动的志愿者记积分（每人每场只记一次）")
        )
        self.settle_button.setAutoDefault(False)
        self.settle_note = QLabel(self)

        sign_box = QGroupBox(self.tr("签到签退"), self)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)
        self.person_edit = QLineEdit(sign_box)
        self.person_edit.setClearButtonEnabled(True)
        self.person_edit.setPlaceholderText(self.tr("志愿者姓名、拼音首字母或电话号码"))
        self.people = QListWidget(sign_box)
        self.people.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 + 12)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.start_edit = DateTimeField(sign_box)
        self.end_edit = DateTimeField(sign_box)
        self.break_spin = QSpinBox(sign_box)
        self.break_spin.setRange(0, 24 * 60)
        self.break_spin.setSingleStep(10)
        self.break_spin.setSuffix(self.tr(" 分钟"))
        self.sign_button = QPushButton(self.tr("登记时长"), sign_box)
        self.sign_button.setToolTip(self.tr("登记所选志愿者的服务时长（Enter）"))
        self.sign_button.setAutoDefault(False)
        sign_form = QFormLayout()
        person_error = error_label(self)
        sign_form.addRow(
            self.tr("志愿者"), field_row(sign_box, self.person_edit, error=person_error)
        )
        self.errors.add("volunteer_id", self.person_edit, person_error)
        sign_form.addRow("", self.people)
        for label, key, widget in (
            (self.tr("签到时间"), "start_at", self.start_edit),
            (self.tr("签退时间"), "end_at", self.end_edit),
            (self.tr("中间休息"), "break_minutes", self.break_spin),
        ):
            error = error_label(self)
            sign_form.addRow(label, field_row(sign_box, widget, error=error))
            self.errors.add(key, widget, error)
        note = QLabel(
            self.tr("只计现场服务的时间，路途时间不计；按半小时向下取整。"), sign_box
        )
        note.setWordWrap(True)
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.addWidget(self.general_error)
        sign_layout.addLayout(sign_form)
        sign_layout.addWidget(note)
        sign_layout.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignRight)

        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.totals)
        left.addWidget(self.table, 1)
        below = QHBoxLayout()
        below.addWidget(self.correct_button)
        below.addWidget(self.settle_button)
        below.addWidget(self.settle_note, 1)
        left.addLayout(below)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(sign_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        dialogs.tab_order(
            self,
            [
                self.person_edit,
                self.people,
                self.start_edit,
                self.end_edit,
                self.break_spin,
                self.sign_button,
                self.table,
                self.correct_button,
                self.settle_button,
            ],
            self.buttons,
        )

        self._search_timer = search_delay(self, self.search_people)
        self.person_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.person_edit.textEdited.connect(lambda _t: self.errors.clear_field("volunteer_id"))
        self.person_edit.installEventFilter(self)
        self.people.itemActivated.connect(lambda _item: self.sign_in())
        self.start_edit.dateTimeChanged.connect(lambda _d: self.errors.clear_field("start_at"))
        self.end_edit.dateTimeChanged.connect(lambda _d: self.errors.clear_field("end_at"))
        self.break_spin.valueChanged.connect(lambda _v: self.errors.clear_field("break_minutes"))
        self.sign_button.clicked.connect(self.sign_in)
        self.correct_button.clicked.connect(self.open_correction)
        self.settle_button.clicked.connect(self.settle_points)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.person_edit.setFocus()
        self._update_buttons()
        self.reload(first=True)
        self.search_people()

    def eventFilter(self, watched: object, event: object) -> bool:
        # In the name box, Enter signs the highlighted person in and the arrows move in the
        # list, so a whole row of volunteers is signed in without leaving the box.
        if (
            watched is self.person_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.sign_in()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.people.count() - 1, self.people.currentRow() + step))
                self.people.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    # ---- the sheet -------------------------------------------------------------------------

    def reload(self, *, first: bool = False) -> None:
        activity_id = self.activity_id

        def load(session: Session, _ctx: OpContext) -> ServiceSheet:
            return service_sheet(session, activity_id)

        def loaded(sheet: ServiceSheet) -> None:
            self.show_sheet(sheet, first=first)

        def failed(error: BaseException) -> None:
            report_failure(self.parentWidget() or self, self.app, error)
            super(ServiceHoursDialog, self).reject()

        DbOp(self, self.app, load).success(loaded).failure(failed).run_in_background()

    def show_sheet(self, sheet: ServiceSheet, *, first: bool = False) -> None:
        self.sheet = sheet
        self.heading.setText(
            self.tr("<b>{0}</b>　{1} 至 {2}").format(
                sheet.title, beijing_time(sheet.starts_at), clock_time(sheet.ends_at)
                if beijing.today(sheet.starts_at) == beijing.today(sheet.ends_at)
                else beijing_time(sheet.ends_at)
            )
        )
        self.totals.setText(
            self.tr("{0} 位志愿者，共 {1} 小时").format(
                sheet.volunteers(), hours_text(sheet.total_minutes())
            )
        )
        self.table.setRowCount(len(sheet.lines))
        for row, line in enumerate(sheet.lines):
            corrected = line.corrects_id is not None
            texts = (
                line.volunteer_name if not corrected else self.tr("　└ 更正"),
                "" if corrected else beijing_time(line.start_at),
                "" if corrected else beijing_time(line.end_at),
                "" if corrected else str(line.break_minutes),
                f"{'+' if corrected and line.credited_minutes > 0 else ''}"
                f"{hours_text(line.credited_minutes)}",
                line.reason,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, line.id)
                if corrected:
                    item.setForeground(QBrush(CORRECTION_COLOR))
                if column == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if first:
            self.start_edit.set_moment(sheet.starts_at)
            self.end_edit.set_moment(sheet.ends_at)
            self.loaded.emit()
        self._update_buttons()

    def _selected_line(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.sheet is None:
            return None
        line = self.sheet.lines[rows[0].row()]
        return line.id if line.corrects_id is None else line.corrects_id

    def _update_buttons(self) -> None:
        self.correct_button.setEnabled(self._selected_line() is not None)
        self.settle_button.setEnabled(self.sheet is not None and bool(self.sheet.lines))

    def settle_points(self) -> None:
        activity_id = self.activity_id

        def work(session: Session, _ctx: OpContext) -> Changed[int]:
            return settle_activity(session, activity_id)

        def done(given: int) -> None:
            self.settle_note.setText(
                self.tr("已为 {0} 位志愿者记积分。").format(given)
                if given
                else self.tr("本次活动的积分都已记过。")
            )

        WriteOp(self, self.app, work).success(done).run_in_background()

    # ---- signing in ------------------------------------------------------------------------

    def search_people(self) -> None:
        self._search_timer.stop()
        query = self.person_edit.text()
        self._query = query

        def load(session: Session, _ctx: OpContext) -> list[VolunteerChoice]:
            return find_people(session, query)

        def loaded(people: list[VolunteerChoice]) -> None:
            if query != self._query:
                return
            self.people.clear()
            for person in people:
                detail = " · ".join(p for p in (person.phone, person.detail) if p)
                text = person.name + (f"（{detail}）" if detail else "")
                if not person.is_volunteer:
                    text += self.tr("　村民，登记时同时注册为志愿者")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person)
                self.people.addItem(item)
            if people:
                self.people.setCurrentRow(0)

        DbOp(self, self.app, load).success(loaded).run_in_background()

    def sign_in(self) -> None:
        if self._saving:
            return
        item = self.people.currentItem()
        if item is None:
            self.errors.show([ValidationError("volunteer_id", self.tr("请先选择志愿者"))])
            self.person_edit.setFocus()
            return
        person: VolunteerChoice = item.data(Qt.ItemDataRole.UserRole)
        activity_id, today = self.activity_id, beijing.today()
        start, end, pause = self.start_edit.moment(), self.end_edit.moment(), self.break_spin.value()
        self._saving = True
        self.sign_button.setEnabled(False)

        def work(session: Session, _ctx: OpContext) -> Changed[str | list[ValidationError]]:
            return sign_in_person(session, activity_id, person, start, end, pause, today)

        def done(result: str | list[ValidationError]) -> None:
            self._saving = False
            self.sign_button.setEnabled(True)
            if isinstance(result, list):
                first = self.errors.show(result)
                if first is not None:
                    first.setFocus()
                return
            self.errors.clear()
            self.general_error.setStyleSheet("color: #1b5e20;")
            self.general_error.setText(self.tr("已登记 {0} 的服务时长。").format(person.name))
            self.general_error.show()
            self.person_edit.clear()
            self.person_edit.setFocus()
            self.signed_in.emit(result)
            self.reload()

        def failed(error: BaseException) -> None:
            self._saving = False
            self.sign_button.setEnabled(True)
            report_failure(self, self.app, error)

        self.general_error.setStyleSheet("color: #b00020;")
        WriteOp(self, self.app, work).success(done).failure(failed).run_in_background()

    # ---- corrections -----------------------------------------------------------------------

    def open_correction(self) -> None:
        record_id = self._selected_line()
        if record_id is None or self.sheet is None:
            return
        who = next(
            (line.volunteer_name for line in self.sheet.lines if line.id == record_id), ""
        )

        def make() -> CorrectionDialog:
            dialog = CorrectionDialog(self.app, record_id, who, self)
            dialog.corrected.connect(self.reload)
            return dialog

        self.correction.open(make)
