"""Contact-book and volunteering services: field errors by name, hours, corrections, points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models.activity import Activity, PointsEntry, ServiceRecord, Volunteer
from desktop.models.contacts import ContactInput, save_contact
from desktop.models.db import Database, open_database
from desktop.models.errors import ValidationError
from desktop.models.rules.points import PointsKind
from desktop.models.station import Contact, Station
from desktop.models.sync_tables import OutboxOp
from desktop.models.volunteering import (
    add_points,
    correct_service,
    points_balance,
    record_service,
    total_hours,
    volunteer_star,
)
from desktop.models.writes import WritePath

TODAY = dt.date(2026, 11, 29)
UTC = dt.UTC


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


@pytest.fixture
def station_id(db: Database) -> str:
    with db.writing() as session:
        return WritePath(session).create(Station(name="陈家店村", division_code="220122102203")).id


def _save(db: Database, station_id: str, data: ContactInput) -> Contact:
    with db.writing() as session:
        return save_contact(session, station_id, data, today=TODAY)


def test_contact_is_normalised(db: Database, station_id: str) -> None:
    contact = _save(
        db,
        station_id,
        ContactInput(name=" 张三 ", phone="１３８ 1234-5678", id_number="11010519491231002x"),
    )
    assert contact.name == "张三"
    assert contact.phone == "13812345678"
    assert contact.id_number == "11010519491231002X"
    assert contact.birth_date == dt.date(1949, 12, 31)
    assert contact.gender == "女"  # from the ID number's sequence digit


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (ContactInput(name=""), "name", "姓名"),
        (ContactInput(name="张三", phone="12345"), "phone", "联系电话"),
        (ContactInput(name="张三", proxy_phone="abc"), "proxy_phone", "代联系人电话"),
        (ContactInput(name="张三", id_number="11010519491231002"), "id_number", "身份证"),
        (ContactInput(name="张三", id_number="110105194912310021"), "id_number", "身份证"),
        (
            ContactInput(name="张三", gender="男", id_number="11010519491231002X"),
            "gender",
            "性别",
        ),
    ],
)
def test_bad_contact_names_the_field_and_saves_nothing(
    db: Database, station_id: str, data: ContactInput, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _save(db, station_id, data)
    assert caught.value.field == field
    assert words in caught.value.message
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_contact_update_sends_only_changes(db: Database, station_id: str) -> None:
    contact = _save(db, station_id, ContactInput(name="李四", phone="13900001111"))
    with db.writing() as session:
        contact = session.get(Contact, contact.id)
        assert contact is not None
        save_contact(
            session,
            station_id,
            ContactInput(name="李四", phone="13900002222"),
            contact=contact,
            today=TODAY,
        )
    with db.reading() as session:
        last = session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq.desc())).first()
        assert last is not None
        assert last.op == "update"
        assert last.fields == {"phone": "13900002222"}


@pytest.fixture
def activity_and_volunteer(db: Database, station_id: str) -> tuple[str, str]:
    with db.writing() as session:
        writes = WritePath(session)
        activity = writes.create(
            Activity(
                station_id=station_id,
                title="重阳节敬老活动",
                activity_type_code="FESTIVAL",
                five_task_code="ENRICH_CULTURE",
                starts_at=dt.datetime(2026, 10, 29, 0, 0, tzinfo=UTC),
                ends_at=dt.datetime(2026, 10, 29, 8, 0, tzinfo=UTC),
            )
        )
        volunteer = writes.create(Volunteer(station_id=station_id, name="王志愿"))
        return activity.id, volunteer.id


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 10, 29, hour, minute, tzinfo=UTC)


def test_hours_breaks_rounding_and_no_overlap(
    db: Database, activity_and_volunteer: tuple[str, str]
) -> None:
    activity_id, volunteer_id = activity_and_volunteer
    with db.writing() as session:
        activity, volunteer = session.get(Activity, activity_id), session.get(Volunteer, volunteer_id)
        assert activity is not None and volunteer is not None
        record = record_service(session, activity, volunteer, _at(1), _at(4, 50), break_minutes=30)
        # 3 h 50 min − 30 min = 3 h 20 min, rounded down to the half hour.
        assert record.credited_minutes == 180
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        activity, volunteer = session.get(Activity, activity_id), session.get(Volunteer, volunteer_id)
        assert activity is not None and volunteer is not None
        record_service(session, activity, volunteer, _at(4), _at(6))
    assert caught.value.field == "start_at"
    with db.writing() as session:
        activity, volunteer = session.get(Activity, activity_id), session.get(Volunteer, volunteer_id)
        assert activity is not None and volunteer is not None
        record_service(session, activity, volunteer, _at(4, 50), _at(6, 50))  # touching is fine
        assert total_hours(session, volunteer_id) == Decimal(5)


def test_correction_is_appended_and_cannot_go_negative(
    db: Database, activity_and_volunteer: tuple[str, str]
) -> None:
    activity_id, volunteer_id = activity_and_volunteer
    with db.writing() as session:
        activity, volunteer = session.get(Activity, activity_id), session.get(Volunteer, volunteer_id)
        assert activity is not None and volunteer is not None
        original = record_service(session, activity, volunteer, _at(1), _at(3))
        correct_service(session, original, -30, "签退时间登记错了")
        assert total_hours(session, volunteer_id) == Decimal("1.5")
        assert original.credited_minutes == 120  # the original is never edited
        with pytest.raises(ValidationError) as caught:
            correct_service(session, original, -120, "再减两小时")
        assert caught.value.field == "hours"
        with pytest.raises(ValidationError):
            correct_service(session, original, 30, "  ")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ServiceRecord)) == 2


def test_star_follows_active_scheme(db: Database, activity_and_volunteer: tuple[str, str]) -> None:
    activity_id, volunteer_id = activity_and_volunteer
    with db.writing() as session:
        original = record_service(
            session,
            session.get_one(Activity, activity_id),
            session.get_one(Volunteer, volunteer_id),
            _at(0),
            _at(1),
        )
        correct_service(session, original, 199 * 60, "历史时长补录")  # 200 h in total
        assert volunteer_star(session, volunteer_id) == 1  # national scheme: ★2 needs 300 h
    with db.writing() as session:
        from desktop.models.catalog import StarSchemeRecord

        for scheme in session.scalars(select(StarSchemeRecord)):
            scheme.active = scheme.code == "BEIJING"
    with db.reading() as session:
        assert volunteer_star(session, volunteer_id) == 2  # Beijing: ★2 at 200 h


def test_points_never_go_negative(db: Database, activity_and_volunteer: tuple[str, str]) -> None:
    _, volunteer_id = activity_and_volunteer
    with db.writing() as session:
        volunteer = session.get_one(Volunteer, volunteer_id)
        add_points(session, volunteer, PointsKind.EARN, 30, "参加重阳节活动")
        add_points(session, volunteer, PointsKind.REDEEM, 20, "兑换洗衣粉")
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        add_points(session, session.get_one(Volunteer, volunteer_id), PointsKind.REDEEM, 11, "兑换")
    assert "余额不足" in caught.value.message
    with db.reading() as session:
        assert points_balance(session, volunteer_id) == 10
        assert session.scalar(select(func.count()).select_from(PointsEntry)) == 2
