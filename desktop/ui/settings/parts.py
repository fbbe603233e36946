"""What the boxes of the 设置 page share: error labels under a field, the colours of a result."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.settings.first_run_dialog import ERROR_STYLE

OK_STYLE = "color: #1b5e20;"


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def with_error(editor: QWidget, error: QLabel, *extra: QWidget) -> QVBoxLayout:
    cell = QVBoxLayout()
    cell.setSpacing(2)
    row = QHBoxLayout()
    row.addWidget(editor, 1)
    for widget in extra:
        row.addWidget(widget)
    cell.addLayout(row)
    cell.addWidget(error)
    return cell
