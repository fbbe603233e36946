"""The fixtures of tests/ui/settings/settings_fixtures.py (Qt's offscreen warning about dialogs
is ignored for every test: pyproject.toml, qt_log_ignore)."""

from __future__ import annotations

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
