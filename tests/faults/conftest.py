"""Fixtures of the fault-injection tests: real county servers and throw-away PostgreSQL databases.

The harness itself (server process, village setup, the kill zygote, the invariants) lives in
``faults_harness.py`` next to this file, so that ``tools/sync_soak.py`` runs the same code.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from faults_harness import CountyServer


@pytest.fixture
def start_county(tmp_path: Path) -> Iterator[Callable[..., CountyServer]]:
    """Start a county server (SQLite in its data folder, or ``database_url``); all are stopped
    at the end of the test, whatever state they were left in."""
    servers: list[CountyServer] = []

    def start(name: str = "county", database_url: str | None = None) -> CountyServer:
        server = CountyServer(tmp_path / name, database_url)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()


def _admin_connection():  # type: ignore[no-untyped-def]
    import psycopg

    try:
        return psycopg.connect("dbname=postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(
            "PostgreSQL is not reachable over the local socket; run `bash tools/postgres.sh` "
            f"first ({error})"
        )


@pytest.fixture
def pg_database() -> Iterator[Callable[[], str]]:
    """Create fresh PostgreSQL databases (``postgresql+psycopg:///NAME``); dropped afterwards."""
    names: list[str] = []

    def create() -> str:
        name = f"faults_{uuid.uuid4().hex[:16]}"
        with _admin_connection() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        names.append(name)
        return f"postgresql+psycopg:///{name}"

    yield create
    if names:
        with _admin_connection() as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def county_url(request: pytest.FixtureRequest, pg_database: Callable[[], str]) -> str | None:
    """Run a test once on the county's SQLite and once on PostgreSQL."""
    return pg_database() if request.param == "postgresql" else None
