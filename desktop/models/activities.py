"""实践活动: registering, editing and deleting the station's practice activities, and the
choices their form offers. Each action runs in the caller's transaction and returns what it
changed (desktop/models/changes.py); the checks return every field's error at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.catalog import ActivityType
from desktop.models.changes import Changed, Changes
from desktop.models.demand import Demand
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.photos import PhotoChanges, PhotoView, change_photos, record_photos
from desktop.models.queries import DemandFilter, list_demands
from desktop.models.reference_data import five_task_labels
from desktop.models.station import Station
from desktop.models.station_setup import current_station_id
from desktop.models.writes import WritePath

TITLE_MAX = 200
PLACE_MAX = 200
SUMMARY_MAX = 5000
AUDIENCE_MAX = 100_000
LONGEST = dt.timedelta(days=31)
# Registered ahead of time at most this far (a plan for the coming year).
AHEAD = dt.timedelta(days=366)
ACTIVITIES_CHANGED = Changes(activities=True)
NO_PHOTO_CHANGES = PhotoChanges()


@dataclass
class ActivityInput:
    """What the activity form collects; instants are aware (the form's Beijing times)."""

    title: str
    activity_type_code: str
    five_task_code: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    team_id: str | None = None
    audience_count: int = 0
    summary: str = ""
    linked_demand_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TypeChoice:
    code: str
    name: str
    five_task_code: str


@dataclass(frozen=True)
class TeamChoice:
    """A team of the 总队 → 分队 → 小队 tree, with its place in it (``depth`` 0 for a root)."""

    id: str
    name: str
    level: str
    depth: int
    owner: str


@dataclass(frozen=True)
class ActivityChoices:
    types: list[TypeChoice]
    five_tasks: list[tuple[str, str]]
    teams: list[TeamChoice]


def activity_types(session: Session, *, keep: str | None = None) -> list[TypeChoice]:
    """The activity types in use (and ``keep``, the one an activity being edited has)."""
    rows = session.execute(
        select(ActivityType.code, ActivityType.name, ActivityType.five_task_code)
        .where(
            ActivityType.deleted_at.is_(None),
            ActivityType.active.is_(True) | (ActivityType.code == (keep or "")),
        )
        .order_by(ActivityType.sort_order, ActivityType.code)
    )
    return [TypeChoice(*row) for row in rows]


def team_tree(session: Session) -> list[TeamChoice]:
    """The active teams in tree order: each parent before its children, by name."""
    rows = session.execute(
        select(Team.id, Team.name, Team.level, Team.parent_id, Team.owner).where(
            Team.deleted_at.is_(None), Team.active.is_(True)
        )
    ).all()
    children: dict[str | None, list[tuple[str, str, str, str | None, str]]] = {}
    known = {row[0] for row in rows}
    for row in rows:
        parent = row[3] if row[3] in known else None
        children.setdefault(parent, []).append(tuple(row))  # type: ignore[arg-type]
    ordered: list[TeamChoice] = []

    def walk(parent: str | None, depth: int) -> None:
        for team_id, name, level, _parent, owner in sorted(
            children.get(parent, []), key=lambda r: (r[1], r[0])
        ):
            ordered.append(TeamChoice(team_id, name, level, depth, owner))
            walk(team_id, depth + 1)

    walk(None, 0)
    return ordered


def activity_choices(session: Session, *, keep_type: str | None = None) -> ActivityChoices:
    return ActivityChoices(
        types=activity_types(session, keep=keep_type),
        five_tasks=list(five_task_labels().items()),
        teams=team_tree(session),
    )


@dataclass(frozen=True)
class Names:
    """Activity types, five tasks and teams by code or id (withdrawn ones included), for a
    list that shows names."""

    types: dict[str, str]
    tasks: dict[str, str]
    teams: dict[str, str]


def activity_names(session: Session) -> Names:
    return Names(
        types={code: name for code, name in session.execute(select(ActivityType.code, ActivityType.name))},
        tasks=five_task_labels(),
        teams={team_id: name for team_id, name in session.execute(select(Team.id, Team.name))},
    )


def check_activity(
    session: Session, data: ActivityInput, now: dt.datetime, *, editing: Activity | None = None
) -> list[ValidationError]:
    """Every field error of the form at once."""
    errors: list[ValidationError] = []
    title = data.title.strip()
    if not title:
        errors.append(ValidationError("title", "请填写活动名称"))
    elif len(title) > TITLE_MAX:
        errors.append(ValidationError("title", f"活动名称最多 {TITLE_MAX} 个字"))
    keep = editing.activity_type_code if editing is not None else None
    types = {t.code for t in activity_types(session, keep=keep)}
    if data.activity_type_code not in types:
        errors.append(ValidationError("activity_type_code", "请选择活动类型"))
    if data.five_task_code not in five_task_labels():
        errors.append(ValidationError("five_task_code", "请选择对应的“五项工作”"))
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        raise ValueError("activity times must be aware")
    if data.ends_at <= data.starts_at:
        errors.append(ValidationError("ends_at", "结束时间必须晚于开始时间"))
    elif data.ends_at - data.starts_at > LONGEST:
        errors.append(
            ValidationError("ends_at", "一场活动最长登记 31 天，持续更久的请按阶段分别登记")
        )
    if data.starts_at > now + AHEAD:
        errors.append(ValidationError("starts_at", "开始时间不能晚于一年以后，请核对年份"))
    if len(data.place.strip()) > PLACE_MAX:
        errors.append(ValidationError("place", f"活动地点最多 {PLACE_MAX} 个字"))
    if len(data.summary.strip()) > SUMMARY_MAX:
        errors.append(ValidationError("summary", f"活动简介最多 {SUMMARY_MAX} 个字"))
    if isinstance(data.audience_count, bool) or not isinstance(data.audience_count, int):
        errors.append(ValidationError("audience_count", "参与群众人数必须是整数"))
    elif not 0 <= data.audience_count <= AUDIENCE_MAX:
        errors.append(
            ValidationError("audience_count", f"参与群众人数应在 0 到 {AUDIENCE_MAX} 之间")
        )
    if data.team_id is not None:
        team = session.get(Team, data.team_id)
        if team is None or team.deleted_at is not None:
            errors.append(ValidationError("team_id", "所选队伍已不存在，请重新选择"))
    linked = sorted(set(data.linked_demand_ids))
    if linked:
        found = set(
            session.scalars(
                select(Demand.id).where(Demand.id.in_(linked), Demand.deleted_at.is_(None))
            )
        )
        if missing := len(set(linked) - found):
            errors.append(
                ValidationError("linked_demand_ids", f"有 {missing} 条关联的需求已不存在，请重新选择")
            )
    return errors


def _values(data: ActivityInput) -> dict[str, object]:
    return {
        "title": data.title.strip(),
        "activity_type_code": data.activity_type_code,
        "five_task_code": data.five_task_code,
        "starts_at": data.starts_at.astimezone(dt.UTC),
        "ends_at": data.ends_at.astimezone(dt.UTC),
        "place": data.place.strip(),
        "team_id": data.team_id,
        "audience_count": data.audience_count,
        "summary": data.summary.strip(),
        "linked_demand_ids": sorted(set(data.linked_demand_ids)),
    }


def _activity(session: Session, activity_id: str) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise LiaisonError("这场活动已经删除，或者还没有从县中心收到。")
    return activity


def save_activity(
    session: Session,
    data: ActivityInput,
    activity_id: str | None = None,
    *,
    photos: PhotoChanges = NO_PHOTO_CHANGES,
    now: dt.datetime | None = None,
) -> Changed[str | list[ValidationError]]:
    """Register a new activity (``activity_id`` None) or save an edit, with what the form did
    to its photos; returns its id, or every field error with nothing written."""
    now = now or dt.datetime.now(dt.UTC)
    editing = _activity(session, activity_id) if activity_id is not None else None
    errors = check_activity(session, data, now, editing=editing)
    if errors:
        return Changed(errors)
    writes = WritePath(session)
    values = _values(data)
    if editing is None:
        activity = writes.create(Activity(station_id=current_station_id(session), **values))
    else:
        activity = editing
        if not writes.update(editing, **values) and not photos:
            return Changed(editing.id)
    change_photos(session, Activity.SYNC_ENTITY, activity.id, photos)
    return Changed(activity.id, ACTIVITIES_CHANGED)


def activity_form(session: Session, activity_id: str) -> ActivityInput:
    """The form's values of a stored activity."""
    activity = _activity(session, activity_id)
    return ActivityInput(
        title=activity.title,
        activity_type_code=activity.activity_type_code,
        five_task_code=activity.five_task_code,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        team_id=activity.team_id,
        audience_count=activity.audience_count,
        summary=activity.summary,
        linked_demand_ids=list(activity.linked_demand_ids),
    )


def delete_activity(session: Session, activity_id: str) -> Changed[None]:
    """Delete an activity that has no service hours (hours, once recorded, are corrected, never
    removed with their activity)."""
    activity = _activity(session, activity_id)
    served = session.scalar(
        select(func.count())
        .select_from(ServiceRecord)
        .where(ServiceRecord.activity_id == activity_id, ServiceRecord.deleted_at.is_(None))
    )
    if served:
        raise LiaisonError(
            f"这场活动已经登记了 {served} 条志愿服务时长，不能删除。"
            "如果登记有误，请在活动里更正时长。"
        )
    WritePath(session).delete(activity)
    return Changed(None, ACTIVITIES_CHANGED)


@dataclass(frozen=True)
class DemandLink:
    """A demand an activity answers, as the form lists it."""

    id: str
    number: str
    title: str


@dataclass(frozen=True)
class ActivityForm:
    """What the activity form shows: the stored values (None for a new activity), the choices,
    the linked demands' numbers and titles, and the photos."""

    data: ActivityInput | None
    choices: ActivityChoices
    links: list[DemandLink]
    photos: list[PhotoView]


def demand_links(session: Session, ids: list[str]) -> list[DemandLink]:
    """The demands ``ids`` that exist, by number."""
    if not ids:
        return []
    rows = session.execute(
        select(Demand.id, Demand.number, Demand.title)
        .where(Demand.id.in_(sorted(set(ids))), Demand.deleted_at.is_(None))
        .order_by(Demand.number)
    )
    return [DemandLink(*row) for row in rows]


def load_activity_form(session: Session, activity_id: str | None) -> ActivityForm:
    data = activity_form(session, activity_id) if activity_id is not None else None
    choices = activity_choices(session, keep_type=data.activity_type_code if data else None)
    links = demand_links(session, data.linked_demand_ids) if data else []
    photos = record_photos(session, Activity.SYNC_ENTITY, activity_id) if activity_id else []
    return ActivityForm(data, choices, links, photos)


def find_demands(session: Session, text: str, today: dt.date, limit: int = 30) -> list[DemandLink]:
    """Demands to link, newest first, found as the demand list finds them (number, title,
    requester, initials, phone digits)."""
    rows = list_demands(session, DemandFilter(text=text.strip()), today, limit=limit)
    return [DemandLink(row.id, row.number, row.title) for row in rows]


# ---- 活动记录表 ---------------------------------------------------------------------------------

# What keeps the record sheet on one A4 page.
SHEET_PHOTOS = 4
SHEET_SUMMARY_CHARS = 300


@dataclass(frozen=True)
class ActivitySheet:
    """What the activity record sheet (活动记录表) shows."""

    station_name: str
    title: str
    type_name: str
    task_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    team_name: str
    audience_count: int
    volunteers: list[tuple[str, int]]  # name, credited minutes
    demands: list[DemandLink]
    summary: str
    photos: list[str]  # sha256 of the photos to show (the first few)


def activity_sheet(session: Session, activity_id: str) -> ActivitySheet:
    activity = _activity(session, activity_id)
    names = activity_names(session)
    served = session.execute(
        select(Volunteer.name, func.sum(ServiceRecord.credited_minutes))
        .join(ServiceRecord, ServiceRecord.volunteer_id == Volunteer.id)
        .where(ServiceRecord.activity_id == activity_id, ServiceRecord.deleted_at.is_(None))
        .group_by(Volunteer.id)
        .order_by(Volunteer.pinyin_full)
    )
    station = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    return ActivitySheet(
        station_name=station or "",
        title=activity.title,
        type_name=names.types.get(activity.activity_type_code, activity.activity_type_code),
        task_name=names.tasks.get(activity.five_task_code, activity.five_task_code),
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        team_name=names.teams.get(activity.team_id or "", ""),
        audience_count=activity.audience_count,
        volunteers=[(name, int(minutes)) for name, minutes in served],
        demands=demand_links(session, list(activity.linked_demand_ids)),
        summary=activity.summary[:SHEET_SUMMARY_CHARS],
        photos=[p.sha256 for p in record_photos(session, Activity.SYNC_ENTITY, activity_id)][
            :SHEET_PHOTOS
        ],
    )
