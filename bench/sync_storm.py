"""The reconnect storm of ``bench/sync_bench.py``: many devices push their outbox at once.

Each simulated device is a light client: its ops are plain dicts built the way the write path
builds them (every village field, wire-encoded), posted with the project's own ``Transport``
(same ``requests`` session, same JSON encoding, same 503 ``Retry-After`` handling with jitter,
same retry budget). No workbench database per device: opening one costs ~0.3 s (measured and
reported), and 300 of them in one process would make the client, not the server, the thing
being measured. All devices are released together by a barrier, one thread each.

Every HTTP attempt is timed (``requests.Session.request`` of each transport is wrapped), and
every Retry-After wait is recorded (``RetryPolicy.sleep``). A device has drained when the
server has answered every one of its ops; if the transport gives up (its attempts are used up)
the device starts another round at once, as the workbench's next sync would, and that is
counted.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from county import accounts
from county.db import database_url, open_county_database
from county.models import AppliedOp, ChangeFeed, Record
from desktop.sync.transport import RetryPolicy, SyncError, Transport

PUSH_PATH = "/api/v1/sync/push"
DRAIN_DEADLINE_S = 600.0


@dataclass
class Attempt:
    status: int | None  # None: no answer (connection error, timeout)
    started: float  # seconds after the storm began
    seconds: float


@dataclass
class StormDevice:
    index: int
    village: tuple[str, str]
    ops: list[dict[str, Any]]
    token: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    exhausted_rounds: int = 0
    drained_after: float | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


def storm_villages(count: int) -> list[tuple[str, str]]:
    return [(f"22012210{i + 1:04d}", f"第{i + 1}试点村") for i in range(count)]


def create_codes(
    data_dir: Path, url: str | None, devices: list[StormDevice]
) -> tuple[list[str], float]:
    """One enrolment code per device, made in one transaction against the county database."""
    started = time.perf_counter()
    db = open_county_database(data_dir, url)
    try:
        with db.writing() as session:
            codes = [
                accounts.create_enrol_code(session, d.village[0], d.village[1], f"storm-{d.index}")[
                    0
                ]
                for d in devices
            ]
    finally:
        db.close()
    return codes, time.perf_counter() - started


def enrol_all(server_url: str, devices: list[StormDevice], codes: list[str]) -> float:
    """Enrol every device over HTTP (``POST /api/v1/enrol``), 8 at a time."""
    started = time.perf_counter()

    def enrol(pair: tuple[StormDevice, str]) -> None:
        device, code = pair
        transport = Transport(server_url)
        try:
            answer = transport.request(
                "POST",
                "/api/v1/enrol",
                payload={"code": code, "device_name": f"storm-{device.index}"},
                retry=False,
            )
        finally:
            transport.close()
        device.token = answer.body["token"]

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(enrol, zip(devices, codes, strict=True)))
    return time.perf_counter() - started


def create_stations(
    server_url: str, devices: list[StormDevice], stations: dict[tuple[str, str], str]
) -> int:
    """Each village's station, pushed by its first device before the storm (the county takes
    a record only if the station it names exists). Returns how many were created."""
    first: dict[tuple[str, str], StormDevice] = {}
    for device in devices:
        first.setdefault(device.village, device)
    for village, device in first.items():
        transport = Transport(server_url, token=device.token)
        op = {
            "op_id": str(uuid.uuid4()),
            "device_seq": 0,
            "entity": "station",
            "record_id": stations[village],
            "op": "create",
            "fields": {
                "name": f"{village[1]}新时代文明实践站",
                "division_code": village[0],
                "township": "",
                "county": "",
                "phone": None,
            },
            "base_version": None,
        }
        try:
            answer = transport.request("POST", PUSH_PATH, payload={"ops": [op]})
        finally:
            transport.close()
        [result] = answer.body["results"]
        if result["status"] != "applied":
            raise RuntimeError(f"station of {village[1]} refused: {result}")
    return len(first)


def _instrumented(device: StormDevice, server_url: str, origin: float) -> Transport:
    def sleep(seconds: float) -> None:
        device.waits.append(seconds)
        time.sleep(seconds)

    transport = Transport(server_url, token=device.token, retry=RetryPolicy(sleep=sleep))
    send: Callable[..., Any] = transport.session.request

    def timed(method: str, url: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            response = send(method, url, **kwargs)
        except Exception:
            device.attempts.append(Attempt(None, started - origin, time.perf_counter() - started))
            raise
        device.attempts.append(
            Attempt(response.status_code, started - origin, time.perf_counter() - started)
        )
        return response

    transport.session.request = timed  # type: ignore[method-assign]
    return transport


def run_storm(server_url: str, devices: list[StormDevice]) -> float:
    """Release all devices at once; returns the seconds until the last one drained."""
    barrier = threading.Barrier(len(devices) + 1)
    origin_box: list[float] = []

    def device_main(device: StormDevice) -> None:
        barrier.wait()
        origin = origin_box[0]
        transport = _instrumented(device, server_url, origin)
        payload = {"batch_id": str(uuid.uuid4()), "ops": device.ops}
        try:
            while True:
                try:
                    answer = transport.request("POST", PUSH_PATH, payload=payload)
                except SyncError as error:
                    device.exhausted_rounds += 1
                    if time.perf_counter() - origin > DRAIN_DEADLINE_S:
                        device.error = error.message
                        return
                    continue  # the workbench's next sync round sends the same ops again
                device.results = answer.body.get("results") or []
                device.drained_after = time.perf_counter() - origin
                return
        finally:
            transport.close()

    threads = [
        threading.Thread(target=device_main, args=(d,), name=f"storm-{d.index}", daemon=True)
        for d in devices
    ]
    for thread in threads:
        thread.start()
    origin_box.append(time.perf_counter())
    barrier.wait()
    for thread in threads:
        thread.join()
    return time.perf_counter() - origin_box[0]


def verify(
    data_dir: Path, url: str | None, devices: list[StormDevice], setup_ops: int = 0
) -> dict[str, Any]:
    """What the server stored, and whether every op was applied exactly once (besides the
    ``setup_ops`` pushed before the storm, one record each)."""
    expected = sum(len(d.ops) for d in devices)
    engine = create_engine(database_url(data_dir, url))
    try:
        with engine.connect() as conn:
            applied = conn.scalar(select(func.count()).select_from(AppliedOp))
            records = conn.scalar(select(func.count()).select_from(Record))
            feed = conn.scalar(select(func.count()).select_from(ChangeFeed))
            device_ids = conn.scalar(select(func.count(func.distinct(AppliedOp.device_id))))
    finally:
        engine.dispose()
    statuses: dict[str, int] = {}
    answered = 0
    for device in devices:
        by_id = {r.get("op_id"): r for r in device.results}
        for op in device.ops:
            result = by_id.get(op["op_id"])
            if result is None:
                continue
            answered += 1
            status = str(result.get("original_status") or result.get("status"))
            statuses[status] = statuses.get(status, 0) + 1
    ok = (
        applied == expected + setup_ops
        and records == expected + setup_ops
        and feed == expected + setup_ops
        and answered == expected
        and statuses.get("applied", 0) == expected
    )
    return {
        "expected_ops": expected,
        "applied_op_rows": applied,
        "record_rows": records,
        "change_feed_rows": feed,
        "devices_in_applied_op": device_ids,
        "ops_answered": answered,
        "answer_statuses": statuses,
        "exactly_once": ok,
    }
