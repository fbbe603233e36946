"""Bad input gets a clear 4xx with a Chinese message, applies nothing, and the server goes on.

Malformed JSON, wrong shapes, oversized bodies, unknown entities and fields, another village's
ids, used or expired enrolment codes, wrong admin passwords.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import requests
from sync_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    VILLAGE_A,
    VILLAGE_B,
    CountyServer,
    RawDevice,
    basic_auth,
    has_cjk,
)

import liaison_wire as wire
from county import accounts


def _assert_refused(response: requests.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, (response.request.url, response.text)
    body = response.json()
    assert has_cjk(body["message"]), body
    if code is not None:
        assert body["error"] == code, body


def _records(county: CountyServer) -> Any:
    snapshot = county.snapshot()
    return snapshot["records"], snapshot["feed"], snapshot["devices"]


def test_malformed_and_wrongly_shaped_pushes_are_refused(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    good = device.op("demand", str(uuid.uuid4()), "create", device.demand_fields("正常的需求"))
    before = county.snapshot()

    def push_bytes(data: bytes) -> requests.Response:
        return device.request("POST", "/api/v1/sync/push", data=data)

    _assert_refused(push_bytes(b'{"ops": [{"op_id": '), 400, "bad_json")
    _assert_refused(push_bytes(b"\xff\xfe\x00garbage"), 400)
    _assert_refused(push_bytes(b""), 400)
    for payload in (
        [],
        {"ops": "全部"},
        {"ops": [good, "一条"]},
        {"ops": [{**good, "device_seq": "十七"}]},
        {"ops": [{**good, "op_id": 17}]},
        {"ops": [{**good, "record_id": "too-short"}]},
        {"ops": [{**good, "fields": ["title", "x"]}]},
        {"ops": [good] * (wire.MAX_PUSH_OPS + 1)},
        {"batch_id": str(uuid.uuid4())},
    ):
        _assert_refused(device.post("/api/v1/sync/push", payload), 400)
    _assert_refused(device.pull(cursor=-1), 400)
    _assert_refused(device.pull(limit=wire.MAX_PULL_LIMIT + 1), 400)
    assert device.request("GET", "/api/v1/sync/pull", params={"cursor": "abc"}).status_code == 400

    assert county.snapshot() == before
    assert device.push_ok([good])[0]["status"] == "applied"
    assert county.healthy()


def test_a_push_of_as_many_ops_as_allowed_is_taken_and_announces_the_limit(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    """The push limit is what the server says on its answers (``X-Max-Push-Ops``): a push
    of exactly that many ops is applied whole (one more is refused, above)."""
    device = raw_device(county)
    ops = [
        device.op("demand", str(uuid.uuid4()), "create", device.demand_fields(f"需求{i}"))
        for i in range(wire.MAX_PUSH_OPS)
    ]
    response = device.post("/api/v1/sync/push", {"ops": ops})
    assert response.status_code == 200, response.text
    assert response.headers[wire.HEADER_MAX_PUSH_OPS] == str(wire.MAX_PUSH_OPS)
    assert wire.MAX_PUSH_OPS >= wire.PUSH_OPS_ANY_SERVER
    assert [r["status"] for r in response.json()["results"]] == ["applied"] * len(ops)


def _chunks(size: int) -> Iterator[bytes]:
    prefix = b'{"ops": [], "batch_id": "'
    yield prefix
    left = size - len(prefix)
    while left > 0:
        step = min(left, 1 << 20)
        yield b"x" * step
        left -= step
    yield b'"}'


def test_a_body_over_8_mib_is_refused_with_413(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    before = county.snapshot()
    big = wire.MAX_BODY_BYTES + 1024
    op = device.op(
        "demand",
        str(uuid.uuid4()),
        "create",
        device.demand_fields("超大的需求", description="长" * big),
    )

    declared = device.post("/api/v1/sync/push", {"ops": [op]})
    _assert_refused(declared, 413, "too_large")
    # Without a Content-Length (chunked upload) the limit holds as well.
    chunked = device.request("POST", "/api/v1/sync/push", data=_chunks(big))
    _assert_refused(chunked, 413, "too_large")
    photo = device.request(
        "PATCH",
        f"/api/v1/blobs/{'a' * 64}",
        data=b"\0" * (wire.MAX_BLOB_BYTES + 70_000),
        headers={"Upload-Offset": "0", "Upload-Length": str(wire.MAX_BLOB_BYTES + 70_000)},
    )
    _assert_refused(photo, 413, "too_large")

    assert county.snapshot() == before
    assert county.healthy()
    small = device.op("demand", str(uuid.uuid4()), "create", device.demand_fields("正常大小的需求"))
    body = json.dumps({"ops": [small]}, ensure_ascii=False).encode()
    # A small chunked upload still goes through.
    answer = device.request("POST", "/api/v1/sync/push", data=iter([body[:50], body[50:]]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "applied"
    assert [d["title"] for d in county.demands()] == ["正常大小的需求"]


def test_unknown_entities_fields_types_and_foreign_ids_are_rejected_per_op(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    other = raw_device(county, VILLAGE_B)
    foreign = str(uuid.uuid4())
    assert other.push_ok([other.op("demand", foreign, "create", other.demand_fields("B村的需求"))])
    own = str(uuid.uuid4())
    assert device.push_ok([device.op("demand", own, "create", device.demand_fields("A村的需求"))])
    before = _records(county)

    cases = {
        "未知的记录类型": device.op("villager", str(uuid.uuid4()), "create", {"name": "张三"}),
        "没有字段": device.op("demand", own, "update", {"villager_age": 80}, 1),
        "应为文本": device.op("demand", own, "update", {"title": 5}, 1),
        "应为是/否": device.op("demand", own, "update", {"anonymous": "是"}, 1),
        "UTC": device.op("demand", own, "update", {"registered_at": "2026-11-29 08:00"}, 1),
        "不能为空": device.op("demand", own, "update", {"title": None}, 1),
        "未知的操作": device.op("demand", own, "upsert", {"title": "x"}, 1),
        "县中心统一维护": device.op("demand_category", str(uuid.uuid4()), "create", {}),
        "县中心负责": device.op("demand", own, "update", {"status": "CLOSED"}, 1),
        "缺少字段": device.op("demand", str(uuid.uuid4()), "create", {"title": "只有标题"}),
        "不属于本村": device.op("demand", foreign, "update", {"title": "改别村的"}, 1),
        "不存在": device.op("demand", str(uuid.uuid4()), "delete", None, 1),
    }

    results = device.push_ok(list(cases.values()))

    for (expected, _op), result in zip(cases.items(), results, strict=True):
        assert result["status"] == "rejected", (expected, result)
        assert expected in result["reason"], (expected, result)
        assert has_cjk(result["reason"])
    assert _records(county) == before
    assert county.healthy()


def test_used_expired_and_unknown_enrolment_codes_are_refused(county: CountyServer) -> None:
    used = county.enrol_code()
    expired = county.enrol_code(
        now=dt.datetime.now(dt.UTC) - accounts.ENROL_CODE_LIFETIME - dt.timedelta(hours=1)
    )
    url = county.url + "/api/v1/enrol"
    headers = {wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION)}
    with requests.Session() as http:
        first = http.post(url, json={"code": used, "device_name": "一号机"}, headers=headers)
        assert first.status_code == 200
        before = county.snapshot()

        again = http.post(url, json={"code": used, "device_name": "二号机"}, headers=headers)
        _assert_refused(again, 400, "enrol_refused")
        assert "用过" in again.json()["message"]
        late = http.post(url, json={"code": expired, "device_name": "三号机"}, headers=headers)
        _assert_refused(late, 400, "enrol_refused")
        assert "过期" in late.json()["message"]
        unknown = http.post(url, json={"code": "AAAA-BBBB-CCCC"}, headers=headers)
        _assert_refused(unknown, 400, "enrol_refused")
        assert "不正确" in unknown.json()["message"]
        _assert_refused(http.post(url, json={"device_name": "没有码"}, headers=headers), 400)
        _assert_refused(http.post(url, json={"code": "x" * 500}, headers=headers), 400)

        # A typed code is forgiven for case and dashes, but still single-use.
        fresh = county.enrol_code()
        typed = fresh.replace("-", " ").lower()
        assert http.post(url, json={"code": typed}, headers=headers).status_code == 200
        _assert_refused(http.post(url, json={"code": fresh}, headers=headers), 400)

    after = county.snapshot()
    assert after["devices"] == before["devices"] + 1
    assert after["used_codes"] == before["used_codes"] + 1
    assert county.healthy()


def test_wrong_admin_credentials_and_missing_tokens_get_401(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    demand = str(uuid.uuid4())
    device.push_ok([device.op("demand", demand, "create", device.demand_fields("等待派单"))])
    before = county.snapshot()
    dispatch = f"{county.url}/api/v1/admin/demands/{demand}/dispatch"

    with requests.Session() as http:
        for authorization in (
            basic_auth(ADMIN_USER, ADMIN_PASSWORD + "x"),
            basic_auth("nobody", ADMIN_PASSWORD),
            f"Bearer {device.token}",
            None,
        ):
            headers = {"Authorization": authorization} if authorization else {}
            answer = http.post(dispatch, json={"team_name": "冒名的队伍"}, headers=headers)
            _assert_refused(answer, 401, "unauthorized")
            assert answer.headers.get("WWW-Authenticate", "").startswith("Basic")
        garbled = http.get(
            county.url + "/api/v1/admin/demands", headers={"Authorization": "Basic %%%"}
        )
        assert garbled.status_code in (400, 401) and has_cjk(garbled.json()["message"])

        sync_headers = {wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION)}
        for token in (None, "Bearer ", "Bearer not-a-token", f"Basic {device.token}"):
            headers = {**sync_headers, **({"Authorization": token} if token else {})}
            answer = http.get(county.url + "/api/v1/sync/pull", headers=headers)
            _assert_refused(answer, 401, "unauthorized")

    assert county.snapshot() == before
    assert county.demand(demand)["status"] == "SUBMITTED"
    assert county.healthy()
    assert VILLAGE_A[0] == county.demands()[0]["village_code"]
