"""Owning a dialog: how every dialog of the window is opened, kept, fitted and let go.

An officer opens the same form fifty times a day, so a dialog must be as good the fiftieth time
as the first. The rule (docs/ui.md, "Dialogs"):

1. A dialog has a parent and is shown with :func:`show_dialog`: window-modal (``open()``, never
   ``exec()``, whose nested event loop lets other callbacks delete the widget that waits),
   fitted to the screen, and deleted when it closes. Its answer comes back in a callback.
2. Code that must reach an open dialog later (to bring it back to the front, to ask it for its
   unsaved changes, or a test to click it) keeps it in a :class:`DialogSlot`, never in a plain
   attribute. The slot lets go of the dialog in its ``finished`` signal, before Qt deletes it,
   so ``slot.dialog`` is a live dialog or None; a Python reference to a deleted C++ dialog
   cannot survive.
3. Questions are :func:`question` boxes whose buttons carry answer keys (:func:`answer_of`);
   notices are :func:`notify` boxes. Both go through :func:`show_dialog` like any dialog.

Two exceptions block with ``exec()``: the operating system's own file and print dialogs (the
static ``QFileDialog`` functions, ``QPrintDialog``), after which the code touches only the
widget that asked, which the modal system dialog kept alive; and start-up, before the main
window and its event loop exist (the first-run dialog, a failed restore).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

D = TypeVar("D", bound=QDialog)

# A window's title bar and borders as Windows 10/11 draw them (about 31 px of title bar and 8 px
# of border at 100 %, the same in logical pixels at 150 %), counted before the window system
# has said: a window is fitted before it is first shown.
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` (or the window it belongs to) is on."""
    parent = widget.parentWidget()
    window = parent.window() if parent is not None else widget
    screen = window.screen() if window is not None else None
    return screen or QGuiApplication.primaryScreen()


def usable_area(widget: QWidget) -> QRect:
    """Where a window's inside may go on ``widget``'s screen: the area the taskbar leaves, less
    a title bar and borders."""
    return screen_of(widget).availableGeometry().marginsRemoved(FRAME_ALLOWANCE)


def fits(widget: QWidget, size: QSize) -> bool:
    area = usable_area(widget).size()
    return size.width() <= area.width() and size.height() <= area.height()


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Give ``window`` its preferred size (its size hint, or the size it was resized to) where
    that fits the screen, and as much as fits otherwise; then place it over its parent (or in
    the middle of the screen) with its title bar on the screen."""
    area = usable_area(window)
    window.ensurePolished()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    if preferred is None:
        resized = window.testAttribute(Qt.WidgetAttribute.WA_Resized)
        preferred = window.size() if resized else window.sizeHint()
    size = preferred.expandedTo(window.minimumSizeHint()).boundedTo(area.size())
    size = size.expandedTo(window.minimumSize())
    window.resize(size)
    parent = window.parentWidget()
    anchor = parent.window().frameGeometry() if parent is not None else area
    frame = QRect(QPoint(0, 0), size).marginsAdded(FRAME_ALLOWANCE)
    frame.moveCenter(anchor.center())
    outer = area.marginsAdded(FRAME_ALLOWANCE)
    left = max(outer.left(), min(frame.left(), outer.right() - frame.width() + 1))
    top = max(outer.top(), min(frame.top(), outer.bottom() - frame.height() + 1))
    window.move(left, top)


def grow_to_fit(window: QWidget) -> None:
    """Let ``window`` grow taller now that its content needs more room (error lines appeared
    under fields), as far as the screen allows. It keeps its width, so the fields keep theirs
    (the lines wrap), and it never shrinks here."""
    area = usable_area(window)
    wanted = QSize(window.width(), max(window.height(), window.sizeHint().height()))
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        # Lines that wrap (an error under a field) need more height at this width than the
        # size hint says.
        wanted.setHeight(max(wanted.height(), layout.totalHeightForWidth(window.width())))
    wanted = wanted.boundedTo(area.size())
    if wanted != window.size():
        window.resize(wanted)
        frame = window.frameGeometry()
        outer = area.marginsAdded(FRAME_ALLOWANCE)
        bottom = frame.top() + wanted.height() + FRAME_ALLOWANCE.top() + FRAME_ALLOWANCE.bottom()
        if bottom > outer.bottom() + 1:
            window.move(frame.left(), max(outer.top(), frame.top() - (bottom - outer.bottom() - 1)))


class FormScrollArea(QScrollArea):
    """The fields of a form, scrolling when the screen is too small for them all.

    Frameless, no horizontal scrolling; unlike a plain :class:`QScrollArea`, whose size hint
    stops at 36 × 24 lines, it asks for all the room its fields want, so the dialog is as large
    as its fields where the screen has room and scrolls only where it has not."""

    def __init__(self, content: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        content = self.widget()
        hint = content.sizeHint() if content is not None else QSize(0, 0)
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        return QSize(
            width + self.verticalScrollBar().sizeHint().width(), self.fontMetrics().height() * 8
        )

    def reveal(self, widget: QWidget) -> None:
        """Scroll so that ``widget`` (a field with an error, say) is in view."""
        self.ensureWidgetVisible(widget, 0, self.fontMetrics().height() * 2)


class _TabRound(QObject):
    """Tab from a form's last stop goes back to its first field (Shift+Tab the other way), so
    Tab comes round the form's own widgets and nothing else."""

    def __init__(self, form: QWidget, fields: Sequence[QWidget], buttons: QDialogButtonBox | None) -> None:
        super().__init__(form)
        self.form = form
        self.fields = list(fields)
        self.buttons = buttons
        for widget in [*self.fields, *(buttons.buttons() if buttons is not None else [])]:
            widget.installEventFilter(self)

    def stops(self) -> list[QWidget]:
        """The fields, then the buttons in the order they stand, that can take focus now."""
        buttons: list[QWidget] = []
        if self.buttons is not None:
            buttons = sorted(
                (b for b in self.buttons.buttons() if b.focusPolicy() & Qt.FocusPolicy.TabFocus),
                key=lambda b: b.mapTo(self.form, b.rect().topLeft()).x(),
            )
        return [w for w in [*self.fields, *buttons] if w.isVisible() and w.isEnabled()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        stops = self.stops()
        if not stops:
            return False
        backwards = key == Qt.Key.Key_Backtab or bool(
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        if not backwards and watched is stops[-1]:
            stops[0].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if backwards and watched is stops[0]:
            stops[-1].setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        return False


class _CtrlEnter(QObject):
    def __init__(self, edit: QPlainTextEdit, save: Callable[[], None]) -> None:
        super().__init__(edit)
        self.save = save
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return True
        return False


def save_on_ctrl_enter(edit: QPlainTextEdit, save: Callable[[], None]) -> None:
    """In a multi-line field, where Enter starts a new line, Ctrl+Enter saves the form."""
    _CtrlEnter(edit, save)


def tab_order(form: QWidget, fields: Sequence[QWidget], buttons: QDialogButtonBox | None = None) -> None:
    """Tab walks ``fields`` in this order (as they appear: top to bottom, left to right), then
    the ``buttons`` as they stand, and comes round to the first field again. Call it once the
    buttons are added."""
    for first, second in itertools.pairwise(fields):
        QWidget.setTabOrder(first, second)
    _TabRound(form, fields, buttons)


def show_dialog(dialog: D, on_finished: Callable[[D], None] | None = None) -> D:
    """Open ``dialog`` window-modal, fitted to the screen; it is deleted once it closes, after
    ``on_finished(dialog)`` has run (``dialog.result()`` says how it was closed)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_finished is not None:
        dialog.finished.connect(lambda _result: on_finished(dialog))
    dialog.finished.connect(lambda _result: _return_focus(dialog.parentWidget()))
    if not isinstance(dialog, QMessageBox):
        # A message box sizes itself to its text when shown, within the screen.
        fit_to_screen(dialog)
    dialog.open()
    return dialog


def _return_focus(parent: QWidget | None) -> None:
    """Give the keyboard back to the window the dialog was opened from, so the next Ctrl+N
    or Enter reaches it even where no window manager does that (a bare X server). Queued: the
    closing dialog must have let go of the window first."""
    if parent is None:
        return
    window = parent.window()

    def activate() -> None:
        if shiboken6.isValid(window) and window.isVisible() and QApplication.activeWindow() is None:
            window.activateWindow()

    QTimer.singleShot(0, window, activate)


class DialogSlot(Generic[D]):
    """At most one open dialog of a kind, for the widget that opens it (see the module rule)."""

    def __init__(self) -> None:
        self._dialog: D | None = None

    @property
    def dialog(self) -> D | None:
        """The open dialog, or None once it has finished."""
        dialog = self._dialog
        if dialog is not None and not shiboken6.isValid(dialog):
            self._dialog = dialog = None
        return dialog

    def is_open(self) -> bool:
        return self.dialog is not None

    def open(self, make: Callable[[], D], on_finished: Callable[[D], None] | None = None) -> D:
        """Show the dialog ``make()`` builds, or bring the one already open to the front."""
        current = self.dialog
        if current is not None:
            current.raise_()
            current.activateWindow()
            return current
        dialog = make()
        self._dialog = dialog

        def finished(done: D) -> None:
            if self._dialog is done:
                self._dialog = None
            if on_finished is not None:
                on_finished(done)

        return show_dialog(dialog, finished)

    def close(self) -> None:
        """Close the open dialog, if any, as its window's close button would."""
        dialog = self.dialog
        if dialog is not None:
            dialog.close()


ANSWER = "answer"


def _box(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon, informative: str
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box


def question(
    parent: QWidget,
    title: str,
    text: str,
    answers: Sequence[tuple[str, str, QMessageBox.ButtonRole]],
    *,
    informative: str = "",
    default: str | None = None,
    escape: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A question box (not yet shown) with one button per ``(key, label, role)`` answer;
    :func:`answer_of` tells which one was pressed. Esc presses ``escape``."""
    box = _box(parent, title, text, icon, informative)
    for key, label, role in answers:
        button = box.addButton(label, role)
        button.setProperty(ANSWER, key)
        if key == default:
            box.setDefaultButton(button)
        if key == escape:
            box.setEscapeButton(button)
    return box


def answer_of(box: QMessageBox) -> str | None:
    """The key of the button that closed ``box``; None when none was pressed."""
    button = box.clickedButton()
    if button is None:
        return None
    answer = button.property(ANSWER)
    return str(answer) if answer is not None else None


DISCARD, KEEP = "discard", "keep"


def ask_to_discard(
    form: QDialog, slot: DialogSlot[QMessageBox], discard: Callable[[], None], *, keep: str
) -> None:
    """Esc, 取消 or × on a form with unsaved changes: ask before throwing them away, in
    ``slot``; ``discard()`` runs only when the officer says so (``keep`` labels the other
    button, which Enter and Esc press)."""

    def make() -> QMessageBox:
        return question(
            form,
            form.windowTitle(),
            QCoreApplication.translate("Dialogs", "放弃修改？"),
            [
                (
                    DISCARD,
                    QCoreApplication.translate("Dialogs", "放弃修改"),
                    QMessageBox.ButtonRole.DestructiveRole,
                ),
                (KEEP, keep, QMessageBox.ButtonRole.RejectRole),
            ],
            informative=QCoreApplication.translate("Dialogs", "已填写的内容不会保存。"),
            default=KEEP,
            escape=KEEP,
        )

    def answered(box: QMessageBox) -> None:
        if answer_of(box) == DISCARD:
            discard()

    slot.open(make, answered)


def unsaved_forms(window: QWidget) -> list[QDialog]:
    """The open forms of ``window`` holding something typed and not saved (a form says so
    with a ``has_unsaved_changes()`` method)."""
    found = []
    for dialog in window.findChildren(QDialog):
        check = getattr(dialog, "has_unsaved_changes", None)
        if dialog.isVisible() and callable(check) and check():
            found.append(dialog)
    return found


def notify(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    informative: str = "",
    details: str = "",
) -> QMessageBox:
    """Tell the officer something (a refusal, a failure, a result) in a box with one 确定
    button; the window goes on behind it."""
    box = _box(parent, title, text, icon, informative)
    if details:
        box.setDetailedText(details)
    box.addButton(QCoreApplication.translate("Dialogs", "确定"), QMessageBox.ButtonRole.AcceptRole)
    return show_dialog(box)
