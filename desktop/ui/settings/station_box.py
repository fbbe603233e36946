"""设置 → 本站信息."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.changes import Changed
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.station_setup import StationDetails, save_station
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import WriteOp
from desktop.ui.common.taskman import OpContext
from desktop.ui.settings.first_run_dialog import ERROR_STYLE, StationForm
from desktop.ui.settings.parts import OK_STYLE


class StationBox(QGroupBox):
    """本站信息: the station's name, division code, township, county and phone."""

    saved = Signal(object)  # StationDetails

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self._edited = False
        self.setTitle(self.tr("本站信息"))
        layout = QVBoxLayout(self)
        self.station_form = StationForm(self)
        layout.addWidget(self.station_form)
        row = QHBoxLayout()
        self.station_save = QPushButton(self.tr("保存本站信息"), self)
        self.station_status = QLabel(self)
        row.addWidget(self.station_save)
        row.addWidget(self.station_status, 1)
        layout.addLayout(row)
        self.station_save.clicked.connect(self.save_station)
        for key in StationForm.FIELDS:
            editor: QLineEdit = getattr(self.station_form, key)
            editor.textEdited.connect(self._station_changed)
            editor.returnPressed.connect(self.save_station)

    def _station_changed(self) -> None:
        self._edited = True
        self.station_status.clear()

    def save_station(self) -> None:
        if not self.station_form.validate():
            self.station_status.clear()
            return
        data = self.station_form.values()

        def write(session: Session, _ctx: OpContext) -> Changed[StationDetails]:
            return save_station(session, data)

        self.station_save.setEnabled(False)
        WriteOp(self, self.app, write).success(self._station_saved).failure(
            self._station_failed
        ).run_in_background()

    def _station_saved(self, station: StationDetails) -> None:
        self.station_save.setEnabled(True)
        self._edited = False
        self.station_form.set_station(station)
        self.station_status.setStyleSheet(OK_STYLE)
        self.station_status.setText(self.tr("已保存，下次同步时报送县中心。"))
        self.saved.emit(station)

    def _station_failed(self, error: BaseException) -> None:
        self.station_save.setEnabled(True)
        if isinstance(error, ValidationError):
            self.station_form.show_errors([error])
        elif isinstance(error, LiaisonError):
            self.station_status.setStyleSheet(ERROR_STYLE)
            self.station_status.setText(error.message)
        else:
            self.app.report_bug(error)

    def show_station(self, station: StationDetails | None) -> None:
        """The stored details, unless the officer is editing them."""
        if not self._edited:
            self.station_form.set_station(station)
