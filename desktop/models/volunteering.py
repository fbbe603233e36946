"""Recording volunteers' service hours and points, with the rules that keep them honest.

Hours come from check-in, check-out and breaks (travel never counts) and are stored as
credited minutes; one volunteer cannot serve twice at the same time; a wrong record is
corrected by appending a correction, never by editing. Points are an append-only ledger that
never goes below zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity, PointsEntry, ServiceRecord, Volunteer
from desktop.models.base import utcnow
from desktop.models.beijing import CHINA_TZ
from desktop.models.catalog import StarSchemeRecord
from desktop.models.errors import ValidationError
from desktop.models.rules import points as points_rules
from desktop.models.rules.hours import (
    HoursEntry,
    Interval,
    Rounding,
    check_no_overlap,
    compute_hours,
    effective_hours,
)
from desktop.models.rules.stars import DEFAULT_SCHEME, StarScheme, star_level
from desktop.models.writes import WritePath


def _minutes(hours: Decimal) -> int:
    return int(hours * 60)


def record_service(
    session: Session,
    activity: Activity,
    volunteer: Volunteer,
    start: dt.datetime,
    end: dt.datetime,
    *,
    break_minutes: int = 0,
    unit: Decimal = Decimal("0.5"),
    rounding: Rounding = "down",
) -> ServiceRecord:
    """Record a volunteer's service at an activity (签到/签退)."""
    hours = compute_hours(start, end, break_minutes, unit, rounding)
    existing = session.execute(
        select(ServiceRecord.start_at, ServiceRecord.end_at, ServiceRecord.id, Activity.title)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(
            ServiceRecord.volunteer_id == volunteer.id,
            ServiceRecord.corrects_id.is_(None),
            ServiceRecord.deleted_at.is_(None),
        )
    )
    check_no_overlap(
        Interval(start, end),
        [Interval(s.astimezone(CHINA_TZ), e.astimezone(CHINA_TZ), rid, title) for s, e, rid, title in existing],
    )
    return WritePath(session).create(
        ServiceRecord(
            activity_id=activity.id,
            volunteer_id=volunteer.id,
            start_at=start,
            end_at=end,
            break_minutes=break_minutes,
            credited_minutes=_minutes(hours),
        )
    )


def _ledger(session: Session, volunteer_id: str) -> list[HoursEntry]:
    rows = session.execute(
        select(ServiceRecord.id, ServiceRecord.credited_minutes, ServiceRecord.corrects_id)
        .where(ServiceRecord.volunteer_id == volunteer_id, ServiceRecord.deleted_at.is_(None))
        .order_by(ServiceRecord.created_at, ServiceRecord.id)
    )
    return [HoursEntry(rid, Decimal(minutes) / 60, corrects) for rid, minutes, corrects in rows]


def correct_service(
    session: Session, original: ServiceRecord, delta_minutes: int, reason: str
) -> ServiceRecord:
    """Append a correction of ``delta_minutes`` (negative to take time away) to ``original``."""
    if not reason.strip():
        raise ValidationError("reason", "更正服务时长时必须写明原因")
    correction = HoursEntry("(new)", Decimal(delta_minutes) / 60, original.id)
    effective_hours([*_ledger(session, original.volunteer_id), correction])
    return WritePath(session).create(
        ServiceRecord(
            activity_id=original.activity_id,
            volunteer_id=original.volunteer_id,
            start_at=original.start_at,
            end_at=original.end_at,
            break_minutes=0,
            credited_minutes=delta_minutes,
            corrects_id=original.id,
            reason=reason.strip(),
        )
    )


def total_hours(session: Session, volunteer_id: str) -> Decimal:
    minutes = session.scalar(
        select(func.coalesce(func.sum(ServiceRecord.credited_minutes), 0)).where(
            ServiceRecord.volunteer_id == volunteer_id, ServiceRecord.deleted_at.is_(None)
        )
    )
    return Decimal(int(minutes or 0)) / 60


def active_star_scheme(session: Session) -> StarScheme:
    thresholds = session.scalar(
        select(StarSchemeRecord.thresholds).where(
            StarSchemeRecord.active.is_(True), StarSchemeRecord.deleted_at.is_(None)
        )
    )
    return StarScheme(tuple(thresholds)) if thresholds else DEFAULT_SCHEME


def volunteer_star(session: Session, volunteer_id: str) -> int:
    """Computed star eligibility (not an awarded star) under the active scheme."""
    return star_level(total_hours(session, volunteer_id), active_star_scheme(session))


def add_points(
    session: Session,
    volunteer: Volunteer,
    kind: points_rules.PointsKind,
    amount: int,
    reason: str,
    *,
    activity_id: str | None = None,
    now: dt.datetime | None = None,
) -> PointsEntry:
    """Append a points ledger line; refuses one that would take the balance below zero."""
    points_rules.check_entry(_points_ledger(session, volunteer.id), kind, amount)
    return WritePath(session).create(
        PointsEntry(
            volunteer_id=volunteer.id,
            kind=kind.value,
            amount=amount,
            reason=reason.strip(),
            activity_id=activity_id,
            occurred_at=now or utcnow(),
        )
    )


def _points_ledger(session: Session, volunteer_id: str) -> list[points_rules.PointsEntry]:
    rows = session.execute(
        select(PointsEntry.kind, PointsEntry.amount)
        .where(PointsEntry.volunteer_id == volunteer_id, PointsEntry.deleted_at.is_(None))
        .order_by(PointsEntry.created_at, PointsEntry.id)
    )
    return [points_rules.PointsEntry(points_rules.PointsKind(k), a) for k, a in rows]


def points_balance(session: Session, volunteer_id: str) -> int:
    return points_rules.balance(_points_ledger(session, volunteer_id))
