"""Who may do what: forged cross-village requests, revoked devices, protocol version skew.

sync-anchors §9 tests 18, 19 and 20. The village is derived from the device token only; a
revoked or outdated client is stopped before anything is applied, and keeps all its data.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sync_support import (
    VILLAGE_A,
    VILLAGE_B,
    CountyServer,
    RawDevice,
    VillagePC,
    demand_fields,
    has_cjk,
    protocol_headers,
)

import liaison_wire as wire
from county.__main__ import main as county_main
from desktop.__main__ import main as liaison_main
from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import Contact
from desktop.models.writes import WritePath
from desktop.sync.engine import SyncEngine
from desktop.sync.setup import transport_for
from desktop.sync.transport import Offline, Unauthorized, UpdateRequired

MARKER = "B村机密-MARKER-7f3a9c"

_SAMPLE: dict[str, Any] = {
    "str": "测试",
    "int": 1,
    "bool": False,
    "datetime": "2026-11-29T01:30:00Z",
    "date": "2026-11-29",
    "list": [],
}
# Which of village A's own records a required reference points at.
_OWN_REFERENCE = {
    "station_id": "station",
    "demand_id": "demand",
    "activity_id": "activity",
    "volunteer_id": "volunteer",
    "owner_id": "demand",
}
# Created first, so that the others can point at them.
_ORDER = ["station", "demand", "activity", "volunteer"]


def _valid_fields(entity: str, own: dict[str, str]) -> dict[str, Any]:
    """A complete, valid create payload of ``entity``; references point at A's own records."""
    fields: dict[str, Any] = {}
    for name, kind in wire.ENTITIES[entity].village_fields.items():
        base = kind.rstrip("?")
        if base == "id":
            fields[name] = None if kind.endswith("?") else own[_OWN_REFERENCE[name]]
        else:
            fields[name] = _SAMPLE[base]
    if entity == "attachment":
        fields["owner_entity"] = "demand"
    return fields


def _village_b(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    raw_device: Callable[..., RawDevice],
) -> tuple[set[str], str, str]:
    """Village B with a marked demand, contact, conflict and photo; returns ids, demand, sha."""
    pc = make_village(county, VILLAGE_B)
    with pc.db.writing() as session:
        WritePath(session).create(
            Contact(station_id=pc.station_id, name="孙秀英", address=MARKER, note=MARKER)
        )
    demand_id = pc.register(f"{MARKER} 低保申请", description=MARKER)
    pc.sync()
    pc.edit(demand_id, description=f"{MARKER} 第一次补充")
    pc.sync()
    other = raw_device(county, VILLAGE_B)
    conflict = other.push_ok(
        [other.op("demand", demand_id, "update", {"description": f"{MARKER} 另一台"}, 1)]
    )
    assert conflict[0]["status"] == "applied_with_conflict"
    photo = f"照片 {MARKER}".encode()
    sha = hashlib.sha256(photo).hexdigest()
    upload = other.request(
        "PATCH",
        f"/api/v1/blobs/{sha}",
        data=photo,
        headers={
            "Upload-Offset": "0",
            "Upload-Length": str(len(photo)),
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert upload.status_code == 200, upload.text
    ids = {r.id for r in county.records(VILLAGE_B)}
    assert len(ids) >= 4
    return ids, demand_id, sha


def _b_state(county: CountyServer) -> list[tuple[Any, ...]]:
    return [
        (r.id, r.entity, r.version, r.deleted_at, sorted(r.data.items(), key=str))
        for r in county.records(VILLAGE_B)
    ]


def test_forged_cross_village_requests_are_refused_and_leak_nothing(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    raw_device: Callable[..., RawDevice],
) -> None:
    b_ids, b_demand, b_sha = _village_b(county, make_village, raw_device)
    b_records = {r.id: r.entity for r in county.records(VILLAGE_B)}
    b_village_id = county.village_id(VILLAGE_B)
    before = _b_state(county)
    a = raw_device(county, VILLAGE_A)

    # Village A's own records, one per entity it may write: the payloads themselves are valid.
    writable = [e for e, spec in wire.ENTITIES.items() if spec.village_writable]
    own = {entity: str(uuid.uuid4()) for entity in writable}
    own_station = own["station"]
    setup = [
        a.op(entity, own[entity], "create", _valid_fields(entity, own))
        for entity in sorted(writable, key=lambda e: [*_ORDER, e].index(e))
    ]
    assert {r["status"] for r in a.push_ok(setup)} == {"applied"}

    forged: list[dict[str, Any]] = []
    # 1. Update, delete or re-create village B's records, whatever base version is claimed.
    for record_id, entity in b_records.items():
        text_field = next(n for n, k in wire.ENTITIES[entity].village_fields.items() if k == "str")
        for base in (None, 0, 1, 2, 3, 99):
            forged.append(a.op(entity, record_id, "update", {text_field: "A村改写"}, base))
            forged.append(a.op(entity, record_id, "delete", None, base))
            forged.append(a.op(entity, record_id, "create", _valid_fields(entity, own)))
            forged.append(a.op("contact", record_id, "update", {"name": "A村改写"}, base))
    # 2. Point A's records (new or existing) at B's records.
    for entity, spec in wire.ENTITIES.items():
        for name, kind in spec.village_fields.items():
            is_ref = kind.rstrip("?") == "id" or name.endswith("_ids")
            if not is_ref:
                continue
            for b_id in b_ids:
                value: Any = [b_id] if kind == "list" else b_id
                fields = {**_valid_fields(entity, own), name: value}
                forged.append(a.op(entity, str(uuid.uuid4()), "create", fields))
                forged.append(a.op(entity, own[entity], "update", {name: value}, 1))
    # 3. Name a village in the payload, or write fields the county owns.
    for entity in own:
        for name, value in (
            ("village_id", b_village_id),
            ("village", VILLAGE_B[0]),
            ("village_code", VILLAGE_B[0]),
        ):
            fields = {**_valid_fields(entity, own), name: value}
            forged.append(a.op(entity, str(uuid.uuid4()), "create", fields))
            forged.append(a.op(entity, own[entity], "update", {name: value}, 1))
    for name in wire.ENTITIES["demand"].county_fields:
        value = "RESOLVED" if name == "status" else None
        forged.append(a.op("demand", own["demand"], "update", {name: value}, 1))
        forged.append(a.op("demand", b_demand, "update", {name: value}, 1))
    # 4. Reference data is the county's.
    for entity, spec in wire.ENTITIES.items():
        if not spec.village_writable:
            forged.append(a.op(entity, str(uuid.uuid4()), "create", {}))
    assert len(forged) >= 300

    results: list[dict[str, Any]] = []
    for op in forged[:20]:
        results += a.push_ok([op])
    for start in range(20, len(forged), 60):
        results += a.push_ok(forged[start : start + 60])
    refused = [r for r in results if r["status"] == "rejected"]
    assert len(refused) == len(forged), [
        (op["entity"], op["op"], op["fields"], r)
        for op, r in zip(forged, results, strict=True)
        if r["status"] != "rejected"
    ][:5]
    assert all(has_cjk(r["reason"]) for r in refused)

    # A village named in the body is ignored: the record lands in the token's village.
    smuggled = str(uuid.uuid4())
    answer = a.push_ok(
        [a.op("demand", smuggled, "create", demand_fields("夹带村名的需求", own_station))],
        village_id=b_village_id,
        village=VILLAGE_B[0],
    )
    assert answer[0]["status"] == "applied"
    assert smuggled in {r.id for r in county.records(VILLAGE_A)}

    # Pulls, conflicts, photos, admin routes: nothing of B comes back.
    cursor, pages = 0, 0
    while True:
        page = a.pull(cursor, limit=3)
        assert page.status_code == 200
        body = page.json()
        pages += 1
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert pages > 1
    assert a.pull(0, limit=1000).status_code == 200
    assert a.request("GET", "/api/v1/sync/conflicts").json()["conflicts"] == []
    assert a.request("HEAD", f"/api/v1/blobs/{b_sha}").status_code == 404
    for path in (
        f"/api/v1/admin/demands/{b_demand}",
        "/api/v1/admin/demands",
        f"/api/v1/admin/conflicts?village={VILLAGE_B[0]}",
        "/api/v1/admin/devices",
    ):
        assert a.request("GET", path).status_code == 401

    secrets = [MARKER, VILLAGE_B[0], VILLAGE_B[1], b_sha, *b_ids]
    for response in a.responses:
        text = response.text
        leaked = [s for s in secrets if s in text]
        assert not leaked, (response.request.method, response.request.url, leaked)
    assert _b_state(county) == before

    # The real client of village A, after a full sync, holds no byte of village B either.
    pc_a = make_village(county, VILLAGE_A, with_station=False)
    pc_a.sync()
    pc_a.close()
    stored = b"".join(p.read_bytes() for p in pc_a.data_dir.glob("workbench.db*") if p.is_file())
    assert MARKER.encode() not in stored
    assert not [s for s in b_ids if s.encode() in stored]


def test_a_revoked_device_keeps_everything_and_resumes_after_re_enrolment(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = make_village(county)
    synced = [pc.register(f"已同步的需求{n}") for n in range(3)]
    pc.sync()
    waiting = [pc.register(f"待上报的需求{n}") for n in range(2)]
    pc.edit(synced[0], description="注销前的修改")
    # The first push of these reaches the county, but its answer is lost.
    transport = transport_for(pc.data_dir)
    try:
        with pytest.raises(Offline):
            SyncEngine(pc.db, _LoseAnswers(transport)).run()  # type: ignore[arg-type]
    finally:
        transport.close()
    outbox = [op.op_id for op in pc.outbox()]
    assert len(outbox) == 5

    args = ["--data-dir", str(county.data_dir)]
    if county.database_url:
        args += ["--database-url", county.database_url]
    assert county_main([*args, "revoke", pc.device_id]) == 0
    [device] = county.admin_ok("GET", "/api/v1/admin/devices")["devices"]
    assert device["revoked"] is True

    with pytest.raises(Unauthorized) as refused:
        pc.sync()
    assert has_cjk(refused.value.message)
    capsys.readouterr()
    data = ["--data-dir", str(pc.data_dir)]
    assert liaison_main(["sync", "--once", *data]) == 4
    assert "重新注册" in capsys.readouterr().err
    assert [op.op_id for op in pc.outbox()] == outbox
    with pc.db.reading() as session:
        local = {d.id for d in session.query(Demand).filter(Demand.deleted_at.is_(None))}
    assert local == set(synced + waiting)
    assert pc.demand(synced[0]).description == "注销前的修改"

    code = county.enrol_code()
    assert liaison_main(["enrol", *data, "--server", county.url, "--code", code]) == 0
    assert liaison_main(["sync", "--once", *data]) == 0

    assert pc.outbox() == []
    assert pc.rejections() == []
    assert sorted(d["id"] for d in county.demands()) == sorted(synced + waiting)
    events = [r for r in county.records(VILLAGE_A) if r.entity == "demand_event"]
    assert len(events) == 5  # one REGISTERED each, none twice
    edited = county.demand(synced[0])
    assert edited["description"] == "注销前的修改" and edited["version"] == 2
    assert all(county.demand(i)["version"] == 1 for i in waiting)
    devices = county.admin_ok("GET", "/api/v1/admin/devices")["devices"]
    assert [d["revoked"] for d in devices] == [True, False]


class _LoseAnswers:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        self.inner.request(method, path, **kwargs)
        raise Offline("连接中断")


def test_an_unsupported_protocol_version_is_refused_before_anything_happens(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    code = county.enrol_code()
    before = county.snapshot()
    op = device.op("demand", str(uuid.uuid4()), "create", device.demand_fields("新版本才有的需求"))

    for version in ("0", "2", "", "1.0", "-1", "¹"):
        headers = protocol_headers(version)
        answers = [
            device.request(
                "POST",
                "/api/v1/sync/push",
                headers=headers,
                json={"batch_id": str(uuid.uuid4()), "ops": [op]},
            ),
            device.request("GET", "/api/v1/sync/pull", headers=headers, params={"cursor": 0}),
            device.request("GET", "/api/v1/sync/conflicts", headers=headers),
            device.request(
                "POST",
                "/api/v1/enrol",
                headers=headers,
                json={"code": code, "device_name": "新电脑"},
            ),
            device.request("HEAD", f"/api/v1/blobs/{'0' * 64}", headers=headers),
        ]
        for answer in answers:
            assert answer.status_code == 426, (version, answer.request.url, answer.text)
            if answer.request.method != "HEAD":
                assert answer.json()["error"] == "unsupported_protocol"
                assert has_cjk(answer.json()["message"]) and "版本" in answer.json()["message"]

    assert county.snapshot() == before
    # The same op and the same code still work at the right version: nothing was used up.
    assert device.push_ok([op])[0]["status"] == "applied"
    enrol = device.request("POST", "/api/v1/enrol", json={"code": code, "device_name": "新电脑"})
    assert enrol.status_code == 200
    assert county.healthy()


def test_the_client_reports_update_required_and_keeps_working_offline(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = make_village(county)
    demand_id = pc.register("版本过新时登记的需求")
    outbox = [op.op_id for op in pc.outbox()]
    before = county.snapshot()

    monkeypatch.setattr(wire, "PROTOCOL_VERSION", wire.MAX_PROTOCOL + 1)
    with pytest.raises(UpdateRequired) as refused:
        pc.sync()
    assert "最新版本" in refused.value.message
    capsys.readouterr()
    assert liaison_main(["sync", "--once", "--data-dir", str(pc.data_dir)]) == 5
    assert "需要更新" in capsys.readouterr().err
    assert county.snapshot() == before
    assert [op.op_id for op in pc.outbox()] == outbox
    # Working offline goes on: the officer can still register demands.
    second = pc.register("离线继续登记的需求")

    monkeypatch.setattr(wire, "PROTOCOL_VERSION", wire.MAX_PROTOCOL)
    pc.sync()
    assert {d["id"] for d in county.demands()} == {demand_id, second}
    with pc.db.reading() as session:
        assert session.query(DemandEvent).count() == 2
