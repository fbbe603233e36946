"""Operations: how a widget asks for database or network work without freezing the window.

    DbOp(parent, app, lambda session, ctx: ...).success(cb).failure(cb)
        .with_progress(tr("正在导入…")).run_in_background()
    WriteOp(parent, app, lambda session, ctx: save_thing(session, ...)).success(cb)...

A ``WriteOp`` runs a domain action that returns ``Changed(value, changes)`` and tells every page
what changed once it has committed; ``DbOp`` reads (or, with ``write=True``, writes what no
page shows, such as acknowledging a sync notice).

``fn`` gets a session (one transaction: ``write=True`` commits it) and an :class:`OpContext`;
it must not touch widgets and should return plain values, never ORM objects. ``success`` and
``failure`` run on the GUI thread. Without ``failure``, an environmental error (a
:class:`LiaisonError`) is shown as a plain message; anything else is a bug and goes to the
crash handler. A progress dialog appears only after 600 ms (no flashing for quick work) and
its Cancel button sets the flag ``ctx.cancelled()`` reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from desktop.models.changes import Changed
from desktop.models.errors import LiaisonError
from desktop.sync.transport import Cancelled
from desktop.ui.common import dialogs
from desktop.ui.common.taskman import OpContext

if TYPE_CHECKING:
    from desktop.ui.app_context import AppContext

T = TypeVar("T")
log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600
PROGRESS_POLL_MS = 120


class _Operation(Generic[T]):
    def __init__(self, parent: QWidget | None, app: AppContext) -> None:
        self.parent = parent
        self.app = app
        self.context = OpContext()
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None
        self._cancellable = True
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None

    def success(self, callback: Callable[[T], None]) -> _Operation[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> _Operation[T]:
        self._failure = callback
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> _Operation[T]:
        self._progress_label = label
        self._cancellable = cancellable
        return self

    def _work(self) -> Any:
        raise NotImplementedError

    def _committed(self, result: Any) -> T:
        """What the work returned, done with on the GUI thread: the value for ``success``."""
        return cast(T, result)

    def _submit(self, work: Callable[[], T], done: Callable[[Future[Any]], None]) -> None:
        raise NotImplementedError

    def run_in_background(self) -> None:
        if self._progress_label is not None:
            self._timer = QTimer(self.parent)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._show_progress)
            self._timer.start(PROGRESS_DELAY_MS)
        self._submit(self._work, self._finished)

    def _show_progress(self) -> None:
        dialog = QProgressDialog(self.parent)
        dialog.setLabelText(self._progress_label or "")
        dialog.setCancelButton(None)  # none until cancellable, below
        dialog.setRange(0, 0)
        dialog.setWindowTitle(self._progress_label or "")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("Operations", "取消"))
            dialog.canceled.connect(self.context.cancel_event.set)
        dialog.show()
        self._dialog = dialog
        poll = QTimer(dialog)
        poll.timeout.connect(self._poll_progress)
        poll.start(PROGRESS_POLL_MS)

    def _poll_progress(self) -> None:
        if self._dialog is None:
            return
        done, total, label = self.context.progress()
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))
        if label:
            self._dialog.setLabelText(label)

    def _asker_alive(self) -> bool:
        return self.parent is None or shiboken6.isValid(self.parent)

    def _finished(self, future: Future[Any]) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        error = future.exception()
        if error is None:
            # Done with first (a write tells the pages what changed), also when the widget
            # that asked is gone.
            result = self._committed(future.result())
            if self._success is not None and self._asker_alive():
                self._success(result)
            return
        if not self._asker_alive():
            # The widget that asked is gone (its dialog was closed): nobody to tell. The work
            # itself is rolled back; a bug still reaches the log.
            if not isinstance(error, LiaisonError):
                log.error("background work failed after its window closed", exc_info=error)
            return
        if self._failure is not None:
            self._failure(error)
        elif isinstance(error, Cancelled):
            pass  # the user asked for it; nothing to report
        elif isinstance(error, LiaisonError):
            dialogs.notify(self.parent, self.app.title, error.message)
        else:
            self.app.report_bug(error)


class DbOp(_Operation[T]):
    """Database work on the serialized database worker."""

    def __init__(
        self,
        parent: QWidget | None,
        app: AppContext,
        fn: Callable[[Session, OpContext], T],
        *,
        write: bool = False,
    ) -> None:
        super().__init__(parent, app)
        self.fn = fn
        self.write = write

    def _work(self) -> T:
        manage = self.app.db.writing if self.write else self.app.db.reading
        with manage() as session:
            return self.fn(session, self.context)

    def _submit(self, work: Callable[[], T], done: Callable[[Future[Any]], None]) -> None:
        self.app.tasks.run_db(work, done)


class WriteOp(_Operation[T]):
    """A domain action in one write transaction: ``fn`` returns ``Changed(value, changes)``
    (desktop/models/changes.py). Once it has committed, the operation tells every page what
    changed (``records_changed``, also when the widget that asked is gone) and hands the value
    to ``success``. Nothing changed (a form with errors): nothing is broadcast."""

    def __init__(
        self,
        parent: QWidget | None,
        app: AppContext,
        fn: Callable[[Session, OpContext], Changed[T]],
    ) -> None:
        super().__init__(parent, app)
        self.fn = fn

    def _work(self) -> Changed[T]:
        with self.app.db.writing() as session:
            return self.fn(session, self.context)

    def _submit(self, work: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        self.app.tasks.run_db(work, done)

    def _committed(self, result: Any) -> T:
        changed = cast(Changed[T], result)
        if changed.changes:
            self.app.signals.records_changed.emit(changed.changes)
        return changed.value


class NetOp(_Operation[T]):
    """Work that is not the database's, on the second pool: the network (sync, enrolment)
    and files (preparing a photo); ``fn`` manages its own sessions, if any."""

    def __init__(
        self, parent: QWidget | None, app: AppContext, fn: Callable[[OpContext], T]
    ) -> None:
        super().__init__(parent, app)
        self.fn = fn

    def _work(self) -> T:
        return self.fn(self.context)

    def _submit(self, work: Callable[[], T], done: Callable[[Future[Any]], None]) -> None:
        self.app.tasks.run_net(work, done)


def report_failure(widget: QWidget, app: AppContext, error: BaseException) -> None:
    """What an operation does by default when its work fails, for a ``failure`` callback that
    also has to put its widget right (re-enable a button): an environmental error (a
    :class:`LiaisonError`) in a plain message, anything else to the crash handler."""
    if isinstance(error, LiaisonError):
        dialogs.notify(widget, app.title, error.message)
    else:
        app.report_bug(error)
