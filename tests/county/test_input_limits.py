"""Anything a client can send gets a 4xx with a JSON reason, never a 5xx: numbers and headers
are bounded, ids are UUIDs, NUL characters are refused, booleans are not numbers. Each case
first reproduces an answer that used to be a 500 (on SQLite, PostgreSQL or both).
"""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from sync_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    CountyServer,
    RawDevice,
    basic_auth,
    has_cjk,
    protocol_headers,
)

import liaison_wire as wire
from county import accounts, sync_service
from county.api import create_app
from county.db import open_county_database


def _refused(answer: requests.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, (answer.request.url, answer.status_code, answer.text)
    assert answer.headers["Content-Type"].startswith("application/json")
    assert wire.HEADER_SERVER_TIME in answer.headers
    body: dict[str, Any] = answer.json()
    assert body["error"] and has_cjk(body["message"]), body
    return body


def test_numbers_headers_ids_and_nul_are_refused_with_a_4xx(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    before = county.snapshot()

    # Pull cursors beyond 64 bits (a 500 on both databases); the largest one is fine.
    _refused(device.pull(cursor=2**63), 400)
    _refused(device.pull(cursor=2**64 + 5), 400)
    assert device.pull(cursor=2**63 - 1).status_code == 200

    # A protocol header of 5,000 digits (int() of it raised: a 500).
    answer = device.request("GET", "/api/v1/sync/pull", headers={wire.HEADER_PROTOCOL: "1" * 5000})
    _refused(answer, 426)
    # A Content-Length of 5,000 digits.
    answer = device.request(
        "POST", "/api/v1/sync/push", data=b"{}", headers={"Content-Length": "9" * 5000}
    )
    assert answer.status_code in (400, 413), answer.text

    # An op_id with a NUL in it: SQLite answered the retried batch 500 for ever (its stored
    # answers are looked up with json_each, which does not match it), PostgreSQL the first push.
    good = device.op("demand", str(uuid.uuid4()), "create", device.demand_fields("正常的需求"))
    for _ in range(2):
        _refused(device.push([{**good, "op_id": good["op_id"][:-1] + "\x00"}]), 400)
    # Ids are UUIDs, not any 36 characters; whole numbers are not true/false.
    _refused(device.push([{**good, "record_id": "x" * 36}]), 400)
    _refused(device.push([{**good, "op_id": good["op_id"].upper()}]), 400)
    _refused(device.push([{**good, "base_version": False}]), 400)
    _refused(device.push([{**good, "device_seq": True}]), 400)
    _refused(device.push([good], batch_id="batch-1"), 400)
    # A field value with a NUL is refused for its op alone.
    nul_value = device.op(
        "demand", str(uuid.uuid4()), "create", device.demand_fields("空字符\x00的需求")
    )
    [result] = device.push_ok([nul_value])
    assert result["status"] == "rejected" and "空字符" in result["reason"]
    id_field = device.op(
        "demand", str(uuid.uuid4()), "create", device.demand_fields("x", grid_id="G" * 36)
    )
    [result] = device.push_ok([id_field])
    assert result["status"] == "rejected" and "UUID" in result["reason"]

    # Photos: a Range of thousands of digits, an offset beyond 64 bits, a name with a newline.
    sha = "a" * 64
    _refused(
        device.request(
            "GET", f"/api/v1/blobs/{sha}", headers={"Range": "bytes=" + "9" * 5000 + "-"}
        ),
        400,
    )
    _refused(
        device.request(
            "PATCH",
            f"/api/v1/blobs/{sha}",
            data=b"x",
            headers={"Upload-Offset": str(2**64), "Upload-Length": "1"},
        ),
        400,
    )
    _refused(device.request("GET", f"/api/v1/blobs/{sha}%0A"), 400)

    # NUL in other requests: an enrolment's device name, an admin query, a path.
    enrol = requests.post(
        county.url + "/api/v1/enrol",
        json={"code": county.enrol_code(), "device_name": "一号机\x00"},
        headers=protocol_headers(),
        timeout=30,
    )
    _refused(enrol, 400)
    admin = {"Authorization": basic_auth(ADMIN_USER, ADMIN_PASSWORD)}
    _refused(
        requests.get(
            county.url + "/api/v1/admin/demands",
            params={"village": "2201\x00"},
            headers=admin,
            timeout=30,
        ),
        400,
    )
    _refused(requests.get(county.url + "/api/v1/admin/demands/%00", headers=admin, timeout=30), 400)
    nul_user = "Basic " + base64.b64encode(f"admin\x00:{ADMIN_PASSWORD}".encode()).decode()
    _refused(
        requests.get(
            county.url + "/api/v1/admin/devices", headers={"Authorization": nul_user}, timeout=30
        ),
        400,
    )
    # Admin ids are UUIDs too.
    _refused(
        requests.post(
            county.url + "/api/v1/admin/demands/" + "d" * 5000 + "/close",
            headers=admin,
            timeout=30,
        ),
        400,
    )

    after = county.snapshot()
    assert after["records"] == before["records"]  # the refused ops stored nothing
    assert county.healthy()
    assert device.push_ok([good])[0]["status"] == "applied"


def test_a_wrong_method_names_every_method_of_the_address(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    answer = device.request("POST", f"/api/v1/blobs/{'a' * 64}")
    body = _refused(answer, 405)
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "PATCH"}, body
    _refused(device.request("GET", "/api/v1/no-such-thing"), 404)


def test_an_unexpected_error_is_a_json_500_with_the_server_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 500 was plain text without ``X-Server-Time``; the client could not tell it from a
    proxy's page. (The server runs in this process, on a real port, so that its pull can be
    made to fail: nothing a client sends should make it.)"""
    db = open_county_database(tmp_path / "county", None)
    with db.writing() as session:
        code, _ = accounts.create_enrol_code(session, "220122105201", "陈家店村")
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, tmp_path / "county"), port=0, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not (server.started and server.servers) and time.monotonic() < deadline:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        token = requests.post(
            url + "/api/v1/enrol", json={"code": code}, headers=protocol_headers(), timeout=30
        ).json()["token"]

        def broken(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("模拟的意外错误")

        monkeypatch.setattr(sync_service, "pull", broken)
        answer = requests.get(
            url + "/api/v1/sync/pull",
            headers={**protocol_headers(), "Authorization": f"Bearer {token}"},
            timeout=30,
        )
        body = _refused(answer, 500)
        assert body["error"] == "server_error"
    finally:
        server.should_exit = True
        thread.join(20)
        db.close()


def test_the_openapi_document_lists_the_answers_the_server_gives(county: CountyServer) -> None:
    document = requests.get(county.url + "/openapi.json", timeout=30).json()
    paths = document["paths"]
    push = paths["/api/v1/sync/push"]["post"]["responses"]
    assert {"200", "400", "401", "413", "426", "500", "503"} <= set(push)
    assert "422" not in push
    assert "PushAnswer" in str(push["200"])
    assert "422" in paths["/api/v1/blobs/{sha256}"]["patch"]["responses"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if (path, method) != ("/api/v1/blobs/{sha256}", "patch"):
                assert "422" not in operation["responses"], (path, method)
            if path.startswith("/api/v1/admin"):
                assert operation["security"] == [{"admin": []}]
                assert "401" in operation["responses"], (path, method)
    assert "ErrorBody" in document["components"]["schemas"]
