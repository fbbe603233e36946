"""The client's manners: clock skew is reported but never orders anything; overload and server
errors are retried politely (Retry-After, growing backoff); 401 and 426 are not retried."""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from sync_support import CountyServer, VillagePC, http_server

import liaison_wire as wire
from desktop.models.base import utcnow
from desktop.sync import state
from desktop.sync.transport import (
    Offline,
    RetryPolicy,
    ServerRefused,
    SyncError,
    Transport,
    Unauthorized,
    UpdateRequired,
)


def _skewed(offset: dt.timedelta) -> Callable[[], dt.datetime]:
    return lambda: utcnow() + offset


_SKEWS = [
    (dt.timedelta(0), False),
    (dt.timedelta(minutes=4), False),
    (dt.timedelta(minutes=-4), False),
    (dt.timedelta(minutes=10), True),
    (dt.timedelta(minutes=-10), True),
    (dt.timedelta(days=1), True),
    (dt.timedelta(days=-365), True),
]


def test_a_clock_off_by_more_than_five_minutes_is_reported(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    for offset, warned in _SKEWS:
        pc.register(f"时钟偏差 {offset}")

        report = pc.sync(clock=_skewed(offset))

        assert report.clock_warning is warned, offset
        assert report.clock_skew is not None
        assert abs(report.clock_skew - offset) < dt.timedelta(seconds=30)
        assert ("时钟" in report.summary()) is warned
        with pc.db.reading() as session:
            stored = float(state.get_state(session, state.CLOCK_OFFSET))
        assert abs(stored - offset.total_seconds()) < 30
        assert pc.outbox() == []
    assert len(county.demands()) == len(_SKEWS)


def test_skewed_clocks_do_not_change_which_edit_wins(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    ahead, behind = dt.timedelta(days=1), dt.timedelta(days=-365)
    pc1 = make_village(county)
    demand_id = pc1.register("两台电脑时钟不准")
    pc1.sync()
    pc2 = make_village(county, with_station=False)
    pc2.sync()

    # PC 1's clock is a day ahead, PC 2's a year behind; PC 2's edit reaches the county last.
    pc1.edit(demand_id, clock=_skewed(ahead), description="先到的修改")
    pc2.edit(demand_id, clock=_skewed(behind), description="后到的修改")
    pc1.sync(clock=_skewed(ahead))
    report = pc2.sync(clock=_skewed(behind))
    pc1.sync(clock=_skewed(ahead))

    assert report.conflicts == 1
    assert county.demand(demand_id)["description"] == "后到的修改"
    assert pc1.demand(demand_id).description == "后到的修改"
    assert pc2.demand(demand_id).description == "后到的修改"
    [conflict] = county.admin_conflicts()
    assert (conflict["winning_value"], conflict["losing_value"]) == ("后到的修改", "先到的修改")


# --- retries, against a scripted local HTTP server ------------------------------------------


_CUT_SHORT = "X-Test-Cut-Short"


class _Script:
    """What the fake server answers, one (status, headers, body) per request, in order."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], dict[str, Any]]] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []


@pytest.fixture
def fake_server() -> Iterator[tuple[str, _Script]]:
    script = _Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.requests.append((self.command, self.path, dict(self.headers)))
            status, headers, body = script.answers.pop(0)
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            # A server killed while answering: fewer bytes than announced, then the socket closes.
            cut = headers.pop(_CUT_SHORT, None) is not None
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data) + (100 if cut else 0)))
            if cut:
                self.close_connection = True
            self.send_header(wire.HEADER_SERVER_TIME, wire.utc_iso(utcnow()))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with http_server(Handler) as url:
        yield url, script


def _transport(url: str, sleeps: list[float]) -> Transport:
    return Transport(url, token="t", retry=RetryPolicy(sleep=sleeps.append, rng=random.Random(7)))


_OK = (200, {}, {"results": [], "server_time": "2026-11-29T00:00:00Z"})


def test_503_with_retry_after_waits_that_long_and_retries_the_same_request(
    fake_server: tuple[str, _Script],
) -> None:
    url, script = fake_server
    busy = (503, {"Retry-After": "2"}, {"error": "busy", "message": "县中心服务器繁忙"})
    script.answers = [busy, busy, _OK]
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        answer = transport.request(
            "POST", "/api/v1/sync/push", payload={"ops": [], "batch_id": "b"}
        )
    finally:
        transport.close()

    assert answer.status == 200
    assert len(sleeps) == 2
    assert all(2.0 <= s <= 3.0 for s in sleeps)
    assert len(script.requests) == 3
    assert len({r[1] for r in script.requests}) == 1  # the same request each time


def test_429_is_retried_after_its_retry_after_too(fake_server: tuple[str, _Script]) -> None:
    url, script = fake_server
    script.answers = [(429, {"Retry-After": "5"}, {"message": "请求太频繁"}), _OK]
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        assert transport.request("GET", "/api/v1/sync/pull").status == 200
    finally:
        transport.close()
    assert len(sleeps) == 1 and 5.0 <= sleeps[0] <= 6.0


def test_server_errors_are_retried_with_growing_backoff(fake_server: tuple[str, _Script]) -> None:
    url, script = fake_server
    script.answers = [(500, {}, {}), (502, {}, {}), (500, {}, {}), (504, {}, {}), _OK]
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        assert transport.request("GET", "/api/v1/sync/pull").status == 200
    finally:
        transport.close()
    assert len(sleeps) == 4
    assert sleeps == sorted(sleeps) and sleeps[-1] > 2 * sleeps[0]
    assert all(s <= RetryPolicy().max_delay for s in sleeps)


def test_retries_give_up_after_the_configured_attempts(fake_server: tuple[str, _Script]) -> None:
    url, script = fake_server
    script.answers = [(500, {}, {})] * RetryPolicy().attempts
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        with pytest.raises(SyncError) as failed:
            transport.request("GET", "/api/v1/sync/pull")
    finally:
        transport.close()
    assert "500" in failed.value.message
    assert len(script.requests) == RetryPolicy().attempts
    assert len(sleeps) == RetryPolicy().attempts - 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, Unauthorized), (426, UpdateRequired), (400, ServerRefused), (413, ServerRefused)],
)
def test_401_426_and_other_4xx_are_not_retried(
    status: int, error: type[SyncError], fake_server: tuple[str, _Script]
) -> None:
    url, script = fake_server
    script.answers = [(status, {"Retry-After": "1"}, {"message": "本机的注册已失效"}), _OK]
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        with pytest.raises(error) as failed:
            transport.request("GET", "/api/v1/sync/pull")
    finally:
        transport.close()
    assert failed.value.message == "本机的注册已失效"
    assert sleeps == []
    assert len(script.requests) == 1


def test_an_answer_cut_short_is_retried_like_a_lost_connection(
    fake_server: tuple[str, _Script],
) -> None:
    url, script = fake_server
    script.answers = [(200, {_CUT_SHORT: "1"}, {"results": []}), _OK]
    sleeps: list[float] = []
    transport = _transport(url, sleeps)
    try:
        answer = transport.request("POST", "/api/v1/sync/push", payload={"ops": []})
    finally:
        transport.close()
    assert answer.status == 200
    assert len(script.requests) == 2 and len(sleeps) == 1


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_ends_the_round_at_once() -> None:
    """Offline: no county server listening. The round ends after one quick retry with the plain
    message (it used to retry six times, 10 to 18 s of 正在同步 for nothing)."""
    sleeps: list[float] = []
    transport = _transport(f"http://127.0.0.1:{_closed_port()}", sleeps)
    try:
        with pytest.raises(Offline) as failed:
            transport.request("GET", "/api/v1/sync/pull")
    finally:
        transport.close()
    assert failed.value.message == "连不上县中心服务器（网络不通或服务器未开）"
    assert len(sleeps) == RetryPolicy().unreachable_attempts - 1
    assert sum(sleeps) < 1.0  # with the attempts themselves, well within 3 s


def test_an_unknown_server_name_ends_the_round_at_once() -> None:
    sleeps: list[float] = []
    transport = _transport("http://county-server.invalid", sleeps)
    try:
        with pytest.raises(Offline):
            transport.request("GET", "/api/v1/sync/pull")
    finally:
        transport.close()
    assert len(sleeps) == RetryPolicy().unreachable_attempts - 1
