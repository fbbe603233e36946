"""The figures of the 工作台 page: today's demands, open, overdue, awaiting evaluation, pending
sync; this week's activities and the volunteers close to their next star; this month's 办结率 and
满意率 beside last month's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity
from desktop.models.beijing import day_start_utc
from desktop.models.demand import Demand
from desktop.models.queries import DemandFilter, count_demands
from desktop.models.rules.demand_status import OPEN_STATUSES
from desktop.models.rules.stars import hours_to_next, star_level
from desktop.models.station import Contact, Station
from desktop.models.statistics import month_series
from desktop.models.volunteering import active_star_scheme
from desktop.models.volunteers import VolunteerFilter, list_volunteers
from liaison_wire.statistics import ReportPeriod


@dataclass(frozen=True)
class WorkbenchSummary:
    station_name: str | None
    demands_total: int
    new_today: int
    open: int
    overdue: int
    awaiting_evaluation: int
    contacts: int
    unreported: int  # demands the county has not received yet
    week_activities: list[tuple[str, dt.datetime]] = field(default_factory=list)
    # (name, the next star, hours it still needs), fewest hours first.
    near_star: list[tuple[str, int, Decimal]] = field(default_factory=list)
    # 办结率 and 满意率 of the demands registered this month and last month (None: nothing to
    # divide by), as the 统计报表 defines them.
    month_rates: tuple[tuple[float | None, float | None], tuple[float | None, float | None]] = (
        (None, None),
        (None, None),
    )


def workbench_summary(session: Session, today: dt.date) -> WorkbenchSummary:
    station = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    live = Demand.deleted_at.is_(None)
    return WorkbenchSummary(
        station_name=station,
        demands_total=count_demands(session, DemandFilter(), today),
        new_today=int(
            session.scalar(
                select(func.count())
                .select_from(Demand)
                .where(live, Demand.registered_at >= day_start_utc(today))
            )
            or 0
        ),
        # The county works on what it has received; a demand saved offline is 待上报.
        open=count_demands(
            session, DemandFilter(statuses=frozenset(s.value for s in OPEN_STATUSES)), today
        )
        - count_demands(
            session,
            DemandFilter(statuses=frozenset(s.value for s in OPEN_STATUSES), unreported=True),
            today,
        ),
        overdue=count_demands(session, DemandFilter(overdue=True), today),
        awaiting_evaluation=count_demands(session, DemandFilter(awaiting_evaluation=True), today),
        contacts=int(
            session.scalar(
                select(func.count()).select_from(Contact).where(Contact.deleted_at.is_(None))
            )
            or 0
        ),
        unreported=count_demands(session, DemandFilter(unreported=True), today),
        week_activities=week_activities(session, today),
        near_star=near_next_star(session, today),
        month_rates=month_rates(session, today),
    )


def month_rates(
    session: Session, today: dt.date
) -> tuple[tuple[float | None, float | None], tuple[float | None, float | None]]:
    """(办结率, 满意率) of this month and of last month: one read of both months."""
    this_month = ReportPeriod.containing("month", today)
    last_month = this_month.previous()
    before, now = month_series(session, ReportPeriod.custom(last_month.start, this_month.end), today)
    return (
        (now.resolution_rate, now.satisfaction_rate),
        (before.resolution_rate, before.satisfaction_rate),
    )


def week_activities(session: Session, today: dt.date) -> list[tuple[str, dt.datetime]]:
    """The activities of this week (Monday to Sunday, Beijing time), in the order held."""
    monday = today - dt.timedelta(days=today.weekday())
    rows = session.execute(
        select(Activity.title, Activity.starts_at)
        .where(
            Activity.deleted_at.is_(None),
            Activity.starts_at >= day_start_utc(monday),
            Activity.starts_at < day_start_utc(monday + dt.timedelta(days=7)),
        )
        .order_by(Activity.starts_at)
    )
    return [(title, starts_at) for title, starts_at in rows]


# "Close" to the next star: within this share of the step from the last threshold to the next.
NEAR_SHARE = Decimal("0.2")


def near_next_star(
    session: Session, today: dt.date, limit: int = 5
) -> list[tuple[str, int, Decimal]]:
    """Volunteers whose hours are within a fifth of the way to their next star."""
    scheme = active_star_scheme(session)
    near: list[tuple[str, int, Decimal]] = []
    for row in list_volunteers(session, VolunteerFilter(), today):
        hours = row.hours()
        missing = hours_to_next(hours, scheme)
        if missing is None:
            continue
        level = star_level(hours, scheme)
        step = scheme.thresholds[level] - (scheme.thresholds[level - 1] if level else 0)
        if missing <= step * NEAR_SHARE:
            near.append((row.name, level + 1, missing))
    near.sort(key=lambda item: item[2])
    return near[:limit]
