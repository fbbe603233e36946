"""Test-wide setup: Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The helpers every window test shares (tests/ui/ui_support.py), the sync and county tests'
# (tests/sync/sync_support.py, sync_fixtures.py), the settings and sync windows'
# (tests/ui/settings/settings_support.py, settings_fixtures.py), and tools/screenshots.py.
sys.path.insert(0, str(ROOT / "tests" / "ui"))
sys.path.insert(0, str(ROOT / "tests" / "sync"))
sys.path.insert(0, str(ROOT / "tests" / "ui" / "settings"))
sys.path.insert(0, str(ROOT / "tools"))

from screenshots import configure_screen  # noqa: E402

# The window tests' shared fixtures (``bench``: the main window on demo data) and the widget
# tests' (``problems``, ``host``: tests/ui/widget_fixtures.py).
pytest_plugins = ["ui_support", "widget_fixtures"]

# Offscreen, the screen is an office PC's 1366×768 (less the taskbar), not Qt's default
# 800×600; under a real X server (CI's Xvfb run) it is that server's screen.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    configure_screen("1")
