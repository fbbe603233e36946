"""Every window and dialog fits an office PC's screen: 1366×768 at 100 % and 1920×1080 at
150 % (each less its Windows taskbar), with its title bar, its buttons and the status bar on the
screen. tools/screenshots.py opens them all the way an officer does (every error of an empty
form shown, a long description typed, each step of the roster import) in a child process set
to that screen, and measures them; this checks the measurements, and that no dialog class of
desktop/ui was left out of the tour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.fixture(scope="module", params=["1", "1.5"], ids=["1366x768", "1920x1080-150pct"])
def measured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp(f"screens-{request.param}")
    done = subprocess.run(
        [
            sys.executable, str(ROOT / "tools" / "screenshots.py"), str(out),
            "--scale", request.param, "--demands", "300", "--measure", str(out / "fit.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads((out / "fit.json").read_text(encoding="utf-8"))


def test_every_window_fits_the_work_area(measured: Any) -> None:
    windows = measured["windows"]
    assert len(windows) >= 20
    misfits = {
        name: (w["frame"], w["area"])
        for name, w in windows.items()
        if not _inside(w["frame"], w["area"])
    }
    assert misfits == {}


def test_buttons_and_the_status_bar_are_on_the_screen(measured: Any) -> None:
    hidden = []
    for name, w in measured["windows"].items():
        for button in w["buttons"]:
            if not (_inside(button["rect"], w["geometry"]) and _inside(button["rect"], w["area"])):
                hidden.append((name, button["text"], button["rect"]))
        for bar in w["status_bar"]:
            if not _inside(bar, w["area"]):
                hidden.append((name, "status bar", bar))
    assert hidden == []
    main = measured["windows"]["02-demands"]
    assert main["status_bar"], "the main window shows its status bar"


def test_the_tour_opens_every_dialog(measured: Any) -> None:
    defined = set(measured["dialog_classes_defined"])
    assert {"DemandFormDialog", "ContactEditDialog", "ContactImportDialog"} <= defined
    assert defined - set(measured["dialog_classes_opened"]) == set()
