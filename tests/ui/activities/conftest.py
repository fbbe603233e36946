"""Real widgets of 实践活动 on a real temporary database: a station with its teams, two
volunteers, a villager who is not one yet, a demand to link and two activities (one with
hours)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from activity_support import HELD

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))

from roster_files import new_database

from desktop.models.activity import Activity, Team, Volunteer
from desktop.models.db import Database
from desktop.models.demands import DemandInput, register_demand
from desktop.models.entities import Contact, Station
from desktop.models.volunteering import record_service
from desktop.models.writes import WritePath


def _fill(db: Database) -> None:
    from sqlalchemy import select

    with db.writing() as session:
        station = session.scalars(select(Station)).one()
        writes = WritePath(session)
        county = writes.create(Team(name="农安县志愿服务总队", level="COUNTY", owner="COUNTY"))
        writes.create(
            Team(
                name="红旗村文艺小队",
                level="VILLAGE",
                parent_id=county.id,
                station_id=station.id,
                id="team-arts",
            )
        )
        writes.create(
            Volunteer(station_id=station.id, name="张凤兰", phone="13812345678", id="vol-zhang")
        )
        writes.create(Volunteer(station_id=station.id, name="李桂芝", id="vol-li"))
        writes.create(
            Contact(station_id=station.id, name="王建国", phone="13912345678", id="c-wang")
        )
        story = writes.create(
            Activity(
                station_id=station.id,
                title="身边人讲身边事：老党员讲村史",
                activity_type_code="NEIGHBOR_STORIES",
                five_task_code="PROMOTE_POLICY",
                starts_at=HELD,
                ends_at=HELD + dt.timedelta(hours=2),
                place="村文化广场",
                team_id="team-arts",
                id="act-story",
            )
        )
        writes.create(
            Activity(
                station_id=station.id,
                title="重阳节敬老文艺演出",
                activity_type_code="FESTIVAL",
                five_task_code="ENRICH_CULTURE",
                starts_at=HELD - dt.timedelta(days=30),
                ends_at=HELD - dt.timedelta(days=30, hours=-2),
                place="村委会",
                id="act-festival",
            )
        )
        session.flush()
        record_service(
            session,
            story,
            session.get_one(Volunteer, "vol-zhang"),
            HELD,
            HELD + dt.timedelta(hours=2),
        )
        register_demand(
            session,
            station.id,
            DemandInput(
                channel="NEEDS_DESK",
                category_code="CARE",
                title="想听老党员讲村里的故事",
                anonymous=True,
            ),
        )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "data")
    _fill(database)
    yield database
    database.close()

