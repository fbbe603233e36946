"""What forms and filters share: a date field that may be left empty, a date-and-time field,
and showing validation errors next to their fields (a red line under the field and a red frame
around it, until the officer edits that field or saves again)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QObject, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.models.beijing import CHINA_TZ
from desktop.models.errors import ValidationError

ERROR_COLOR = "#b00020"
# A date field shows its empty text (不限, 按类别默认) at this date: no date chosen.
NO_DATE = QDate(2000, 1, 1)


class DateField(QDateEdit):
    """A day, typed (2026-12-09: the digits move on from year to month to day by themselves)
    or picked from the calendar, or no day at all, shown as ``empty_text``.

    Tab always moves on to the next field. (QDateEdit spends a Tab on each part of the date,
    and while it shows its empty text it never lets Tab go: a keyboard user was stuck there.)
    """

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(empty_text)
        self.setDate(NO_DATE)

    def day(self) -> dt.date | None:
        date = self.date()
        return None if date == NO_DATE else date.toPython()  # type: ignore[return-value]

    def set_day(self, day: dt.date | None) -> None:
        self.setDate(QDate(day.year, day.month, day.day) if day is not None else NO_DATE)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setWordWrap(True)
    label.hide()
    return label


def field_row(
    parent: QWidget, *widgets: QWidget, error: QLabel, note: QWidget | None = None
) -> QWidget:
    """One row of a form: the field (with optional widgets beside it), an optional note
    under it, and its error line."""
    row = QWidget(parent)
    column = QVBoxLayout(row)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    line = QHBoxLayout()
    line.setContentsMargins(0, 0, 0, 0)
    for position, widget in enumerate(widgets):
        line.addWidget(widget, 1 if position == 0 else 0)
    column.addLayout(line)
    if note is not None:
        column.addWidget(note)
    column.addWidget(error)
    return row


class FieldErrors(QObject):
    """Maps validation error fields to (input widget, error label); unknown fields go to the
    general label at the top of the form."""

    def __init__(self, general: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, field: str, widget: QWidget, label: QLabel) -> None:
        self._fields[field] = (widget, label)

    def clear(self) -> None:
        for field in self._fields:
            self.clear_field(field)
        self.general.clear()
        self.general.hide()

    def clear_field(self, field: str) -> None:
        widget, label = self._fields[field]
        if label.isVisible() or label.text():
            label.clear()
            label.hide()
            widget.setStyleSheet("")

    def show(self, errors: list[ValidationError]) -> QWidget | None:
        """Show every error; returns the first field with an error (to move the focus there)."""
        self.clear()
        first: QWidget | None = None
        general: list[str] = []
        shown: dict[str, list[str]] = {}
        for error in errors:
            if error.field not in self._fields:
                general.append(error.message)
                continue
            messages = shown.setdefault(error.field, [])
            if error.message not in messages:
                messages.append(error.message)
        # Fields in the order they were added, which is the order on screen.
        for field, (widget, label) in self._fields.items():
            if field not in shown:
                continue
            label.setText("\n".join(shown[field]))
            label.show()
            kind = widget.metaObject().className()
            widget.setStyleSheet(f"{kind} {{ border: 2px solid {ERROR_COLOR}; }}")
            first = first or widget
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        return first

    def message(self, field: str) -> str:
        return self._fields[field][1].text()


class DateTimeField(QDateTimeEdit):
    """A Beijing date and time to the minute, typed or picked from the calendar. Tab moves on
    to the next field (as :class:`DateField`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")

    def moment(self) -> dt.datetime:
        """The chosen minute as an aware Beijing time."""
        date, time = self.date(), self.time()
        return dt.datetime(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=CHINA_TZ
        )

    def set_moment(self, moment: dt.datetime) -> None:
        local = moment.astimezone(CHINA_TZ)
        self.setDate(QDate(local.year, local.month, local.day))
        self.setTime(QTime(local.hour, local.minute))

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
