"""Registering, numbering, evaluating and withdrawing demands (the village's side of 五单)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from desktop.models.changes import Changes
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand, DemandEvent, DemandNumberCounter
from desktop.models.demands import (
    DemandInput,
    FiledDemand,
    RequesterChoice,
    add_note,
    change_demand,
    delete_demand,
    evaluate_demand,
    file_demand,
    register_demand,
    urge_demand,
    urge_problem,
    withdraw_demand,
)
from desktop.models.entities import Contact, OutboxOp, Station
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.queries import DemandFilter, list_demands
from desktop.models.rows.driver import driver_connection
from desktop.models.writes import WritePath

# 09:30 in Beijing on 2026-11-29.
NOW = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    db = open_database(path)
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
        writes.create(
            Contact(station_id=station.id, name="张三", phone="13812345678", address="一组")
        )
    db.close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


def _station_id(db: Database) -> str:
    with db.reading() as session:
        return str(session.scalar(select(Station.id)))


def _contact(db: Database) -> Contact:
    with db.reading() as session:
        contact = session.scalars(select(Contact)).one()
        return contact


def _input(**overrides: object) -> DemandInput:
    values: dict[str, object] = {
        "channel": "NEEDS_DESK",
        "category_code": "HEALTH",
        "title": "想请医生来村里量血压",
        "requester_name": "李四",
        "requester_phone": "138 1234 5678",
    }
    values.update(overrides)
    return DemandInput(**values)  # type: ignore[arg-type]


def _register(db: Database, now: dt.datetime = NOW, **overrides: object) -> Demand:
    with db.writing() as session:
        filed = register_demand(session, _station_id(db), _input(**overrides), now=now)
        return session.get_one(Demand, filed.id)


def _numbers(db: Database) -> list[str]:
    with db.reading() as session:
        return sorted(session.scalars(select(Demand.number)))


def _set_status(db: Database, demand_id: str, status: str) -> None:
    """What the sync does when the county moves a demand on."""
    with db.writing() as session:
        demand = session.get(Demand, demand_id)
        assert demand is not None
        demand.status = status
        demand.server_version = 3


def _count(db: Database, cls: type) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(cls)) or 0)


# --- numbering ---------------------------------------------------------------------------------


def test_numbers_are_consecutive_per_beijing_day(db: Database) -> None:
    numbers = [_register(db).number for _ in range(3)]
    assert numbers == ["XQ-20261129-0001", "XQ-20261129-0002", "XQ-20261129-0003"]
    assert all(re.fullmatch(r"XQ-\d{8}-\d{4}", n) for n in numbers)

    # 2026-11-29T17:00Z is already 01:00 on 11-30 in Beijing: a new day, a new sequence.
    next_day = _register(db, now=dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.UTC))
    assert next_day.number == "XQ-20261130-0001"
    # 2026-11-28T17:00Z is 01:00 on 11-29 in Beijing: it continues that day's sequence.
    late = _register(db, now=dt.datetime(2026, 11, 28, 17, 0, tzinfo=dt.UTC))
    assert late.number == "XQ-20261129-0004"
    # 2026-11-28T15:59Z is still 11-28 in Beijing.
    evening = _register(db, now=dt.datetime(2026, 11, 28, 15, 59, tzinfo=dt.UTC))
    assert evening.number == "XQ-20261128-0001"
    assert len(set(_numbers(db))) == 6


def test_number_of_a_deleted_demand_is_never_reused(db: Database) -> None:
    demands = [_register(db) for _ in range(3)]
    with db.writing() as session:
        last = session.get(Demand, demands[-1].id)
        assert last is not None
        delete_demand(session, last)

    again = _register(db)

    assert again.number == "XQ-20261129-0004"
    assert _numbers(db) == [f"XQ-20261129-{i:04d}" for i in range(1, 5)]


def test_number_not_reused_even_when_the_counter_row_is_lost(db: Database) -> None:
    for _ in range(2):
        _register(db)
    with db.writing() as session:
        # e.g. a restore of a database whose demands arrived from another PC of the station.
        session.execute(delete(DemandNumberCounter))
    assert _register(db).number == "XQ-20261129-0003"


def test_a_failed_registration_uses_up_no_number(db: Database) -> None:
    _register(db)
    _register(db)
    with pytest.raises(RuntimeError, match="断电"), db.writing() as session:
        crashed = register_demand(session, _station_id(db), _input(), now=NOW)
        assert crashed.number == "XQ-20261129-0003"
        raise RuntimeError("断电")

    with db.reading() as session:
        counter = session.get(DemandNumberCounter, "20261129")
        assert counter is not None and counter.last_seq == 2
    assert _register(db).number == "XQ-20261129-0003"
    assert _count(db, Demand) == 3


# --- what a registration saves -------------------------------------------------------------


def test_registration_saves_demand_event_and_ops_together(db: Database) -> None:
    ops_before = _count(db, OutboxOp)
    demand = _register(db)

    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        assert stored.status == "SUBMITTED"
        assert stored.requester_phone == "13812345678"
        assert stored.catalog_version == "2026.1"
        assert stored.registered_at == NOW
        # HEALTH's default time limit in the 2026.1 catalog is 7 days.
        assert stored.due_date == dt.date(2026, 12, 6)
        (event,) = session.scalars(select(DemandEvent).where(DemandEvent.demand_id == demand.id))
        assert (event.kind, event.actor) == ("REGISTERED", "VILLAGE")
        ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))[ops_before:]
        assert [(op.entity, op.op) for op in ops] == [
            ("demand", "create"),
            ("demand_event", "create"),
        ]
        assert "status" not in ops[0].fields
        assert ops[0].fields["number"] == demand.number


def test_a_demand_filed_with_plain_inserts_can_be_edited_in_the_same_action(db: Database) -> None:
    """register_demand writes with plain INSERTs and hands back the id and number; loaded in
    the same transaction, the demand is edited, indexed and sent like any other."""
    with db.writing() as session:
        filed = register_demand(session, _station_id(db), _input(), now=NOW)
        demand = session.get_one(Demand, filed.id)
        assert demand.number == filed.number
        returned = {c.key: getattr(demand, c.key) for c in Demand.__table__.columns}
        WritePath(session, clock=lambda: NOW).update(demand, description="住在三组桥头")

    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        expected = {**returned, "description": "住在三组桥头"}
        assert {c.key: getattr(stored, c.key) for c in Demand.__table__.columns} == expected
        ops = session.scalars(
            select(OutboxOp).where(OutboxOp.record_id == demand.id).order_by(OutboxOp.device_seq)
        ).all()
        assert [(op.op, op.fields.get("description")) for op in ops] == [
            ("create", ""),
            ("update", "住在三组桥头"),
        ]
    with db.reading() as session:
        found = list_demands(session, DemandFilter(text="桥头"), NOW.date())
        assert [row.id for row in found] == [demand.id]


def test_a_registration_runs_without_deferring_foreign_keys(db: Database) -> None:
    """The save writes parents first, so it skips ``PRAGMA defer_foreign_keys``, which would
    expire every prepared statement and have each of the save's statements compiled again; an
    ORM flush in the same kind of transaction still defers (its insert order is the ORM's)."""
    statements: list[str] = []
    with db.writing() as session:
        driver_connection(session.connection()).set_trace_callback(statements.append)
        try:
            register_demand(session, _station_id(db), _input(), now=NOW)
            assert not [s for s in statements if "defer_foreign_keys" in s]
            WritePath(session).create(Contact(station_id=_station_id(db), name="王五"))
            session.flush()
            assert [s for s in statements if "defer_foreign_keys" in s]
        finally:
            driver_connection(session.connection()).set_trace_callback(None)


def test_requester_from_the_contact_book_fills_name_and_phone(db: Database) -> None:
    contact = _contact(db)
    demand = _register(db, requester_contact_id=contact.id, requester_name="", requester_phone="")
    assert (demand.requester_name, demand.requester_phone) == ("张三", "13812345678")
    assert demand.requester_contact_id == contact.id


def test_anonymous_demand_keeps_no_requester(db: Database) -> None:
    contact = _contact(db)
    demand = _register(
        db,
        anonymous=True,
        requester_contact_id=contact.id,
        requester_name="张三",
        requester_phone="12345",  # would be invalid; anonymous skips it
    )
    assert demand.anonymous
    assert (demand.requester_contact_id, demand.requester_name, demand.requester_phone) == (
        None,
        "",
        None,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"requester_phone": "12345"}, "requester_phone"),
        ({"requester_name": "", "requester_phone": ""}, "requester_name"),
        ({"requester_contact_id": "no-such-contact"}, "requester_name"),
        ({"channel": "FAX"}, "channel"),
        ({"category_code": "NO_SUCH"}, "category_code"),
        ({"topic_code": "film"}, "topic_code"),  # a topic of another category
        ({"urgency": "WHENEVER"}, "urgency"),
        ({"due_date": dt.date(2026, 11, 28)}, "due_date"),
    ],
)
def test_invalid_input_names_the_field_and_saves_nothing(
    db: Database, overrides: dict[str, object], field: str
) -> None:
    ops_before = _count(db, OutboxOp)
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        register_demand(session, _station_id(db), _input(**overrides), now=NOW)
    assert caught.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert _count(db, Demand) == 0
    assert _count(db, OutboxOp) == ops_before
    assert _count(db, DemandNumberCounter) == 0


def test_due_date_today_is_accepted(db: Database) -> None:
    demand = _register(db, due_date=dt.date(2026, 11, 29))
    assert demand.due_date == dt.date(2026, 11, 29)


# --- evaluation (评单) ------------------------------------------------------------------------


def test_evaluation_of_a_resolved_demand(db: Database) -> None:
    demand = _register(db)
    _set_status(db, demand.id, "RESOLVED")
    ops_before = _count(db, OutboxOp)
    later = NOW + dt.timedelta(days=3)
    with db.writing() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        evaluate_demand(session, stored, "VERY_SATISFIED", "  医生很耐心  ", now=later)

    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        assert (stored.status, stored.evaluation, stored.evaluation_note) == (
            "FEEDBACK_GIVEN",
            "VERY_SATISFIED",
            "医生很耐心",
        )
        assert stored.evaluated_at == later
        ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))[ops_before:]
        assert [(op.entity, op.op) for op in ops] == [
            ("demand", "update"),
            ("demand_event", "create"),
        ]
        # The status is the county's: the village sends the evaluation, not the status.
        assert set(ops[0].fields) == {"evaluation", "evaluation_note", "evaluated_at"}
        assert ops[0].base_version == 3
        assert ops[1].fields["kind"] == "EVALUATED"


@pytest.mark.parametrize(
    "status", ["SUBMITTED", "TRIAGED", "DISPATCHED", "IN_PROGRESS", "FEEDBACK_GIVEN", "CLOSED"]
)
def test_evaluation_is_refused_unless_resolved(db: Database, status: str) -> None:
    demand = _register(db)
    if status != "SUBMITTED":
        _set_status(db, demand.id, status)
    ops_before = _count(db, OutboxOp)
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        evaluate_demand(session, stored, "SATISFIED", now=NOW)
    assert caught.value.field == "status"
    assert _count(db, OutboxOp) == ops_before
    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None and stored.evaluation is None and stored.status == status


def test_unknown_evaluation_is_refused(db: Database) -> None:
    demand = _register(db)
    _set_status(db, demand.id, "RESOLVED")
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        evaluate_demand(session, stored, "OK", now=NOW)
    assert caught.value.field == "evaluation"


# --- withdrawing a mistaken entry ------------------------------------------------------------


def test_delete_of_an_untouched_demand_tombstones_it(db: Database) -> None:
    demand = _register(db)
    with db.writing() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        delete_demand(session, stored, now=NOW)
    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None and stored.deleted_at == NOW
        last = session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq.desc())).first()
        assert last is not None and (last.op, last.record_id) == ("delete", demand.id)


@pytest.mark.parametrize("status", ["TRIAGED", "DISPATCHED", "RESOLVED", "REJECTED"])
def test_delete_is_refused_once_the_county_has_acted(db: Database, status: str) -> None:
    demand = _register(db)
    _set_status(db, demand.id, status)
    ops_before = _count(db, OutboxOp)
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None
        delete_demand(session, stored)
    assert caught.value.field == "status"
    assert "县中心" in caught.value.message
    assert _count(db, OutboxOp) == ops_before
    with db.reading() as session:
        stored = session.get(Demand, demand.id)
        assert stored is not None and stored.deleted_at is None


# ---- following up: 补充说明, 催办, 撤回 ----------------------------------------------------------


def _follow_up(db: Database, demand_id: str, act: object) -> list[OutboxOp]:
    """Do ``act(session, demand)``; the ops it wrote."""
    with db.writing() as session:
        before = session.scalar(select(func.max(OutboxOp.device_seq))) or 0
        demand = session.get_one(Demand, demand_id)
        act(session, demand)  # type: ignore[operator]
    with db.reading() as session:
        return list(session.scalars(select(OutboxOp).where(OutboxOp.device_seq > before)))


def test_a_note_is_a_timeline_step_that_syncs(db: Database) -> None:
    demand = _register(db)
    [op] = _follow_up(db, demand.id, lambda s, d: add_note(s, d, "  群众又来电话  ", now=NOW))
    assert (op.entity, op.op) == ("demand_event", "create")
    assert (op.fields["kind"], op.fields["actor"], op.fields["note"]) == (
        "NOTE",
        "VILLAGE",
        "群众又来电话",
    )
    for text, message in (("  ", "请填写补充说明的内容"), ("说" * 501, "最多 500 个字")):
        with pytest.raises(ValidationError, match=message):
            _follow_up(db, demand.id, lambda s, d, t=text: add_note(s, d, t))


def test_an_urge_needs_the_county_to_have_it_and_the_deadline_passed(db: Database) -> None:
    demand = _register(db)
    assert demand.due_date is not None
    after = dt.datetime.combine(demand.due_date + dt.timedelta(days=1), dt.time(2), dt.UTC)
    with db.reading() as session:
        stored = session.get_one(Demand, demand.id)
        assert urge_problem(session, stored, after.date()) == (
            "县中心还没有收到这条需求，同步以后才能催办"
        )
    with db.writing() as session:
        session.get_one(Demand, demand.id).server_version = 1  # the county answered its push
    with db.reading() as session:
        stored = session.get_one(Demand, demand.id)
        assert urge_problem(session, stored, demand.due_date) == (
            "需求还没有超过办理期限，超期以后才能催办"
        )
        assert urge_problem(session, stored, after.date()) is None
    [op] = _follow_up(db, demand.id, lambda s, d: urge_demand(s, d, now=after))
    assert (op.fields["kind"], op.fields["note"]) == ("URGED", "")


def test_a_withdrawal_needs_a_reason_and_an_untouched_demand(db: Database) -> None:
    demand = _register(db)
    with pytest.raises(ValidationError, match="请填写撤回的原因"):
        _follow_up(db, demand.id, lambda s, d: withdraw_demand(s, d, " "))
    [op] = _follow_up(db, demand.id, lambda s, d: withdraw_demand(s, d, "已自行解决", now=NOW))
    assert (op.entity, op.op) == ("demand", "update")
    assert op.fields == {"withdrawn_at": "2026-11-29T01:30:00Z", "withdraw_reason": "已自行解决"}
    with db.reading() as session:
        assert session.get_one(Demand, demand.id).status == "CANCELLED"
    with pytest.raises(ValidationError, match="不用再补充说明"):
        _follow_up(db, demand.id, lambda s, d: add_note(s, d, "补一句"))


def test_filing_from_a_form_says_what_it_changed(db: Database) -> None:
    """``file_demand`` (the register and 点单 forms): a demand for a villager typed in by hand
    adds them to the contact book too, and says both changed; one for a villager of the book
    changes demands only; a form with errors changes nothing."""
    today = NOW.date()
    known = _contact(db)
    with db.writing() as session:
        typed = file_demand(
            session, _input(), RequesterChoice(name="李四", phone="13812345678"), today
        )
    assert isinstance(typed.value, FiledDemand)
    assert typed.changes == Changes(demands=True, contacts=True)
    assert _count(db, Contact) == 2

    with db.writing() as session:
        booked = file_demand(
            session, _input(), RequesterChoice(contact_id=known.id, name=known.name), today
        )
    assert booked.changes == Changes(demands=True)

    with db.writing() as session:
        refused = file_demand(session, _input(title=""), RequesterChoice(name="王五"), today)
    assert isinstance(refused.value, list) and refused.value
    assert not refused.changes
    assert _count(db, Contact) == 2


def test_a_detail_action_finds_its_demand_or_says_it_is_gone(db: Database) -> None:
    demand_id = _register(db).id
    with db.writing() as session:
        done = change_demand(session, demand_id, lambda s, d: add_note(s, d, "又来电话了"))
    assert done.changes == Changes(demands=True)
    with db.writing() as session:
        change_demand(session, demand_id, delete_demand)
    with db.writing() as session, pytest.raises(LiaisonError, match="可能已被删除"):
        change_demand(session, demand_id, lambda s, d: add_note(s, d, "再补充"))
