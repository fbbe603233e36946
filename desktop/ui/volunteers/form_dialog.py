"""登记志愿者 / 编辑志愿者: name, gender, phone, skills, team (the village's squad or any team of
the tree), number, registration day, still active. Errors at their fields, all at once; Enter
saves, Esc cancels (asking first when something was typed)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.activities import TeamChoice, team_tree
from desktop.models.changes import Changed
from desktop.models.errors import ValidationError
from desktop.models.volunteers import GENDERS, VolunteerInput, save_volunteer, volunteer_form
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.fields import DateField, FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, WriteOp, report_failure
from desktop.ui.common.taskman import OpContext


class VolunteerFormDialog(QDialog):
    saved = Signal(str)  # the volunteer id

    def __init__(
        self, app: AppContext, volunteer_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.volunteer_id = volunteer_id
        self._original: VolunteerInput | None = None
        self._saving = False
        self.discard_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.setWindowTitle(self.tr("登记志愿者") if volunteer_id is None else self.tr("编辑志愿者"))
        self.setMinimumWidth(520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(50)
        self.gender_combo = QComboBox(self)
        self.gender_combo.addItem(self.tr("未填"), None)
        for gender in GENDERS:
            self.gender_combo.addItem(gender, gender)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(self.tr("手机如 13812345678"))
        self.skills_edit = QLineEdit(self)
        self.skills_edit.setMaxLength(200)
        self.skills_edit.setPlaceholderText(self.tr("如：理发、家电维修、秧歌"))
        self.team_combo = QComboBox(self)
        self.team_combo.addItem(self.tr("（不属于任何队伍）"), None)
        self.number_edit = QLineEdit(self)
        self.number_edit.setMaxLength(40)
        self.date_edit = DateField(self.tr("未填"), self)
        self.active_box = QCheckBox(self.tr("仍在服务"), self)
        self.active_box.setChecked(True)
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            (self.tr("姓名"), "name", self.name_edit),
            (self.tr("性别"), "gender", self.gender_combo),
            (self.tr("联系电话"), "phone", self.phone_edit),
            (self.tr("特长"), "skills", self.skills_edit),
            (self.tr("所属队伍"), "team_id", self.team_combo),
            (self.tr("志愿者编号"), "volunteer_no", self.number_edit),
            (self.tr("注册日期"), "registered_on", self.date_edit),
            ("", "active", self.active_box),
        ]
        for label, key, widget in rows:
            error = error_label(self)
            form.addRow(label, field_row(self, widget, error=error))
            self.errors.add(key, widget, error)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        dialogs.tab_order(self, [w for _l, _k, w in rows], self.buttons)
        self.name_edit.setFocus()
        self._load()

    def _load(self) -> None:
        volunteer_id = self.volunteer_id

        def load(session: Session, _ctx: OpContext) -> tuple[VolunteerInput | None, list[TeamChoice]]:
            data = volunteer_form(session, volunteer_id) if volunteer_id else None
            return data, team_tree(session)

        def loaded(result: tuple[VolunteerInput | None, list[TeamChoice]]) -> None:
            data, teams = result
            for team in teams:
                self.team_combo.addItem("　" * team.depth + team.name, team.id)
            if data is not None:
                self.name_edit.setText(data.name)
                self.gender_combo.setCurrentIndex(max(self.gender_combo.findData(data.gender), 0))
                self.phone_edit.setText(data.phone)
                self.skills_edit.setText(data.skills)
                self.team_combo.setCurrentIndex(max(self.team_combo.findData(data.team_id), 0))
                self.number_edit.setText(data.volunteer_no)
                self.date_edit.set_day(data.registered_on)
                self.active_box.setChecked(data.active)
            else:
                self.date_edit.set_day(beijing.today())
            self._original = self.current_input()
            self.save_button.setEnabled(True)

        def failed(error: BaseException) -> None:
            report_failure(self.parentWidget() or self, self.app, error)
            super(VolunteerFormDialog, self).reject()

        DbOp(self, self.app, load).success(loaded).failure(failed).run_in_background()

    def current_input(self) -> VolunteerInput:
        return VolunteerInput(
            name=self.name_edit.text(),
            gender=self.gender_combo.currentData(),
            phone=self.phone_edit.text(),
            skills=self.skills_edit.text(),
            team_id=self.team_combo.currentData(),
            registered_on=self.date_edit.day(),
            volunteer_no=self.number_edit.text(),
            active=self.active_box.isChecked(),
        )

    def has_unsaved_changes(self) -> bool:
        return self._original is not None and dataclasses.astuple(
            self.current_input()
        ) != dataclasses.astuple(self._original)

    def accept(self) -> None:
        if self._saving or self._original is None:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        volunteer_id, data, today = self.volunteer_id, self.current_input(), beijing.today()

        def work(session: Session, _ctx: OpContext) -> Changed[str | list[ValidationError]]:
            return save_volunteer(session, data, volunteer_id, today)

        def done(result: str | list[ValidationError]) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            if isinstance(result, list):
                first = self.errors.show(result)
                if first is not None:
                    first.setFocus()
                return
            self._original = None
            self.saved.emit(result)
            super(VolunteerFormDialog, self).accept()

        def failed(error: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            report_failure(self, self.app, error)

        WriteOp(self, self.app, work).success(done).failure(failed).run_in_background()

    def reject(self) -> None:
        if self._saving:
            return
        if not self.has_unsaved_changes():
            super().reject()
            return

        def discard() -> None:
            self._original = None
            super(VolunteerFormDialog, self).reject()

        dialogs.ask_to_discard(self, self.discard_prompt, discard, keep=self.tr("继续填写"))
