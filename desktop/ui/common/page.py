"""What every page of the main window offers the window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.models.changes import Changes
from desktop.ui.app_context import AppContext


class Page(QWidget):
    """A page: a title for the navigation, and a reaction to changes elsewhere."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what the page shows (called when it becomes visible)."""

    def on_changes(self, changes: Changes) -> None:
        """Records changed somewhere; refresh if this page shows them."""
