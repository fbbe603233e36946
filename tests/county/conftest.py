"""The fixtures of tests/sync/sync_fixtures.py (a real county server on SQLite and PostgreSQL,
village PCs, raw devices)."""

from __future__ import annotations

from sync_fixtures import (  # noqa: F401
    _no_os_keyring,
    backend,
    county,
    county_server,
    make_village,
    raw_device,
    workbench_template,
)
