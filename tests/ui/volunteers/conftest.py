"""Real widgets of 志愿者与队伍 on a real temporary database: a county team and a village squad,
张凤兰 with 110 hours (one star's worth) and 李桂芝 with none."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))

from roster_files import new_database

from desktop.models.activity import Activity, Team, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database
from desktop.models.entities import Station
from desktop.models.volunteering import record_service
from desktop.models.writes import WritePath


def _fill(db: Database) -> None:
    from sqlalchemy import select

    with db.writing() as session:
        station = session.scalars(select(Station)).one()
        writes = WritePath(session)
        writes.create(Team(name="农安县志愿服务总队", level="COUNTY", owner="COUNTY", id="t-county"))
        writes.create(
            Team(name="红旗村文艺小队", level="VILLAGE", owner="VILLAGE", station_id=station.id,
                 parent_id="t-county", id="t-arts")
        )  # fmt: skip
        zhang = writes.create(
            Volunteer(station_id=station.id, name="张凤兰", phone="13812345678",
                      skills="剪纸、秧歌", team_id="t-arts", id="v-zhang")
        )  # fmt: skip
        writes.create(Volunteer(station_id=station.id, name="李桂芝", team_id="t-arts", id="v-li"))
        for n in range(11):
            start = dt.datetime(2026, 1 + n, 5, 8, tzinfo=CHINA_TZ)
            activity = writes.create(
                Activity(station_id=station.id, title=f"第{n + 1}次义务劳动",
                         activity_type_code="OTHER", five_task_code="CULTIVATE_VALUES",
                         starts_at=start, ends_at=start + dt.timedelta(hours=10))
            )  # fmt: skip
            session.flush()
            record_service(session, activity, zhang, start, start + dt.timedelta(hours=10))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "data")
    _fill(database)
    yield database
    database.close()

