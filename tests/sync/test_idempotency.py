"""Pushing is idempotent: lost answers, replayed and reordered batches, one bad op in a batch.

sync-anchors §9 tests 6, 7 and 8. The server keeps the answer to every op it applied; a batch
sent again gets the same answers marked ``duplicate`` and changes nothing.
"""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Callable
from typing import Any

import requests
from sqlalchemy import func, select
from sync_support import (
    VILLAGE_A,
    VILLAGE_B,
    CountyServer,
    RawDevice,
    VillagePC,
    protocol_headers,
)

from county.models import AppliedOp, ChangeFeed, Record
from desktop.models.demand import Demand
from desktop.sync.engine import SyncEngine
from desktop.sync.setup import transport_for
from desktop.sync.transport import Answer, Offline, Transport


def _applied_ops(county: CountyServer, device_id: str) -> int:
    with county.db.reading() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AppliedOp).where(AppliedOp.device_id == device_id)
            )
            or 0
        )


def test_resending_a_batch_whose_answer_was_lost_returns_the_same_answers(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    ids = [str(uuid.uuid4()) for _ in range(5)]
    ops = [
        device.op("demand", i, "create", device.demand_fields(f"需求{n}"))
        for n, i in enumerate(ids)
    ]
    ops += [
        device.op("demand", ids[0], "update", {"description": "补充说明"}, base_version=1),
        device.op("demand", ids[0], "update", {"description": "再补充"}, base_version=1),
        device.op("demand", ids[1], "delete", base_version=1),
        # Rejected (no such record): the rejection is remembered like any other answer.
        device.op("demand", str(uuid.uuid4()), "update", {"title": "无"}, base_version=1),
    ]
    batch_id = str(uuid.uuid4())

    first = device.push_ok(ops, batch_id=batch_id)
    after_first = county.snapshot()
    # The answer never reached the village PC, so it sends exactly the same request again.
    second = device.push_ok(ops, batch_id=batch_id)

    assert [r["status"] for r in first] == ["applied"] * 8 + ["rejected"]
    for original, again in zip(first, second, strict=True):
        assert again["status"] == "duplicate"
        assert again["original_status"] == original["status"]
        assert again.get("server_version") == original.get("server_version")
        assert again.get("reason") == original.get("reason")
    assert county.snapshot() == after_first
    assert sorted(d["id"] for d in county.demands()) == sorted(set(ids) - {ids[1]})
    assert county.demand(ids[0])["version"] == 3
    assert county.demand(ids[0])["description"] == "再补充"
    assert _applied_ops(county, device.device_id) == len(ops) + 1  # and the station's


class _LoseFirstPushAnswer:
    """A transport whose first push reaches the server but whose answer is lost."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.lost = 0

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        answer = self.inner.request(method, path, **kwargs)
        if path == "/api/v1/sync/push" and not self.lost:
            self.lost += 1
            raise Offline("连接中断")
        return answer


def test_the_client_recovers_from_a_lost_push_answer_without_duplicates(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    ids = [pc.register(f"第{n}条需求") for n in range(4)]
    waiting = len(pc.outbox())

    transport = transport_for(pc.data_dir)
    try:
        lossy = _LoseFirstPushAnswer(transport)
        try:
            SyncEngine(pc.db, lossy).run()  # type: ignore[arg-type]
        except Offline:
            pass
        else:
            raise AssertionError("the lost answer should have stopped the round")
        assert len(pc.outbox()) == waiting  # nothing acknowledged locally
        report = SyncEngine(pc.db, lossy).run()  # type: ignore[arg-type]
    finally:
        transport.close()

    assert report.duplicates == waiting and report.pushed == 0
    assert pc.outbox() == []
    assert sorted(d["id"] for d in county.demands()) == sorted(ids)
    assert all(county.demand(i)["version"] == 1 for i in ids)
    assert all(pc.demand(i).server_version == 1 for i in ids)
    assert _applied_ops(county, pc.device_id) == waiting


def _script(device: RawDevice, ids: dict[str, str]) -> list[list[dict[str, Any]]]:
    """Four batches of one device; ``ids`` maps names to this run's record ids."""
    station = device.station_id
    demands = [f"d{n}" for n in range(6)]
    return [
        [
            device.op("demand", ids[d], "create", device.demand_fields(f"需求{d}", number=d))
            for d in demands
        ],
        [
            device.op("demand", ids["d0"], "update", {"title": "改过的标题"}, 1),
            device.op(
                "demand", ids["d1"], "update", {"description": "补充", "urgency": "URGENT"}, 1
            ),
            device.op("demand", ids["d2"], "update", {"description": "第一次"}, 1),
            device.op(
                "contact",
                ids["c0"],
                "create",
                {
                    "station_id": station,
                    "name": "赵大爷",
                    "group_name": "一组",
                    "address": "村东",
                    "tags": ["ELDERLY_ALONE"],
                    "consent_contact": True,
                    "consent_sensitive": False,
                    "guardian_consent": False,
                    "note": "",
                },
            ),
        ],
        [
            device.op("demand", ids["d3"], "delete", None, 1),
            device.op("demand", ids["d2"], "update", {"description": "第二次"}, 2),
            device.op("contact", ids["c0"], "update", {"phone": "13900001111"}, 1),
            device.op("demand", ids["missing"], "update", {"title": "不存在"}, 1),
        ],
        [
            device.op("demand", ids["d4"], "update", {"requester_contact_id": ids["c0"]}, 1),
            device.op(
                "demand_event",
                ids["e0"],
                "create",
                {
                    "demand_id": ids["d0"],
                    "kind": "NOTE",
                    "actor": "VILLAGE",
                    "occurred_at": "2026-11-29T02:00:00Z",
                    "note": "电话回访",
                },
            ),
            device.op("demand", ids["d5"], "update", {"title": "最后一次修改"}, 1),
        ],
    ]


_NAMES = ["station", "missing", "c0", "e0", *(f"d{n}" for n in range(6))]


def _state(county: CountyServer, village: tuple[str, str], ids: dict[str, str]) -> Any:
    """The village's records with ids replaced by their names: comparable across villages."""
    names = {v: k for k, v in ids.items()}

    def plain(value: Any) -> Any:
        return names.get(value, value) if isinstance(value, str) else value

    village_id = county.village_id(village)
    with county.db.reading() as session:
        feed = int(
            session.scalar(
                select(func.count())
                .select_from(ChangeFeed)
                .where(ChangeFeed.village_id == village_id)
            )
            or 0
        )
        records = list(session.scalars(select(Record).where(Record.village_id == village_id)))
    return feed, sorted(
        (
            r.entity,
            names[r.id],
            r.version,
            r.deleted_at is not None,
            sorted((k, plain(v)) for k, v in r.data.items()),
            sorted(r.field_versions.items()),
        )
        for r in records
        if r.entity != "station"  # each device's own, made at enrolment: named by its village
    )


def _send_raw(
    device: RawDevice, batch: list[dict[str, Any]], batch_id: str
) -> list[dict[str, Any]]:
    """One push on its own connection (safe from several threads at once)."""
    with requests.Session() as http:
        response = http.post(
            device.server.url + "/api/v1/sync/push",
            data=json.dumps({"batch_id": batch_id, "ops": batch}, ensure_ascii=False).encode(),
            headers={**protocol_headers(), "Authorization": f"Bearer {device.token}"},
            timeout=60,
        )
    assert response.status_code == 200, (response.status_code, response.text)
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _send_concurrently(
    device: RawDevice, batch: list[dict[str, Any]], batch_id: str, copies: int
) -> list[list[dict[str, Any]]]:
    outcomes: list[list[dict[str, Any]] | BaseException] = []
    start = threading.Barrier(copies)

    def send() -> None:
        start.wait()
        try:
            outcomes.append(_send_raw(device, batch, batch_id))
        except BaseException as error:  # reported by the test thread
            outcomes.append(error)

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes  # type: ignore[return-value]


def test_replayed_reordered_and_concurrent_batches_end_like_one_clean_delivery(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    rng = random.Random(20261129)
    clean_ids = {name: str(uuid.uuid4()) for name in _NAMES}
    noisy_ids = {name: str(uuid.uuid4()) for name in _NAMES}
    clean = raw_device(county, VILLAGE_A)
    noisy = raw_device(county, VILLAGE_B)
    # Each device's station (made at enrolment) goes by the same name in both villages.
    clean_ids["station"], noisy_ids["station"] = clean.station_id, noisy.station_id

    for batch in _script(clean, clean_ids):
        clean.push_ok(batch)

    batches = _script(noisy, noisy_ids)
    batch_ids = [str(uuid.uuid4()) for _ in batches]
    # The client sends batch n+1 only after batch n was answered, so first deliveries come in
    # order; every batch is then replayed, anywhere later, in any order: 2-5 deliveries in all
    # (batch 1's first delivery is two concurrent requests, so it gets one replay less here).
    plan = list(range(len(batches)))
    for index in range(len(batches)):
        for _ in range(rng.randint(1, 3 if index == 1 else 4)):
            plan.insert(rng.randint(plan.index(index) + 1, len(plan)), index)
    assert plan != sorted(plan)
    sent = dict.fromkeys(range(len(batches)), 0)
    statuses: list[str] = []
    for position, index in enumerate(plan):
        if position == plan.index(1):
            # The first delivery of batch 1 is two uploads at the same moment (a retry racing
            # the original request).
            results = _send_concurrently(noisy, batches[1], batch_ids[1], 2)
            statuses += [r["status"] for result in results for r in result]
            sent[index] += 2
            continue
        statuses += [r["status"] for r in _send_raw(noisy, batches[index], batch_ids[index])]
        sent[index] += 1

    assert all(2 <= times <= 5 for times in sent.values()), sent
    replayed_ops = sum(len(batches[i]) * (sent[i] - 1) for i in sent)
    assert statuses.count("duplicate") == replayed_ops
    assert _state(county, VILLAGE_B, noisy_ids) == _state(county, VILLAGE_A, clean_ids)
    total_ops = sum(len(b) for b in batches)
    # (and each station's create)
    assert _applied_ops(county, noisy.device_id) == total_ops + 1
    assert _applied_ops(county, clean.device_id) == total_ops + 1


def test_one_invalid_op_among_a_hundred_is_rejected_alone(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    ops = [
        device.op("demand", str(uuid.uuid4()), "create", device.demand_fields(f"需求{n}"))
        for n in range(100)
    ]
    ops[57]["fields"]["villager_age"] = 78  # no such field

    results = device.push_ok(ops)

    statuses = [r["status"] for r in results]
    assert statuses.count("applied") == 99
    assert statuses[57] == "rejected"
    assert "villager_age" in results[57]["reason"]
    assert len(county.demands()) == 99
    later = device.op("demand", str(uuid.uuid4()), "create", device.demand_fields("后来的需求"))
    assert device.push_ok([later])[0]["status"] == "applied"
    assert len(county.demands()) == 100


def test_the_client_keeps_the_rejection_and_the_queue_keeps_flowing(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    first = [pc.register(f"前面的需求{n}") for n in range(25)]
    bad = pc.add_raw_op("demand", str(uuid.uuid4()), "create", {"title": "缺字段的需求"})
    second = [pc.register(f"后面的需求{n}") for n in range(24)]
    assert len(pc.outbox()) == 100

    report = pc.sync()

    assert report.rejected == 1 and report.pushed == 100  # delivered, one of them refused
    assert pc.outbox() == []
    [rejection] = pc.rejections()
    assert rejection.op_id == bad and "缺少字段" in rejection.reason
    assert {d["id"] for d in county.demands()} == set(first + second)
    assert all(pc.demand(i).server_version == 1 for i in first + second)

    later = pc.register("之后登记的需求")
    report = pc.sync()
    assert report.rejected == 0 and pc.outbox() == []
    assert later in {d["id"] for d in county.demands()}
    assert len(pc.rejections()) == 1
    with pc.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Demand)) == 50
    assert VILLAGE_A[0] in {d["village_code"] for d in county.demands()}
