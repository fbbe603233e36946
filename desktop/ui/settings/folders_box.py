"""设置 → 数据与日志."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui.app_context import AppContext


class FoldersBox(QGroupBox):
    """数据与日志: where the data folder and the log file are."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setTitle(self.tr("数据与日志"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, path, folder in (
            (self.tr("数据文件夹"), self.app.data_dir, self.app.data_dir),
            (self.tr("日志文件"), self.app.log_path, self.app.log_path.parent),
        ):
            label = QLabel(str(path), self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            button = QPushButton(self.tr("打开文件夹"), self)
            button.clicked.connect(
                lambda _checked=False, f=folder: QDesktopServices.openUrl(
                    QUrl.fromLocalFile(str(f))
                )
            )
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            form.addRow(caption, row)
