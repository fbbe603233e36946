"""The push's pipeline on the village PC (desktop.sync.engine), against a scripted transport.

The engine reads and encodes the next batch while the county works on the current one and a
thread of its own sends it as soon as the current one is answered. These tests hold it to the
protocol: the body is the JSON the transport always sent, batches go out in ``device_seq``
order and each only after the previous one was answered, every answer is recorded before the
push ends, a cancel or a failed request sends nothing more, ``up_to`` and the body budget are
kept, ``server_version`` never goes backwards, and the objects a round leaves out of the
garbage collector go back to it when the round ends.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from desktop.models.db import Database, open_database
from desktop.models.station import Station
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath
from desktop.sync import engine as sync_engine
from desktop.sync.engine import SyncEngine
from desktop.sync.transport import Answer, Cancelled, Offline


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    (tmp_path / "pc").mkdir()
    shutil.copyfile(template, tmp_path / "pc" / "workbench.db")
    database = open_database(tmp_path / "pc" / "workbench.db")
    yield database
    database.close()


def _stations(db: Database, n: int) -> list[str]:
    """``n`` new stations (one create op each; names with Chinese and JSON's special
    characters); returns their ids in ``device_seq`` order."""
    ids = []
    with db.writing() as session:
        writes = WritePath(session)
        for i in range(n):
            name = f'陈家店村 "站" \\ {i}\n'
            ids.append(writes.create(Station(name=name, division_code="220122105201")).id)
    return ids


def _outbox(db: Database) -> list[OutboxOp]:
    with db.reading() as session:
        ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))
        session.expunge_all()
        return ops


class _County:
    """Answers push requests like the county (every op applied at version ``version``), and
    records what was sent; ``fail_at``: the request (0-based) that fails like a lost server;
    ``on_request``: called with the request's number before it is answered."""

    def __init__(
        self, version: int = 1, fail_at: int | None = None, announce: str | None = None
    ) -> None:
        self.version = version
        self.fail_at = fail_at
        self.announce = announce  # the X-Max-Push-Ops of its answers (None: an older server)
        self.bodies: list[bytes] = []
        self.in_flight = 0
        self.overlapped = False  # a request sent while another was unanswered
        self.lock = threading.Lock()
        self.on_request = lambda _n: None

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        assert (method, path) == ("POST", "/api/v1/sync/push")
        assert "payload" not in kwargs
        assert kwargs["headers"]["Content-Type"] == "application/json; charset=utf-8"
        with self.lock:
            self.overlapped |= self.in_flight > 0
            self.in_flight += 1
            number = len(self.bodies)
            self.bodies.append(kwargs["data"])
        try:
            self.on_request(number)
            if number == self.fail_at:
                raise Offline("连不上县中心服务器")
            ops = json.loads(kwargs["data"])["ops"]
            results = [
                {"op_id": op["op_id"], "status": "applied", "server_version": self.version}
                for op in ops
            ]
            headers = {} if self.announce is None else {"x-max-push-ops": self.announce}
            return Answer(200, {"results": results}, headers, None)
        finally:
            with self.lock:
                self.in_flight -= 1

    def sent_ops(self) -> list[dict[str, Any]]:
        return [op for body in self.bodies for op in json.loads(body)["ops"]]


def test_the_body_is_the_json_the_transport_always_sent(db: Database) -> None:
    _stations(db, 3)
    expected = [
        {
            "op_id": op.op_id,
            "device_seq": op.device_seq,
            "entity": op.entity,
            "record_id": op.record_id,
            "op": op.op,
            "fields": op.fields,
            "base_version": op.base_version,
        }
        for op in _outbox(db)
    ]
    county = _County()
    SyncEngine(db, county).push()  # type: ignore[arg-type]
    [body] = county.bodies
    sent = json.loads(body)
    assert sent["ops"] == expected
    assert set(sent) == {"batch_id", "ops"}
    # UTF-8 with Chinese as is, compact, keys in the protocol's order.
    assert body == json.dumps(sent, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert "陈家店村".encode() in body
    assert _outbox(db) == []


def test_a_stored_text_with_nan_is_still_sent(db: Database) -> None:
    """The ORM writes JSON columns with ``json.dumps``, which writes NaN; the push reads the
    stored texts with orjson, which refuses NaN: that one text is read with ``json`` instead,
    and the batch goes out whole (the county decides about the value)."""
    first, second = _stations(db, 2)
    with db.writing() as session:
        session.execute(
            update(OutboxOp)
            .where(OutboxOp.record_id == first)
            .values(fields={"name": "陈家店村", "tags": [float("nan")]})
        )
    county = _County()
    SyncEngine(db, county).push()  # type: ignore[arg-type]
    sent = county.sent_ops()
    assert [op["record_id"] for op in sent] == [first, second]
    assert sent[0]["fields"] == {"name": "陈家店村", "tags": [None]}
    assert _outbox(db) == []


def test_batches_go_in_order_one_at_a_time_and_every_answer_is_recorded(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 3)
    ids = _stations(db, 10)
    county = _County(version=4)
    progress: list[int] = []
    engine = SyncEngine(
        db,
        county,  # type: ignore[arg-type]
        progress=lambda _phase, done, _total: progress.append(done),
    )
    engine.push()
    assert [len(json.loads(body)["ops"]) for body in county.bodies] == [3, 3, 3, 1]
    seqs = [op["device_seq"] for op in county.sent_ops()]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10
    assert not county.overlapped
    assert progress == [3, 6, 9, 10]
    assert engine.report.pushed == 10
    assert _outbox(db) == []
    with db.reading() as session:
        versions = {i: v for i, v in session.execute(select(Station.id, Station.server_version))}
    assert all(versions[i] == 4 for i in ids)


def test_push_stops_at_up_to(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 2)
    _stations(db, 7)
    seqs = [op.device_seq for op in _outbox(db)]
    county = _County()
    SyncEngine(db, county).push(up_to=seqs[4])  # type: ignore[arg-type]
    assert [op["device_seq"] for op in county.sent_ops()] == seqs[:5]
    assert [op.device_seq for op in _outbox(db)] == seqs[5:]


def test_a_cancel_sends_nothing_more_and_keeps_what_was_answered(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 2)
    _stations(db, 10)
    seqs = [op.device_seq for op in _outbox(db)]
    county = _County()
    cancel = threading.Event()
    # The cancel comes while the second batch is with the county.
    county.on_request = lambda n: cancel.set() if n == 1 else None
    engine = SyncEngine(db, county, cancelled=cancel.is_set)  # type: ignore[arg-type]
    with pytest.raises(Cancelled):
        engine.push()
    assert len(county.bodies) == 2
    assert engine.report.pushed == 4
    assert [op.device_seq for op in _outbox(db)] == seqs[4:]


def test_a_failed_request_keeps_its_ops_and_those_after_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 2)
    _stations(db, 9)
    seqs = [op.device_seq for op in _outbox(db)]
    county = _County(fail_at=2)
    engine = SyncEngine(db, county)  # type: ignore[arg-type]
    with pytest.raises(Offline):
        engine.push()
    assert len(county.bodies) == 3  # nothing sent after the failed one
    assert engine.report.pushed == 4
    assert [op.device_seq for op in _outbox(db)] == seqs[4:]
    # Run again: the rest goes out.
    county = _County()
    SyncEngine(db, county).push()  # type: ignore[arg-type]
    assert [op["device_seq"] for op in county.sent_ops()] == seqs[4:]
    assert _outbox(db) == []


def test_large_fields_split_the_batch_under_the_body_budget(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stations(db, 6)
    stored = [len(json.dumps(op.fields).encode()) for op in _outbox(db)]
    # Room for two ops per request.
    budget = 2 * (max(stored) + sync_engine._OP_ENVELOPE_BYTES) + 1
    monkeypatch.setattr(sync_engine, "_PUSH_BODY_BUDGET", budget)
    county = _County()
    SyncEngine(db, county).push()  # type: ignore[arg-type]
    assert [len(json.loads(body)["ops"]) for body in county.bodies] == [2, 2, 2]
    assert all(len(body) < budget for body in county.bodies)


def test_a_push_answer_never_sets_server_version_backwards(db: Database) -> None:
    [newer, older] = _stations(db, 2)
    with db.writing() as session:
        # A pull already brought version 7 of the first record.
        session.execute(update(Station).where(Station.id == newer).values(server_version=7))
    SyncEngine(db, _County(version=5)).push()  # type: ignore[arg-type]
    with db.reading() as session:
        versions = {i: v for i, v in session.execute(select(Station.id, Station.server_version))}
    assert versions == {newer: 7, older: 5}
    assert _outbox(db) == []


def test_batches_grow_to_what_the_server_announces(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Requests carry at most what any server takes until the server announces more
    (``X-Max-Push-Ops`` on its answers); then as many as both sides take. The second batch
    is read before the first answer arrives, so it is still of the first size."""
    monkeypatch.setattr(sync_engine.wire, "PUSH_OPS_ANY_SERVER", 2)
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 4)
    _stations(db, 13)
    sizes = lambda county: [len(json.loads(body)["ops"]) for body in county.bodies]  # noqa: E731

    older = _County()  # announces nothing
    SyncEngine(db, older).push()  # type: ignore[arg-type]
    assert sizes(older) == [2, 2, 2, 2, 2, 2, 1]

    _stations(db, 13)
    county = _County(announce="3")
    SyncEngine(db, county).push()  # type: ignore[arg-type]
    assert sizes(county) == [2, 2, 3, 3, 3]

    _stations(db, 13)
    generous = _County(announce="1000")  # more than this client sends
    SyncEngine(db, generous).push()  # type: ignore[arg-type]
    assert sizes(generous) == [2, 2, 4, 4, 1]
    assert _outbox(db) == []
