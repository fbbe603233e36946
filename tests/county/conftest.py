"""The fixtures of tests/sync/sync_fixtures.py (a real county server on SQLite and PostgreSQL,
village PCs, raw devices), and the county's database alone (``county_db``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_fixtures import (  # noqa: F401
    _no_os_keyring,
    backend,
    county,
    county_server,
    make_village,
    raw_device,
    workbench_template,
)
from sync_support import postgres_admin

from county.db import CountyDatabase, open_county_database


@pytest.fixture
def county_db(backend: str, tmp_path: Path) -> Iterator[CountyDatabase]:  # noqa: F811
    """The county's database alone (no server), migrated, on this test's backend."""
    name = f"liaison_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    url = None
    if backend == "postgresql":
        with postgres_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg:///{name}"
    db = open_county_database(tmp_path / "county", url)
    try:
        yield db
    finally:
        db.close()
        if backend == "postgresql":
            with postgres_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


