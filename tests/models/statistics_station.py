"""A small hand-built station with known figures for November 2026 (tests/models/test_statistics.py
says which); the 统计报表 widget tests open the window on it too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.models.activity import Activity, PointsEntry, StarAward, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import open_database
from desktop.models.demand import Demand
from desktop.models.entities import Grid, Station
from desktop.models.volunteering import correct_service, record_service
from desktop.models.writes import WritePath
from liaison_wire.statistics import ReportPeriod

TODAY = dt.date(2026, 12, 7)
NOVEMBER = ReportPeriod.month(2026, 11)


def bj(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


@dataclass(frozen=True)
class BuiltStation:
    path: Path
    ids: dict[str, str]


def build_station(path: Path) -> BuiltStation:
    db = open_database(path)
    ids: dict[str, str] = {}
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(Station(name="红旗村新时代文明实践站", division_code="220102001001"))
        east = writes.create(Grid(station_id=station.id, name="东片网格"))
        west = writes.create(Grid(station_id=station.id, name="西片网格"))
        session.flush()
        number = iter(range(1, 100))

        def demand(key: str, registered: dt.datetime, status: str, **fields: object) -> None:
            values: dict[str, object] = {
                "channel": "NEEDS_DESK", "category_code": "CONVENIENCE", "grid_id": east.id,
                "due_date": registered.date() + dt.timedelta(days=7),
            }  # fmt: skip
            values.update(fields)
            row = writes.create(
                Demand(number=f"XQ-20261101-{next(number):04d}", station_id=station.id,
                       catalog_version="2026.1", title=f"需求{key}", registered_at=registered,
                       status=status, **values)
            )  # fmt: skip
            ids[key] = row.id

        demand("on_time_very_satisfied", bj(11, 3, 10), "FEEDBACK_GIVEN",
               claimed_at=bj(11, 4, 10), resolved_at=bj(11, 6, 10), due_date=dt.date(2026, 11, 10),
               evaluation="VERY_SATISFIED")
        demand("resolved_next_month_late", bj(11, 28, 9), "RESOLVED", channel="HOTLINE",
               category_code="CARE", grid_id=west.id, claimed_at=bj(11, 29, 9),
               resolved_at=bj(12, 2, 9), due_date=dt.date(2026, 12, 1))
        demand("reopened_overdue", bj(11, 10, 8), "IN_PROGRESS", claimed_at=bj(11, 11, 20),
               resolved_at=bj(11, 12, 8), due_date=dt.date(2026, 11, 15))
        demand("withdrawn", bj(11, 15, 9), "CANCELLED", withdrawn_at=bj(11, 15, 12))
        demand("rejected", bj(11, 16, 9), "REJECTED", reject_reason="不属于服务范围")
        demand("merged", bj(11, 17, 9), "MERGED")
        demand("draft", bj(11, 18, 9), "DRAFT")
        demand("closed_dissatisfied_due_day", bj(11, 20, 14), "CLOSED", channel="HOTLINE",
               grid_id=None, claimed_at=bj(11, 20, 20), resolved_at=bj(11, 25, 14),
               due_date=dt.date(2026, 11, 25), evaluation="DISSATISFIED")
        demand("last_evening_satisfied", bj(11, 30, 23, 30), "FEEDBACK_GIVEN",
               claimed_at=bj(12, 1, 11, 30), resolved_at=bj(12, 3, 23, 30),
               evaluation="SATISFIED")
        demand("open_in_time", bj(11, 25, 9), "SUBMITTED", due_date=dt.date(2026, 12, 10))
        demand("december_first", bj(12, 1, 0, 30), "SUBMITTED")
        demand("october", bj(10, 12, 9), "FEEDBACK_GIVEN", claimed_at=bj(10, 13, 9),
               resolved_at=bj(10, 14, 9), evaluation="BASICALLY_SATISFIED")
        demand("deleted", bj(11, 5, 9), "RESOLVED", resolved_at=bj(11, 6, 9))
        session.flush()
        session.get(Demand, ids["deleted"]).deleted_at = bj(11, 7, 9)  # type: ignore[union-attr]

        def volunteer(key: str, registered: dt.date, *, active: bool = True) -> Volunteer:
            row = writes.create(Volunteer(station_id=station.id, name=key, registered_on=registered,
                                          active=active))  # fmt: skip
            ids[key] = row.id
            return row

        zhang = volunteer("张凤兰", dt.date(2026, 11, 5))
        li = volunteer("李国强", dt.date(2026, 1, 1))
        volunteer("王新来", dt.date(2026, 12, 2))
        volunteer("赵退出", dt.date(2025, 5, 1), active=False)

        def activity(key: str, type_code: str, start: dt.datetime, audience: int) -> Activity:
            row = writes.create(
                Activity(station_id=station.id, title=key, activity_type_code=type_code,
                         five_task_code="ENRICH_CULTURE", starts_at=start,
                         ends_at=start + dt.timedelta(hours=2), audience_count=audience)
            )  # fmt: skip
            ids[key] = row.id
            return row

        stories = activity("身边人讲身边事：好婆婆", "NEIGHBOR_STORIES", bj(11, 12, 9), 30)
        festival = activity("冬至包饺子", "FESTIVAL", bj(11, 30, 20), 50)
        activity("元旦联欢筹备", "FESTIVAL", bj(12, 1, 1), 10)
        session.flush()
        record_service(session, stories, zhang, bj(11, 12, 9), bj(11, 12, 11))
        session.flush()
        wrong = record_service(session, festival, li, bj(11, 30, 20), bj(11, 30, 21))
        session.flush()
        correct_service(session, wrong, -60, "未实际到岗")
        for who, kind, amount, when in (
            (zhang, "EARN", 20, bj(11, 12, 12)), (zhang, "ADJUST", -5, bj(11, 13, 9)),
            (zhang, "REDEEM", 10, bj(11, 20, 9)), (li, "ADJUST", 3, bj(11, 21, 9)),
            (li, "EARN", 7, bj(10, 21, 9)),
        ):  # fmt: skip
            writes.create(PointsEntry(volunteer_id=who.id, kind=kind, amount=amount,
                                      reason="测试", occurred_at=when))  # fmt: skip
        writes.create(StarAward(volunteer_id=zhang.id, level=1, awarded_on=dt.date(2026, 11, 20),
                                certified_by="镇志愿服务站"))  # fmt: skip
        writes.create(StarAward(volunteer_id=li.id, level=2, awarded_on=dt.date(2026, 12, 1),
                                certified_by="镇志愿服务站"))  # fmt: skip
    db.close()
    return BuiltStation(path, ids)


