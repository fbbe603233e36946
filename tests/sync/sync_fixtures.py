"""Shared fixtures of the sync tests (tests/sync) and the county server's (tests/county): a real
county server, real village PCs. Each folder's conftest.py takes them from here.

``county_server`` is a factory that starts ``python -m county … serve`` as a subprocess on a
free port, waits for ``/api/v1/health`` and kills it at teardown. It is parametrized over the
backend: SQLite, and PostgreSQL with a fresh database per test (created with ``CREATE
DATABASE``, dropped afterwards). PostgreSQL not reachable is a failure with a clear message,
never a skip: CI starts it (``bash tools/postgres.sh``). ``county`` is one started server.

``make_village`` makes village computers (own data folder and workbench database, a station,
enrolled through ``enrol_device``); ``raw_device`` makes enrolled devices that send
hand-made requests. The classes behind them live in ``sync_support``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sync_support import (
    BACKENDS,
    VILLAGE_A,
    CountyServer,
    RawDevice,
    VillagePC,
    postgres_admin,
)

from desktop.models.db import open_database
from desktop.sync import credentials


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def county_server(backend: str, tmp_path: Path) -> Iterator[Callable[..., CountyServer]]:
    """Factory: start a county server on this test's backend; all are stopped at teardown.

    Extra arguments go to ``serve`` (e.g. ``"--max-in-flight", "1"``).
    """
    servers: list[CountyServer] = []
    databases: list[str] = []

    def start(*extra: str) -> CountyServer:
        data_dir = tmp_path / f"county-{len(servers)}"
        url = None
        if backend == "postgresql":
            name = f"liaison_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
            with postgres_admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            databases.append(name)
            url = f"postgresql+psycopg:///{name}"
        server = CountyServer(backend, data_dir, url)
        servers.append(server)
        server.start(*extra)
        return server

    yield start
    for server in servers:
        server.stop()
    if databases:
        with postgres_admin() as conn:
            for name in databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def county(county_server: Callable[..., CountyServer]) -> CountyServer:
    return county_server()


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Device tokens go to the data folder's file, never into the developer's keyring."""
    monkeypatch.setattr(credentials, "_usable_keyring", lambda: None)


@pytest.fixture(scope="session")
def workbench_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded, empty workbench database (copied: opening a new one takes 0.3 s)."""
    path = tmp_path_factory.mktemp("workbench-template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def make_village(tmp_path: Path, workbench_template: Path) -> Iterator[Callable[..., VillagePC]]:
    """Factory: ``make_village(server, VILLAGE_A, with_station=True, enrol=True)``."""
    made: list[VillagePC] = []

    def make(
        server: CountyServer,
        village: tuple[str, str] = VILLAGE_A,
        *,
        with_station: bool = True,
        enrol: bool = True,
    ) -> VillagePC:
        pc = VillagePC(
            tmp_path / f"pc-{len(made)}",
            workbench_template,
            server,
            village,
            with_station=with_station,
        )
        made.append(pc)
        if enrol:
            pc.enrol()
        return pc

    yield make
    for pc in made:
        pc.close()


@pytest.fixture
def raw_device() -> Iterator[Callable[..., RawDevice]]:
    made: list[RawDevice] = []

    def make(server: CountyServer, village: tuple[str, str] = VILLAGE_A) -> RawDevice:
        device = RawDevice(server, village)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()
