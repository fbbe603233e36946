"""Who asks: the requester fields shared by the register and 点单 dialogs (filing the demand
with a new contact-book entry for a villager typed in by hand is ``demands.file_demand``).

The officer types a name, pinyin initials (``zs`` for 张三) or some phone digits; up to ten
villagers from the contact book are suggested. Picking one links the demand to that contact;
typing a name nobody matches files the demand for a new villager, added to the contact book
in the same transaction unless the officer unticks it. 匿名 keeps no requester at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QCheckBox, QCompleter, QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changed
from desktop.models.demands import (
    DemandInput,
    FiledDemand,
    RequesterChoice,
    file_demand,
)
from desktop.models.errors import ValidationError
from desktop.models.queries import ContactFilter, ContactRow, list_contacts
from desktop.models.rules.masking import mask_phone
from desktop.ui.app_context import AppContext
from desktop.ui.common.fields import error_label, field_row
from desktop.ui.common.operations import DbOp, WriteOp
from desktop.ui.common.record_list import search_delay
from desktop.ui.common.taskman import OpContext

SUGGESTIONS = 10

AnyIndex = QModelIndex | QPersistentModelIndex

class ContactSuggestionTableModel(QAbstractTableModel):
    """The villagers suggested for what was typed (one column: name, group, masked phone)."""

    COL_CONTACT = 0
    NameRole = Qt.ItemDataRole.UserRole + 1
    RecordRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ContactRow] = []

    def set_rows(self, rows: list[ContactRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and section == 0 and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("村民")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or index.column() != 0:
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_contact(row)
        if role == self.NameRole:
            return row.name
        if role == self.RecordRole:
            return row.id
        return None


def describe_contact(row: ContactRow) -> str:
    parts = [row.name, row.group_name, mask_phone(row.phone) if row.phone else ""]
    return "　".join(p for p in parts if p)


class RequesterFields(QObject):
    """The requester widgets of a form (created on ``parent``; the form lays out ``name_row``
    and ``phone_row``) and what they hold."""

    changed = Signal()

    def __init__(self, app: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self._picked: ContactRow | None = None

        self.name_edit = QLineEdit(parent)
        self.name_edit.setObjectName("requester_name")
        self.name_edit.setPlaceholderText(self.tr("输入姓名、拼音首字母或电话查找；新村民直接填写"))
        # The boxes beside the fields are left out of Tab (Alt+N / Alt+T reach them): Tab from
        # the name goes to the phone, so the digits typed next land in the phone field.
        self.anonymous_box = QCheckBox(self.tr("匿名(&N)"), parent)
        self.anonymous_box.setToolTip(self.tr("不留姓名和电话（Alt+N）"))
        self.anonymous_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.phone_edit = QLineEdit(parent)
        self.phone_edit.setObjectName("requester_phone")
        self.phone_edit.setPlaceholderText(self.tr("手机或座机（带区号），可不填"))
        self.add_to_book_box = QCheckBox(self.tr("同时加入村民通讯录(&T)"), parent)
        self.add_to_book_box.setToolTip(self.tr("新村民同时加入村民通讯录（Alt+T）"))
        self.add_to_book_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.add_to_book_box.setChecked(True)
        self.contact_label = QLabel(parent)
        self.contact_label.setStyleSheet("color: #1b5e20;")
        self.contact_label.hide()
        self.name_error = error_label(parent)
        self.phone_error = error_label(parent)
        self.name_row = field_row(
            parent,
            self.name_edit,
            self.anonymous_box,
            error=self.name_error,
            note=self.contact_label,
        )
        self.phone_row = field_row(
            parent, self.phone_edit, self.add_to_book_box, error=self.phone_error
        )

        self.suggestions = ContactSuggestionTableModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(ContactSuggestionTableModel.NameRole)
        self.completer.setMaxVisibleItems(SUGGESTIONS)
        self.completer.setWidget(self.name_edit)
        self.name_edit.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._picked_index
        )  # (the stubs do not know PySide6's overloaded-signal indexing)

        self._search_timer = search_delay(self, self._search)

        self.name_edit.textEdited.connect(self._name_edited)
        self.phone_edit.textEdited.connect(lambda _text: self.changed.emit())
        self.anonymous_box.toggled.connect(self._anonymous_toggled)
        self.add_to_book_box.toggled.connect(lambda _on: self.changed.emit())

    def tab_order(self) -> list[QWidget]:
        return [self.name_edit, self.phone_edit]

    # ---- picking --------------------------------------------------------------------------

    def _name_edited(self, text: str) -> None:
        if self._picked is not None and text.strip() != self._picked.name:
            self._set_picked(None)
        self._search_timer.start()
        self.changed.emit()

    def _search(self) -> None:
        text = self.name_edit.text().strip()
        if not text or self._picked is not None:
            self.suggestions.set_rows([])
            self._hide_popup()
            return

        def find(session: Session, _ctx: OpContext) -> list[ContactRow]:
            return list_contacts(session, ContactFilter(text=text), limit=SUGGESTIONS)

        DbOp(self.name_edit, self.app, find).success(
            lambda rows: self._suggest(text, rows)
        ).run_in_background()

    def _suggest(self, text: str, rows: list[ContactRow]) -> None:
        if self.name_edit.text().strip() != text or self._picked is not None:
            return  # typed on since; a newer search is coming
        self.suggestions.set_rows(rows)
        if rows and self.name_edit.hasFocus():
            self.completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _picked_index(self, index: QModelIndex) -> None:
        contact_id = index.data(ContactSuggestionTableModel.RecordRole)
        for row in self.suggestions.rows:
            if row.id == contact_id:
                self._set_picked(row)
                self.name_edit.setText(row.name)
                self.changed.emit()
                return

    def _set_picked(self, row: ContactRow | None) -> None:
        self._picked = row
        if row is None:
            self.contact_label.hide()
            self.contact_label.clear()
        else:
            self.contact_label.setText(self.tr("已选通讯录村民：{0}").format(describe_contact(row)))
            self.contact_label.show()
        self._update_enabled()

    def picked_contact_id(self) -> str | None:
        return self._picked.id if self._picked else None

    def _anonymous_toggled(self, _on: bool) -> None:
        self._update_enabled()
        self.changed.emit()

    def _update_enabled(self) -> None:
        named = not self.anonymous_box.isChecked()
        self.name_edit.setEnabled(named)
        self.phone_edit.setEnabled(named)
        self.add_to_book_box.setEnabled(named and self._picked is None)
        self.contact_label.setVisible(named and self._picked is not None)
        if self._picked is not None and named:
            self.phone_edit.setPlaceholderText(self.tr("不填则用通讯录中的电话"))
        else:
            self.phone_edit.setPlaceholderText(self.tr("手机或座机（带区号），可不填"))

    # ---- values ---------------------------------------------------------------------------

    def file(
        self,
        dialog: QWidget,
        data: DemandInput,
        saved: Callable[[FiledDemand | list[ValidationError]], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """File the demand ``data`` for the requester chosen here (``demands.file_demand``, in
        the background): ``saved`` gets the filed demand or every error of the form."""
        requester, today = self.choice(), beijing.today()

        def save(
            session: Session, _ctx: OpContext
        ) -> Changed[FiledDemand | list[ValidationError]]:
            return file_demand(session, data, requester, today)

        WriteOp(dialog, self.app, save).success(saved).failure(failed).run_in_background()

    def choice(self) -> RequesterChoice:
        picked = self._picked
        return RequesterChoice(
            contact_id=picked.id if picked else None,
            name=self.name_edit.text(),
            phone=self.phone_edit.text(),
            anonymous=self.anonymous_box.isChecked(),
            add_to_book=self.add_to_book_box.isChecked(),
            grid_id=picked.grid_id if picked else None,
        )

    def state(self) -> dict[str, Any]:
        """What a draft keeps (the picked contact as a plain row)."""
        picked = self._picked
        return {
            "name": self.name_edit.text(),
            "phone": self.phone_edit.text(),
            "anonymous": self.anonymous_box.isChecked(),
            "add_to_book": self.add_to_book_box.isChecked(),
            "contact": None
            if picked is None
            else {
                "id": picked.id,
                "name": picked.name,
                "gender": picked.gender,
                "phone": picked.phone,
                "group_name": picked.group_name,
                "grid_id": picked.grid_id,
                "address": picked.address,
            },
        }

    def restore(self, state: dict[str, Any]) -> None:
        contact = state.get("contact")
        picked = None
        if isinstance(contact, dict):
            try:
                picked = ContactRow(**contact)
            except TypeError:
                picked = None
        self.name_edit.setText(str(state.get("name", "")))
        self.phone_edit.setText(str(state.get("phone", "")))
        self.anonymous_box.setChecked(bool(state.get("anonymous", False)))
        self.add_to_book_box.setChecked(bool(state.get("add_to_book", True)))
        self._set_picked(picked)
