"""The write path: every create, update and delete of every synced entity writes exactly one
outbox op in the same transaction, carrying what the county needs and nothing it owns."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session

from desktop.models.base import SyncedMixin
from desktop.models.db import Database, open_database
from desktop.models.entities import (
    SYNCED_ENTITIES,
    Activity,
    ActivityType,
    Attachment,
    CatalogVersion,
    Commendation,
    Contact,
    Demand,
    DemandCategory,
    DemandEvent,
    DemandTopic,
    Grid,
    OutboxOp,
    PointsEntry,
    PointsRule,
    PriorityGroup,
    Reward,
    ServiceMenuItem,
    ServiceRecord,
    StarAward,
    StarSchemeRecord,
    Station,
    Team,
    Volunteer,
)
from desktop.models.rows.stored import village_fields, wire_value
from desktop.models.writes import CountyFieldError, WritePath

T0 = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly created database, made once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


# --- minimal valid records of every entity, with whatever they point at -----------------------


class Deps:
    """Creates (once, through the write path) the records other records refer to."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.writes = WritePath(session)
        self._made: dict[str, Any] = {}

    def _once(self, cls: type[Any], where: Any, make: Callable[[], Any]) -> Any:
        key = cls.__name__
        if key not in self._made:
            found = self.session.scalar(select(cls).where(where))
            self._made[key] = found if found is not None else self.writes.create(make())
        return self._made[key]

    def station(self) -> Station:
        return self._once(
            Station,
            Station.division_code == "220102001001",
            lambda: Station(name="红旗村实践站", division_code="220102001001"),
        )

    def contact(self) -> Contact:
        return self._once(
            Contact,
            Contact.name == "张三",
            lambda: Contact(station_id=self.station().id, name="张三"),
        )

    def demand(self) -> Demand:
        return self._once(Demand, Demand.number == DEP_NUMBER, lambda: new_demand(self))

    def team(self) -> Team:
        return self._once(
            Team,
            Team.name == "红旗村志愿服务队",
            lambda: Team(name="红旗村志愿服务队", level="小队"),
        )

    def volunteer(self) -> Volunteer:
        return self._once(
            Volunteer,
            Volunteer.name == "李四",
            lambda: Volunteer(station_id=self.station().id, name="李四"),
        )

    def activity(self) -> Activity:
        return self._once(Activity, Activity.title == "重阳节敬老活动", lambda: new_activity(self))


DEP_NUMBER = "XQ-20261129-0001"


def new_demand(deps: Deps, number: str = DEP_NUMBER) -> Demand:
    return Demand(
        number=number,
        station_id=deps.station().id,
        channel="NEEDS_DESK",
        category_code="HEALTH",
        catalog_version="2026.1",
        title="给老人量血压",
        registered_at=T0,
    )


def new_activity(deps: Deps) -> Activity:
    return Activity(
        station_id=deps.station().id,
        title="重阳节敬老活动",
        activity_type_code="FESTIVAL",
        five_task_code="ENRICH_CULTURE",
        starts_at=T0,
        ends_at=T0 + dt.timedelta(hours=2),
    )


FACTORIES: dict[str, Callable[[Deps], SyncedMixin]] = {
    "station": lambda d: Station(name="第二实践点", division_code="220102001002"),
    "grid": lambda d: Grid(station_id=d.station().id, name="第一网格"),
    "contact": lambda d: Contact(station_id=d.station().id, name="王五", phone="13812345678"),
    "demand": lambda d: new_demand(d, "XQ-20261129-0009"),
    "demand_event": lambda d: DemandEvent(
        demand_id=d.demand().id, kind="REGISTERED", actor="VILLAGE", occurred_at=T0
    ),
    "service_menu_item": lambda d: ServiceMenuItem(title="义诊进村", category_code="HEALTH"),
    "team": lambda d: Team(name="文艺小分队", level="小队", station_id=d.station().id),
    "volunteer": lambda d: Volunteer(station_id=d.station().id, name="赵六"),
    "activity": new_activity,
    "service_record": lambda d: ServiceRecord(
        activity_id=d.activity().id,
        volunteer_id=d.volunteer().id,
        start_at=T0,
        end_at=T0 + dt.timedelta(hours=2),
        credited_minutes=120,
    ),
    "points_entry": lambda d: PointsEntry(
        volunteer_id=d.volunteer().id, kind="EARN", amount=10, occurred_at=T0
    ),
    "attachment": lambda d: Attachment(
        owner_entity="activity",
        owner_id=d.activity().id,
        sha256="ab" * 32,
        size=1024,
        mime="image/jpeg",
    ),
    "catalog_version": lambda d: CatalogVersion(catalog_version="2099.1"),
    "demand_category": lambda d: DemandCategory(catalog_version="2099.1", code="X", name="测试"),
    "demand_topic": lambda d: DemandTopic(
        catalog_version="2099.1", category_code="X", code="x1", name="测试主题"
    ),
    "activity_type": lambda d: ActivityType(code="TEST", name="测试", five_task_code="OTHER"),
    "star_scheme": lambda d: StarSchemeRecord(code="TEST", name="测试", thresholds=[1, 2, 3, 4, 5]),
    "priority_group": lambda d: PriorityGroup(code="TEST", name="测试对象"),
    "star_award": lambda d: StarAward(
        volunteer_id=d.volunteer().id, level=1, awarded_on=T0.date(), certified_by="镇文明实践所"
    ),
    "commendation": lambda d: Commendation(
        station_id=d.station().id,
        title="优秀志愿者",
        awarded_on=T0.date(),
        level="县级",
        issuing_body="县文明办",
        volunteer_id=d.volunteer().id,
    ),
    "points_rule": lambda d: PointsRule(code="TEST", name="测试", basis="HOUR", points=1),
    "reward": lambda d: Reward(code="TEST", name="测试礼遇", kind="GOODS", cost=10),
}

# A village-owned field to edit and its new value (None: the county owns every field).
VILLAGE_EDITS: dict[str, tuple[str, Any] | None] = {
    "station": ("name", "改名后的实践站"),
    "grid": ("name", "第二网格"),
    "contact": ("address", "三组 12 号"),
    "demand": ("title", "给独居老人量血压"),
    "demand_event": ("note", "补充说明"),
    "service_menu_item": None,
    "team": ("name", "改名后的小分队"),
    "volunteer": ("phone", "13900001111"),
    "activity": ("place", "村文化广场"),
    "service_record": ("break_minutes", 15),
    "points_entry": ("reason", "参加重阳节活动"),
    "attachment": ("note", "活动合影"),
    "catalog_version": None,
    "demand_category": None,
    "demand_topic": None,
    "activity_type": None,
    "star_scheme": None,
    "priority_group": None,
    "star_award": ("note", "经公示无异议"),
    "commendation": ("issuing_body", "农安县文明办"),
    "points_rule": None,
    "reward": None,
}

# A county-owned field of each entity that has one, with a value to try.
COUNTY_EDITS: dict[str, tuple[str, Any]] = {
    "demand": ("status", "RESOLVED"),
    "service_menu_item": ("title", "改名"),
    "catalog_version": ("active", True),
    "demand_category": ("name", "改名"),
    "demand_topic": ("name", "改名"),
    "activity_type": ("name", "改名"),
    "star_scheme": ("thresholds", [1, 1, 1, 1, 1]),
    "priority_group": ("aliases", ["测试"]),
    "points_rule": ("points", 2),
    "reward": ("cost", 20),
}

ENTITY_NAMES = sorted(SYNCED_ENTITIES)


def _village_edit(name: str) -> tuple[str, Any]:
    edit = VILLAGE_EDITS[name]
    assert edit is not None
    return edit


def test_every_synced_entity_is_covered() -> None:
    assert set(FACTORIES) == set(SYNCED_ENTITIES)
    assert set(VILLAGE_EDITS) == set(SYNCED_ENTITIES)
    for name, cls in SYNCED_ENTITIES.items():
        assert name == cls.SYNC_ENTITY
        if cls.COUNTY_FIELDS:
            assert name in COUNTY_EDITS
        if VILLAGE_EDITS[name] is None:
            assert village_fields(cls) == []


def _ops(session: Session) -> list[OutboxOp]:
    return list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))


def _op_count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxOp)) or 0)


def _setup_record(db: Database, name: str) -> tuple[type[SyncedMixin], str, int]:
    """Dependencies and the record in one committed action; returns the op count after it."""
    with db.writing() as session:
        deps = Deps(session)
        record = deps.writes.create(FACTORIES[name](deps))
        cls, record_id = type(record), record.id
    return cls, record_id, _op_count(db)


# --- create ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_create_writes_one_op_with_the_stored_village_fields(db: Database, name: str) -> None:
    with db.writing() as session:
        deps = Deps(session)
        obj = FACTORIES[name](deps)
        seq_before = session.scalar(select(func.max(OutboxOp.device_seq))) or 0
        record = deps.writes.create(obj)
        record_id, cls = record.id, type(record)

    with db.reading() as session:
        ops = list(session.scalars(select(OutboxOp).where(OutboxOp.device_seq > seq_before)))
        assert len(ops) == 1
        op = ops[0]
        assert (op.entity, op.record_id, op.op, op.base_version) == (
            name,
            record_id,
            "create",
            None,
        )
        stored = session.get(cls, record_id)
        assert stored is not None
        assert set(op.fields) == set(village_fields(cls))
        assert not set(op.fields) & cls.COUNTY_FIELDS
        assert not set(op.fields) & {"id", "server_version", "deleted_at", "search_rowid"}
        # The op carries exactly what was saved (defaults included), so the county stores the
        # same record the officer sees.
        assert op.fields == {f: wire_value(getattr(stored, f)) for f in village_fields(cls)}


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_failed_action_leaves_neither_record_nor_op(db: Database, name: str) -> None:
    with db.writing() as session:
        deps = Deps(session)
        FACTORIES[name](deps)  # commit the dependencies (the record itself is never added)
    ops_before = _op_count(db)
    created: list[tuple[type[SyncedMixin], str]] = []

    with pytest.raises(RuntimeError, match="用户取消"), db.writing() as session:
        deps = Deps(session)
        record = deps.writes.create(FACTORIES[name](deps))
        created.append((type(record), record.id))
        raise RuntimeError("用户取消")

    cls, record_id = created[0]
    with db.reading() as session:
        assert session.get(cls, record_id) is None
    assert _op_count(db) == ops_before


# --- update ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in ENTITY_NAMES if VILLAGE_EDITS[n] is not None])
def test_update_sends_only_the_changed_fields(db: Database, name: str) -> None:
    cls, record_id, ops_before = _setup_record(db, name)
    field, value = _village_edit(name)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        unchanged = next(f for f in village_fields(cls) if f != field)
        same_value = getattr(record, unchanged)
        changed = WritePath(session).update(record, **{field: value, unchanged: same_value})
    assert changed == {field}

    with db.reading() as session:
        ops = _ops(session)
        assert len(ops) == ops_before + 1
        op = ops[-1]
        assert (op.entity, op.record_id, op.op) == (name, record_id, "update")
        assert op.fields == {field: wire_value(value)}
        assert op.base_version is None
        assert getattr(session.get(cls, record_id), field) == value


@pytest.mark.parametrize("name", [n for n in ENTITY_NAMES if VILLAGE_EDITS[n] is not None])
def test_update_without_a_real_change_writes_no_op(db: Database, name: str) -> None:
    cls, record_id, ops_before = _setup_record(db, name)
    field, _value = _village_edit(name)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        updated_at = record.updated_at
        assert WritePath(session).update(record, **{field: getattr(record, field)}) == set()
        assert WritePath(session).update(record) == set()
    assert _op_count(db) == ops_before
    with db.reading() as session:
        stored = session.get(cls, record_id)
        assert stored is not None and stored.updated_at == updated_at


@pytest.mark.parametrize("name", [n for n in ENTITY_NAMES if VILLAGE_EDITS[n] is not None])
def test_update_and_delete_carry_the_server_version_they_were_based_on(
    db: Database, name: str
) -> None:
    cls, record_id, _ = _setup_record(db, name)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        record.server_version = 7  # as the sync does after the county acknowledged it
    field, value = _village_edit(name)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        WritePath(session).update(record, **{field: value})
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        WritePath(session).delete(record)

    with db.reading() as session:
        update_op, delete_op = _ops(session)[-2:]
        assert (update_op.op, update_op.base_version) == ("update", 7)
        assert (delete_op.op, delete_op.base_version) == ("delete", 7)


@pytest.mark.parametrize("name", sorted(COUNTY_EDITS))
def test_update_of_a_county_field_is_refused_and_sends_nothing(db: Database, name: str) -> None:
    cls, record_id, ops_before = _setup_record(db, name)
    field, value = COUNTY_EDITS[name]
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        before = getattr(record, field)
        with pytest.raises(CountyFieldError, match=field):
            WritePath(session).update(record, **{field: value})
        # Even mixed with a legitimate change, nothing is applied.
        if VILLAGE_EDITS[name] is not None:
            v_field, v_value = _village_edit(name)
            with pytest.raises(CountyFieldError):
                WritePath(session).update(record, **{field: value, v_field: v_value})
            assert getattr(record, v_field) != v_value
        assert getattr(record, field) == before
    assert _op_count(db) == ops_before
    with db.reading() as session:
        assert all(field not in op.fields for op in _ops(session) if op.entity == name)


@pytest.mark.parametrize("field", ["id", "server_version", "deleted_at", "search_rowid"])
def test_bookkeeping_and_derived_fields_are_not_writable(db: Database, field: str) -> None:
    cls, record_id, ops_before = _setup_record(db, "contact")
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        with pytest.raises(CountyFieldError):
            WritePath(session).update(record, **{field: 99})
    assert _op_count(db) == ops_before


# --- delete ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_delete_tombstones_with_one_op(db: Database, name: str) -> None:
    cls, record_id, ops_before = _setup_record(db, name)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        WritePath(session, clock=lambda: T0).delete(record)
        WritePath(session).delete(record)  # deleting twice changes nothing

    with db.reading() as session:
        ops = _ops(session)
        assert len(ops) == ops_before + 1
        op = ops[-1]
        assert (op.entity, op.record_id, op.op, op.fields) == (name, record_id, "delete", {})
        stored = session.get(cls, record_id)
        assert stored is not None  # a tombstone, not a removed row
        assert stored.deleted_at == T0


def test_a_deleted_record_cannot_be_edited(db: Database) -> None:
    cls, record_id, _ = _setup_record(db, "contact")
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        WritePath(session).delete(record)
    ops_before = _op_count(db)
    with db.writing() as session:
        record = session.get(cls, record_id)
        assert record is not None
        with pytest.raises(ValueError, match="deleted"):
            WritePath(session).update(record, name="复活")
    assert _op_count(db) == ops_before


# --- ordering ----------------------------------------------------------------------------------


def test_device_seq_only_grows_even_after_pushed_ops_are_removed(db: Database) -> None:
    with db.writing() as session:
        deps = Deps(session)
        contact = deps.contact()
        for i in range(5):
            deps.writes.update(contact, address=f"{i} 号")
    with db.writing() as session:
        seqs = [op.device_seq for op in _ops(session)]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        last = seqs[-1]
        # The county acknowledged everything: the outbox is emptied.
        session.execute(delete(OutboxOp))
    with db.writing() as session:
        contact = session.scalars(select(Contact)).one()
        WritePath(session).update(contact, address="新地址")
    with db.reading() as session:
        (op,) = _ops(session)
        assert op.device_seq > last


def test_op_ids_are_unique_and_ops_follow_the_order_of_actions(db: Database) -> None:
    with db.writing() as session:
        deps = Deps(session)
        contact = deps.contact()
        deps.writes.update(contact, address="一组")
        deps.writes.delete(contact)
    with db.reading() as session:
        ops = _ops(session)
        assert [op.op for op in ops] == ["create", "create", "update", "delete"]
        assert [op.entity for op in ops] == ["station", "contact", "contact", "contact"]
        assert len({op.op_id for op in ops}) == len(ops)


# --- bulk creation (imports, demo data) -------------------------------------------------------


def test_create_many_writes_one_complete_op_per_record(db: Database) -> None:
    with db.writing() as session:
        station_id = Deps(session).station().id
    rows = [{"station_id": station_id, "name": f"村民{i}", "phone": None} for i in range(50)]
    with db.writing() as session:
        WritePath(session).create_many(Contact, rows)

    with db.reading() as session:
        contacts = {c.id: c for c in session.scalars(select(Contact))}
        ops = [op for op in _ops(session) if op.entity == "contact"]
        assert len(contacts) == 50
        assert sorted(op.record_id for op in ops) == sorted(contacts)
        for op in ops:
            stored = contacts[op.record_id]
            assert op.op == "create"
            assert op.fields == {f: wire_value(getattr(stored, f)) for f in village_fields(Contact)}
        assert len({c.search_rowid for c in contacts.values()}) == 50


class _Rollback(Exception):
    pass


def _stored(session: Session, cls: type[SyncedMixin], record_id: str) -> dict[str, Any]:
    """The row as SQLite holds it (storage form, read past the ORM's types), its search index
    entry, and its op."""
    conn = session.connection()
    table = cls.__tablename__  # type: ignore[attr-defined]
    result = conn.exec_driver_sql(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    row = dict(zip(result.keys(), result.one(), strict=True))
    found: dict[str, Any] = {"row": row}
    if cls in (Demand, Contact):
        found["index"] = conn.exec_driver_sql(
            f"SELECT uni, bi, py, ph FROM {table}_fts WHERE rowid = ?", (row["search_rowid"],)
        ).one()
    op = conn.exec_driver_sql(
        "SELECT entity, record_id, op, fields, base_version, created_at, attempts, last_error "
        "FROM outbox WHERE record_id = ?",
        (record_id,),
    ).one()
    found["op"] = tuple(op)
    return found


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_create_many_stores_exactly_what_create_stores(db: Database, name: str) -> None:
    """The bulk path binds every value itself (``RowInserter``, no ORM flush): the stored row,
    its search entry and its op must be byte for byte those of a single ORM create."""
    with db.writing() as session:
        FACTORIES[name](Deps(session))  # commits the record's dependencies, not the record
    results: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    for bulk in (False, True):
        with pytest.raises(_Rollback), db.writing() as session:
            writes = WritePath(session, clock=lambda: T0)
            obj = FACTORIES[name](Deps(session))
            cls = type(obj)
            if bulk:
                writes.create_many(cls, [dict(values)])
            else:
                writes.create(obj)
                session.flush()
                values = {c.key: getattr(obj, c.key) for c in inspect(cls).column_attrs}
            results.append(_stored(session, cls, values["id"]))
            raise _Rollback
    assert results[0] == results[1]


def test_create_many_from_server_writes_no_ops(db: Database) -> None:
    with db.writing() as session:
        station_id = Deps(session).station().id
    ops_before = _op_count(db)
    with db.writing() as session:
        WritePath(session).create_many(
            Contact, [{"station_id": station_id, "name": "县里来的"}], from_server=True
        )
    assert _op_count(db) == ops_before
    with db.reading() as session:
        contact = session.scalars(select(Contact).where(Contact.name == "县里来的")).one()
        assert contact.server_version == 1
