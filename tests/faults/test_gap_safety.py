"""Sync-anchors §9 test 12: the change feed has no visibility gaps on PostgreSQL.

Twelve county writers (threads, each with its own connection) change records concurrently:
county edits of village demands through ``county.feed.county_update``, new reference rows
through ``county_upsert``, and publishing through ``county.actions.publish``. Every
transaction does its record work, sleeps a random moment, appends its feed rows and commits,
so transactions overlap and commit in an order unrelated to the order they started in. Four
pullers read continuously with their own cursors:

* a village PC: ``GET /api/v1/sync/pull`` of a real county server on the same database, through
  the client's own ``Transport`` with a device token;
* ``county.sync_service.pull`` called directly (the same query, without HTTP);
* a raw reader of ``change_feed WHERE seq > cursor`` — it must see every ``seq`` exactly once;
* a control: the same writers also insert into a *naive* feed numbered by a plain
  ``bigserial`` at insert time, read the same way. That one loses changes (a later-numbered
  row commits first, the reader moves past the earlier one): proof that this test detects the
  bug the feed counter prevents.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faults_harness import CountyServer
from sqlalchemy import select, text

WRITERS = 12
CHANGES = 2000
SEED_DEMANDS = 150
VILLAGE = ("220122105201", "陈家店村")
OTHER_VILLAGE = ("220122105202", "十家堡村")


@dataclass
class Shared:
    lock: threading.Lock = field(default_factory=threading.Lock)
    planned: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    commits_overlapping: int = 0
    commits: int = 0
    written: list[tuple[str, int]] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    writers_done: threading.Event = field(default_factory=threading.Event)

    def reserve(self, n: int) -> bool:
        with self.lock:
            if self.planned >= CHANGES:
                return False
            self.planned += n
            return True

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            yield
        finally:
            with self.lock:
                self.in_flight -= 1


def _writer(db: Any, shared: Shared, wid: int, demand_ids: list[str], village_id: int) -> None:
    from county import actions
    from county.feed import FeedEntry, append_feed, county_update, county_upsert
    from county.models import Record

    rng = random.Random(wid)
    n = 0
    try:
        while True:
            kind = rng.random()
            size = rng.randint(1, 2) if kind < 0.85 else 1
            if not shared.reserve(size):
                return
            n += 1
            entries: list[FeedEntry] = []
            with shared.transaction(), db.writing() as session:
                published: tuple[str, dict[str, Any]] | None = None
                if kind < 0.6:
                    # The county edits demands of the village (locked in id order).
                    for record_id in sorted(rng.sample(demand_ids, size)):
                        record = session.get(Record, record_id, with_for_update=True)
                        assert record is not None
                        entry = county_update(
                            session, record, {"assigned_team_name": f"队伍 {wid}-{n}"}
                        )
                        assert entry is not None
                        entries.append(entry)
                elif kind < 0.85:
                    # New reference rows (a team tree), visible to every village.
                    for _ in range(size):
                        entry = county_upsert(
                            session,
                            "team",
                            str(uuid.uuid4()),
                            {"name": f"服务队 {wid}-{n}", "level": "COUNTY",
                             "owner": "COUNTY", "active": True},
                        )  # fmt: skip
                        assert entry is not None
                        entries.append(entry)
                else:
                    # Publishing through the county action (it appends its own feed row).
                    new_id = str(uuid.uuid4())
                    published = (
                        new_id,
                        {"id": new_id, "code": f"GAP_{wid}_{n}", "name": f"测试活动类型 {n}",
                         "five_task_code": "CIVILITY", "sort_order": n, "active": True},
                    )  # fmt: skip
                    entries.append(FeedEntry(None, "activity_type", new_id, 1))
                session.flush()
                # The naive control feed: numbered now, at insert time, committed later.
                session.execute(
                    text("INSERT INTO naive_feed (record_id, version) VALUES (:r, :v)"),
                    [{"r": e.record_id, "v": e.version} for e in entries],
                )
                # Let the transactions overlap: commits land in a shuffled order.
                time.sleep(rng.uniform(0.0, 0.004))
                if published is None:
                    append_feed(session, entries)
                else:
                    assert (
                        actions.publish(session, "activity_type", [published[1]], actor="gap-test")
                        == 1
                    )
                # Hold the feed counter a moment before committing.
                time.sleep(rng.uniform(0.0, 0.001))
                with shared.lock:
                    shared.commits += 1
                    if shared.in_flight > 1:
                        shared.commits_overlapping += 1
            with shared.lock:
                shared.written.extend((e.record_id, e.version) for e in entries)
    except BaseException as error:
        shared.errors.append(error)


Page = tuple[list[tuple[int, str, int]], int, bool]


@dataclass
class Puller:
    name: str
    read: Callable[[int], Page]
    observed: list[tuple[int, str, int]] = field(default_factory=list)
    cursor: int = 0
    polls: int = 0
    problems: list[str] = field(default_factory=list)

    def run(self, shared: Shared) -> None:
        try:
            while True:
                finished = shared.writers_done.is_set()
                rows, next_cursor, has_more = self.read(self.cursor)
                self.polls += 1
                if next_cursor < self.cursor:
                    self.problems.append(f"cursor went back {self.cursor} -> {next_cursor}")
                if any(seq <= self.cursor for seq, _, _ in rows):
                    self.problems.append(f"a change at or below cursor {self.cursor}")
                self.observed.extend(rows)
                self.cursor = next_cursor
                if not has_more:
                    if finished:  # this read began after the last commit: nothing is left
                        return
                    time.sleep(0.0005)
        except BaseException as error:
            shared.errors.append(error)


def _page(body: dict[str, Any]) -> Page:
    rows = [(c["seq"], c["id"], c["version"]) for c in body["changes"]]
    return rows, int(body["next_cursor"]), bool(body["has_more"])


def _http_reader(transport: Any) -> Callable[[int], Page]:
    def read(cursor: int) -> Page:
        answer = transport.request(
            "GET", "/api/v1/sync/pull", params={"cursor": cursor, "limit": 100}
        )
        return _page(answer.body)

    return read


def _service_reader(db: Any, village_id: int) -> Callable[[int], Page]:
    from county import sync_service

    def read(cursor: int) -> Page:
        with db.reading() as session:
            return _page(sync_service.pull(session, village_id, cursor, 100))

    return read


def _table_reader(db: Any, sql: str) -> Callable[[int], Page]:
    def read(cursor: int) -> Page:
        with db.reading() as session:
            rows = [
                (int(a), str(b), int(c))
                for a, b, c in session.execute(text(sql), {"cursor": cursor})
            ]
        return rows, (rows[-1][0] if rows else cursor), len(rows) == 200

    return read


def test_concurrent_county_writers_never_hide_a_change_from_a_puller(
    tmp_path: Path, pg_database: Callable[[], str], start_county: Callable[..., CountyServer]
) -> None:
    from county import accounts
    from county.db import open_county_database
    from county.feed import append_feed, county_upsert
    from county.models import ChangeFeed, FeedCounter, Record
    from desktop.sync.transport import Transport

    url = pg_database()
    db = open_county_database(tmp_path / "county", url)
    server = start_county(database_url=url)
    transport: Transport | None = None
    try:
        assert not db.is_sqlite
        with db.writing() as session:
            village_id = accounts.ensure_village(session, *VILLAGE).id
            other_id = accounts.ensure_village(session, *OTHER_VILLAGE).id
            demand_ids = [str(uuid.uuid4()) for _ in range(SEED_DEMANDS)]
            entries = [
                county_upsert(
                    session,
                    "demand",
                    rid,
                    {"number": f"XQ-20261129-{i:04d}", "title": "种子需求", "status": "SUBMITTED"},
                    village_id=village_id if i % 5 else other_id,
                )
                for i, rid in enumerate(demand_ids, 1)
            ]
            append_feed(session, [e for e in entries if e is not None])
            session.execute(
                text(
                    "CREATE TABLE naive_feed (id bigserial PRIMARY KEY, record_id text NOT NULL,"
                    " version integer NOT NULL)"
                )
            )
            code, _ = accounts.create_enrol_code(session, *VILLAGE)
        with db.writing() as session:
            token = accounts.enrol(session, code, "拉取测试机").token
        transport = Transport(server.url, token=token)
        shared = Shared()
        pullers = [
            Puller("HTTP pull", _http_reader(transport)),
            Puller("sync_service.pull", _service_reader(db, village_id)),
            Puller(
                "change_feed",
                _table_reader(
                    db,
                    "SELECT seq, record_id, version FROM change_feed WHERE seq > :cursor "
                    "ORDER BY seq LIMIT 200",
                ),
            ),
            Puller(
                "naive bigserial feed",
                _table_reader(
                    db,
                    "SELECT id, record_id, version FROM naive_feed WHERE id > :cursor "
                    "ORDER BY id LIMIT 200",
                ),
            ),
        ]
        started = time.monotonic()
        puller_threads = [
            threading.Thread(target=p.run, args=(shared,), name=p.name, daemon=True)
            for p in pullers
        ]
        writer_threads = [
            threading.Thread(
                target=_writer,
                args=(db, shared, wid, demand_ids, village_id),
                name=f"writer-{wid}",
                daemon=True,
            )
            for wid in range(WRITERS)
        ]
        for thread in puller_threads + writer_threads:
            thread.start()
        for thread in writer_threads:
            thread.join(180)
        shared.writers_done.set()
        for thread in puller_threads:
            thread.join(60)
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in writer_threads + puller_threads), "threads hung"
        assert not shared.errors, shared.errors[:3]

        with db.reading() as session:
            counter = session.get_one(FeedCounter, 1).value
            feed = [
                tuple(r)
                for r in session.execute(
                    select(ChangeFeed.seq, ChangeFeed.record_id, ChangeFeed.version)
                )
            ]
            final_versions = {
                r.id: (r.version, r.village_id) for r in session.scalars(select(Record))
            }
            naive_total = session.scalar(text("SELECT count(*) FROM naive_feed"))
    finally:
        if transport is not None:
            transport.close()
        db.close()

    http, service, raw, naive = pullers
    written = set(shared.written)
    seed_changes = SEED_DEMANDS
    missed_naive = naive_total - len({row[0] for row in naive.observed})
    print(
        f"\n{WRITERS} writers: {shared.commits} transactions, {len(written)} changes in "
        f"{elapsed:.1f} s; max {shared.max_in_flight} transactions open at once, "
        f"{shared.commits_overlapping} commits while another transaction was open\n"
        f"HTTP pull: {http.polls} polls, {len(http.observed)} changes seen; "
        f"sync_service.pull: {service.polls} polls, {len(service.observed)} changes seen; "
        f"change_feed: {raw.polls} polls, {len(raw.observed)} rows seen of {len(feed)}, 0 missed; "
        f"naive bigserial feed: {naive.polls} polls, missed {missed_naive} of {naive_total}"
    )

    # The writers really ran concurrently and produced the load.
    assert len(written) >= CHANGES
    assert shared.max_in_flight >= WRITERS // 2
    assert shared.commits_overlapping >= shared.commits // 2
    for puller in pullers:
        assert not puller.problems, (puller.name, puller.problems[:5])

    # The raw feed reader saw every seq, once, in order: 0 missed.
    seqs = [row[0] for row in raw.observed]
    assert seqs == list(range(1, counter + 1)) == sorted(row[0] for row in feed)
    assert set(raw.observed) == set(feed)
    assert written <= {(rid, version) for _, rid, version in raw.observed}
    assert len(feed) == len(written) + seed_changes

    # The protocol's pull brought every change in the village's scope, and nothing else: each
    # record up to its final version, each written version (or a later one) seen.
    in_scope = {
        rid for rid, (_, village) in final_versions.items() if village in (None, village_id)
    }
    for puller in (http, service):
        newest: dict[str, int] = {}
        for _, rid, version in puller.observed:
            newest[rid] = max(newest.get(rid, 0), version)
        assert set(newest) == in_scope, puller.name
        missed = [
            (rid, version) for rid, version in written if rid in in_scope and newest[rid] < version
        ]
        assert not missed, (puller.name, missed[:5])
        assert all(newest[rid] == final_versions[rid][0] for rid in in_scope), puller.name

    # The control: the same load through a naive autoincrement feed loses changes.
    assert missed_naive > 0
