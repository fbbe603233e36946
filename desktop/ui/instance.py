"""One program per data folder.

A second start of the window on the same data folder (a double click on the desktop icon while
the window hides behind another) must not open a second window with its own automatic sync.
The running window holds ``DATA_DIR/window.lock`` (a :class:`QLockFile`: a lock left behind by
a program that was killed is taken over, as its process no longer exists) and listens on a
local socket named after the folder; a second start finds the lock taken, asks the running
window to come to the front through that socket, and ends. If the running window does not
answer, the second start says that the program is already open.

Every sync round (the window's, or ``liaison sync --once`` from a scheduled task) holds
``DATA_DIR/sync.lock`` while it runs, so two rounds never push the same outbox at once.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

WINDOW_LOCK = "window.lock"
SYNC_LOCK = "sync.lock"
ACTIVATE = b"activate\n"
ANSWER_TIMEOUT_MS = 2000


class FolderLock:
    """A lock file in the data folder, held by at most one process at a time."""

    def __init__(self, data_dir: Path, name: str) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._file = QLockFile(str(data_dir / name))
        # Never stale by age: a long sync or a window open for days still holds it. A lock
        # whose process is gone is stale all the same (QLockFile checks the process id).
        self._file.setStaleLockTime(0)

    def try_lock(self) -> bool:
        return self._file.tryLock(0)

    def unlock(self) -> None:
        if self._file.isLocked():
            self._file.unlock()

    def holder(self) -> int | None:
        """The process id of whoever holds it (None when nobody does, or it is unreadable)."""
        info = self._file.getLockInfo()
        return int(info[0]) if info and info[0] else None


def server_name(data_dir: Path) -> str:
    """The local socket of the window of ``data_dir`` (one name per folder, per user)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"liaison-workbench-{digest}"


class WindowInstance(QObject):
    """The running window's side: holds the folder's window lock and answers a second start
    by emitting :attr:`activation_requested`."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.lock = FolderLock(data_dir, WINDOW_LOCK)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """Take the folder for this window; False when another window already has it."""
        if not self.lock.try_lock():
            return False
        name = server_name(self.data_dir)
        # We hold the lock, so a socket by this name is left over from a killed program.
        QLocalServer.removeServer(name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(name):
            server.newConnection.connect(self._answer)
            self._server = server
        else:
            # The window still works; a second start then says the program is open.
            log.warning("cannot listen for a second start: %s", server.errorString())
        return True

    def _answer(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            log.info("a second start on this data folder: bringing the window to the front")
            socket.write(QByteArray(b"ok\n"))
            socket.flush()
            self.activation_requested.emit()
        socket.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self.lock.unlock()


def bring_running_window_forward(data_dir: Path) -> bool:
    """Ask the window already open on ``data_dir`` to come to the front; True if it said so."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(ANSWER_TIMEOUT_MS):
        return False
    socket.write(QByteArray(ACTIVATE))
    socket.flush()
    answered = socket.waitForReadyRead(ANSWER_TIMEOUT_MS) and bytes(
        socket.readAll().data()
    ).startswith(b"ok")
    socket.disconnectFromServer()
    return answered
