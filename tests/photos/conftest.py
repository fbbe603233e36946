"""Photo tests: a real county server in a child process, and a village PC enrolled with it.

The server is started once for the folder (``python -m county … serve`` on 127.0.0.1 with a
free port) and stopped at the end; every test enrols a device of its own, new village, so
blobs and records never leak between tests.
"""

from __future__ import annotations

import itertools
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from PIL import Image

from desktop.models.db import Database, open_database
from desktop.models.entities import Station
from desktop.models.photos import photos_dir
from desktop.models.writes import WritePath
from desktop.sync.transport import RetryPolicy, ServerRefused, Transport

REPO = Path(__file__).resolve().parents[2]
ADMIN, ADMIN_PASSWORD = "photo-tests", "photo-tests-password"
_villages = itertools.count(1)


def _county(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "county", "--data-dir", str(data_dir), *args]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class CountyServer:
    url: str
    data_dir: Path

    def stored_blob(self, sha256: str) -> Path | None:
        """The server's completed file of this blob, if any (any village)."""
        found = list(self.data_dir.glob(f"blobs/*/{sha256[:2]}/{sha256}"))
        return found[0] if found else None

    def partial_blob(self, sha256: str) -> Path | None:
        found = list(self.data_dir.glob(f"blobs/*/partial/{sha256}"))
        return found[0] if found else None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def county_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    data_dir = tmp_path_factory.mktemp("county")
    subprocess.run(
        _county(data_dir, "admin-add", ADMIN, "--password-stdin"),
        input=(ADMIN_PASSWORD + "\n").encode(),
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=120,
    )
    log_path = data_dir / "server.log"
    for _attempt in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                _county(data_dir, "serve", "--host", "127.0.0.1", "--port", str(port)),
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        up = False
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with requests.get(f"{url}/api/v1/health", timeout=1) as answer:
                    up = answer.status_code == 200
            except requests.RequestException:
                up = False
            if up:
                break
            time.sleep(0.1)
        if up:
            break
        _stop(process)  # the port was taken meanwhile, or the server failed: try again
    else:
        pytest.fail("county server did not start:\n" + log_path.read_text(errors="replace"))
    try:
        yield CountyServer(url, data_dir)
    finally:
        _stop(process)


def fast_retry() -> RetryPolicy:
    return RetryPolicy(attempts=3, sleep=lambda _seconds: None)


@dataclass
class Village:
    """A freshly enrolled village PC: its data folder, database and device token."""

    server: CountyServer
    data_dir: Path
    db: Database
    token: str
    station_id: str

    @property
    def photos(self) -> Path:
        return photos_dir(self.data_dir)

    def transport(self, cls: type[Transport] = Transport) -> Transport:
        return cls(self.server.url, token=self.token, retry=fast_retry())

    def head(self, sha256: str) -> dict[str, str] | None:
        """The server's HEAD answer headers (lower-case names); None for 404."""
        transport = self.transport()
        try:
            answer = transport.request("HEAD", f"/api/v1/blobs/{sha256}")
        except ServerRefused as error:
            if error.status == 404:
                return None
            raise
        finally:
            transport.close()
        return {k.lower(): v for k, v in answer.headers.items()}


def _enrol(server: CountyServer, code: str, village_name: str) -> str:
    """A device token for the village ``code`` (a new enrolment code, traded at once)."""
    with requests.post(
        f"{server.url}/api/v1/admin/enrol-codes",
        json={"village_code": code, "village_name": village_name},
        auth=(ADMIN, ADMIN_PASSWORD),
        timeout=30,
    ) as answer:
        answer.raise_for_status()
        enrol_code = answer.json()["code"]
    anonymous = Transport(server.url, retry=fast_retry())
    try:
        return str(
            anonymous.request(
                "POST", "/api/v1/enrol", payload={"code": enrol_code, "device_name": "测试电脑"}
            ).body["token"]
        )
    finally:
        anonymous.close()


@pytest.fixture
def village(county_server: CountyServer, tmp_path: Path) -> Iterator[Village]:
    number = next(_villages)
    code = f"2201020{number:05d}"
    token = _enrol(county_server, code, f"测试村{number}")
    data_dir = tmp_path / "村电脑"
    db = open_database(data_dir / "workbench.db")
    try:
        with db.writing() as session:
            station = WritePath(session).create(
                Station(name=f"测试村{number}实践站", division_code=code)
            )
            station_id = station.id
        yield Village(county_server, data_dir, db, token, station_id)
    finally:
        db.close()


@pytest.fixture
def enrol(county_server: CountyServer) -> Callable[[str, str], str]:
    """Enrols a device of the village ``(code, name)`` with the county; returns its token."""
    return lambda code, name: _enrol(county_server, code, name)


@pytest.fixture
def second_pc(village: Village, tmp_path: Path) -> Iterator[Village]:
    """Another PC of ``village``'s village, enrolled with a database of its own and nothing in
    it yet (its first sync pulls the station and the rest)."""
    with village.db.reading() as session:
        code = session.get_one(Station, village.station_id).division_code
    token = _enrol(village.server, code, "测试村")
    data_dir = tmp_path / "村里另一台电脑"
    db = open_database(data_dir / "workbench.db")
    try:
        yield Village(village.server, data_dir, db, token, village.station_id)
    finally:
        db.close()


@pytest.fixture
def make_image(tmp_path: Path) -> Callable[..., Path]:
    """Write a test picture: ``noise`` pixels from a seed (incompressible) or a flat colour."""
    counter = itertools.count()

    def make(
        size: tuple[int, int] = (640, 480),
        *,
        name: str | None = None,
        noise: int | None = None,
        color: tuple[int, int, int] = (200, 120, 40),
        fmt: str = "JPEG",
        **save_options: object,
    ) -> Path:
        if noise is not None:
            pixels = random.Random(noise).randbytes(size[0] * size[1] * 3)
            image = Image.frombytes("RGB", size, pixels)
        else:
            image = Image.new("RGB", size, color)
        suffix = {"JPEG": "jpg", "PNG": "png"}.get(fmt, fmt.lower())
        path = tmp_path / "pictures" / (name or f"照片{next(counter)}.{suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, fmt, **save_options)
        return path

    return make
