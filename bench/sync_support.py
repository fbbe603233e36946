"""Helpers of ``bench/sync_bench.py``: server processes, PostgreSQL databases, village PCs and
the records they create.

Nothing here changes project code; the device token goes to the data folder's file, never into
the OS keyring (the same switch the sync tests use).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop.models.base import new_uuid  # noqa: E402
from desktop.models.db import Database, open_database  # noqa: E402
from desktop.models.demand import Demand, DemandEvent  # noqa: E402
from desktop.models.entities import Station  # noqa: E402
from desktop.models.rows.stored import village_fields, wire_value  # noqa: E402
from desktop.models.station import Contact  # noqa: E402
from desktop.models.sync_tables import OutboxOp  # noqa: E402
from desktop.models.writes import WritePath  # noqa: E402
from desktop.sync import credentials  # noqa: E402
from desktop.sync.engine import wire_op  # noqa: E402
from desktop.sync.setup import enrol_device  # noqa: E402

# Tokens into <data dir>/device-token, never into the developer's keyring.
credentials._usable_keyring = lambda: None

STARTUP_TIMEOUT = 60.0
VILLAGE = ("220122105201", "陈家店村")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- server processes ---------------------------------------------------------------------


class CpuMeter:
    """CPU seconds used inside a ``with`` block by this process (the client: it runs nothing
    else meanwhile) and by a server process. Unlike wall time, CPU time hardly depends on what
    else the machine is doing, so it gives a load-independent cost per record."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.client_s = 0.0
        self.server_s: float | None = None

    def __enter__(self) -> CpuMeter:
        self._client0 = time.process_time()
        self._server0 = self.server.cpu_seconds()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client_s = time.process_time() - self._client0
        after = self.server.cpu_seconds()
        if after is not None and self._server0 is not None:
            self.server_s = after - self._server0

    def as_dict(self, records: int) -> dict[str, float | None]:
        total = self.client_s + (self.server_s or 0.0)
        return {
            "client_cpu_s": self.client_s,
            "server_cpu_s": self.server_s,
            "records_per_cpu_s": records / total if self.server_s is not None and total else None,
        }


class ServerProcess:
    """A server subprocess on 127.0.0.1 that is up once ``health_path`` answers 200."""

    def __init__(self, name: str, argv: Sequence[str], log_path: Path, port: int) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, health_path: str) -> float:
        """Start and wait until healthy; returns the start-up time in seconds."""
        started = time.perf_counter()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                response = requests.get(self.url + health_path, timeout=2)
            except requests.RequestException:
                time.sleep(0.05)
                continue
            if response.status_code == 200:
                return time.perf_counter() - started
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not start; log {self.log_path}:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except FileNotFoundError:
            return ""

    def cpu_seconds(self) -> float | None:
        """User + system CPU time the server process has used so far (all its threads), from
        /proc; None where that is not available."""
        if self.process is None:
            return None
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        # After the command name: state is field 3, utime and stime are fields 14 and 15.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None


def county_argv(data_dir: Path, database_url: str | None, *args: str) -> list[str]:
    argv = [sys.executable, "-m", "county", "--data-dir", str(data_dir)]
    if database_url:
        argv += ["--database-url", database_url]
    return [*argv, *args]


def county_server(
    data_dir: Path, database_url: str | None, max_in_flight: int, extra: Sequence[str] = ()
) -> ServerProcess:
    port = free_port()
    argv = county_argv(
        data_dir,
        database_url,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--max-in-flight",
        str(max_in_flight),
    )
    return ServerProcess("county server", [*argv, *extra], data_dir / "server.log", port)


def enrol_code_cli(data_dir: Path, database_url: str | None, village: tuple[str, str]) -> str:
    """A one-time code from ``python -m county … enrol-code`` (first line of its output)."""
    done = subprocess.run(
        county_argv(
            data_dir, database_url, "enrol-code", "--village", village[0], "--name", village[1]
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()[0].strip()


# --- PostgreSQL ---------------------------------------------------------------------------


@contextmanager
def postgres_database(label: str) -> Iterator[str]:
    """A fresh database (``createdb``), dropped afterwards; yields its SQLAlchemy URL."""
    name = f"liaison_bench_{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", name], check=True, capture_output=True, text=True)
    try:
        yield f"postgresql+psycopg:///{name}"
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", name], check=False, capture_output=True)


def postgres_available() -> str | None:
    """None if ``createdb``/``dropdb`` work here, else why not."""
    if shutil.which("createdb") is None:
        return "createdb not found (run: bash tools/postgres.sh)"
    probe = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", "SELECT 1"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        return f"PostgreSQL not reachable ({probe.stderr.strip()}); run: bash tools/postgres.sh"
    return None


# --- village PCs --------------------------------------------------------------------------


def make_template(path: Path) -> float:
    """A migrated, seeded, empty workbench database to copy; returns how long opening took."""
    started = time.perf_counter()
    open_database(path).close()
    return time.perf_counter() - started


@dataclass
class VillagePC:
    data_dir: Path
    db: Database
    station_id: str = ""
    device_id: str = ""

    @classmethod
    def create(cls, data_dir: Path, template: Path) -> VillagePC:
        data_dir.mkdir(parents=True)
        shutil.copyfile(template, data_dir / "workbench.db")
        return cls(data_dir, open_database(data_dir / "workbench.db"))

    def add_station(self, village: tuple[str, str]) -> None:
        with self.db.writing() as session:
            station = WritePath(session).create(
                Station(name=f"{village[1]}新时代文明实践站", division_code=village[0])
            )
            self.station_id = station.id

    def enrol(self, server_url: str, code: str) -> None:
        settings = enrol_device(self.data_dir, server_url, code, device_name=self.data_dir.name)
        self.device_id = settings.device_id

    def outbox_count(self) -> int:
        with self.db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxOp)) or 0)

    def outbox_ops(self) -> list[dict[str, Any]]:
        """The outbox as the push sends it (same keys, same order)."""
        with self.db.reading() as session:
            return [
                wire_op(op)
                for op in session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq))
            ]

    def count(self, *models: Any) -> int:
        with self.db.reading() as session:
            return sum(
                int(session.scalar(select(func.count()).select_from(m)) or 0) for m in models
            )

    def close(self) -> None:
        self.db.close()


# --- records ------------------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭高林何罗郑梁谢宋唐许韩冯于姜崔"
_GIVEN = (
    "桂兰",
    "淑珍",
    "德福",
    "长顺",
    "宝山",
    "振国",
    "秀英",
    "凤芝",
    "建华",
    "海燕",
    "志强",
    "丽娟",
    "伟",
    "芳",
    "磊",
    "静",
    "浩然",
    "欣怡",
    "子轩",
    "雨桐",
    "春生",
    "玉梅",
    "国庆",
    "红霞",
)
_TITLES = (
    ("HEALTH", "clinic", "申请义诊测血压，{grp}老人多"),
    ("CONVENIENCE", "repair", "{name}家里电灯坏了需要维修"),
    ("CULTURE_SPORTS", "film", "希望在村文化广场放映露天电影"),
    ("POLICY", "policy_consult", "{name}咨询城乡居民医保缴费政策"),
    ("CARE", "elder_care", "{name}行动不便，希望提供助餐服务"),
    ("LEGAL_SAFETY", "anti_fraud", "希望到{grp}开展反诈宣传"),
)
_DESCRIPTIONS = (
    "子女在长春务工，老人腿脚不便，希望志愿者上门帮忙。",
    "家里老人行动不便，希望医生上门测血压血糖，最好每月来一次。",
    "夏天晚上乘凉的人多，希望放映农村题材电影，孩子们也能一起看。",
    "",
)
_CHANNELS = ("NEEDS_DESK", "HOME_VISIT", "HOTLINE", "GRID_REPORT")


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def contact_row(rng: random.Random, station_id: str) -> dict[str, Any]:
    group = rng.randint(1, 12)
    return {
        "station_id": station_id,
        "name": _name(rng),
        "gender": rng.choice(("男", "女")),
        "phone": _phone(rng) if rng.random() < 0.8 else None,
        "proxy_phone": _phone(rng) if rng.random() < 0.2 else None,
        "proxy_relation": None,
        "group_name": f"第{group}村民小组",
        "grid_id": None,
        "address": f"第{group}村民小组{rng.randint(1, 120)}号",
        "tags": ["LEFT_BEHIND_ELDERLY"] if rng.random() < 0.15 else [],
        "id_number": None,
        "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 25_000)),
        "consent_contact": True,
        "consent_sensitive": False,
        "guardian_consent": False,
        "note": "腿脚不便，需上门服务" if rng.random() < 0.1 else "",
    }


def demand_row(rng: random.Random, station_id: str, index: int, now: dt.datetime) -> dict[str, Any]:
    category, topic, template = rng.choice(_TITLES)
    registered = now - dt.timedelta(minutes=index)
    name = _name(rng)
    group = f"第{rng.randint(1, 12)}村民小组"
    return {
        "number": f"XQ-{registered:%Y%m%d}-{index % 10_000:04d}-{index // 10_000}",
        "station_id": station_id,
        "requester_contact_id": None,
        "requester_name": name,
        "requester_phone": _phone(rng),
        "anonymous": False,
        "entered_by": "联络员",
        "channel": rng.choice(_CHANNELS),
        "category_code": category,
        "topic_code": topic,
        "catalog_version": "2026.1",
        "menu_item_id": None,
        "title": template.format(name=name, grp=group),
        "description": rng.choice(_DESCRIPTIONS),
        "urgency": "NORMAL",
        "grid_id": None,
        "registered_at": registered,
        "due_date": (registered + dt.timedelta(days=7)).date(),
        "evaluation": None,
        "evaluation_note": "",
        "evaluated_at": None,
    }


def event_row(demand: dict[str, Any]) -> dict[str, Any]:
    return {
        "demand_id": demand["id"],
        "kind": "REGISTERED",
        "actor": "VILLAGE",
        "occurred_at": demand["registered_at"],
        "note": "",
    }


def record_rows(n: int, station_id: str, seed: int) -> dict[type[Any], list[dict[str, Any]]]:
    """``n`` new records as a village makes them: 40 % contacts, 30 % demands, each demand
    with its 已上报 timeline event (30 %)."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    demands_n = n * 3 // 10
    contacts_n = n - 2 * demands_n
    contacts = [contact_row(rng, station_id) for _ in range(contacts_n)]
    demands = [demand_row(rng, station_id, i, now) for i in range(demands_n)]
    for demand in demands:
        demand["id"] = new_uuid()
    events = [event_row(d) for d in demands]
    return {Contact: contacts, Demand: demands, DemandEvent: events}


def create_records(pc: VillagePC, rows: dict[type[Any], list[dict[str, Any]]]) -> float:
    """Insert through the write path in bulk (one create op each); returns seconds taken."""
    started = time.perf_counter()
    with pc.db.writing() as session:
        writes = WritePath(session)
        for entity, batch in rows.items():
            # Rows with the same pattern of None values share one INSERT (as the demo does).
            batch.sort(key=lambda row: tuple(value is None for value in row.values()))
            writes.create_many(entity, batch)
    return time.perf_counter() - started


def wire_ops(n: int, station_id: str, seed: int) -> list[dict[str, Any]]:
    """``n`` create ops as the write path would put them on the wire (for the storm's light
    clients): every village field, wire-encoded, in ``device_seq`` order."""
    rows = record_rows(n, station_id, seed)
    ops: list[dict[str, Any]] = []
    for entity, batch in rows.items():
        names = village_fields(entity)
        for row in batch:
            record_id = row.get("id") or new_uuid()
            ops.append(
                {
                    "op_id": new_uuid(),
                    "device_seq": 0,
                    "entity": entity.SYNC_ENTITY,
                    "record_id": record_id,
                    "op": "create",
                    "fields": {k: wire_value(row.get(k)) for k in names},
                    "base_version": None,
                }
            )
    for seq, op in enumerate(ops, start=1):
        op["device_seq"] = seq
    return ops
