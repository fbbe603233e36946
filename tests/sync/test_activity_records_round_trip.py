"""Activities, service hours and everything issue 12 added travel through the real county to a
second PC of the village: an activity with linked demands and a team, service records and a
correction, a volunteer enrolled from the contact book, points, a star certified, commendations,
a squad and its leader; and the county's points rules and 礼遇 reach the village. The second PC
finds the activity by a volunteer's name (its index was built from pulled records)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sync_support import CountyServer, VillagePC

from desktop.models.activities import ActivityInput, save_activity
from desktop.models.activity import (
    Activity,
    Commendation,
    PointsEntry,
    ServiceRecord,
    StarAward,
    Team,
    Volunteer,
)
from desktop.models.beijing import CHINA_TZ
from desktop.models.catalog import PointsRule, Reward
from desktop.models.queries import ActivityFilter, list_activities
from desktop.models.service_hours import VolunteerChoice, correct, sign_in_person
from desktop.models.station import Contact
from desktop.models.volunteers import (
    CommendationInput,
    VolunteerInput,
    award_star,
    change_points,
    commend,
    create_squad,
    redeem,
    save_volunteer,
    set_team_leader,
)
from desktop.models.writes import WritePath

START = dt.datetime(2026, 11, 28, 9, tzinfo=CHINA_TZ)
TODAY = dt.date(2026, 12, 7)


def _rows(pc: VillagePC, entity: type, *columns: str) -> list[tuple[object, ...]]:
    with pc.db.reading() as session:
        return sorted(
            tuple(getattr(row, c) for c in columns)
            for row in session.scalars(select(entity).where(entity.deleted_at.is_(None)))
        )


def test_activity_records_reach_the_county_and_a_second_pc(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1 = make_village(county)
    demand_id = pc1.register("想听老党员讲村史")
    with pc1.db.writing() as session:
        squad = create_squad(session, "红旗村理论宣讲小队", None).value
        zhang = save_volunteer(
            session, VolunteerInput(name="张凤兰", phone="13812345678", team_id=squad), None, TODAY
        ).value
        assert isinstance(zhang, str)
        set_team_leader(session, squad, zhang)
        wang = WritePath(session).create(Contact(station_id=pc1.station_id, name="王建国"))
        activity_id = save_activity(
            session,
            ActivityInput(
                title="身边人讲身边事：老党员讲村史",
                activity_type_code="NEIGHBOR_STORIES",
                five_task_code="PROMOTE_POLICY",
                starts_at=START,
                ends_at=START + dt.timedelta(hours=2),
                place="村文化广场",
                team_id=squad,
                audience_count=45,
                linked_demand_ids=[demand_id],
            ),
        ).value
        assert isinstance(activity_id, str)
        for person in (
            VolunteerChoice(zhang, "张凤兰", "", "", True),
            VolunteerChoice(wang.id, "王建国", "", "", False),  # enrolled on the spot
        ):
            signed = sign_in_person(
                session, activity_id, person, START, START + dt.timedelta(hours=2), 0, TODAY
            ).value
            assert isinstance(signed, str)
        record_id = session.scalars(
            select(ServiceRecord.id).where(ServiceRecord.volunteer_id == zhang)
        ).one()
        correct(session, record_id, "-0.5", "提前离场")
        change_points(session, zhang, 30, "帮助布置会场")
        redeem(session, zhang, "SOAP")
        commend(
            session,
            CommendationInput("优秀志愿者", TODAY, "县级", "农安县文明办", volunteer_id=zhang),
        )
        commend(session, CommendationInput("优秀志愿服务队伍", TODAY, "乡镇级", "合隆镇党委", team_id=squad))
    report = pc1.sync()
    assert (report.rejected, report.conflicts) == (0, 0)

    # The county publishes a points rule and a 礼遇 of its own; a second PC joins.
    county.admin_ok(
        "POST",
        "/api/v1/admin/publish/points_rule",
        json=[{"id": "3f0d7f2a-8a4c-4e7b-9c1d-2b5e6f7a8b90", "code": "PER_LECTURE",
               "name": "宣讲一次", "basis": "ACTIVITY", "points": 8, "active": True,
               "sort_order": 9}],
    )  # fmt: skip
    county.admin_ok(
        "POST",
        "/api/v1/admin/publish/reward",
        json=[{"id": "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "code": "HAIRCUT",
               "name": "免费理发一次", "kind": "SERVICE", "cost": 30, "active": True,
               "sort_order": 9}],
    )  # fmt: skip
    pc2 = make_village(county, with_station=False)
    pc2.sync()
    pc1.sync()

    for pc in (pc1, pc2):
        assert _rows(pc, Activity, "title", "team_id", "audience_count", "linked_demand_ids") == [
            ("身边人讲身边事：老党员讲村史", squad, 45, [demand_id])
        ]
        assert [n for n, _c in _rows(pc, Volunteer, "name", "contact_id")] == ["张凤兰", "王建国"]
        assert _rows(pc, ServiceRecord, "credited_minutes", "reason") == [
            (-30, "提前离场"), (120, ""), (120, "")
        ]  # fmt: skip
        assert _rows(pc, PointsEntry, "kind", "amount") == [("EARN", 30), ("REDEEM", 20)]
        assert _rows(pc, Commendation, "title", "level") == [
            ("优秀志愿服务队伍", "乡镇级"), ("优秀志愿者", "县级")
        ]  # fmt: skip
        assert _rows(pc, Team, "name", "leader_volunteer_id") == [("红旗村理论宣讲小队", zhang)]
        assert ("PER_LECTURE", 8) in _rows(pc, PointsRule, "code", "points")
        assert ("HAIRCUT", 30) in _rows(pc, Reward, "code", "cost")
    with pc2.db.reading() as session:
        found = list_activities(session, ActivityFilter(text="王建国"))
        assert [a.id for a in found] == [activity_id]
        assert [a.id for a in list_activities(session, ActivityFilter(text="理论宣讲"))] == [activity_id]


def test_a_star_certified_on_one_pc_reaches_the_other(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1 = make_village(county)
    with pc1.db.writing() as session:
        volunteer = save_volunteer(session, VolunteerInput(name="李桂芝"), None, TODAY).value
        assert isinstance(volunteer, str)
        for n in range(10):  # 100 hours: one star
            start = START - dt.timedelta(days=n + 1)
            activity = save_activity(
                session,
                ActivityInput(title=f"巡河第{n + 1}班", activity_type_code="OTHER",
                              five_task_code="CULTIVATE_VALUES", starts_at=start,
                              ends_at=start + dt.timedelta(hours=10)),
            ).value  # fmt: skip
            assert isinstance(activity, str)
            person = VolunteerChoice(volunteer, "李桂芝", "", "", True)
            sign_in_person(session, activity, person, start, start + dt.timedelta(hours=10), 0, TODAY)
        assert isinstance(award_star(session, volunteer, 1, TODAY, "合隆镇文明实践所", today=TODAY).value, str)
    pc1.sync()
    pc2 = make_village(county, with_station=False)
    pc2.sync()
    assert _rows(pc2, StarAward, "level", "certified_by", "awarded_on") == [
        (1, "合隆镇文明实践所", TODAY)
    ]
