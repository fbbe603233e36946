"""The main window: navigation on the left, the pages, and the sync status bar."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.models.sync_views import pending_text
from desktop.ui.activities.page import ActivitiesPage
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot, fit_to_screen, unsaved_forms, usable_area
from desktop.ui.common.page import Page
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import DemandsPage
from desktop.ui.settings.page import SettingsPage
from desktop.ui.statistics.page import StatisticsPage
from desktop.ui.sync.controller import SyncController, SyncStatus
from desktop.ui.sync.page import SyncPage
from desktop.ui.volunteers.page import VolunteersPage
from desktop.ui.workbench.page import WorkbenchPage, last_sync_text

# The window's size on a screen with room for it; smaller screens get what fits.
PREFERRED_SIZE = QSize(1280, 800)


def build_pages(app: AppContext, sync: SyncController) -> list[Page]:
    """The pages in navigation order. A page is listed only once it exists."""
    return [
        WorkbenchPage(app),
        DemandsPage(app),
        ActivitiesPage(app),
        VolunteersPage(app),
        ContactsPage(app),
        StatisticsPage(app),
        SyncPage(app, sync),
        SettingsPage(app, sync),
    ]


class MainWindow(QMainWindow):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        app.window = self
        self.close_prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._close_confirmed = False
        self.setWindowTitle(self.tr("联络员工作台"))

        self.sync = SyncController(app, self)
        self.pages = build_pages(app, self.sync)
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(150)
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.navigation.setFont(font)
        self.stack = QStackedWidget(self)
        for page in self.pages:
            item = QListWidgetItem(page.title(), self.navigation)
            item.setSizeHint(QSize(0, 44))
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self._show_page)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Alt+1 … Alt+9 jump to a page: keyboard users never need the mouse to navigate.
        for index in range(len(self.pages)):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.navigation.setCurrentRow(i))

        self._build_status_bar()
        app.signals.records_changed.connect(self._broadcast)
        self.sync.status_changed.connect(self._show_status)
        self._connect_quick_actions()
        self.sync.refresh_status()
        self._restore_geometry()
        self.navigation.setCurrentRow(0)

    def _connect_quick_actions(self) -> None:
        for page in self.pages:
            if isinstance(page, WorkbenchPage):
                page.register_demand_requested.connect(self._register_demand)
                page.find_contact_requested.connect(self._find_contact)

    def _register_demand(self) -> None:
        page = self.show_page(DemandsPage)
        if isinstance(page, DemandsPage):
            page.open_register_dialog()

    def _find_contact(self) -> None:
        page = self.show_page(ContactsPage)
        if isinstance(page, ContactsPage):
            page.focus_search()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_online = QLabel(self)
        self.status_pending = QLabel(self)
        self.status_last = QLabel(self)
        # The error is a link: one click shows the 同步 page with the details.
        self.status_error = QLabel(self)
        self.status_error.setObjectName("status_error")
        self.status_error.setTextFormat(Qt.TextFormat.RichText)
        self.status_error.linkActivated.connect(lambda _link: self.show_page(SyncPage))
        self.sync_button = QPushButton(self.tr("立即同步"), self)
        self.sync_button.clicked.connect(lambda: self.sync.sync_now(user_started=True))
        for widget in (self.status_online, self.status_pending, self.status_last):
            bar.addPermanentWidget(widget)
        bar.addWidget(self.status_error, 1)
        bar.addPermanentWidget(self.sync_button)

    def _show_status(self, status: SyncStatus) -> None:
        if not status.enrolled:
            online = self.tr("未注册")
        elif status.running:
            online = self.tr("同步中…")
        elif status.online is None:
            online = self.tr("尚未连接")
        else:
            online = self.tr("在线") if status.online else self.tr("离线")
        self.status_online.setText(online)
        self._show_pending(status)
        self.status_last.setText(
            self.tr("上次同步 {0}").format(last_sync_text(status.last_success))
            if status.last_success
            else self.tr("尚未同步")
        )
        self.status_error.setText(
            f'<a href="sync" style="color: #b00020;">{html.escape(status.last_error)}</a>'
            if status.last_error
            else ""
        )
        self.status_error.setToolTip(
            self.tr("{0}（点击查看同步详情）").format(status.last_error)
            if status.last_error
            else ""
        )
        self.sync_button.setEnabled(not status.running)

    def bring_to_front(self) -> None:
        """A second start on this data folder: this window (and a dialog open in it) to the
        front, instead of a second window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.window() is not self:
            modal.raise_()
            modal.activateWindow()

    def _show_pending(self, status: SyncStatus) -> None:
        """What waits to be reported, said plainly: 待上报：本站信息 1 条 on a new station,
        the kinds themselves while there are few, the number and a list otherwise."""
        kinds = status.pending_kinds
        listed = pending_text(kinds)
        if not kinds:
            text = self.tr("无待上报")
        elif len(kinds) <= 2:
            text = self.tr("待上报：{0}").format(listed)
        else:
            text = self.tr("待上报 {0} 条").format(status.pending)
        self.status_pending.setText(text)
        tip = self.tr("等待上报县中心的记录：{0}").format(listed) if kinds else ""
        if kinds and not status.enrolled:
            tip += self.tr("。本机在县中心注册以后自动上报。")
        self.status_pending.setToolTip(tip)

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self.pages[row].refresh()

    def show_page(self, page_type: type[Page]) -> Page | None:
        for row, page in enumerate(self.pages):
            if isinstance(page, page_type):
                self.navigation.setCurrentRow(row)
                return page
        return None

    def _broadcast(self, changes: Changes) -> None:
        for page in self.pages:
            page.on_changes(changes)

    def _restore_geometry(self) -> None:
        """Where the officer left the window, if that still fits the screen (a PC that moved
        from a large monitor to 1366×768 must not open with its status bar below the edge);
        otherwise as large as fits, up to :data:`PREFERRED_SIZE`."""
        geometry = self.app.preferences.geometry()
        if (
            geometry is not None
            and self.restoreGeometry(geometry)
            and (self.isMaximized() or usable_area(self).contains(self.geometry()))
        ):
            return
        self.setWindowState(Qt.WindowState.WindowNoState)
        fit_to_screen(self, PREFERRED_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        forms = [] if self._close_confirmed else unsaved_forms(self)
        if forms:
            event.ignore()
            self._ask_before_closing(forms)
            return
        self.app.preferences.set_geometry(self.saveGeometry())
        super().closeEvent(event)

    def _ask_before_closing(self, forms: list[QDialog]) -> None:
        """The window's × with a form still open and typed in: say so before quitting."""

        def make() -> QMessageBox:
            names = "、".join(f"“{form.windowTitle()}”" for form in forms)
            return dialogs.question(
                self,
                self.windowTitle(),
                self.tr("{0}还没有保存。要退出程序吗？").format(names),
                [
                    ("quit", self.tr("不保存，退出"), QMessageBox.ButtonRole.DestructiveRole),
                    ("back", self.tr("返回填写"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=self.tr(
                    "正在填写的需求登记会留作草稿，下次登记时可以恢复；其他没有保存的修改会丢失。"
                ),
                default="back",
                escape="back",
            )

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) != "quit":
                if forms:
                    forms[0].activateWindow()
                return
            self._close_confirmed = True
            for form in forms:
                form.done(QDialog.DialogCode.Rejected)  # a demand form keeps its draft
            self.close()

        self.close_prompt.open(make, answered)
