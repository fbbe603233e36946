"""The migrations build exactly the schema the models describe (FTS tables aside), and\nmigrate the full-text indexes without losing a document."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from desktop.models.db import Database, _alembic_config, open_database
from desktop.models.demand import Demand
from desktop.models.entities import Base
from desktop.models.queries import ContactFilter, DemandFilter, Sort, list_contacts, list_demands
from desktop.models.station import Contact, Station
from desktop.models.writes import WritePath

TODAY = dt.date(2026, 11, 29)


def test_migrated_schema_matches_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": lambda _o, name, type_, _r, _c: (
                        not (type_ == "table" and "_fts" in (name or ""))
                    ),
                    "compare_type": True,
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.close()
    assert differences == []


def _fts_sql(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE '%_fts'"))
    finally:
        conn.close()


def _found(db: Database, text: str) -> tuple[list[str], list[str]]:
    """(titles of the demands, names of the contacts) a search for ``text`` finds."""
    with db.reading() as session:
        demands = list_demands(session, DemandFilter(text=text), TODAY, limit=100)
        contacts = list_contacts(session, ContactFilter(text=text), limit=100)
        return sorted(d.title for d in demands), sorted(c.name for c in contacts)


SEARCHES = ("灯", "路灯", "路灯坏了", "灯坏", "zs", "zhangsan", "5678", "138", "xq", "张三")


def test_the_search_indexes_move_to_the_ascii_tokenizer_and_back_with_every_document(
    tmp_path: Path,
) -> None:
    """Revision 0002 recreates both full-text indexes with another tokenizer and copies the
    stored documents over: every search finds what it found before, both ways."""
    path = tmp_path / "workbench.db"
    db = open_database(path)
    try:
        with db.writing() as session:
            writes = WritePath(session)
            station = writes.create(Station(name="陈家店村", division_code="220122105201"))
            for name, phone in (("张三", "13812345678"), ("李四", "0431-84561234")):
                writes.create(Contact(station_id=station.id, name=name, phone=phone))
            for n, title in enumerate(("村口路灯坏了", "路灯，灯坏了一半", "自来水管漏水")):
                writes.create(
                    Demand(
                        number=f"XQ-20261128-{n + 1:04d}",
                        station_id=station.id,
                        requester_name="张三",
                        requester_phone="13812345678",
                        channel="HOTLINE",
                        category_code="CONVENIENCE",
                        catalog_version="2026.1",
                        title=title,
                        registered_at=dt.datetime(2026, 11, 28, n, tzinfo=dt.UTC),
                    )
                )
        expected = {text: _found(db, text) for text in SEARCHES}
        assert expected["路灯坏了"] == (["村口路灯坏了"], [])
        assert expected["5678"] == (
            sorted(["村口路灯坏了", "路灯，灯坏了一半", "自来水管漏水"]),
            ["张三"],
        )
        with db.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0001")
    finally:
        db.close()
    assert all("'unicode61'" in sql for sql in _fts_sql(path).values())

    db = open_database(path)  # migrates to the head again
    try:
        assert {text: _found(db, text) for text in SEARCHES} == expected
    finally:
        db.close()
    sql = _fts_sql(path)
    assert sorted(sql) == ["activity_fts", "contact_fts", "demand_fts"]
    assert all("'ascii'" in s and "columnsize = 0" in s for s in sql.values())


def test_pinyin_sort_keys_are_rewritten_with_their_syllables_apart(tmp_path: Path) -> None:
    """Revision 0004: 陈 chen sorts before 程 cheng in the contact list and by requester, for
    rows stored by the release before it (pinyin run together) too."""
    path = tmp_path / "workbench.db"
    db = open_database(path)
    names = ["程刚", "陈国", "程芳", "陈兰", "车辉"]
    try:
        with db.writing() as session:
            writes = WritePath(session)
            station = writes.create(Station(name="陈家店村", division_code="220122105201"))
            for n, name in enumerate(names):
                writes.create(Contact(station_id=station.id, name=name))
                writes.create(
                    Demand(
                        number=f"XQ-20261128-{n + 1:04d}",
                        station_id=station.id,
                        requester_name=name,
                        channel="HOTLINE",
                        category_code="CONVENIENCE",
                        catalog_version="2026.1",
                        title="路灯",
                        registered_at=dt.datetime(2026, 11, 28, n, tzinfo=dt.UTC),
                    )
                )
        with db.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0003")
            old = dict(conn.exec_driver_sql("SELECT name, pinyin_full FROM contact").all())
    finally:
        db.close()
    assert old["陈国"] == "chenguo"  # as the old release stored it: after 程刚's "chenggang"

    db = open_database(path)  # migrates to the head again
    try:
        with db.reading() as session:
            contacts = [c.name for c in list_contacts(session, ContactFilter(), limit=10)]
            by_requester = [
                d.requester_name
                for d in list_demands(
                    session, DemandFilter(), TODAY, sort=Sort("requester", descending=False)
                )
            ]
            stored = session.scalar(
                select(Demand.requester_pinyin).order_by(Demand.number).limit(1)
            )
    finally:
        db.close()
    expected = ["车辉", "陈国", "陈兰", "程芳", "程刚"]
    assert contacts == expected
    assert by_requester == expected
    assert stored == "cheng gang cg"


def test_activities_get_their_index_volunteers_their_pinyin_and_stations_the_stories_type(
    tmp_path: Path,
) -> None:
    """Revision 0008, on a database as the release before it left it: activities without an
    index entry, a volunteer without pinyin keys, no 身边人讲身边事 type."""
    from desktop.models.activity import Activity, Team, Volunteer
    from desktop.models.catalog import ActivityType
    from desktop.models.queries import ActivityFilter, list_activities
    from desktop.models.volunteering import record_service

    path = tmp_path / "workbench.db"
    db = open_database(path)
    start = dt.datetime(2026, 11, 20, 1, tzinfo=dt.UTC)
    try:
        with db.writing() as session:
            writes = WritePath(session)
            station = writes.create(Station(name="陈家店村", division_code="220122105201"))
            for n, title in enumerate(["老党员讲村史", "广场舞比赛", "已删除的活动"]):
                activity = writes.create(
                    Activity(
                        station_id=station.id,
                        title=title,
                        activity_type_code="OTHER",
                        five_task_code="ENRICH_CULTURE",
                        starts_at=start - dt.timedelta(days=n),
                        ends_at=start - dt.timedelta(days=n) + dt.timedelta(hours=2),
                        place="村文化广场",
                    )
                )
                if n == 2:
                    writes.delete(activity)
            volunteer = writes.create(Volunteer(station_id=station.id, name="张凤兰"))
            team = writes.create(Team(name="陈家店村理论宣讲小队", level="VILLAGE"))
            story = session.scalars(select(Activity).where(Activity.title == "老党员讲村史")).one()
            writes.update(story, team_id=team.id)
            record_service(session, story, volunteer, story.starts_at, story.ends_at)
        with db.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0007")
            conn.exec_driver_sql("UPDATE volunteer SET pinyin_full = '', pinyin_initials = ''")
            conn.exec_driver_sql("DELETE FROM activity_type WHERE code = 'NEIGHBOR_STORIES'")
    finally:
        db.close()

    db = open_database(path)  # migrates to the head again
    try:
        with db.reading() as session:
            found = list_activities(session, ActivityFilter(text="村史"))
            assert [a.title for a in found] == ["老党员讲村史"]
            assert [a.title for a in list_activities(session, ActivityFilter(text="广场"))] == [
                "老党员讲村史",
                "广场舞比赛",
            ]
            # The index holds the team and the volunteers who served, and its rowids are the
            # starts in microseconds (the list's order).
            for text in ("理论宣讲", "张凤兰", "zfl"):
                assert [a.title for a in list_activities(session, ActivityFilter(text=text))] == [
                    "老党员讲村史"
                ]
            rowids = {t: r for t, r in session.execute(select(Activity.title, Activity.search_rowid))}
            micros = (start - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
            day = 86_400_000_000
            assert rowids == {
                "老党员讲村史": micros,
                "广场舞比赛": micros - day,
                "已删除的活动": micros - 2 * day,
            }
            volunteer = session.scalars(select(Volunteer)).one()
            assert (volunteer.pinyin_full, volunteer.pinyin_initials) == ("zhang feng lan", "zfl")
            stories = session.scalars(
                select(ActivityType).where(ActivityType.code == "NEIGHBOR_STORIES")
            ).one()
            assert (stories.name, stories.five_task_code) == ("身边人讲身边事", "PROMOTE_POLICY")
    finally:
        db.close()
