"""Setting up the station: the form's checks, and one create/update op per real change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models.db import Database, open_database
from desktop.models.errors import ValidationError
from desktop.models.station import Station
from desktop.models.station_setup import (
    StationInput,
    clean_station,
    division_code_problem,
    load_station,
    normalize_division_code,
    save_station,
)
from desktop.models.sync_tables import OutboxOp

GOOD = StationInput("陈家店村新时代文明实践站", "220122105201", "合隆镇", "农安县")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workbench.db"
    open_database(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    shutil.copyfile(template, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


def _ops(db: Database) -> list[OutboxOp]:
    with db.reading() as session:
        return list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))


@pytest.mark.parametrize(
    "code",
    [
        "220122105201",  # a 村民委员会 in Jilin
        "110101001001",  # a 居委会 under a 街道 in Beijing
        "441900003001",  # Dongguan: towns directly under the city (county digits 00)
        "650102400501",  # a 类似村级单位 under a 类似乡级单位
        "820001001001",
    ],
)
def test_well_formed_codes_pass(code: str) -> None:
    assert division_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("", "请填写"),
        ("22012210520A", "只能由数字"),
        ("2201221052", "现在是 10 位"),
        ("2201221052011", "现在是 13 位"),
        ("190122105201", "“19”不是省级代码"),
        ("660122105201", "“66”不是省级代码"),
        ("220122000201", "第 7–9 位"),
        ("220122600201", "第 7–9 位"),
        ("220122105000", "乡镇的代码"),
        ("220122105444", "不是有效的村级代码"),
        ("220122105555", "不是有效的村级代码"),
        ("220122105600", "不是有效的村级代码"),
    ],
)
def test_malformed_codes_say_why(code: str, words: str) -> None:
    problem = division_code_problem(code)
    assert problem is not None and words in problem


def test_typed_code_is_normalised() -> None:
    # Full-width digits from a Chinese input method, and spaces typed to group the digits.
    assert normalize_division_code("２２０１２２ 105 201") == "220122105201"
    values, errors = clean_station(StationInput(" 红旗村实践站 ", "２２０１２２１０５２０２"))
    assert errors == []
    assert values["name"] == "红旗村实践站"
    assert values["division_code"] == "220122105202"


def test_every_field_error_is_reported_at_once() -> None:
    _values, errors = clean_station(StationInput("", "123", "乡" * 101, ""))
    assert {e.field for e in errors} == {"name", "division_code", "township"}
    assert all(isinstance(e, ValidationError) and e.message for e in errors)


def test_bad_input_creates_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as raised, db.writing() as session:
        save_station(session, StationInput("陈家店村实践站", "22012210520"))
    assert raised.value.field == "division_code"
    with db.reading() as session:
        assert load_station(session) is None
        assert session.scalar(select(func.count()).select_from(Station)) == 0
    assert _ops(db) == []


def test_first_save_creates_station_and_its_op(db: Database) -> None:
    with db.writing() as session:
        saved = save_station(session, GOOD).value
    with db.reading() as session:
        assert load_station(session) == saved
    assert (saved.name, saved.division_code, saved.township, saved.county) == (
        "陈家店村新时代文明实践站",
        "220122105201",
        "合隆镇",
        "农安县",
    )
    [op] = _ops(db)
    assert (op.entity, op.op, op.record_id) == ("station", "create", saved.id)
    assert op.fields == {
        "name": "陈家店村新时代文明实践站",
        "division_code": "220122105201",
        "township": "合隆镇",
        "county": "农安县",
        "phone": None,
    }


def test_the_station_phone_is_checked_and_stored_as_read(db: Database) -> None:
    """The phone printed on receipts: a landline as officers type it, or a clear refusal."""
    with db.writing() as session:
        saved = save_station(
            session, StationInput(GOOD.name, GOOD.division_code, phone="０４３１ ８４５６ １２３４")
        ).value
    assert saved.phone == "0431-84561234"
    _values, errors = clean_station(StationInput(GOOD.name, GOOD.division_code, phone="8456123"))
    assert [(e.field, e.message) for e in errors] == [
        ("phone", "站点电话的座机号码要加上区号（手机如 13812345678，座机如 0431-84561234）")
    ]


def test_later_saves_update_the_same_station_with_changed_fields_only(db: Database) -> None:
    with db.writing() as session:
        first = save_station(session, GOOD).value
    with db.writing() as session:
        second = save_station(
            session, StationInput(GOOD.name, GOOD.division_code, "合隆镇", "农安县（吉林）")
        ).value
    with db.writing() as session:
        save_station(
            session, StationInput(GOOD.name, GOOD.division_code, "合隆镇", "农安县（吉林）")
        )
    assert second.id == first.id
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Station)) == 1
    ops = _ops(db)
    assert [op.op for op in ops] == ["create", "update"]  # an unchanged save writes no op
    assert ops[1].fields == {"county": "农安县（吉林）"}
