"""One program per data folder, with real processes: a second start brings the open window to
the front and ends (no second window, no second automatic sync); a program killed with its lock
held does not block the next start; a scheduled sync skips its round while another runs; a
restore refuses to replace the database under an open window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import paths
from desktop.models.db import open_database
from desktop.models.station_setup import StationInput, save_station
from desktop.ui.instance import SYNC_LOCK, WINDOW_LOCK, FolderLock

ROOT = Path(__file__).resolve().parents[2]


def _liaison(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", *args, "--data-dir", str(data_dir)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with its station set up (the window opens straight away)."""
    db = open_database(paths.database_path(tmp_path))
    with db.writing() as session:
        save_station(session, StationInput("测试村新时代文明实践站", "220122102203"))
    db.close()
    return tmp_path


def _window(data_dir: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        _liaison(data_dir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    log = paths.log_dir(data_dir) / "liaison.log"
    deadline = time.monotonic() + 60
    while not (log.exists() and "main window shown" in log.read_text("utf-8", "replace")):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out = process.communicate()[0]
            pytest.fail(f"the window did not open:\n{out}")
        time.sleep(0.1)
    return process


@pytest.fixture
def window(folder: Path) -> Iterator[subprocess.Popen[str]]:
    process = _window(folder)
    yield process
    if process.poll() is None:
        process.terminate()
        process.communicate(timeout=30)


def _log(data_dir: Path) -> str:
    return (paths.log_dir(data_dir) / "liaison.log").read_text("utf-8", "replace")


def test_a_second_start_brings_the_open_window_forward(
    folder: Path, window: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    second = subprocess.run(
        _liaison(folder),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert second.returncode == 0, second.stderr
    assert "联络员工作台已经打开，已切换到打开的窗口。" in second.stdout
    assert time.monotonic() - started < 20
    deadline = time.monotonic() + 10
    while "a second start on this data folder" not in _log(folder):
        assert time.monotonic() < deadline, _log(folder)
        time.sleep(0.1)
    assert _log(folder).count("main window shown") == 1  # never a second window
    assert window.poll() is None


def test_a_killed_window_does_not_lock_the_folder(folder: Path) -> None:
    first = _window(folder)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    assert (folder / WINDOW_LOCK).exists()  # left behind, its process gone
    again = _window(folder)
    try:
        assert again.poll() is None
    finally:
        again.terminate()
        again.communicate(timeout=30)


def test_restore_waits_for_the_window_to_close(
    folder: Path, window: subprocess.Popen[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    backup = tmp_path_factory.mktemp("backup") / "copy.db"
    made = subprocess.run(
        _liaison(folder, "backup", "--out", str(backup)), cwd=ROOT, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    refused = subprocess.run(
        _liaison(folder, "restore", str(backup)), cwd=ROOT, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "请先关闭窗口再恢复" in refused.stderr


def test_a_scheduled_sync_skips_its_round_while_another_runs(folder: Path) -> None:
    busy = FolderLock(folder, SYNC_LOCK)
    assert busy.try_lock()  # a round of the window is running
    try:
        skipped = subprocess.run(
            _liaison(folder, "sync", "--once"), cwd=ROOT, capture_output=True, text=True
        )
    finally:
        busy.unlock()
    assert skipped.returncode == 0
    assert "这一轮跳过" in skipped.stdout
