"""The figures of the 工作台 page: today's demands, open, overdue, awaiting evaluation, pending sync."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.beijing import day_start_utc
from desktop.models.demand import Demand
from desktop.models.queries import DemandFilter, count_demands
from desktop.models.rules.demand_status import OPEN_STATUSES
from desktop.models.station import Contact, Station


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
    )
