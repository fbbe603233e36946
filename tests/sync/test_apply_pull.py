"""Applying pulled pages on the village PC (desktop.sync.apply), without a server.

The bulk apply writes stored values with plain SQL instead of the ORM, so these tests hold it
to what the ORM and the write path store: every column, the derived pinyin columns, the
search rowids and the full-text index entries; and to the pull's rules: no outbox ops,
unsent village edits kept, older copies skipped, tombstones out of the index, a child before
its parent in one page, the cursor stored only with its page.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.models import search
from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.base import SYNC_BOOKKEEPING, new_uuid
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.rows import index
from desktop.models.rows.stored import wire_value
from desktop.models.station import Contact, Station
from desktop.models.sync_tables import OutboxOp, SyncHeld
from desktop.models.writes import WritePath
from desktop.sync import engine as sync_engine
from desktop.sync import state
from desktop.sync.apply import apply_changes
from desktop.sync.engine import SyncEngine
from desktop.sync.transport import Answer, Cancelled, Offline

T0 = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)
ENTITY_NAMES = {cls: name for name, cls in SYNCED_ENTITIES.items()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


def _copy(template: Path, folder: Path) -> Database:
    folder.mkdir()
    shutil.copyfile(template, folder / "workbench.db")
    return open_database(folder / "workbench.db")


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    database = _copy(template, tmp_path / "pc")
    yield database
    database.close()


# --- records and changes ------------------------------------------------------------------


def _rows(
    seed: int, station_id: str, *, requesters: bool = True
) -> dict[type[Any], list[dict[str, Any]]]:
    """Records with every kind of value: empty and None values, JSON, dates, booleans, county
    fields, names with polyphonic surnames, demands registered in the same microsecond.
    ``requesters=False``: no demand refers to a contact (for pages without them)."""
    rng = random.Random(seed)
    names = ["张三", "单田芳", "曾国藩", "吕布", "Tom张", "欧阳 娜娜", "李", ""]
    contacts = [
        {
            "id": new_uuid(),
            "station_id": station_id,
            "name": rng.choice(names[:-1]),
            "gender": rng.choice(["男", "女", None]),
            "phone": rng.choice(["13812345678", "0431-8123 4567", None, "１３９００００１１１１"]),
            "proxy_phone": rng.choice([None, "13900001111"]),
            "group_name": f"第{rng.randint(1, 12)}村民小组",
            "address": rng.choice(["", "路灯坏了的那条街3号", "第2村民小组60号"]),
            "tags": rng.choice([[], ["LEFT_BEHIND_ELDERLY"], ["A", "B"]]),
            "birth_date": rng.choice([None, dt.date(1950, 8, 18), dt.date(1940, 2, 29)]),
            "consent_contact": rng.choice([True, False]),
            "consent_sensitive": False,
            "guardian_consent": rng.choice([True, False]),
            "note": rng.choice(["", "腿脚不便"]),
        }
        for _ in range(12)
    ]
    demands = []
    for i in range(12):
        registered = T0 - dt.timedelta(minutes=rng.choice([0, 0, 5, 90 * i]))
        dispatched = rng.random() < 0.5
        demands.append(
            {
                "id": new_uuid(),
                "number": f"XQ-20261129-{seed:02d}{i:02d}",
                "station_id": station_id,
                "requester_contact_id": rng.choice([None, contacts[i]["id"]])
                if requesters
                else None,
                "requester_name": rng.choice(names),
                "requester_phone": rng.choice([None, "13812345678"]),
                "anonymous": rng.choice([True, False]),
                "entered_by": "联络员",
                "channel": "HOTLINE",
                "category_code": "CONVENIENCE",
                "topic_code": "repair",
                "catalog_version": "2026.1",
                "title": rng.choice(["路灯坏了", "路灯，灯坏了", "申请义诊测血压 3 次", "x"]),
                "description": rng.choice(["", "子女在长春务工，老人腿脚不便。"]),
                "urgency": "NORMAL",
                "registered_at": registered,
                "due_date": rng.choice([None, (registered + dt.timedelta(days=7)).date()]),
                "status": "DISPATCHED" if dispatched else "SUBMITTED",
                "assigned_team_name": "志愿服务队" if dispatched else "",
                "dispatched_at": registered + dt.timedelta(hours=1) if dispatched else None,
                "evaluation_note": "",
            }
        )
    events = [
        {
            "id": new_uuid(),
            "demand_id": d["id"],
            "kind": "REGISTERED",
            "actor": "VILLAGE",
            "occurred_at": d["registered_at"],
            "note": "",
        }
        for d in demands
    ]
    return {Contact: contacts, Demand: demands, DemandEvent: events}


def _change(
    entity: type[Any], row: dict[str, Any], version: int = 1, deleted: bool = False
) -> dict[str, Any]:
    """``row`` as the county sends it: every field but the bookkeeping and derived ones."""
    derived = getattr(entity, "DERIVED_FIELDS", frozenset())
    return {
        "seq": 0,
        "entity": ENTITY_NAMES[entity],
        "id": row["id"],
        "version": version,
        "deleted": deleted,
        "fields": {
            k: wire_value(v)
            for k, v in row.items()
            if k not in SYNC_BOOKKEEPING and k not in derived
        },
    }


def _station(session: Session) -> Station:
    return WritePath(session).create(
        Station(name="陈家店村新时代文明实践站", division_code="220122102203")
    )


def _station_change(station_id: str) -> dict[str, Any]:
    return _change(
        Station,
        {
            "id": station_id,
            "name": "陈家店村新时代文明实践站",
            "division_code": "220122102203",
            "township": "",
            "county": "",
        },
    )


def _stored(path: Path, table: str) -> dict[str, dict[str, Any]]:
    """Every row of ``table`` as stored (raw SQLite values), without the local timestamps."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        rows = {}
        for row in conn.execute(f"SELECT * FROM {table}"):
            values = dict(row)
            for key in ("created_at", "updated_at"):
                values.pop(key)
            rows[values["id"]] = values
        return rows
    finally:
        conn.close()


def _index(session: Session) -> dict[str, dict[int, tuple[str, ...]]]:
    return {
        table: {
            row[0]: tuple(row[1:])
            for row in session.execute(text(f"SELECT rowid, uni, bi, py, ph FROM {table}"))
        }
        for table in search.SEARCH_TABLES.values()
    }


def _expected_index(session: Session) -> dict[str, dict[int, tuple[str, ...]]]:
    """The index as it must be: a document for every live demand, contact and activity (with
    its team's name and the names of the volunteers who served)."""
    expected: dict[str, dict[int, tuple[str, ...]]] = {}
    for entity, table in search.SEARCH_TABLES.items():
        document = search.DOCUMENTS[entity]
        expected[table] = {}
        for obj in session.scalars(select(entity).where(entity.deleted_at.is_(None))):
            row = {c.key: getattr(obj, c.key) for c in obj.__table__.columns}
            if entity is Activity:
                team = session.get(Team, obj.team_id) if obj.team_id else None
                row["team_name"] = team.name if team else ""
                row["demand_numbers"] = [
                    n
                    for i in obj.linked_demand_ids
                    if (n := session.scalar(select(Demand.number).where(Demand.id == i)))
                ]
                row["volunteer_names"] = sorted(
                    set(
                        session.scalars(
                            select(Volunteer.name)
                            .join(ServiceRecord, ServiceRecord.volunteer_id == Volunteer.id)
                            .where(
                                ServiceRecord.activity_id == obj.id,
                                ServiceRecord.deleted_at.is_(None),
                            )
                        )
                    )
                )
            doc = document(row)
            expected[table][obj.search_rowid] = tuple(doc[c] for c in search.FTS_COLUMNS)
    return expected


def _check_index(db: Database) -> None:
    with db.reading() as session:
        assert _index(session) == _expected_index(session)
        for table in search.SEARCH_TABLES.values():
            session.execute(text(f"INSERT INTO {table}({table}) VALUES ('integrity-check')"))


def _pull(db: Database, changes: list[dict[str, Any]]) -> int:
    with db.writing() as session:
        return apply_changes(session, changes)


def _found(db: Database, entity: type[Any], query: str) -> set[str]:
    match = search.build_match(query)
    table = search.SEARCH_TABLES[entity]
    with db.reading() as session:
        return set(
            session.scalars(
                select(entity.id).where(
                    entity.search_rowid.in_(
                        text(f"SELECT rowid FROM {table} WHERE {table} MATCH :m").bindparams(
                            m=match
                        )
                    )
                )
            )
        )


# --- tests ----------------------------------------------------------------------------------


def test_a_pulled_page_is_stored_exactly_as_the_write_path_stores_the_records(
    tmp_path: Path, template: Path
) -> None:
    written, pulled = _copy(template, tmp_path / "written"), _copy(template, tmp_path / "pulled")
    try:
        with written.writing() as session:
            station_id = _station(session).id
        rows = _rows(1, station_id)
        with written.writing() as session:
            for entity, batch in rows.items():
                WritePath(session).create_many(entity, [dict(r) for r in batch], from_server=True)
        # Children before their parents, as a page may bring them; the demands in the order
        # they were created (that decides which of two demands registered in the same
        # microsecond gets the next search rowid), mostly newest first.
        page = [_station_change(station_id)]
        page += [_change(DemandEvent, r) for r in rows[DemandEvent]]
        page += [_change(Demand, r) for r in rows[Demand]]
        page += [_change(Contact, r) for r in rows[Contact]]
        assert _pull(pulled, page) == len(page)
        for table in ("contact", "demand", "demand_event"):
            assert _stored(pulled.path, table) == _stored(written.path, table), table
        with pulled.reading() as session, written.reading() as other:
            assert _index(session) == _index(other)
            assert session.scalar(select(func.count()).select_from(OutboxOp)) == 0
        _check_index(pulled)
    finally:
        written.close()
        pulled.close()


def test_pulled_changes_write_no_outbox_ops_and_a_replay_changes_nothing(db: Database) -> None:
    station_id = new_uuid()
    rows = _rows(2, station_id)
    page = [_station_change(station_id)] + [
        _change(entity, r) for entity, batch in rows.items() for r in batch
    ]
    assert _pull(db, page) == len(page)
    assert _pull(db, page) == 0
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(OutboxOp)) == 0
    _check_index(db)


def test_the_index_follows_new_changed_tombstoned_and_restored_records(db: Database) -> None:
    station_id = new_uuid()
    rows = _rows(3, station_id, requesters=False)
    contact, demand, gone = rows[Contact][0], rows[Demand][0], rows[Demand][1]
    contact.update(name="张三", phone="13812345678")
    demand.update(title="路灯坏了", requester_name="王五")
    _pull(
        db,
        [
            _station_change(station_id),
            _change(Contact, contact),
            _change(Demand, demand),
            _change(Demand, gone, deleted=True),
        ],
    )
    _check_index(db)
    assert _found(db, Demand, "路灯") == {demand["id"]}
    assert _found(db, Contact, "zs") == {contact["id"]}
    assert _found(db, Contact, "5678") == {contact["id"]}

    contact.update(name="单田芳")
    demand.update(title="自来水管漏水", requester_name="曾小贤")
    _pull(
        db,
        [
            _change(Contact, contact, version=2),
            _change(Demand, demand, version=2),
            _change(Demand, gone, version=2),  # restored by the county
        ],
    )
    _check_index(db)
    with db.reading() as session:
        stored = session.get(Contact, contact["id"])
        assert stored is not None
        assert (stored.pinyin_full, stored.pinyin_initials) == ("shan tian fang", "stf")
        stored_demand = session.get(Demand, demand["id"])
        assert stored_demand is not None
        assert stored_demand.requester_pinyin == "zeng xiao xian zxx"
    assert _found(db, Demand, "路灯") == set()
    assert _found(db, Demand, "漏水") == {demand["id"]}
    assert gone["id"] in _found(db, Demand, gone["title"])
    assert _found(db, Contact, "zs") == set()
    assert _found(db, Contact, "stf") == {contact["id"]}

    _pull(db, [_change(Demand, demand, version=3, deleted=True)])
    _check_index(db)
    assert _found(db, Demand, "漏水") == set()


def test_an_older_copy_is_skipped_and_the_same_record_twice_in_a_page_ends_as_the_last(
    db: Database,
) -> None:
    station_id = new_uuid()
    demand = _rows(4, station_id, requesters=False)[Demand][0]
    first = _change(Demand, {**demand, "title": "路灯坏了"}, version=1)
    second = _change(Demand, {**demand, "title": "水管漏了"}, version=2)
    assert _pull(db, [_station_change(station_id), first, second]) == 3
    _check_index(db)
    assert _found(db, Demand, "水管") == {demand["id"]}
    assert _pull(db, [first]) == 0
    with db.reading() as session:
        stored = session.get(Demand, demand["id"])
        assert stored is not None
        assert (stored.title, stored.server_version) == ("水管漏了", 2)


def test_unsent_village_edits_are_kept_and_county_fields_taken(db: Database) -> None:
    station_id = new_uuid()
    rows = _rows(5, station_id, requesters=False)
    demand, contact = rows[Demand][0], rows[Contact][0]
    _pull(db, [_station_change(station_id), _change(Demand, demand), _change(Contact, contact)])
    with db.writing() as session:
        obj = session.get(Demand, demand["id"])
        assert obj is not None
        WritePath(session).update(obj, title="村东头路灯不亮")
        doomed = session.get(Contact, contact["id"])
        assert doomed is not None
        WritePath(session).delete(doomed)
    county = {**demand, "title": "别的标题", "status": "DISPATCHED", "assigned_team_name": "电工队"}
    _pull(
        db,
        [
            _change(Demand, county, version=2),
            _change(Contact, {**contact, "note": "新"}, version=2),
        ],
    )
    with db.reading() as session:
        obj = session.get(Demand, demand["id"])
        assert obj is not None
        assert (obj.title, obj.status, obj.assigned_team_name) == (
            "村东头路灯不亮",
            "DISPATCHED",
            "电工队",
        )
        assert obj.server_version == 2
        doomed = session.get(Contact, contact["id"])
        assert doomed is not None
        assert doomed.deleted_at is not None and doomed.note == "新"  # the unsent delete holds
        assert session.scalar(select(func.count()).select_from(OutboxOp)) == 2
    _check_index(db)
    assert _found(db, Demand, "路灯") == {demand["id"]}


def test_stored_values_that_read_back_equal_are_no_change(db: Database) -> None:
    station_id = new_uuid()
    rows = _rows(6, station_id, requesters=False)
    demand = rows[Demand][0]
    contact = {**rows[Contact][0], "tags": [{"a": 1, "b": 2}]}
    page = [_station_change(station_id), _change(Demand, demand), _change(Contact, contact)]
    _pull(db, page)
    with db.writing() as session:
        # Written by some other path: an instant without microseconds, JSON keys reordered.
        session.execute(
            text("UPDATE demand SET registered_at = :t WHERE id = :i"),
            {"t": demand["registered_at"].strftime("%Y-%m-%d %H:%M:%S"), "i": demand["id"]},
        )
        session.execute(
            text("UPDATE contact SET tags = :t WHERE id = :i"),
            {"t": '[{"b": 2, "a": 1}]', "i": contact["id"]},
        )
    assert _pull(db, page) == 0


def test_demands_registered_in_the_same_microsecond_get_the_next_free_search_rowids(
    db: Database,
) -> None:
    """The rule of index.assign_search_rowids, against a plain re-statement of it."""
    base = (T0 - index._EPOCH) // dt.timedelta(microseconds=1)
    with db.writing() as session:
        station_id = _station(session).id
        rows = _rows(7, station_id, requesters=False)[Demand][:1]
        # Taken already: base, and a run longer than one look-up window further on.
        WritePath(session).create_many(Demand, [{**rows[0], "registered_at": T0}], from_server=True)
        taken = {base}
        run_start = base + 1000
        session.execute(
            text("UPDATE demand SET search_rowid = :r WHERE id = :i"),
            {"r": base, "i": rows[0]["id"]},
        )
        filler = [
            {
                **_rows(8, station_id, requesters=False)[Demand][0],
                "id": new_uuid(),
                "number": f"XQ-F-{i}",
            }
            for i in range(150)
        ]
        WritePath(session).create_many(Demand, filler, from_server=True)
        for i, row in enumerate(filler):
            session.execute(
                text("UPDATE demand SET search_rowid = :r WHERE id = :i"),
                {"r": run_start + i, "i": row["id"]},
            )
            taken.add(run_start + i)
        instants = [T0, T0, T0 + dt.timedelta(microseconds=1000), T0 - dt.timedelta(days=1)]
        instants += [T0 + dt.timedelta(microseconds=1000 + i) for i in (0, 5, 149, 150)]
        batch = [{"registered_at": t} for t in instants]
        index.assign_search_rowids(session.connection(), Demand, batch)
    expected = []
    for t in instants:
        key = (t - index._EPOCH) // dt.timedelta(microseconds=1)
        while key in taken:
            key += 1
        taken.add(key)
        expected.append(key)
    assert [row["search_rowid"] for row in batch] == expected


class _Pages:
    """A transport that answers pull requests from a list of pages."""

    def __init__(self, pages: list[list[dict[str, Any]]]) -> None:
        self.pages = pages
        self.limits: list[int] = []  # the limit of each request, in order

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        cursor = int(kwargs["params"]["cursor"])
        self.limits.append(int(kwargs["params"]["limit"]))
        changes = self.pages[cursor]
        body = {
            "next_cursor": cursor + 1,
            "has_more": cursor + 1 < len(self.pages),
            "changes": changes,
        }
        return Answer(200, body, {}, None)


def test_a_record_whose_parent_never_comes_is_held_and_the_cursor_moves_on(
    db: Database,
) -> None:
    """It used to fail the page's commit (FOREIGN KEY constraint failed) on every pull, for
    good; now it waits in sync_held and goes in once its parent comes."""
    station_id = new_uuid()
    rows = _rows(9, station_id, requesters=False)
    parent = new_uuid()
    orphan = {**rows[DemandEvent][1], "demand_id": parent}  # its demand comes only later
    pages = [
        # A child before its parent in one page.
        [
            _change(DemandEvent, rows[DemandEvent][0]),
            _change(Demand, rows[Demand][0]),
            _station_change(station_id),
        ],
        [_change(DemandEvent, orphan), _change(Demand, rows[Demand][2])],
    ]
    SyncEngine(db, _Pages(pages)).pull()  # type: ignore[arg-type]
    with db.reading() as session:
        assert state.get_state(session, state.PULL_CURSOR) == "2"
        assert session.get(DemandEvent, rows[DemandEvent][0]["id"]) is not None
        assert session.get(Demand, rows[Demand][2]["id"]) is not None
        assert session.get(DemandEvent, orphan["id"]) is None
        [held] = session.scalars(select(SyncHeld)).all()
    assert (held.record_id, held.waiting_for) == (orphan["id"], parent)
    _check_index(db)

    # The parent comes on a later page: the orphan goes in with it.
    later = [*pages, [_change(Demand, {**rows[Demand][3], "id": parent})]]
    SyncEngine(db, _Pages(later)).pull()  # type: ignore[arg-type]
    with db.reading() as session:
        assert session.get_one(DemandEvent, orphan["id"]).demand_id == parent
        assert session.scalars(select(SyncHeld)).all() == []
    _check_index(db)


class _FailingPages(_Pages):
    """Answers the first pages, then fails like an unreachable server; counts requests."""

    def __init__(self, pages: list[list[dict[str, Any]]], fail_at: int) -> None:
        super().__init__(pages)
        self.fail_at = fail_at
        self.requests = 0

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        self.requests += 1
        if int(kwargs["params"]["cursor"]) >= self.fail_at:
            raise Offline("连不上县中心服务器")
        return super().request(method, path, **kwargs)


def _event_pages(n: int) -> list[list[dict[str, Any]]]:
    station_id = new_uuid()
    rows = _rows(10, station_id, requesters=False)
    pages = [[_station_change(station_id)]]
    pages += [
        [_change(Demand, d), _change(DemandEvent, e)]
        for d, e in zip(rows[Demand], rows[DemandEvent], strict=True)
    ]
    return pages[:n]


def test_a_failed_fetch_stops_the_pull_after_the_pages_before_it(db: Database) -> None:
    transport = _FailingPages(_event_pages(8), fail_at=5)
    with pytest.raises(Offline):
        SyncEngine(db, transport).pull()  # type: ignore[arg-type]
    with db.reading() as session:
        assert state.get_state(session, state.PULL_CURSOR) == "5"
        assert session.scalar(select(func.count()).select_from(Demand)) == 4
    assert transport.requests == 6


def test_the_first_page_asked_for_is_small_and_each_next_twice_as_big_up_to_a_page(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PULL_FIRST_PAGE", 1)
    monkeypatch.setattr(sync_engine, "PULL_PAGE", 4)
    transport = _Pages(_event_pages(7))
    SyncEngine(db, transport).pull()  # type: ignore[arg-type]
    assert transport.limits == [1, 2, 4, 4, 4, 4, 4]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Demand)) == 6


def test_a_cancel_stops_the_pull_between_pages_and_keeps_what_was_applied(db: Database) -> None:
    pages = _event_pages(8)
    applied: list[int] = []
    engine = SyncEngine(
        db,
        _Pages(pages),  # type: ignore[arg-type]
        progress=lambda _phase, done, _total: applied.append(done),
        cancelled=lambda: len(applied) >= 3,
    )
    with pytest.raises(Cancelled):
        engine.pull()
    with db.reading() as session:
        assert state.get_state(session, state.PULL_CURSOR) == "3"
    assert len(applied) == 3


def test_pulled_activities_are_found_by_team_and_volunteer_and_keep_the_index_in_order(
    db: Database,
) -> None:
    """An activity's index entry holds its team's and its volunteers' names, which arrive as
    other records (here a child before its parents); renaming the volunteer, tombstoning the
    service, and moving the start (a new rowid, the old entry gone) all reach the index."""
    station_id = new_uuid()
    start = dt.datetime(2026, 11, 28, 1, tzinfo=dt.UTC)
    team = {"id": new_uuid(), "name": "红旗村文艺小队", "level": "VILLAGE", "owner": "VILLAGE",
            "station_id": station_id, "parent_id": None, "active": True}
    volunteer = {"id": new_uuid(), "station_id": station_id, "name": "张凤兰", "active": True}
    activity = {"id": new_uuid(), "station_id": station_id, "title": "老党员讲村史",
                "activity_type_code": "NEIGHBOR_STORIES", "five_task_code": "PROMOTE_POLICY",
                "starts_at": start, "ends_at": start + dt.timedelta(hours=2), "place": "文化广场",
                "team_id": team["id"], "audience_count": 30, "summary": "", "linked_demand_ids": []}
    service = {"id": new_uuid(), "activity_id": activity["id"], "volunteer_id": volunteer["id"],
               "start_at": start, "end_at": start + dt.timedelta(hours=2), "break_minutes": 0,
               "credited_minutes": 120, "corrects_id": None, "reason": ""}  # fmt: skip
    _pull(
        db,
        [
            _station_change(station_id),
            _change(ServiceRecord, service),
            _change(Activity, activity),
            _change(Volunteer, volunteer),
            _change(Team, team),
        ],
    )
    _check_index(db)
    assert _found(db, Activity, "文艺小队") == {activity["id"]}
    assert _found(db, Activity, "zfl") == {activity["id"]}

    _pull(db, [_change(Volunteer, {**volunteer, "name": "张凤英"}, version=2)])
    _check_index(db)
    assert _found(db, Activity, "zfl") == set()
    assert _found(db, Activity, "张凤英") == {activity["id"]}

    moved = start + dt.timedelta(days=3)
    _pull(db, [_change(Activity, {**activity, "starts_at": moved, "ends_at": moved + dt.timedelta(hours=2)}, version=2)])
    _check_index(db)
    with db.reading() as session:
        stored = session.get_one(Activity, activity["id"])
        assert stored.search_rowid == (moved - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)

    _pull(db, [_change(ServiceRecord, service, version=2, deleted=True)])
    _check_index(db)
    assert _found(db, Activity, "张凤英") == set()
    assert _found(db, Activity, "村史") == {activity["id"]}
