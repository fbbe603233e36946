"""Helpers of the end-to-end sync tests (the fixtures are in conftest.py).

A :class:`CountyServer` is a running county server subprocess plus an in-process handle on the
same database, for setting up accounts and checking what the server really stored. A
:class:`VillagePC` is one village computer: its own data folder and workbench database,
enrolled through ``desktop.sync.setup.enrol_device`` and synced with ``SyncEngine``. A
:class:`RawDevice` speaks the protocol over plain HTTP, for requests the real client would
never send.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

import liaison_wire as wire
from county import accounts
from county.db import CountyDatabase, create_county_engine, database_url
from county.models import AppliedOp, ChangeFeed, Conflict, Device, EnrolCode, Record, Village
from desktop.models.base import new_uuid
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import Station
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncRejection
from desktop.models.writes import WritePath
from desktop.sync import credentials
from desktop.sync.engine import SyncEngine, SyncReport
from desktop.sync.setup import enrol_device, transport_for

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ("sqlite", "postgresql")
ADMIN_USER = "county-admin"
ADMIN_PASSWORD = "县中心-管理员-密码-2026"
STARTUP_TIMEOUT = 30.0

VILLAGE_A = ("220122105201", "陈家店村")
VILLAGE_B = ("220122105202", "红旗村")


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the county server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Argon2 with the least work it allows: for test accounts only.
LIGHT_PASSWORDS = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class CountyServer:
    """A running county server (subprocess) and an in-process handle on its database."""

    def __init__(self, backend: str, data_dir: Path, database_url: str | None) -> None:
        self.backend = backend
        self.data_dir = data_dir
        self.database_url = database_url
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.log_path = data_dir / "server.log"
        data_dir.mkdir(parents=True)
        self._db: CountyDatabase | None = None
        self.http = requests.Session()
        # requests' own Basic auth is Latin-1 only; the county accepts UTF-8 passwords.
        self.http.headers["Authorization"] = basic_auth(ADMIN_USER, ADMIN_PASSWORD)

    @property
    def db(self) -> CountyDatabase:
        """The server's database, opened in this process (after the server migrated it)."""
        assert self._db is not None, "server not started"
        return self._db

    def _open_database(self) -> None:
        url = database_url(self.data_dir, self.database_url)
        engine = create_county_engine(url)
        self._db = CountyDatabase(url, engine, sessionmaker(engine, expire_on_commit=False))
        # A stored hash names its own Argon2 parameters; light ones keep each test's first
        # admin login cheap (the production parameters cost ~50 ms and 64 MiB).
        original = accounts.PASSWORDS
        accounts.PASSWORDS = LIGHT_PASSWORDS
        try:
            with self.db.writing() as session:
                accounts.set_admin(session, ADMIN_USER, ADMIN_PASSWORD)
        finally:
            accounts.PASSWORDS = original

    # lifecycle

    def command(self, *args: str) -> list[str]:
        cmd = [sys.executable, "-m", "county", "--data-dir", str(self.data_dir)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        return [*cmd, *args]

    def start(self, *extra: str, same_port: bool = False) -> None:
        """Start serving (again); ``same_port``: at the address it had, so enrolled PCs find
        it (after a stop)."""
        kept = int(self.url.rsplit(":", 1)[1]) if same_port else None
        for _ in range(3):
            port = kept or _free_port()
            with self.log_path.open("ab") as log:
                self.process = subprocess.Popen(
                    self.command("serve", "--host", "127.0.0.1", "--port", str(port), *extra),
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self.url = f"http://127.0.0.1:{port}"
            if self._wait_healthy():
                # The server created and migrated the database before answering.
                self._open_database()
                return
            self._reap()
            if "address already in use" not in self.log().lower():
                break
        pytest.fail(f"county server ({self.backend}) did not start:\n{self.log()}")

    def _wait_healthy(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if self.healthy():
                return True
            time.sleep(0.05)
        return False

    def healthy(self) -> bool:
        try:
            response = requests.get(self.url + "/api/v1/health", timeout=2)
        except requests.RequestException:
            return False
        with response:
            return response.status_code == 200 and response.json().get("status") == "ok"

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def _reap(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        self._reap()
        self.http.close()
        if self._db is not None:
            self._db.close()

    # county-side setup

    def enrol_code(
        self, village: tuple[str, str] = VILLAGE_A, *, now: dt.datetime | None = None
    ) -> str:
        with self.db.writing() as session:
            code, _expires = accounts.create_enrol_code(session, village[0], village[1], now=now)
        return code

    # the admin API (HTTP Basic)

    def admin(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.http.request(method, self.url + path, **kwargs)

    def admin_ok(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.admin(method, path, **kwargs)
        assert response.status_code == 200, (response.status_code, response.text)
        body: dict[str, Any] = response.json()
        return body

    def demand(self, demand_id: str) -> dict[str, Any]:
        demand: dict[str, Any] = self.admin_ok("GET", f"/api/v1/admin/demands/{demand_id}")[
            "demand"
        ]
        return demand

    def demands(self, village: tuple[str, str] = VILLAGE_A) -> list[dict[str, Any]]:
        """Every demand of ``village`` in the county's queue, page by page."""
        rows: list[dict[str, Any]] = []
        while True:
            page = self.admin_ok(
                "GET",
                "/api/v1/admin/demands",
                params={"village": village[0], "limit": 1000, "offset": len(rows)},
            )
            rows += page["demands"]
            if not page["demands"] or len(rows) >= page["total"]:
                return rows

    def team(self, name: str) -> str:
        """The id of the county team called ``name``, published first if the county lacks it
        (a dispatch names a real team)."""
        team_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"team:{name}"))
        self.admin_ok(
            "POST", "/api/v1/admin/publish/team", json=[{"id": team_id, "name": name, "level": "COUNTY"}]
        )
        return team_id

    def dispatch(self, demand_id: str, team: str = "县卫健服务队") -> None:
        self.admin_ok(
            "POST",
            f"/api/v1/admin/demands/{demand_id}/dispatch",
            json={"team_id": self.team(team)},
        )

    def claim(self, demand_id: str) -> None:
        self.admin_ok("POST", f"/api/v1/admin/demands/{demand_id}/claim", json={})

    def resolve(self, demand_id: str, result: str) -> None:
        self.admin_ok("POST", f"/api/v1/admin/demands/{demand_id}/resolve", json={"result": result})

    def admin_conflicts(self, village: tuple[str, str] = VILLAGE_A) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.admin_ok(
            "GET", "/api/v1/admin/conflicts", params={"village": village[0]}
        )["conflicts"]
        return rows

    # what the database really holds

    def village_id(self, village: tuple[str, str]) -> int:
        with self.db.reading() as session:
            return int(session.scalar(select(Village.id).where(Village.code == village[0])))

    def records(self, village: tuple[str, str] | None = None) -> list[Record]:
        with self.db.reading() as session:
            stmt = select(Record).order_by(Record.id)
            if village is not None:
                stmt = stmt.join(Village, Record.village_id == Village.id).where(
                    Village.code == village[0]
                )
            return list(session.scalars(stmt))

    def snapshot(self) -> dict[str, Any]:
        """Everything a request could have changed, to compare before and after."""
        with self.db.reading() as session:

            def count(model: Any) -> int:
                return int(session.scalar(select(func.count()).select_from(model)) or 0)

            return {
                "records": sorted(
                    (r.id, r.version, r.deleted_at is not None, sorted(r.data.items(), key=str))
                    for r in session.scalars(select(Record))
                ),
                "feed": count(ChangeFeed),
                "applied_ops": count(AppliedOp),
                "conflicts": count(Conflict),
                "devices": count(Device),
                "revoked": int(
                    session.scalar(
                        select(func.count())
                        .select_from(Device)
                        .where(Device.revoked_at.is_not(None))
                    )
                    or 0
                ),
                "used_codes": int(
                    session.scalar(
                        select(func.count())
                        .select_from(EnrolCode)
                        .where(EnrolCode.used_at.is_not(None))
                    )
                    or 0
                ),
            }


def postgres_admin() -> Any:
    """An autocommit connection to the local PostgreSQL (Unix socket), or a clear failure."""
    import psycopg

    try:
        return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        problem = str(error)
    pytest.fail(
        "PostgreSQL is not reachable over the Unix socket, so the PostgreSQL variant of the "
        "sync tests cannot run. Start it with `bash tools/postgres.sh` (CI does). "
        f"Error: {problem}",
        pytrace=False,
    )


# --- village computers ----------------------------------------------------------------------


def demand_input(title: str, **overrides: Any) -> DemandInput:
    values: dict[str, Any] = {
        "channel": "NEEDS_DESK",
        "category_code": "HEALTH",
        "title": title,
        "description": "村民反映的情况",
        "requester_name": "李秀兰",
        "requester_phone": "13812345678",
    }
    values.update(overrides)
    return DemandInput(**values)


class VillagePC:
    """One village computer: a data folder, its workbench database and its enrolment."""

    def __init__(
        self,
        data_dir: Path,
        template: Path,
        server: CountyServer,
        village: tuple[str, str],
        *,
        with_station: bool,
    ) -> None:
        self.data_dir = data_dir
        self.server = server
        self.village = village
        data_dir.mkdir(parents=True)
        shutil.copyfile(template, data_dir / "workbench.db")
        self.db: Database = open_database(data_dir / "workbench.db")
        self.station_id = ""
        if with_station:
            with self.db.writing() as session:
                station = WritePath(session).create(
                    Station(name=f"{village[1]}新时代文明实践站", division_code=village[0],
                            township="合隆镇", county="农安县")
                )
                self.station_id = station.id
        self.device_id = ""

    def enrol(self, code: str | None = None) -> None:
        settings = enrol_device(
            self.data_dir,
            self.server.url,
            code or self.server.enrol_code(self.village),
            device_name=f"{self.village[1]}-{self.data_dir.name}",
        )
        self.device_id = settings.device_id

    def token(self) -> str:
        token = credentials.CredentialStore(self.data_dir).load_token()
        assert token
        return token

    def sync(self, **engine_options: Any) -> SyncReport:
        transport = transport_for(self.data_dir)
        try:
            return SyncEngine(self.db, transport, **engine_options).run()
        finally:
            transport.close()

    # local writes (the same calls the UI makes)

    def register(self, title: str, **overrides: Any) -> str:
        if not self.station_id:
            with self.db.reading() as session:
                self.station_id = str(session.scalar(select(Station.id)))
        with self.db.writing() as session:
            return register_demand(session, self.station_id, demand_input(title, **overrides)).id

    def edit(
        self, demand_id: str, clock: Callable[[], dt.datetime] | None = None, **changes: Any
    ) -> None:
        with self.db.writing() as session:
            demand = session.get_one(Demand, demand_id)
            writes = WritePath(session) if clock is None else WritePath(session, clock=clock)
            assert writes.update(demand, **changes)

    def add_raw_op(
        self,
        entity: str,
        record_id: str,
        op: str,
        fields: dict[str, Any],
        base_version: int | None = None,
    ) -> str:
        """An outbox op the write path would never produce (for rejection tests)."""
        op_id = new_uuid()
        with self.db.writing() as session:
            session.add(
                OutboxOp(
                    op_id=op_id,
                    entity=entity,
                    record_id=record_id,
                    op=op,
                    fields=fields,
                    base_version=base_version,
                )
            )
        return op_id

    # local reads

    def demand(self, demand_id: str) -> Demand:
        with self.db.reading() as session:
            return session.get_one(Demand, demand_id)

    def outbox(self) -> list[OutboxOp]:
        with self.db.reading() as session:
            return list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))

    def rejections(self) -> list[SyncRejection]:
        with self.db.reading() as session:
            return list(session.scalars(select(SyncRejection)))

    def conflicts(self) -> list[SyncConflict]:
        with self.db.reading() as session:
            return list(session.scalars(select(SyncConflict)))

    def all(self, model: Any) -> list[Any]:
        with self.db.reading() as session:
            return list(session.scalars(select(model)))

    def close(self) -> None:
        self.db.close()


# --- speaking the protocol by hand ----------------------------------------------------------


def protocol_headers(version: int | str = wire.PROTOCOL_VERSION) -> dict[str, str]:
    return {
        wire.HEADER_PROTOCOL: str(version),
        wire.HEADER_APP_VERSION: "0.1.0-test",
        "Content-Type": "application/json; charset=utf-8",
    }


class RawDevice:
    """An enrolled device that sends hand-made requests (``requests``, no client code)."""

    def __init__(self, server: CountyServer, village: tuple[str, str] = VILLAGE_A) -> None:
        self.server = server
        self.village = village
        self.http = requests.Session()
        self.http.headers.update(protocol_headers())
        self.responses: list[requests.Response] = []
        answer = self.post(
            "/api/v1/enrol", {"code": server.enrol_code(village), "device_name": "raw"}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        self.device_id: str = body["device_id"]
        self.token: str = body["token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        self.seq = 0
        # The village's station, as the first sync of a real PC brings it: the records made
        # here point at it (the county refuses a reference to a record it does not have).
        self.station_id = str(uuid.uuid4())
        station = self.op("station", self.station_id, "create", station_fields(village))
        assert self.push_ok([station])[0]["status"] == "applied"

    def post(self, path: str, payload: Any, **kwargs: Any) -> requests.Response:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self.request("POST", path, data=data, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        response = self.http.request(method, self.server.url + path, **kwargs)
        self.responses.append(response)
        return response

    def push(self, ops: list[dict[str, Any]], **extra: Any) -> requests.Response:
        extra.setdefault("batch_id", str(uuid.uuid4()))
        return self.post("/api/v1/sync/push", {**extra, "ops": ops})

    def push_ok(self, ops: list[dict[str, Any]], **extra: Any) -> list[dict[str, Any]]:
        response = self.push(ops, **extra)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        assert [r["op_id"] for r in results] == [op["op_id"] for op in ops]
        return results

    def pull(self, cursor: int = 0, limit: int = 500) -> requests.Response:
        return self.request("GET", "/api/v1/sync/pull", params={"cursor": cursor, "limit": limit})

    def op(
        self,
        entity: str,
        record_id: str,
        kind: str = "create",
        fields: dict[str, Any] | None = None,
        base_version: int | None = None,
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "op_id": str(uuid.uuid4()),
            "device_seq": self.seq,
            "entity": entity,
            "record_id": record_id,
            "op": kind,
            "fields": fields or {},
            "base_version": base_version,
        }

    def demand_fields(self, title: str, **overrides: Any) -> dict[str, Any]:
        """:func:`demand_fields` of a demand of this device's station."""
        return demand_fields(title, self.station_id, **overrides)

    def close(self) -> None:
        self.http.close()


def station_fields(village: tuple[str, str]) -> dict[str, Any]:
    return {
        "name": f"{village[1]}新时代文明实践站",
        "division_code": village[0],
        "township": "合隆镇",
        "county": "农安县",
        "phone": None,
    }


def demand_fields(title: str, station_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """Every required village field of a demand create op, valid on the wire."""
    fields: dict[str, Any] = {
        "number": f"XQ-20261129-{uuid.uuid4().int % 10000:04d}",
        "station_id": station_id or str(uuid.uuid4()),
        "requester_name": "王桂芬",
        "anonymous": False,
        "entered_by": "联络员",
        "channel": "NEEDS_DESK",
        "category_code": "HEALTH",
        "topic_code": "",
        "catalog_version": "2026.1",
        "title": title,
        "description": "",
        "urgency": "NORMAL",
        "registered_at": "2026-11-29T01:30:00Z",
        "evaluation_note": "",
    }
    fields.update(overrides)
    return fields


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1 answering with ``handler`` in a thread of its own (a
    server unlike the county's: an older version, a broken proxy); yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
