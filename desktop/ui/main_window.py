"""The main window. For now it shows the workbench figures; the screens come with the UI issue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop.models.summary import WorkbenchSummary


class MainWindow(QMainWindow):
    def __init__(self, summary: WorkbenchSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        station = summary.station_name or self.tr("（尚未设置站点）")
        self.setWindowTitle(self.tr("联络员工作台 — {0}").format(station))
        self.resize(1100, 700)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        heading = QLabel(self.tr("{0} · 今日工作台").format(station), central)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        layout.addWidget(heading)

        figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        rows = [
            ("new_today", self.tr("今日新登记需求"), summary.new_today),
            ("open", self.tr("办理中的需求"), summary.open),
            ("overdue", self.tr("已超期"), summary.overdue),
            ("awaiting_evaluation", self.tr("待评价"), summary.awaiting_evaluation),
            ("demands_total", self.tr("需求总数"), summary.demands_total),
            ("contacts", self.tr("通讯录村民"), summary.contacts),
        ]
        for index, (key, caption, value) in enumerate(rows):
            name = QLabel(caption, central)
            number = QLabel(str(value), central)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            figures.addWidget(name, index, 0)
            figures.addWidget(number, index, 1)
            self.figure_labels[key] = number
        layout.addLayout(figures)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("{0} 条待上报").format(summary.pending_sync))
