"""``make run`` on a machine without Qt's X11 libraries: install them, or say exactly how."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import qt_system_libs


@pytest.fixture
def lacking(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """A Linux machine with a window, lacking two xcb libraries; records what it would run."""
    monkeypatch.setattr(qt_system_libs.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(
        qt_system_libs,
        "missing_sonames",
        lambda _libs: {"libxcb-icccm.so.4", "libxcb-cursor.so.0"},
    )
    monkeypatch.setattr(qt_system_libs, "has_cjk_font", lambda: True)
    monkeypatch.setattr(
        qt_system_libs.shutil,
        "which",
        lambda name: None if name == "sudo" else f"/usr/bin/{name}",
    )
    ran: list[list[str]] = []

    class Done:
        returncode = 0

    monkeypatch.setattr(
        qt_system_libs.subprocess, "run", lambda command, **_kw: ran.append(command) or Done()
    )
    return ran


def test_a_user_without_sudo_is_told_the_exact_command(
    lacking: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(qt_system_libs.os, "geteuid", lambda: 1000)
    assert qt_system_libs.main() == 1
    assert lacking == []
    out = capsys.readouterr().out
    assert "sudo apt-get install -y --no-install-recommends libxcb-cursor0 libxcb-icccm4" in out


def test_root_installs_what_is_missing(
    lacking: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qt_system_libs.os, "geteuid", lambda: 0)
    assert qt_system_libs.main() == 0
    assert lacking == [
        ["apt-get", "install", "-y", "--no-install-recommends", "libxcb-cursor0", "libxcb-icccm4"]
    ]


def test_nothing_to_do_where_qt_has_no_screen(
    lacking: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert qt_system_libs.main() == 0
    assert lacking == []


def test_this_machine_reports_real_libraries() -> None:
    """ldd on the installed PySide6: the plugin is found and whatever is missing is known."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb plugin exists only on Linux")
    libraries = qt_system_libs.qt_libraries()
    assert any(path.name == "libqxcb.so" for path in libraries)
    unknown = qt_system_libs.missing_sonames(libraries) - set(qt_system_libs.PACKAGES)
    assert unknown == set()
