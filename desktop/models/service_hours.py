"""Service hours at an activity, as the 服务时长 dialog works with them: who served, signing a
volunteer in and out (with breaks), enrolling a villager as a volunteer on the spot, and
corrections (new entries with a reason, never edits). The rules themselves are in
:mod:`desktop.models.volunteering` and :mod:`desktop.models.rules.hours`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.rules.hours import compute_hours
from desktop.models.rules.masking import mask_phone
from desktop.models.rules.phone import phone_digits
from desktop.models.station import Contact
from desktop.models.station_setup import current_station_id
from desktop.models.volunteering import correct_service, record_service
from desktop.models.writes import WritePath

HOURS_CHANGED = Changes(activities=True, volunteers=True)
REASON_MAX = 200


@dataclass(frozen=True)
class ServiceLine:
    """One entry of an activity's hours: a volunteer's service, or a correction of one
    (``corrects_id`` set, ``credited_minutes`` signed)."""

    id: str
    volunteer_id: str
    volunteer_name: str
    start_at: dt.datetime
    end_at: dt.datetime
    break_minutes: int
    credited_minutes: int
    corrects_id: str | None
    reason: str


@dataclass(frozen=True)
class ServiceSheet:
    activity_id: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    lines: list[ServiceLine]

    def total_minutes(self) -> int:
        return sum(line.credited_minutes for line in self.lines)

    def volunteers(self) -> int:
        return len({line.volunteer_id for line in self.lines})


def service_sheet(session: Session, activity_id: str) -> ServiceSheet:
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise LiaisonError("这场活动已经删除，或者还没有从县中心收到。")
    rows = session.execute(
        select(
            ServiceRecord.id,
            ServiceRecord.volunteer_id,
            Volunteer.name,
            ServiceRecord.start_at,
            ServiceRecord.end_at,
            ServiceRecord.break_minutes,
            ServiceRecord.credited_minutes,
            ServiceRecord.corrects_id,
            ServiceRecord.reason,
        )
        .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
        .where(ServiceRecord.activity_id == activity_id, ServiceRecord.deleted_at.is_(None))
        .order_by(Volunteer.pinyin_full, ServiceRecord.created_at, ServiceRecord.id)
    )
    lines = [ServiceLine(*row) for row in rows]
    # Each correction right under the service it corrects.
    originals = [line for line in lines if line.corrects_id is None]
    corrections: dict[str, list[ServiceLine]] = {}
    for line in lines:
        if line.corrects_id is not None:
            corrections.setdefault(line.corrects_id, []).append(line)
    ordered = [x for line in originals for x in (line, *corrections.get(line.id, []))]
    return ServiceSheet(activity.id, activity.title, activity.starts_at, activity.ends_at, ordered)


@dataclass(frozen=True)
class VolunteerChoice:
    """A volunteer (``is_volunteer``) or a villager not yet one, as the sign-in search lists
    them; the phone is masked."""

    id: str
    name: str
    phone: str
    detail: str
    is_volunteer: bool


def find_people(session: Session, text: str, limit: int = 20) -> list[VolunteerChoice]:
    """Volunteers matching ``text`` (name, pinyin, initials, phone digits), then villagers of
    the contact book who are not volunteers yet, by the same keys."""
    words = text.strip()
    key = words.lower()
    digits = phone_digits(words) if any(c.isdigit() for c in words) else ""

    def keys(name: Any, full: Any, initials: Any, phone: Any) -> list[ColumnElement[bool]]:
        """What matches ``text`` among these columns (a person's)."""
        found: list[ColumnElement[bool]] = [name.like(f"%{words}%")]
        if key.isascii() and key.isalpha():
            found += [initials.like(f"{key}%"), func.replace(full, " ", "").like(f"{key}%")]
        if len(digits) >= 3:
            found.append(phone.like(f"%{digits}%"))
        return found

    volunteers = select(Volunteer.id, Volunteer.name, Volunteer.phone, Team.name).outerjoin(
        Team, Team.id == Volunteer.team_id
    )
    volunteers = volunteers.where(Volunteer.deleted_at.is_(None), Volunteer.active.is_(True))
    if words:
        volunteers = volunteers.where(
            or_(*keys(Volunteer.name, Volunteer.pinyin_full, Volunteer.pinyin_initials, Volunteer.phone))
        )
    choices = [
        VolunteerChoice(vid, name, mask_phone(phone) if phone else "", team or "", True)
        for vid, name, phone, team in session.execute(
            volunteers.order_by(Volunteer.pinyin_full, Volunteer.id).limit(limit)
        )
    ]
    if not words or len(choices) >= limit:
        return choices
    enrolled = select(Volunteer.contact_id).where(
        Volunteer.contact_id.is_not(None), Volunteer.deleted_at.is_(None)
    )
    villagers = (
        select(Contact.id, Contact.name, Contact.phone, Contact.group_name)
        .where(
            Contact.deleted_at.is_(None),
            Contact.id.not_in(enrolled),
            or_(*keys(Contact.name, Contact.pinyin_full, Contact.pinyin_initials, Contact.phone)),
        )
        .order_by(Contact.pinyin_full, Contact.id)
        .limit(limit - len(choices))
    )
    choices += [
        VolunteerChoice(cid, name, mask_phone(phone) if phone else "", group, False)
        for cid, name, phone, group in session.execute(villagers)
    ]
    return choices


def enrol_villager(session: Session, contact_id: str, today: dt.date) -> Changed[str]:
    """Register a villager of the contact book as a volunteer of the station (on the spot, at
    an activity); returns the volunteer's id. A villager who is one already is not added
    twice."""
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise LiaisonError("这位村民已经不在通讯录中。")
    existing = session.scalar(
        select(Volunteer.id).where(
            Volunteer.contact_id == contact_id, Volunteer.deleted_at.is_(None)
        )
    )
    if existing is not None:
        return Changed(existing)
    volunteer = WritePath(session).create(
        Volunteer(
            station_id=current_station_id(session),
            contact_id=contact.id,
            name=contact.name,
            gender=contact.gender,
            phone=contact.phone,
            registered_on=today,
        )
    )
    return Changed(volunteer.id, Changes(volunteers=True))


def sign_in(
    session: Session,
    activity_id: str,
    volunteer_id: str,
    start: dt.datetime,
    end: dt.datetime,
    break_minutes: int,
) -> Changed[str | list[ValidationError]]:
    """签到/签退: record a volunteer's service at the activity. Errors come back at their fields
    (``start_at``, ``end_at``, ``break_minutes``, ``volunteer_id``), nothing written."""
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise LiaisonError("这场活动已经删除，或者还没有从县中心收到。")
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.deleted_at is not None:
        return Changed([ValidationError("volunteer_id", "请先选择志愿者")])
    try:
        record = record_service(session, activity, volunteer, start, end, break_minutes=break_minutes)
    except ValidationError as error:
        return Changed([error])
    return Changed(record.id, HOURS_CHANGED)


def parse_hours_delta(text: str) -> int:
    """A signed number of hours (``-1.5``, ``+0.5``, ``2``) as minutes; refused at ``delta``."""
    cleaned = text.strip().replace("＋", "+").replace("－", "-").replace("−", "-")
    try:
        hours = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError("delta", "请填写要增加或减少的小时数，如 0.5 或 -1") from None
    if not hours.is_finite() or hours == 0:
        raise ValidationError("delta", "请填写要增加或减少的小时数，如 0.5 或 -1")
    minutes = hours * 60
    if minutes != minutes.to_integral_value():
        raise ValidationError("delta", "时长精确到分钟即可，如 0.5（半小时）")
    if abs(hours) > 24:
        raise ValidationError("delta", "一次更正不能超过 24 小时")
    return int(minutes)


def correct(
    session: Session, record_id: str, delta: str, reason: str
) -> Changed[str | list[ValidationError]]:
    """更正: append a correction to a service record (a delta in hours, with its reason)."""
    original = session.get(ServiceRecord, record_id)
    if original is None or original.deleted_at is not None:
        raise LiaisonError("要更正的服务记录已不存在。")
    if original.corrects_id is not None:
        return Changed([ValidationError("delta", "请更正原始的服务记录，而不是更正记录")])
    errors: list[ValidationError] = []
    minutes = 0
    try:
        minutes = parse_hours_delta(delta)
    except ValidationError as error:
        errors.append(error)
    if len(reason.strip()) > REASON_MAX:
        errors.append(ValidationError("reason", f"更正原因最多 {REASON_MAX} 个字"))
    elif not reason.strip():
        errors.append(ValidationError("reason", "更正服务时长时必须写明原因"))
    if errors:
        return Changed(errors)
    try:
        correction = correct_service(session, original, minutes, reason)
    except ValidationError as error:
        return Changed([ValidationError("delta", error.message)])
    return Changed(correction.id, HOURS_CHANGED)


def sign_in_person(
    session: Session,
    activity_id: str,
    person: VolunteerChoice,
    start: dt.datetime,
    end: dt.datetime,
    break_minutes: int,
    today: dt.date,
) -> Changed[str | list[ValidationError]]:
    """:func:`sign_in` for a volunteer, or for a villager enrolled as a volunteer at the same
    time (only once the times are right: a refused sign-in enrols nobody)."""
    volunteer_id = person.id
    changes = Changes()
    if not person.is_volunteer:
        try:
            compute_hours(start, end, break_minutes)
        except ValidationError as error:
            return Changed([error])
        enrolled = enrol_villager(session, person.id, today)
        volunteer_id, changes = enrolled.value, enrolled.changes
    result = sign_in(session, activity_id, volunteer_id, start, end, break_minutes)
    return Changed(result.value, result.changes | changes)
