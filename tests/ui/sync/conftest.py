"""The fixtures of tests/ui/settings/settings_fixtures.py, and Qt's offscreen warnings about
dialogs ignored for this folder's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from settings_fixtures import (  # noqa: F401
    _no_os_keyring,
    context,
    county,
    db,
    keep,
    message_boxes,
    template,
    type_chinese,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Showing a dialog asks the offscreen platform for something only a real screen has; it
    # answers with a warning that says nothing about our code.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"^This plugin does not support"))
