"""设置: the station's details, display, the connection to the county server and this PC's
enrolment, backups and restore, and where the data and the log file are: one box each
(station_box.py, display_box.py, sync_box.py, backup_box.py, folders_box.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.station_setup import StationDetails, load_station
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import DbOp
from desktop.ui.common.page import Page
from desktop.ui.common.taskman import OpContext
from desktop.ui.settings.backup_box import BackupBox
from desktop.ui.settings.display_box import DisplayBox
from desktop.ui.settings.folders_box import FoldersBox
from desktop.ui.settings.station_box import StationBox
from desktop.ui.settings.sync_box import SyncBox
from desktop.ui.sync.controller import SyncController


class SettingsPage(Page):
    def __init__(
        self, app: AppContext, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(app, parent)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        content.setMaximumWidth(1000)
        layout = QVBoxLayout(content)
        heading = QLabel(self.tr("设置"), content)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        layout.addWidget(heading)
        self.station_box = StationBox(app, content)
        self.display_box = DisplayBox(app, content)
        self.sync_box = SyncBox(app, sync, content)
        self.backup_box = BackupBox(app, sync, content)
        self.folders_box = FoldersBox(app, content)
        for box in (
            self.station_box,
            self.display_box,
            self.sync_box,
            self.backup_box,
            self.folders_box,
        ):
            layout.addWidget(box)
        layout.addStretch(1)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        sync.status_changed.connect(lambda _status: self.sync_box.show_enrolment())
        self.station_box.saved.connect(self._station_for_enrolment)

    def title(self) -> str:
        return self.tr("设置")

    def refresh(self) -> None:
        self.sync_box.show_settings()
        self.backup_box.show_backups()

        def load(session: Session, _ctx: OpContext) -> StationDetails | None:
            return load_station(session)

        DbOp(self, self.app, load).success(self._show_station).run_in_background()

    def _show_station(self, station: StationDetails | None) -> None:
        self.station_box.show_station(station)
        self._station_for_enrolment(station)

    def _station_for_enrolment(self, station: StationDetails | None) -> None:
        """The enrolment's note checks the station's division code against the village."""
        self.sync_box.station = station
        self.sync_box.show_enrolment()

    def on_changes(self, changes: Changes) -> None:
        if changes.station and self.isVisible():
            self.refresh()
