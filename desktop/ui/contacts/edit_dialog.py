"""One villager's record: every field of the contact book, the priority-group tags (the only
place they are shown: they are sensitive), consents, and the villager's demand history.

The ID number stays masked until the officer presses 显示. Errors appear next to their fields,
all at once (``clean_contact`` returns every error). Enter saves, Esc cancels, and unsaved
changes are never dropped without asking.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_date
from desktop.models.changes import Changed
from desktop.models.contacts import (
    GENDERS,
    ContactForm,
    ContactInput,
    SaveOutcome,
    load_contact_form,
    save_contact_form,
)
from desktop.models.errors import LiaisonError
from desktop.models.queries import DemandRow
from desktop.models.rules.masking import mask_id_number
from desktop.models.rules.priority_groups import BUILT_IN
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot, FormScrollArea, grow_to_fit
from desktop.ui.common.fields import FieldErrors, error_label, field_row
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.taskman import OpContext
from desktop.ui.demands.detail_dialog import DemandDetailDialog
from desktop.ui.demands.labels import status_text

log = logging.getLogger(__name__)

# The built-in groups' labels (desktop.models.rules.priority_groups), listed for lupdate; groups the
# county publishes and a villager's own categories show as they are.
_GROUPS_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("ContactEditDialog", "留守老人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "独居老人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "空巢老人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "高龄老人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "留守儿童"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "困境儿童"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "留守妇女"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "困难群众"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "低保户"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "特困人员"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "脱贫户"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "防返贫监测对象"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "残疾人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "重病患者"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "退役军人"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "军烈属"),
    QT_TRANSLATE_NOOP("ContactEditDialog", "优抚对象"),
)


class ContactEditDialog(QDialog):
    """新增村民 (``contact_id`` None) or 编辑村民."""

    loaded = Signal()
    saved = Signal(str)  # the contact id

    def __init__(
        self, app: AppContext, contact_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.contact_id = contact_id
        self._original: ContactInput | None = None
        self._id_value = ""
        self._stored_id = ""
        self._id_revealed = contact_id is None
        self._saving = False
        self.confirm_discard: DialogSlot[QMessageBox] = DialogSlot()
        self.demand_dialog: DialogSlot[DemandDetailDialog] = DialogSlot()
        self.setWindowTitle(self.tr("新增村民") if contact_id is None else self.tr("编辑村民"))
        self.resize(1040, 680)

        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)

        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(50)
        self.gender_combo = QComboBox(self)
        self.gender_combo.addItem(self.tr("未填"), None)
        for gender in GENDERS:
            self.gender_combo.addItem(gender, gender)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(self.tr("手机如 13812345678，座机如 0431-84561234"))
        self.proxy_phone_edit = QLineEdit(self)
        self.proxy_phone_edit.setPlaceholderText(self.tr("本人没有电话时，可填家属的电话"))
        self.proxy_relation_edit = QLineEdit(self)
        self.proxy_relation_edit.setPlaceholderText(self.tr("关系，如 儿子"))
        self.proxy_relation_edit.setMaxLength(20)
        self.group_combo = QComboBox(self)
        self.group_combo.setEditable(True)
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.grid_combo = QComboBox(self)
        self.grid_combo.addItem(self.tr("（不属于任何网格）"), None)
        self.address_edit = QLineEdit(self)
        self.address_edit.setMaxLength(200)
        self.id_edit = QLineEdit(self)
        self.id_edit.setMaxLength(18)
        self.id_button = QPushButton(self.tr("显示"), self)
        self.id_button.setToolTip(self.tr("显示完整的身份证号码（敏感信息）"))
        self.id_button.setAutoDefault(False)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, str | None, list[QWidget]]] = [
            (self.tr("姓名"), "name", [self.name_edit]),
            (self.tr("性别"), "gender", [self.gender_combo]),
            (self.tr("联系电话"), "phone", [self.phone_edit]),
            (
                self.tr("代联系人电话"),
                "proxy_phone",
                [self.proxy_phone_edit, self.proxy_relation_edit],
            ),
            (self.tr("村民小组"), None, [self.group_combo]),
            (self.tr("网格"), None, [self.grid_combo]),
            (self.tr("住址"), None, [self.address_edit]),
            (self.tr("身份证号码"), "id_number", [self.id_edit, self.id_button]),
            (self.tr("备注"), None, [self.note_edit]),
        ]
        for label, key, widgets in rows:
            error = error_label(self)
            form.addRow(label, field_row(self, *widgets, error=error))
            if key is not None:
                self.errors.add(key, widgets[0], error)

        # Sensitive: only in this form, never in the list or a default export.
        self.tags_box = QGroupBox(self.tr("重点人群（敏感信息，仅在此处显示）"), self)
        self.tag_grid = QGridLayout(self.tags_box)
        # Made once the vocabulary in use has been read (the county may publish more groups).
        self.tag_boxes: dict[str, QCheckBox] = {}
        consent_box = QGroupBox(self.tr("同意情况"), self)
        consent_layout = QVBoxLayout(consent_box)
        self.consent_contact_box = QCheckBox(self.tr("同意联系（电话、上门）"), consent_box)
        self.consent_sensitive_box = QCheckBox(
            self.tr("同意处理敏感信息（重点人群等）"), consent_box
        )
        self.guardian_consent_box = QCheckBox(self.tr("监护人同意（14 岁以下儿童）"), consent_box)
        for box in (
            self.consent_contact_box,
            self.consent_sensitive_box,
            self.guardian_consent_box,
        ):
            consent_layout.addWidget(box)

        self.history_box = QGroupBox(self.tr("需求记录"), self)
        self.history = QTableWidget(0, 3, self.history_box)
        self.history.setHorizontalHeaderLabels(
            [self.tr("登记日期"), self.tr("需求"), self.tr("状态")]
        )
        self.history.setToolTip(self.tr("双击查看需求详情"))
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setWordWrap(False)
        self.history.verticalHeader().hide()
        history_header = self.history.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setTabKeyNavigation(False)
        self.history_empty = QLabel(self.tr("这位村民还没有登记过需求。"), self.history_box)
        self.history_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)
        history_layout.addWidget(self.history_empty)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until the record is loaded
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.general_error)
        left.addLayout(form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.tags_box)
        right.addWidget(consent_box)
        right.addWidget(self.history_box, 1)
        body = QWidget(self)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        self.form_area = FormScrollArea(body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.buttons)

        self.id_button.clicked.connect(self._toggle_id)
        self.history.cellDoubleClicked.connect(lambda row, _column: self._open_demand(row))
        for key, widget in (
            ("name", self.name_edit),
            ("phone", self.phone_edit),
            ("proxy_phone", self.proxy_phone_edit),
            ("id_number", self.id_edit),
        ):
            widget.textEdited.connect(lambda _t, k=key: self.errors.clear_field(k))
        self.gender_combo.currentIndexChanged.connect(lambda _i: self.errors.clear_field("gender"))
        self.name_edit.setFocus()
        self._load()

    def _set_tab_order(self) -> None:
        dialogs.tab_order(
            self,
            [
                self.name_edit,
                self.gender_combo,
                self.phone_edit,
                self.proxy_phone_edit,
                self.proxy_relation_edit,
                self.group_combo,
                self.grid_combo,
                self.address_edit,
                self.id_edit,
                self.id_button,
                self.note_edit,
                *self.tag_boxes.values(),
                self.consent_contact_box,
                self.consent_sensitive_box,
                self.guardian_consent_box,
                self.history,
            ],
            self.buttons,
        )

    # ---- loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        contact_id, today = self.contact_id, beijing.today()

        def load(session: Session, _ctx: OpContext) -> ContactForm:
            return load_contact_form(session, contact_id, today)

        DbOp(self, self.app, load).success(self._show).failure(
            self._load_failed
        ).run_in_background()

    def _load_failed(self, error: BaseException) -> None:
        if not isinstance(error, LiaisonError):
            self.app.report_bug(error)
        else:
            dialogs.notify(self.parentWidget(), self.windowTitle(), error.message)
        self._original = None
        super().reject()

    def _show(self, form: ContactForm) -> None:
        for grid in form.grids:
            self.grid_combo.addItem(grid.name, grid.id)
        self.group_combo.addItems(form.groups)
        data = form.data
        self.name_edit.setText(data.name)
        self.gender_combo.setCurrentIndex(max(self.gender_combo.findData(data.gender), 0))
        self.phone_edit.setText(data.phone)
        self.proxy_phone_edit.setText(data.proxy_phone)
        self.proxy_relation_edit.setText(data.proxy_relation)
        self.group_combo.setCurrentText(data.group_name)
        self.grid_combo.setCurrentIndex(max(self.grid_combo.findData(data.grid_id), 0))
        self.address_edit.setText(data.address)
        self._id_value = self._stored_id = data.id_number
        self._id_revealed = not data.id_number
        self._show_id()
        for index, (tag, label) in enumerate(form.priority_groups):
            box = QCheckBox(self.tr(label) if tag in BUILT_IN else label, self.tags_box)
            box.setChecked(tag in data.tags)
            self.tag_boxes[tag] = box
            self.tag_grid.addWidget(box, index // 3, index % 3)
            box.show()  # added to a dialog already on screen: shown at once, in the Tab order
        self._set_tab_order()
        self.consent_contact_box.setChecked(data.consent_contact)
        self.consent_sensitive_box.setChecked(data.consent_sensitive)
        self.guardian_consent_box.setChecked(data.guardian_consent)
        self.note_edit.setPlainText(data.note)
        self._show_history(form.demands)
        self._original = self.current_input()
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def _show_history(self, demands: list[DemandRow]) -> None:
        self.history.setRowCount(len(demands))
        for row, demand in enumerate(demands):
            texts = (beijing_date(demand.registered_at), demand.title, status_text(demand.status))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, demand.id)
                item.setToolTip(f"{demand.number}　{demand.title}")
                self.history.setItem(row, column, item)
        self.history_box.setTitle(self.tr("需求记录（{0} 条）").format(len(demands)))
        self.history.setVisible(bool(demands))
        self.history_empty.setVisible(not demands)

    def _open_demand(self, row: int) -> None:
        item = self.history.item(row, 0)
        if item is None:
            return
        demand_id = item.data(Qt.ItemDataRole.UserRole)
        self.demand_dialog.open(lambda: DemandDetailDialog(self.app, demand_id, self))

    # ---- the ID number -------------------------------------------------------------------

    def _show_id(self) -> None:
        if self._id_revealed:
            self.id_edit.setReadOnly(False)
            self.id_edit.setText(self._id_value)
            self.id_button.setText(self.tr("隐藏"))
            # Nothing stored yet: there is nothing to hide.
            self.id_button.setVisible(bool(self._stored_id))
        else:
            self.id_edit.setReadOnly(True)
            self.id_edit.setText(mask_id_number(self._id_value))
            self.id_button.setText(self.tr("显示"))
            self.id_button.setVisible(True)

    def _toggle_id(self) -> None:
        if self._id_revealed:
            self._id_value = self.id_edit.text().strip()
        else:
            # Seeing a full ID number is access to sensitive data: leave a trace of it.
            log.info("ID number of contact %s shown", self.contact_id)
        self._id_revealed = not self._id_revealed
        self._show_id()
        if self._id_revealed:
            self.id_edit.setFocus()

    # ---- saving ---------------------------------------------------------------------------

    def current_input(self) -> ContactInput:
        id_number = self.id_edit.text().strip() if self._id_revealed else self._id_value
        return ContactInput(
            name=self.name_edit.text(),
            gender=self.gender_combo.currentData(),
            phone=self.phone_edit.text(),
            proxy_phone=self.proxy_phone_edit.text(),
            proxy_relation=self.proxy_relation_edit.text(),
            group_name=self.group_combo.currentText(),
            grid_id=self.grid_combo.currentData(),
            address=self.address_edit.text(),
            tags=[code for code, box in self.tag_boxes.items() if box.isChecked()],
            id_number=id_number,
            consent_contact=self.consent_contact_box.isChecked(),
            consent_sensitive=self.consent_sensitive_box.isChecked(),
            guardian_consent=self.guardian_consent_box.isChecked(),
            note=self.note_edit.toPlainText(),
        )

    def has_unsaved_changes(self) -> bool:
        if self._original is None:
            return False
        return dataclasses.astuple(self.current_input()) != dataclasses.astuple(self._original)

    def save(self) -> None:
        if self._saving or self._original is None:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        contact_id, data, today = self.contact_id, self.current_input(), beijing.today()

        def work(session: Session, _ctx: OpContext) -> Changed[SaveOutcome]:
            return save_contact_form(session, contact_id, data, today)

        WriteOp(self, self.app, work).success(self._saved).failure(
            self._save_failed
        ).run_in_background()

    def _saved(self, outcome: SaveOutcome) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if outcome.errors:
            first = self.errors.show(outcome.errors)
            grow_to_fit(self)
            if first is not None:
                first.setFocus()
                self.form_area.reveal(first)
            return
        assert outcome.contact_id is not None
        self.contact_id = outcome.contact_id
        self._original = None
        self.saved.emit(outcome.contact_id)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, LiaisonError):
            self.general_error.setText(error.message)
            self.general_error.show()
        else:
            self.app.report_bug(error)

    # ---- leaving --------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, 取消 or the window's close button: ask before throwing changes away."""
        if not self.has_unsaved_changes():
            super().reject()
            return

        def discard() -> None:
            self._original = None
            super(ContactEditDialog, self).reject()

        dialogs.ask_to_discard(self, self.confirm_discard, discard, keep=self.tr("继续编辑"))
