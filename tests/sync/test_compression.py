"""Fewer bytes on a slow village line: the county gzips pull pages (and whole photo downloads,
when that is smaller) for a client that accepts it, and takes push bodies gzip-compressed;
the client sends its pushes compressed, falls back to plain JSON for a server that cannot
read them, and neither side unpacks a body past its limit (a gzip "bomb")."""

from __future__ import annotations

import gzip
import json
import uuid
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
import requests
from sync_support import CountyServer, RawDevice, VillagePC, http_server

from desktop.sync.transport import MAX_ANSWER_BYTES, SyncError, Transport


def _pull(device: RawDevice, encoding: str) -> requests.Response:
    return device.request(
        "GET",
        "/api/v1/sync/pull",
        params={"cursor": 0, "limit": 1000},
        headers={"Accept-Encoding": encoding},
        stream=True,
    )


def test_pull_pages_travel_gzipped_and_push_bodies_are_taken_gzipped(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    ops = [
        device.op("demand", str(uuid.uuid4()), "create", device.demand_fields(f"路灯不亮{i}"))
        for i in range(300)
    ]
    plain_push = json.dumps({"ops": ops}, ensure_ascii=False).encode()
    packed_push = gzip.compress(plain_push)
    assert len(packed_push) * 5 < len(plain_push)
    answer = device.request(
        "POST",
        "/api/v1/sync/push",
        data=packed_push,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}
    assert answer.headers["Accept-Encoding"] == "gzip"  # (RFC 7694: bodies it takes)
    assert answer.headers.get("Content-Encoding") == "gzip"  # its answer too

    packed = _pull(device, "gzip")
    on_wire = len(packed.raw.read(decode_content=False))
    plain = _pull(device, "identity")
    raw = len(plain.raw.read(decode_content=False))
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert on_wire * 5 < raw, (on_wire, raw)
    assert on_wire / 301 < 150  # bytes per record (300 demands and the station)
    # A client that refuses gzip outright (q=0) gets plain JSON.
    assert "Content-Encoding" not in _pull(device, "gzip;q=0, identity").headers


def test_bodies_are_unpacked_within_the_limit_and_only_gzip_is_taken(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    before = county.snapshot()

    def push(data: bytes, encoding: str) -> requests.Response:
        return device.request(
            "POST",
            "/api/v1/sync/push",
            data=data,
            headers={"Content-Encoding": encoding, "Content-Type": "application/json"},
        )

    # 64 KB on the wire that would unpack to 64 MB.
    bomb = zlib.compress(b" " * (64 * 1024 * 1024), 9, wbits=31)
    assert len(bomb) < 100_000
    answer = push(bomb, "gzip")
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    broken = push(b"\x1f\x8b\x08\x00 not gzip at all", "gzip")
    assert broken.status_code == 400 and broken.json()["error"] == "bad_gzip"
    cut = push(gzip.compress(b'{"ops": []}')[:-6], "gzip")
    assert cut.status_code == 400
    other = push(b'{"ops": []}', "br")
    assert other.status_code == 415 and other.json()["error"] == "unsupported_encoding"
    assert county.snapshot() == before
    assert county.healthy()


def test_the_workbench_pushes_gzipped_and_reads_gzipped_pages(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    for i in range(40):
        pc.register(f"需求{i}", description="村民反映的情况，" * 20)
    sent: list[dict[str, str]] = []
    original = requests.Session.request

    def watched(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        sent.append({**self.headers, **(kwargs.get("headers") or {})})
        return original(self, method, url, **kwargs)

    requests.Session.request = watched  # type: ignore[method-assign]
    try:
        report = pc.sync()
    finally:
        requests.Session.request = original  # type: ignore[method-assign]
    assert report.pushed == 1 + 40 * 2 and pc.outbox() == []  # station, demands, their steps
    pushes = [h for h in sent if h.get("Content-Type", "").startswith("application/json")]
    assert pushes and all(h.get("Content-Encoding") == "gzip" for h in pushes)
    assert all("gzip" in h.get("Accept-Encoding", "") for h in sent)
    other = make_village(county, with_station=False)
    assert other.sync().pulled == 1 + 40 * 2


class _OldServer:
    """A county server from before compression: it reads every body as JSON."""

    def __init__(self) -> None:
        self.bodies: list[tuple[str | None, bytes]] = []
        self.answer_bytes: bytes | None = None


@pytest.fixture
def old_server() -> Iterator[tuple[str, _OldServer]]:
    state = _OldServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.bodies.append((self.headers.get("Content-Encoding"), data))
            try:
                json.loads(data)
                status, body = 200, {"results": [], "server_time": "2026-12-07T00:00:00Z"}
            except ValueError:
                status, body = 400, {"error": "bad_json", "message": "请求内容不是有效的 JSON"}
            self._send(status, json.dumps(body).encode(), None)

        def do_GET(self) -> None:
            assert state.answer_bytes is not None
            self._send(200, state.answer_bytes, "gzip")

        def _send(self, status: int, data: bytes, encoding: str | None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with http_server(Handler) as url:
        yield url, state


def test_an_older_server_gets_plain_json_and_a_bomb_is_not_unpacked(
    old_server: tuple[str, _OldServer],
) -> None:
    url, state = old_server
    transport = Transport(url, token="t")
    payload = {"ops": [{"title": "路灯不亮" * 50}] * 10}
    try:
        assert transport.request("POST", "/api/v1/sync/push", payload=payload).status == 200
        assert [encoding for encoding, _ in state.bodies] == ["gzip", None]
        assert json.loads(state.bodies[1][1]) == payload
        # It remembers: the next body goes plain straight away.
        assert transport.request("POST", "/api/v1/sync/push", payload=payload).status == 200
        assert [encoding for encoding, _ in state.bodies][2:] == [None]

        # An answer that would unpack to more than the client takes.
        state.answer_bytes = zlib.compress(b"[" + b" " * MAX_ANSWER_BYTES + b"]", 9, wbits=31)
        with pytest.raises(SyncError) as refused:
            transport.request("GET", "/api/v1/sync/pull", retry=False)
        assert "MB" in refused.value.message
    finally:
        transport.close()
