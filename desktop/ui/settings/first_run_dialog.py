"""首次使用: before the main window opens on a database without a station, set the station up
(or open the demo data instead). Also home of :class:`StationForm`, which 设置 reuses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.changes import Changed
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.station_setup import (
    StationDetails,
    StationInput,
    clean_station,
    division_code_problem,
    normalize_division_code,
    save_station,
)
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import grow_to_fit
from desktop.ui.common.fields import error_label, field_row
from desktop.ui.common.operations import WriteOp
from desktop.ui.common.taskman import OpContext

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #555555;"


class StationForm(QWidget):
    """Name, 12-digit 统计用区划代码, township and county, each with its error beside it."""

    FIELDS = ("name", "division_code", "township", "county", "phone")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("如：陈家店村新时代文明实践站"))
        self.division_code = QLineEdit(self)
        self.division_code.setPlaceholderText(self.tr("12 位数字，如 220122105201"))
        self.division_code.setMaxLength(24)
        self.division_code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.township = QLineEdit(self)
        self.township.setPlaceholderText(self.tr("如：合隆镇"))
        self.county = QLineEdit(self)
        self.county.setPlaceholderText(self.tr("如：农安县"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("如：0431-84561234"))
        self.errors: dict[str, QLabel] = {}

        # A grid, not a QFormLayout: a form layout gives a row less height than the lines
        # wrapping under its field need and squeezes the field itself.
        layout = QGridLayout(self)
        layout.setColumnStretch(1, 1)
        captions = {
            "name": self.tr("站点名称"),
            "division_code": self.tr("统计用区划代码"),
            "township": self.tr("所属乡镇"),
            "county": self.tr("所属县（市、区）"),
            "phone": self.tr("站点电话"),
        }
        hints = {
            "division_code": self.tr("国家统计局公布的本村代码：6 位县 + 3 位乡镇 + 3 位村"),
            "phone": self.tr("印在回执上，群众打这个电话询问办理进度（可以以后再填）"),
        }
        for row, key in enumerate(self.FIELDS):
            editor: QLineEdit = getattr(self, key)
            editor.setObjectName(key)
            error = error_label(self)
            error.setObjectName(f"{key}_error")
            self.errors[key] = error
            hint = None
            if key in hints:
                hint = QLabel(hints[key], self)
                hint.setStyleSheet(HINT_STYLE)
                hint.setWordWrap(True)
            label = QLabel(captions[key], self)
            label.setBuddy(editor)
            # In a widget of its own, the field keeps its size when the lines under it wrap.
            layout.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(field_row(self, editor, error=error, note=hint), row, 1)
        # Tell about a mistyped code as soon as the officer leaves the field.
        self.division_code.editingFinished.connect(self._check_code)

    def _check_code(self) -> None:
        code = normalize_division_code(self.division_code.text())
        problem = division_code_problem(code) if code else None
        self._show("division_code", problem)

    def _show(self, key: str, message: str | None) -> None:
        label = self.errors[key]
        label.setText(message or "")
        label.setVisible(bool(message))
        # The error lines need room: the window grows (where the screen allows) instead of
        # squeezing the fields.
        window = self.window()
        layout = window.layout()
        if window.isVisible() and window is not self and layout is not None:
            layout.activate()
            grow_to_fit(window)

    def set_station(self, station: StationDetails | None) -> None:
        for key in self.FIELDS:
            getattr(self, key).setText(getattr(station, key) if station else "")
            self._show(key, None)

    def values(self) -> StationInput:
        return StationInput(*(getattr(self, key).text() for key in self.FIELDS))

    def show_errors(self, errors: list[ValidationError]) -> None:
        """Show each error beside its field (first one wins per field); focus the first."""
        messages: dict[str, str] = {}
        for error in errors:
            messages.setdefault(error.field, error.message)
        for key in self.FIELDS:
            self._show(key, messages.get(key))
        for key in self.FIELDS:
            if key in messages:
                getattr(self, key).setFocus()
                break

    def validate(self) -> bool:
        """Check the form now (no database needed); True when it may be saved."""
        _values, errors = clean_station(self.values())
        self.show_errors(errors)
        return not errors


class FirstRunDialog(QDialog):
    """Returns Accepted once the station is saved, :attr:`DEMO` for the demo data, or Rejected
    (Esc, 退出) to quit the program."""

    DEMO = 2

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("欢迎使用联络员工作台"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        # Grow when error messages appear under the fields instead of squeezing them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        heading = QLabel(self.tr("设置本站"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(
            self.tr(
                "这台电脑上还没有站点信息。请填写本站的基本情况，以后可以在“设置”中修改。"
                "只想先看看程序怎么用，可以打开演示数据（与正式数据分开保存）。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = StationForm(self)
        layout.addWidget(self.form)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("保存并开始使用"), self)
        self.save_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("打开演示数据"), self)
        self.quit_button = QPushButton(self.tr("退出"), self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self.save)
        self.demo_button.clicked.connect(lambda: self.done(self.DEMO))
        self.quit_button.clicked.connect(self.reject)
        self.saved: StationDetails | None = None
        dialogs.tab_order(
            self, [getattr(self.form, key) for key in StationForm.FIELDS], self.buttons
        )
        self.form.name.setFocus()

    def accept(self) -> None:
        """Enter saves: the dialog closes only once the station really is saved."""
        self.save()

    def reject(self) -> None:
        if self.quit_button.isEnabled():  # not while the station is being saved
            super().reject()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.message.hide()
        if not self.form.validate():
            return
        data = self.form.values()

        def write(session: Session, _ctx: OpContext) -> Changed[StationDetails]:
            return save_station(session, data)

        self._busy(True)
        WriteOp(self, self.app, write).success(self._saved).failure(
            self._failed
        ).run_in_background()

    def _busy(self, busy: bool) -> None:
        for button in (self.save_button, self.demo_button, self.quit_button):
            button.setEnabled(not busy)

    def _saved(self, station: StationDetails) -> None:
        self.saved = station
        self._busy(False)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, ValidationError):
            self.form.show_errors([error])
        elif isinstance(error, LiaisonError):
            self.message.setText(error.message)
            self.message.show()
        else:
            self.app.report_bug(error)
