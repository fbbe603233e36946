"""Background work for the window: one serialized database worker, a small network pool, and
one way back to the GUI thread.

Widgets never open a session or make an HTTP call; they hand a function to an operation
(:mod:`desktop.ui.common.operations`), which runs it here. Results come back as closures delivered by
a queued signal, so ``success``/``failure`` callbacks always run on the GUI thread.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


@dataclass
class OpContext:
    """Handed to a background function: report progress, and check whether to stop."""

    cancel_event: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _progress: tuple[int, int, str] = (0, 0, "")

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def report(self, done: int, total: int, label: str = "") -> None:
        with self._lock:
            self._progress = (done, total, label)

    def progress(self) -> tuple[int, int, str]:
        with self._lock:
            return self._progress


class TaskManager(QObject):
    """Owns the worker threads; lives on the GUI thread."""

    _ticket_ready = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # One worker for everything that touches the database: SQLite has one writer anyway,
        # and serialising keeps "save" and "refresh the list" in the order the user did them.
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="net")
        # Queued even when the work finished before add_done_callback: callbacks never run
        # inside run_in_background().
        self._ticket_ready.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._waiting: dict[int, tuple[Callable[[Future[Any]], None], Future[Any]]] = {}
        self._tickets = itertools.count()
        self.pending = 0

    def run_db(self, fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        self._submit(self._db, fn, done)

    def run_net(self, fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        self._submit(self._net, fn, done)

    def _submit(
        self, pool: ThreadPoolExecutor, fn: Callable[[], Any], done: Callable[[Future[Any]], None]
    ) -> None:
        self.pending += 1
        ticket = next(self._tickets)
        future = pool.submit(fn)
        # The GUI thread keeps the callback (and through it the operation and its widget); the
        # worker only sends a number. So the last reference to a widget is always dropped on
        # the GUI thread, never by a worker finishing its job.
        self._waiting[ticket] = (done, future)
        future.add_done_callback(lambda _f: self._ticket_ready.emit(ticket))

    @Slot(int)
    def _deliver(self, ticket: int) -> None:
        done, future = self._waiting.pop(ticket)
        self.pending -= 1
        done(future)

    def shutdown(self) -> None:
        self._net.shutdown(wait=False, cancel_futures=True)
        self._db.shutdown(wait=True)
