"""Helpers every window test shares: the main window on demo data, and answering a question
box the way an officer does."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest
import requests
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.demo.generate import DemoSize, generate_demo
from desktop.models.db import open_database
from desktop.ui.app import build_context
from desktop.ui.app_context import AppContext
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.page import Page
from desktop.ui.main_window import MainWindow

P = TypeVar("P", bound=Page)
ROOT = Path(__file__).resolve().parents[2]
VILLAGE = ("220122102203", "测试村")


def type_text(widget: QWidget, text: str) -> None:
    """Type Chinese as an input method does: QTest can only press ASCII keys, while a Chinese
    IME commits whole words (and full-width digits) to the focused field."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def answer(
    qtbot: QtBot, slot: DialogSlot[QMessageBox], button: str, *, text: str | None = None
) -> None:
    """Wait for the question box of ``slot`` to show, check it says ``text`` (if given), press
    the button labelled ``button`` and wait until the box has gone."""
    qtbot.waitUntil(lambda: slot.dialog is not None and slot.dialog.isVisible(), timeout=5_000)
    box = slot.dialog
    assert box is not None
    if text is not None:
        assert text in box.text(), box.text()
    labels = [b.text() for b in box.buttons()]
    assert button in labels, labels
    next(b for b in box.buttons() if b.text() == button).click()
    qtbot.waitUntil(lambda: slot.dialog is None, timeout=5_000)


@dataclass
class Workbench:
    """The program's main window on demo data, as ``liaison --demo`` opens it, with every bug
    it would have shown in the crash dialog kept in ``bugs`` instead."""

    window: MainWindow
    context: AppContext
    bugs: list[BaseException] = field(default_factory=list)

    def page(self, kind: type[P]) -> P:
        page = self.window.show_page(kind)
        assert isinstance(page, kind)
        return page

    def settle(self, qtbot: QtBot, until: Callable[[], bool] = lambda: True) -> None:
        """Wait until background work is done and ``until()`` holds."""
        qtbot.waitUntil(lambda: self.context.tasks.pending == 0 and until(), timeout=15_000)


@contextmanager
def workbench(
    qtbot: QtBot,
    folder: Path,
    size: DemoSize | None = None,
    *,
    demo_template: Path | None = None,
    empty: bool = False,
) -> Iterator[Workbench]:
    """Open the main window on a demo database in ``folder`` (copied from ``demo_template``
    when given, else generated at ``size``; ``empty``: a new database without even a station);
    close it and drain its work afterwards."""
    target = paths.database_path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    if demo_template is not None:
        shutil.copyfile(demo_template, target)
        db = open_database(target)
    else:
        db = open_database(target)
        if not empty:
            generate_demo(
                db, size or DemoSize(demands=120, contacts=40, activities=0, volunteers=0)
            )
    context = build_context(db, folder, folder / "log.txt")
    bench = Workbench(MainWindow(context), context)
    context.report_bug = bench.bugs.append  # type: ignore[method-assign]
    bench.window.show()
    bench.window.activateWindow()
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is bench.window)
        bench.settle(qtbot)
        yield bench
    finally:
        bench.settle(qtbot)
        bench.window.sync.timer.stop()
        bench.window.close()
        bench.settle(qtbot)
        context.tasks.shutdown()
        shiboken6.delete(bench.window)
        db.close()
    assert bench.bugs == [], bench.bugs


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database of 230 demands and 60 villagers (two and a bit pages of demands, with
    timelines and a service menu) and 12 activities with their volunteers' hours, made once per
    test run."""
    path = tmp_path_factory.mktemp("demo") / "workbench.db"
    db = open_database(path)
    generate_demo(db, DemoSize(demands=230, contacts=60, activities=12, volunteers=10))
    db.close()
    return path


@pytest.fixture
def bench(qtbot: QtBot, tmp_path: Path, demo_template: Path) -> Iterator[Workbench]:
    """The main window on a copy of the demo database; when the test is done, no dialog of it
    may be left alive and no bug may have been reported."""
    with workbench(qtbot, tmp_path, demo_template=demo_template) as opened:
        yield opened
        assert live_dialogs(opened.window) == []


def live_dialogs(window: QWidget) -> list[QDialog]:
    """The dialogs of ``window`` that still exist, shown or not: none, once the officer has
    closed them all."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return window.findChildren(QDialog)


# --- a real county server ---------------------------------------------------------------------


@dataclass
class County:
    url: str
    data_dir: Path

    def command(self, *args: str) -> str:
        """Run a ``liaison-county`` command the way the county's staff do; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "county", "--data-dir", str(self.data_dir), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=True,
        )
        return done.stdout

    def publish_team(self, name: str) -> None:
        """Publish a county team (a dispatch names a real one), as the county's staff do: a
        JSON file and ``liaison-county publish team``."""
        rows = self.data_dir / f"team-{len(name)}.json"
        rows.write_text(json.dumps([{"name": name, "level": "COUNTY"}], ensure_ascii=False), "utf-8")
        self.command("publish", "team", str(rows))

    def enrol_code(self, village: tuple[str, str] = VILLAGE) -> str:
        """A one-time enrolment code for ``village``."""
        output = self.command("enrol-code", "--village", village[0], "--name", village[1])
        return output.splitlines()[0].strip()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with requests.get(url + "/api/v1/health", timeout=2) as response:
            return response.status_code == 200
    except requests.RequestException:
        return False


@contextmanager
def running_county(data_dir: Path) -> Iterator[County]:
    """The county server (``python -m county … serve``) on a free port of 127.0.0.1, on SQLite
    in ``data_dir``, until the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "county", "--data-dir", str(data_dir),
                "serve", "--host", "127.0.0.1", "--port", str(port),
            ],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("county server did not start:\n" + log_path.read_text("utf-8"))
            time.sleep(0.1)
        yield County(url, data_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
