"""Tests for the demo data generator (演示数据)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.demo import generate, load, texts
from desktop.demo.generate import DemoSize, generate_demo
from desktop.demo.texts import EVENT_STATUS
from desktop.models.activity import Activity, PointsEntry, ServiceRecord, Team, Volunteer
from desktop.models.base import SyncedMixin
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand, DemandEvent, DemandNumberCounter, ServiceMenuItem
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.rows.stage import Stage
from desktop.models.rules.demand_status import (
    OPEN_STATUSES,
    Actor,
    Channel,
    DemandStatus,
    check_transition,
)
from desktop.models.rules.hours import (
    HoursEntry,
    Interval,
    check_no_overlap,
    compute_hours,
    effective_hours,
)
from desktop.models.rules.idnumber import validate_id_number
from desktop.models.rules.phone import normalize_phone
from desktop.models.rules.points import PointsEntry as LedgerLine
from desktop.models.rules.points import PointsKind, check_entry
from desktop.models.search import build_match
from desktop.models.station import Contact, Grid, Station
from desktop.models.station_setup import division_code_problem
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath

NOW = dt.datetime(2026, 11, 29, tzinfo=CHINA_TZ)
SMALL = DemoSize(demands=600, contacts=200, activities=25, volunteers=20)
S = DemandStatus


def make_db(path: Path) -> Database:
    return open_database(path)


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = make_db(tmp_path_factory.mktemp("synced") / "w.db")
    generate_demo(db, SMALL, now=NOW)
    yield db
    db.close()


@pytest.fixture(scope="module")
def unsynced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = make_db(tmp_path_factory.mktemp("unsynced") / "w.db")
    generate_demo(db, SMALL, now=NOW, unsynced=True)
    yield db
    db.close()


def timelines(session: Session) -> dict[str, list[DemandEvent]]:
    events: dict[str, list[DemandEvent]] = defaultdict(list)
    for event in session.scalars(select(DemandEvent)):
        events[event.demand_id].append(event)
    for items in events.values():
        items.sort(key=lambda e: e.occurred_at)
    return events


# --- the whole picture ------------------------------------------------------------------------


def test_summary_and_counts(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.db")
    try:
        summary = generate_demo(
            db, DemoSize(demands=50, contacts=40, activities=5, volunteers=6), now=NOW
        )
        assert summary == "需求 50 条、村民 40 人、活动 5 场、志愿者 6 人"
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Demand)) == 50
            assert session.scalar(select(func.count()).select_from(Contact)) == 40
            assert session.scalar(select(func.count()).select_from(Activity)) == 5
            assert session.scalar(select(func.count()).select_from(Volunteer)) == 6
    finally:
        db.close()


def test_station_grids_and_leaders(synced: Database) -> None:
    with synced.reading() as session:
        stations = list(session.scalars(select(Station)))
        assert len(stations) == 1
        station = stations[0]
        assert division_code_problem(station.division_code) is None
        assert station.name.endswith("新时代文明实践站")
        grids = list(session.scalars(select(Grid).order_by(Grid.sort_order)))
        assert 4 <= len(grids) <= 8
        assert grids[0].name == "第一网格"
        for grid in grids:
            assert grid.leader_contact_id is not None
            leader = session.get(Contact, grid.leader_contact_id)
            assert leader is not None and leader.grid_id == grid.id


def test_contacts_look_real(synced: Database) -> None:
    with synced.reading() as session:
        contacts = list(session.scalars(select(Contact)))
    assert len(contacts) == SMALL.contacts
    names = [c.name for c in contacts]
    assert all(2 <= len(n) <= 4 for n in names)
    assert len(set(names)) > len(names) * 0.6
    # A one-character search must not hit everybody.
    given = Counter(ch for n in names for ch in set(n[1:]))
    assert given.most_common(1)[0][1] < len(names) * 0.3
    with_phone = [c for c in contacts if c.phone]
    assert len(with_phone) > len(contacts) * 0.6
    for c in contacts:
        for number in (c.phone, c.proxy_phone):
            if number:
                assert normalize_phone(number).value == number
        if c.proxy_phone:
            assert c.proxy_relation
        if c.id_number:
            validate_id_number(c.id_number, today=NOW.date())
        assert c.gender in ("男", "女")
        assert "陈家店村" in c.address and c.group_name.endswith("村民小组")
        assert c.pinyin_full and c.pinyin_initials
    assert any(re.fullmatch(r"0431-8\d{7}", c.phone or "") for c in contacts)
    assert any(c.phone is None and c.proxy_phone for c in contacts)
    tagged = [c for c in contacts if c.tags]
    assert 0.04 * len(contacts) <= len(tagged) <= 0.25 * len(contacts)
    assert all(c.consent_sensitive for c in tagged)


def test_surname_list() -> None:
    surnames = [s for s, _ in texts.SURNAMES]
    assert len(surnames) >= 60 and len(set(surnames)) == len(surnames)
    assert {"欧阳", "司马"} <= set(surnames)
    assert surnames[:3] == ["王", "李", "张"]


# --- demands ----------------------------------------------------------------------------------


def test_every_status_appears(synced: Database) -> None:
    with synced.reading() as session:
        statuses = set(session.scalars(select(Demand.status).distinct()))
    assert statuses == {s.value for s in DemandStatus} - {"DRAFT"}


def test_every_status_appears_even_in_a_small_demo(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.db")
    try:
        generate_demo(db, DemoSize(demands=20, contacts=10, activities=2, volunteers=3), now=NOW)
        with db.reading() as session:
            statuses = set(session.scalars(select(Demand.status).distinct()))
        assert statuses == {s.value for s in DemandStatus} - {"DRAFT"}
    finally:
        db.close()


def test_timelines_match_statuses(synced: Database) -> None:
    now = NOW.astimezone(dt.UTC)
    with synced.reading() as session:
        events = timelines(session)
        demands = {d.id: d for d in session.scalars(select(Demand))}
    assert set(events) == set(demands)
    for demand_id, items in events.items():
        demand = demands[demand_id]
        first = items[0]
        assert (first.kind, first.actor) == ("REGISTERED", "VILLAGE")
        assert first.occurred_at == demand.registered_at
        times = [e.occurred_at for e in items]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert times[-1] < now
        assert demand.updated_at == times[-1]
        # Replaying the events through the status machine ends in the demand's status.
        status = S.SUBMITTED
        for event in items[1:]:
            new = EVENT_STATUS[event.kind]
            check_transition(status, new, Actor(event.actor))
            status = new
        assert status.value == demand.status
        when = {e.kind: e.occurred_at for e in items}
        assert demand.dispatched_at == when.get("DISPATCHED")
        assert demand.claimed_at == when.get("CLAIMED")
        assert demand.resolved_at == when.get("RESOLVED")
        assert demand.evaluated_at == when.get("EVALUATED")
        assert bool(demand.result) == ("RESOLVED" in when)
        assert (demand.evaluation is not None) == ("EVALUATED" in when)
        assert bool(demand.reject_reason) == ("REJECTED" in when)
        assert (demand.merged_into_id is not None) == ("MERGED" in when)
        has_team = "DISPATCHED" in when or "CLAIMED" in when
        assert bool(demand.assigned_team_name) == has_team
        assert (demand.assigned_team_id is not None) == has_team


def test_resolved_demand_example(synced: Database) -> None:
    with synced.reading() as session:
        demand = session.scalars(select(Demand).where(Demand.status == "RESOLVED")).first()
        assert demand is not None
        kinds = [e.kind for e in timelines(session)[demand.id]]
    assert kinds[0] == "REGISTERED" and kinds[-1] == "RESOLVED"
    assert {"TRIAGED", "LISTED", "IN_PROGRESS"} <= set(kinds)
    assert demand.resolved_at is not None and demand.result


def test_merged_demands_point_to_an_earlier_one(synced: Database) -> None:
    with synced.reading() as session:
        merged = list(session.scalars(select(Demand).where(Demand.status == "MERGED")))
        assert merged
        for demand in merged:
            assert demand.merged_into_id is not None
            target = session.get(Demand, demand.merged_into_id)
            assert target is not None and target.registered_at < demand.registered_at


def test_demand_fields(synced: Database) -> None:
    now = NOW.astimezone(dt.UTC)
    with synced.reading() as session:
        demands = list(session.scalars(select(Demand)))
        contacts = {c.id: c for c in session.scalars(select(Contact))}
    channels = Counter(d.channel for d in demands)
    assert set(channels) == {c.value for c in Channel}
    anonymous = [d for d in demands if d.anonymous]
    assert 0 < len(anonymous) < len(demands) * 0.12
    for d in demands:
        assert now - dt.timedelta(days=732) < d.registered_at < now
        assert d.title and len(d.title) <= 200
        assert d.catalog_version == "2026.1"
        assert d.due_date is not None and d.due_date > d.registered_at.astimezone(CHINA_TZ).date()
        if d.anonymous:
            assert d.requester_contact_id is None and d.requester_name == ""
        else:
            contact = contacts[d.requester_contact_id or ""]
            assert d.requester_name == contact.name
            assert d.requester_phone in (contact.phone, contact.proxy_phone)
    overdue = [
        d for d in demands
        if DemandStatus(d.status) in OPEN_STATUSES and d.due_date
        and d.due_date < NOW.date()
    ]
    assert overdue, "some open demands are past their due date"


class Rollback(Exception):
    pass


def test_numbers_unique_per_day_and_counter_consistent(synced: Database) -> None:
    with pytest.raises(Rollback), synced.writing() as session:
        rows = session.execute(select(Demand.number, Demand.registered_at)).all()
        numbers = [n for n, _ in rows]
        assert len(set(numbers)) == len(numbers)
        per_day: dict[str, list[int]] = defaultdict(list)
        for number, registered in rows:
            match = re.fullmatch(r"XQ-(\d{8})-(\d{4})", number)
            assert match is not None
            assert match[1] == registered.astimezone(CHINA_TZ).strftime("%Y%m%d")
            per_day[match[1]].append(int(match[2]))
        for seqs in per_day.values():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
        counters = {c.day: c.last_seq for c in session.scalars(select(DemandNumberCounter))}
        assert counters == {day: len(seqs) for day, seqs in per_day.items()}
        # A demand registered later that same day gets the next number.
        day = max(per_day)
        when = dt.datetime.strptime(day + " 21:30", "%Y%m%d %H:%M").replace(tzinfo=CHINA_TZ)
        station = session.scalars(select(Station)).one()
        demand = register_demand(
            session, station.id,
            DemandInput(channel="NEEDS_DESK", category_code="CARE", title="测试", anonymous=True),
            now=when,
        )
        assert demand.number == f"XQ-{day}-{len(per_day[day]) + 1:04d}"
        raise Rollback


def test_demands_are_searchable(synced: Database) -> None:
    with synced.reading() as session:
        demand = session.scalars(
            select(Demand).where(Demand.anonymous.is_(False)).order_by(Demand.number)
        ).first()
        assert demand is not None
        match = build_match(demand.requester_name)
        rowids = set(
            session.execute(
                text("SELECT rowid FROM demand_fts WHERE demand_fts MATCH :m"), {"m": match}
            ).scalars()
        )
        assert demand.search_rowid in rowids
        assert session.scalar(text("SELECT count(*) FROM demand_fts")) == SMALL.demands
        assert session.scalar(text("SELECT count(*) FROM contact_fts")) == SMALL.contacts
        assert demand.requester_pinyin


# --- teams, activities, hours, points ---------------------------------------------------------


def test_teams_and_activities(synced: Database) -> None:
    with synced.reading() as session:
        levels = Counter(session.scalars(select(Team.level)))
        assert levels["COUNTY"] >= 1 and levels["TOWNSHIP"] == 1 and levels["VILLAGE"] >= 3
        activities = list(session.scalars(select(Activity)))
        types = dict(session.execute(text("SELECT code, five_task_code FROM activity_type")).all())
        demand_ids = set(session.scalars(select(Demand.id)))
        assert session.scalar(select(func.count()).select_from(ServiceMenuItem)) > 0
    assert len(activities) == SMALL.activities
    for activity in activities:
        assert types[activity.activity_type_code] == activity.five_task_code
        assert activity.starts_at < activity.ends_at < NOW.astimezone(dt.UTC)
        assert activity.place and activity.summary and activity.audience_count > 0
        assert set(activity.linked_demand_ids) <= demand_ids
    assert any(a.linked_demand_ids for a in activities)


def test_service_records(synced: Database) -> None:
    with synced.reading() as session:
        records = list(session.scalars(select(ServiceRecord).order_by(ServiceRecord.created_at)))
    assert records
    per_volunteer: dict[str, list[Interval]] = defaultdict(list)
    ledger: list[HoursEntry] = []
    for record in records:
        if record.corrects_id is None:
            hours = compute_hours(record.start_at, record.end_at, record.break_minutes)
            assert record.credited_minutes == int(hours * 60)
            interval = Interval(record.start_at, record.end_at, record.id)
            check_no_overlap(interval, per_volunteer[record.volunteer_id])
            per_volunteer[record.volunteer_id].append(interval)
        else:
            assert record.reason
        ledger.append(
            HoursEntry(record.id, Decimal(record.credited_minutes) / 60, record.corrects_id)
        )
    originals = [e for e in ledger if e.corrects is None]
    ordered = originals + [e for e in ledger if e.corrects is not None]
    effective_hours(ordered)
    assert len(originals) < len(ledger), "the demo shows at least one correction"


def test_points_never_negative(synced: Database) -> None:
    with synced.reading() as session:
        entries = list(session.scalars(select(PointsEntry).order_by(PointsEntry.occurred_at)))
    assert {e.kind for e in entries} >= {"EARN", "REDEEM"}
    ledgers: dict[str, list[LedgerLine]] = defaultdict(list)
    for entry in entries:
        kind = PointsKind(entry.kind)
        check_entry(ledgers[entry.volunteer_id], kind, entry.amount)
        ledgers[entry.volunteer_id].append(LedgerLine(kind, entry.amount))
        if kind is PointsKind.EARN:
            assert entry.activity_id is not None


# --- synced versus unsynced -------------------------------------------------------------------


def all_records(session: Session) -> list[SyncedMixin]:
    records: list[SyncedMixin] = []
    for entity in SYNCED_ENTITIES.values():
        records.extend(session.scalars(select(entity)))
    return records


def test_synced_mode_writes_no_outbox_ops(synced: Database) -> None:
    with synced.reading() as session:
        assert session.scalar(select(func.count()).select_from(OutboxOp)) == 0
        for entity in (Station, Grid, Contact, Demand, DemandEvent, Team, Volunteer, Activity,
                       ServiceRecord, PointsEntry, ServiceMenuItem):
            versions = set(session.scalars(select(entity.server_version)))
            assert versions == {1}, entity


def test_unsynced_mode_has_one_create_op_per_record(unsynced: Database) -> None:
    """And a grid an update naming its leader, after the leader's create: the county takes a
    reference only to a record it already has."""
    with unsynced.reading() as session:
        ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))
        demo_records = [
            r for r in all_records(session)
            if r.SYNC_ENTITY not in
            {"catalog_version", "demand_category", "demand_topic", "activity_type", "star_scheme",
             "points_rule", "reward"}
        ]
        led = {g.id: g.leader_contact_id for g in session.scalars(select(Grid))}
        assert any(led.values())
        creates = [op for op in ops if op.op == "create"]
        assert Counter(op.record_id for op in creates) == Counter(r.id for r in demo_records)
        updates = [op for op in ops if op.op != "create"]
        named = sorted((op.entity, op.record_id, op.fields["leader_contact_id"]) for op in updates)
        assert named == sorted(("grid", grid, leader) for grid, leader in led.items() if leader)
        created = {op.record_id: op.device_seq for op in creates}
        assert all(created[op.fields["leader_contact_id"]] < op.device_seq for op in updates)
        assert all(r.server_version is None for r in demo_records)
        demands = list(session.scalars(select(Demand)))
        assert len(demands) == SMALL.demands
        assert {d.status for d in demands} == {"SUBMITTED"}
        for d in demands:
            assert d.assigned_team_id is None and d.dispatched_at is None
            assert d.resolved_at is None and d.evaluation is None and not d.result
        assert set(session.scalars(select(DemandEvent.kind))) == {"REGISTERED"}
        assert session.scalar(select(func.count()).select_from(DemandEvent)) == SMALL.demands
        assert set(session.scalars(select(Team.level))) == {"VILLAGE"}
        assert session.scalar(select(func.count()).select_from(ServiceMenuItem)) == 0
        for entity in (ServiceRecord, PointsEntry, Activity, Volunteer, Grid, Station):
            assert session.scalar(select(func.count()).select_from(entity)) > 0
        # Ops go parent first: the station, a record before its correction, a demand before
        # its events.
        seq = {op.record_id: op.device_seq for op in ops}
        station = session.scalars(select(Station)).one()
        assert seq[station.id] == min(seq.values())
        corrections = list(
            session.scalars(select(ServiceRecord).where(ServiceRecord.corrects_id.is_not(None)))
        )
        assert corrections
        for record in corrections:
            assert seq[record.corrects_id or ""] < seq[record.id]
        for event in session.scalars(select(DemandEvent)):
            assert seq[event.demand_id] < seq[event.id]
        ops_by_entity = Counter(op.entity for op in ops)
        assert ops_by_entity["contact"] == SMALL.contacts
        assert ops_by_entity["demand"] == SMALL.demands


def test_same_seed_same_data(tmp_path: Path) -> None:
    size = DemoSize(demands=120, contacts=60, activities=8, volunteers=8)

    def snapshot(name: str, seed: int) -> tuple[list[Any], list[Any], list[Any]]:
        db = make_db(tmp_path / name)
        try:
            generate_demo(db, size, seed=seed, now=NOW)
            with db.reading() as session:
                demands = session.execute(
                    select(Demand.number, Demand.title, Demand.requester_name, Demand.status)
                    .order_by(Demand.number)
                ).all()
                contacts = sorted(session.execute(select(Contact.name, Contact.address)).all())
                activities = session.execute(
                    select(Activity.title, Activity.starts_at).order_by(Activity.starts_at)
                ).all()
            return demands, contacts, activities
        finally:
            db.close()

    first = snapshot("a.db", 7)
    assert first == snapshot("b.db", 7)
    assert first[0] != snapshot("c.db", 8)[0]


# --- progress, cancel, a second run -----------------------------------------------------------


def test_progress_and_cancel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "DEMAND_BATCH", 50)
    size = DemoSize(demands=200, contacts=30, activities=3, volunteers=4)
    calls: list[tuple[int, int]] = []
    db = make_db(tmp_path / "w.db")
    try:
        summary = generate_demo(
            db, size, now=NOW, progress=lambda done, total: calls.append((done, total)),
            cancelled=lambda: calls[-1][0] > size.contacts,  # after the first demand batch
        )
        assert summary.startswith("已取消")
        with db.reading() as session:
            count = session.scalar(select(func.count()).select_from(Demand))
        assert count == 50
        assert f"需求 {count} 条" in summary
        assert calls[0] == (0, 233)
        dones = [d for d, _ in calls]
        assert dones == sorted(dones)
    finally:
        db.close()


def test_progress_reaches_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    db = make_db(tmp_path / "w.db")
    try:
        generate_demo(
            db, DemoSize(demands=30, contacts=20, activities=2, volunteers=3), now=NOW,
            progress=lambda done, total: calls.append((done, total)),
        )
    finally:
        db.close()
    assert calls[-1] == (52, 52)


def test_second_run_adds_to_the_same_station(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.db")
    size = DemoSize(demands=80, contacts=30, activities=3, volunteers=4)
    try:
        generate_demo(db, size, now=NOW)
        generate_demo(db, size, seed=99, now=NOW)
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Station)) == 1
            numbers = list(session.scalars(select(Demand.number)))
            assert len(numbers) == 160 and len(set(numbers)) == 160
            rowids = list(session.scalars(select(Demand.search_rowid)))
            assert len(set(rowids)) == 160
            per_day = Counter(n[3:11] for n in numbers)
            counters = {c.day: c.last_seq for c in session.scalars(select(DemandNumberCounter))}
            assert counters == dict(per_day)
    finally:
        db.close()


def test_negative_size_is_refused(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.db")
    try:
        with pytest.raises(ValueError):
            generate_demo(db, DemoSize(demands=-1), now=NOW)
    finally:
        db.close()


# --- the fast path stores exactly what the write path stores ---------------------------------


def raw_rows(db: Database, table: str, exclude: set[str]) -> list[dict[str, Any]]:
    with db.reading() as session:
        result = session.execute(text(f"SELECT rowid AS row_number, * FROM {table}"))
        keys = list(result.keys())
        return [
            {k: v for k, v in zip(keys, row, strict=True) if k not in exclude}
            for row in result.all()
        ]


def test_fast_path_matches_write_path(tmp_path: Path) -> None:
    when = dt.datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)

    def rows() -> dict[type[SyncedMixin], list[dict[str, Any]]]:
        station = {"id": "s1", "name": "站", "division_code": "220122102203",
                   "created_at": when, "updated_at": when}
        contact = {
            "id": "c1", "station_id": "s1", "name": "欧阳娜娜", "gender": "女",
            "phone": "13812345678", "proxy_phone": None, "proxy_relation": None,
            "group_name": "第三村民小组", "grid_id": None, "address": "合隆镇陈家店村三组 5 号",
            "tags": ["LEFT_BEHIND_ELDERLY"], "id_number": None,
            "birth_date": dt.date(1950, 1, 2), "consent_contact": True,
            "consent_sensitive": True, "guardian_consent": False, "note": "",
            "created_at": when, "updated_at": when,
        }
        demand = {
            "id": "d1", "number": "XQ-20250304-0001", "station_id": "s1",
            "requester_contact_id": "c1", "requester_name": "欧阳娜娜",
            "requester_phone": "13812345678", "anonymous": False, "entered_by": "陈丽华",
            "channel": "HOTLINE", "category_code": "CARE", "topic_code": "elder_care",
            "catalog_version": "2026.1", "menu_item_id": None, "title": "留守老人欧阳奶奶需要助餐",
            "description": "家住三组 5 号。", "urgency": "NORMAL", "grid_id": None,
            "registered_at": when, "due_date": dt.date(2025, 3, 9), "status": "RESOLVED",
            "assigned_team_id": None, "assigned_team_name": "关爱帮扶小队",
            "dispatched_at": when, "claimed_at": None, "resolved_at": when, "result": "已办",
            "reject_reason": "", "merged_into_id": None, "evaluation": None,
            "evaluation_note": "", "evaluated_at": None, "created_at": when, "updated_at": when,
        }
        return {Station: [station], Contact: [contact], Demand: [demand]}

    slow, fast = make_db(tmp_path / "slow.db"), make_db(tmp_path / "fast.db")
    try:
        with slow.writing() as session:
            writes = WritePath(session)
            for entity, items in rows().items():
                writes.create_many(entity, items, from_server=True)
            writes.create_many(
                DemandEvent,
                [{"id": "e1", "demand_id": "d1", "kind": "RESOLVED", "actor": "COUNTY",
                  "occurred_at": when, "note": "已办", "created_at": when, "updated_at": when}],
                from_server=True,
            )
        with fast.writing() as session:
            writer = load.Writer(session, from_server=True)
            for entity, items in rows().items():
                writer.add(entity, items)
            stamp = when.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
            writer.add_events([("e2", "d1", "RESOLVED", "COUNTY", stamp, "已办")])
        for table in ("station", "contact", "demand", "contact_fts", "demand_fts"):
            assert raw_rows(slow, table, set()) == raw_rows(fast, table, set()), table
        assert raw_rows(slow, "demand_event", {"id"}) == raw_rows(fast, "demand_event", {"id"})
    finally:
        slow.close()
        fast.close()


def test_a_batch_of_demand_rowids_follows_the_same_rule_as_a_save(
    synced: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's batches take their search rowids with one range read; a save looks up its own
    keys. The same instants get the same rowids either way (taken values skipped, ties bumped)."""
    from desktop.models.rows import index

    with synced.reading() as session:
        existing = session.scalars(select(Demand.registered_at).order_by(Demand.number)).first()
        assert existing is not None
        base = existing.replace(microsecond=0)
        instants = [base, base, base + dt.timedelta(seconds=3), base - dt.timedelta(days=1)]
        instants += [base + dt.timedelta(microseconds=i) for i in range(5)]
        batch = [{"registered_at": t} for t in instants]
        one_by_one = [{"registered_at": t} for t in instants]
        monkeypatch.setattr(index, "_BATCH_ROWIDS", 1)
        index.assign_search_rowids(session.connection(), Demand, batch)
        monkeypatch.setattr(index, "_BATCH_ROWIDS", 10**9)
        index.assign_search_rowids(session.connection(), Demand, one_by_one)
    assert [r["search_rowid"] for r in batch] == [r["search_rowid"] for r in one_by_one]
    assert len({r["search_rowid"] for r in batch}) == len(instants)


def test_a_failing_batch_is_rolled_back_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Stage.copy

    def failing_copy(self: Stage, session: Session) -> None:
        if "demand_event" in self.copy_sql:
            raise RuntimeError("disk trouble")
        copy(self, session)

    monkeypatch.setattr(Stage, "copy", failing_copy)
    db = make_db(tmp_path / "w.db")
    try:
        with pytest.raises(RuntimeError, match="disk trouble"):
            generate_demo(db, DemoSize(demands=30, contacts=20, activities=2, volunteers=3), now=NOW)
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Contact)) == 20
            assert session.scalar(select(func.count()).select_from(Demand)) == 0
            assert session.scalar(select(func.count()).select_from(DemandEvent)) == 0
            assert session.scalar(select(func.count()).select_from(DemandNumberCounter)) == 0
    finally:
        db.close()


def test_stars_honours_and_photos(tmp_path: Path) -> None:
    """Stars certified exactly as far as the hours go, honours for the busiest volunteers and a
    squad, and drawn photos stored as the program stores any (files on disk, JPEG)."""
    from decimal import Decimal

    from desktop.models.activity import Attachment, Commendation, StarAward
    from desktop.models.photos import photo_path
    from desktop.models.rules.stars import DEFAULT_SCHEME, star_level

    db = make_db(tmp_path / "w.db")
    try:
        generate_demo(db, DemoSize(demands=50, contacts=80, activities=400, volunteers=15), now=NOW)
        with db.reading() as session:
            hours = dict(
                session.execute(
                    select(ServiceRecord.volunteer_id, func.sum(ServiceRecord.credited_minutes))
                    .group_by(ServiceRecord.volunteer_id)
                ).all()
            )
            awards = session.scalars(select(StarAward)).all()
            assert awards, "400 activities among 15 volunteers: some qualify"
            for award in awards:
                assert award.level == star_level(Decimal(hours[award.volunteer_id]) / 60, DEFAULT_SCHEME)
            honours = session.scalars(select(Commendation)).all()
            assert sorted(h.level for h in honours if h.volunteer_id) == ["乡镇级", "县级", "村级"]
            assert [h.title for h in honours if h.team_id] == ["优秀志愿服务队伍"]
            photos = session.scalars(select(Attachment)).all()
            assert 0 < len(photos) <= 24
            for photo in photos:
                path = photo_path(tmp_path, photo.sha256)
                assert path.read_bytes()[:3] == b"\xff\xd8\xff" and path.stat().st_size == photo.size
    finally:
        db.close()
