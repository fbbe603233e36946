"""设置 → 显示."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.app_context import AppContext
from desktop.ui.common.preferences import PUBLIC_PLACE_MODE
from desktop.ui.settings.first_run_dialog import HINT_STYLE

# The preferences' labels (desktop.ui.common.preferences) reach self.tr() as variables; for lupdate.
_PREFERENCES_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP(
        "DisplayBox",
        "公共场所模式：列表中的姓名只显示姓（如 张**），屏幕可能被群众看到时使用",
    ),
)


class DisplayBox(QGroupBox):
    """显示: 公共场所模式."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setTitle(self.tr("显示"))
        layout = QVBoxLayout(self)
        self.public_place_box = QCheckBox(self.tr(PUBLIC_PLACE_MODE.label), self)
        self.public_place_box.setChecked(self.app.preferences.flag(PUBLIC_PLACE_MODE))
        self.public_place_box.toggled.connect(
            lambda on: self.app.preferences.set_flag(PUBLIC_PLACE_MODE, on)
        )
        note = QLabel(
            self.tr(
                "电话和身份证号码在列表中总是只显示部分数字；回执等交给群众的纸张上，姓名也只显示姓。"
            ),
            self,
        )
        note.setStyleSheet(HINT_STYLE)
        note.setWordWrap(True)
        layout.addWidget(self.public_place_box)
        layout.addWidget(note)
