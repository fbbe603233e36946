"""志愿者与队伍: the volunteer roster, one volunteer's record (hours, points, stars, honours),
points (earned by the county's rules, given or deducted by hand, redeemed for 礼遇), 星级认定 and
表彰, and the team tree. Each action runs in the caller's transaction and returns what it
changed (desktop/models/changes.py); the checks refuse at the field concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.activities import team_tree
from desktop.models.activity import (
    Activity,
    Commendation,
    PointsEntry,
    ServiceRecord,
    StarAward,
    Team,
    Volunteer,
)
from desktop.models.beijing import day_start_utc
from desktop.models.catalog import PointsRule, Reward, StarSchemeRecord
from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.rules import points as points_rules
from desktop.models.rules.masking import mask_id_number, mask_phone
from desktop.models.rules.names import name_problem
from desktop.models.rules.phone import normalize_phone, phone_digits
from desktop.models.rules.stars import STAR_COUNT, StarScheme, hours_to_next, star_level
from desktop.models.station import Contact, Station
from desktop.models.station_setup import current_station_id
from desktop.models.volunteering import active_star_scheme, add_points
from desktop.models.writes import WritePath

VOLUNTEERS_CHANGED = Changes(volunteers=True)
REASON_MAX = 200
# 表彰级别, highest first.
COMMENDATION_LEVELS = ("国家级", "省级", "市级", "县级", "乡镇级", "村级")


# ---- the roster -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerFilter:
    """The roster's filter: ``text`` matches the name, its pinyin or initials, phone digits or
    a skill; ``eligible`` keeps those whose hours qualify for a star above the one awarded."""

    text: str = ""
    team_id: str | None = None
    eligible: bool = False
    include_inactive: bool = False


@dataclass(frozen=True)
class VolunteerRow:
    id: str
    name: str
    phone: str | None
    team_id: str | None
    skills: str
    active: bool
    total_minutes: int
    year_minutes: int
    points: int
    awarded_star: int

    def hours(self) -> Decimal:
        return Decimal(self.total_minutes) / 60


def _signed_points() -> ColumnElement[int]:
    return func.coalesce(
        func.sum(
            func.iif(PointsEntry.kind == points_rules.PointsKind.REDEEM.value, -PointsEntry.amount, PointsEntry.amount)
        ),
        0,
    )


def list_volunteers(session: Session, flt: VolunteerFilter, today: dt.date) -> list[VolunteerRow]:
    """Every volunteer matching ``flt`` (a station keeps hundreds, a few thousand at most), by
    name in pinyin order, with their hours (in all and this year), points and awarded star."""
    own = (ServiceRecord.volunteer_id == Volunteer.id, ServiceRecord.deleted_at.is_(None))
    total = select(func.coalesce(func.sum(ServiceRecord.credited_minutes), 0)).where(*own)
    year = total.where(ServiceRecord.start_at >= day_start_utc(dt.date(today.year, 1, 1)))
    points = select(_signed_points()).where(
        PointsEntry.volunteer_id == Volunteer.id, PointsEntry.deleted_at.is_(None)
    )
    star = select(func.coalesce(func.max(StarAward.level), 0)).where(
        StarAward.volunteer_id == Volunteer.id, StarAward.deleted_at.is_(None)
    )
    clauses: list[ColumnElement[bool]] = [Volunteer.deleted_at.is_(None)]
    if not flt.include_inactive:
        clauses.append(Volunteer.active.is_(True))
    if flt.team_id:
        clauses.append(Volunteer.team_id == flt.team_id)
    words = flt.text.strip()
    if words:
        found = [Volunteer.name.like(f"%{words}%"), Volunteer.skills.like(f"%{words}%")]
        key = words.lower()
        if key.isascii() and key.isalpha():
            found += [
                Volunteer.pinyin_initials.like(f"{key}%"),
                func.replace(Volunteer.pinyin_full, " ", "").like(f"{key}%"),
            ]
        digits = phone_digits(words) if any(c.isdigit() for c in words) else ""
        if len(digits) >= 3:
            found.append(Volunteer.phone.like(f"%{digits}%"))
        clauses.append(or_(*found))
    stmt = (
        select(
            Volunteer.id,
            Volunteer.name,
            Volunteer.phone,
            Volunteer.team_id,
            Volunteer.skills,
            Volunteer.active,
            total.scalar_subquery(),
            year.scalar_subquery(),
            points.scalar_subquery(),
            star.scalar_subquery(),
        )
        .where(*clauses)
        .order_by(Volunteer.pinyin_full, Volunteer.id)
    )
    rows = [VolunteerRow(*row) for row in session.execute(stmt)]
    if flt.eligible:
        scheme = active_star_scheme(session)
        rows = [r for r in rows if star_level(r.hours(), scheme) > r.awarded_star]
    return rows


@dataclass(frozen=True)
class StarProgress:
    """Where a volunteer stands under the active scheme."""

    eligible: int  # the star the hours qualify for (not an award)
    awarded: int
    to_next: Decimal | None  # hours missing for the next star; None at five stars


def star_progress(hours: Decimal, awarded: int, scheme: StarScheme) -> StarProgress:
    return StarProgress(star_level(hours, scheme), awarded, hours_to_next(hours, scheme))


# ---- one volunteer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursLine:
    activity_title: str
    start_at: dt.datetime
    credited_minutes: int
    correction: bool
    reason: str


@dataclass(frozen=True)
class PointsLine:
    kind: str
    amount: int  # signed, as it changes the balance
    reason: str
    occurred_at: dt.datetime


@dataclass(frozen=True)
class AwardLine:
    level: int
    awarded_on: dt.date
    certified_by: str
    note: str


@dataclass(frozen=True)
class HonourLine:
    title: str
    awarded_on: dt.date
    level: str
    issuing_body: str


@dataclass(frozen=True)
class VolunteerDetail:
    id: str
    name: str
    phone: str | None
    team_name: str
    skills: str
    registered_on: dt.date | None
    total_minutes: int
    year_minutes: int
    points: int
    progress: StarProgress
    scheme_name: str
    hours: list[HoursLine]
    ledger: list[PointsLine]
    awards: list[AwardLine]
    honours: list[HonourLine]


def _volunteer(session: Session, volunteer_id: str) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.deleted_at is not None:
        raise LiaisonError("这位志愿者已经删除，或者还没有从县中心收到。")
    return volunteer


def volunteer_detail(session: Session, volunteer_id: str, today: dt.date) -> VolunteerDetail:
    volunteer = _volunteer(session, volunteer_id)
    team = session.get(Team, volunteer.team_id) if volunteer.team_id else None
    hours = [
        HoursLine(title, start, minutes, corrects is not None, reason)
        for title, start, minutes, corrects, reason in session.execute(
            select(
                Activity.title,
                ServiceRecord.start_at,
                ServiceRecord.credited_minutes,
                ServiceRecord.corrects_id,
                ServiceRecord.reason,
            )
            .join(Activity, Activity.id == ServiceRecord.activity_id)
            .where(ServiceRecord.volunteer_id == volunteer_id, ServiceRecord.deleted_at.is_(None))
            .order_by(ServiceRecord.start_at.desc(), ServiceRecord.created_at.desc())
        )
    ]
    ledger = [
        PointsLine(kind, -amount if kind == points_rules.PointsKind.REDEEM.value else amount, reason, at)
        for kind, amount, reason, at in session.execute(
            select(PointsEntry.kind, PointsEntry.amount, PointsEntry.reason, PointsEntry.occurred_at)
            .where(PointsEntry.volunteer_id == volunteer_id, PointsEntry.deleted_at.is_(None))
            .order_by(PointsEntry.occurred_at.desc(), PointsEntry.created_at.desc())
        )
    ]
    awards = [
        AwardLine(*row)
        for row in session.execute(
            select(StarAward.level, StarAward.awarded_on, StarAward.certified_by, StarAward.note)
            .where(StarAward.volunteer_id == volunteer_id, StarAward.deleted_at.is_(None))
            .order_by(StarAward.awarded_on.desc(), StarAward.level.desc())
        )
    ]
    honours = [
        HonourLine(*row)
        for row in session.execute(
            select(
                Commendation.title,
                Commendation.awarded_on,
                Commendation.level,
                Commendation.issuing_body,
            )
            .where(Commendation.volunteer_id == volunteer_id, Commendation.deleted_at.is_(None))
            .order_by(Commendation.awarded_on.desc())
        )
    ]
    total = sum(line.credited_minutes for line in hours)
    year_start = day_start_utc(dt.date(today.year, 1, 1))
    year = sum(line.credited_minutes for line in hours if line.start_at >= year_start)
    scheme = active_star_scheme(session)
    awarded = max((a.level for a in awards), default=0)
    return VolunteerDetail(
        id=volunteer.id,
        name=volunteer.name,
        phone=volunteer.phone,
        team_name=team.name if team else "",
        skills=volunteer.skills,
        registered_on=volunteer.registered_on,
        total_minutes=total,
        year_minutes=year,
        points=sum(line.amount for line in ledger),
        progress=star_progress(Decimal(total) / 60, awarded, scheme),
        scheme_name=_scheme_name(session),
        hours=hours,
        ledger=ledger,
        awards=awards,
        honours=honours,
    )


def _scheme_name(session: Session) -> str:
    name = session.scalar(
        select(StarSchemeRecord.name).where(
            StarSchemeRecord.active.is_(True), StarSchemeRecord.deleted_at.is_(None)
        )
    )
    return name or "全国通行标准（100/300/600/1000/1500 小时）"


# ---- points ------------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationError("reason", "请写明原因")
    if len(cleaned) > REASON_MAX:
        raise ValidationError("reason", f"原因最多 {REASON_MAX} 个字")
    return cleaned


def change_points(
    session: Session,
    volunteer_id: str,
    amount: int,
    reason: str,
    *,
    now: dt.datetime | None = None,
) -> Changed[None]:
    """Give (``amount`` > 0) or deduct (< 0) points by hand, with the reason; a deduction never
    takes the balance below zero."""
    volunteer = _volunteer(session, volunteer_id)
    cleaned = _reason(reason)
    if amount > 0:
        add_points(session, volunteer, points_rules.PointsKind.EARN, amount, cleaned, now=now)
    else:
        add_points(session, volunteer, points_rules.PointsKind.ADJUST, amount, cleaned, now=now)
    return Changed(None, VOLUNTEERS_CHANGED)


@dataclass(frozen=True)
class RewardChoice:
    code: str
    name: str
    kind: str
    cost: int


def reward_choices(session: Session) -> list[RewardChoice]:
    return [
        RewardChoice(*row)
        for row in session.execute(
            select(Reward.code, Reward.name, Reward.kind, Reward.cost)
            .where(Reward.active.is_(True), Reward.deleted_at.is_(None))
            .order_by(Reward.sort_order, Reward.code)
        )
    ]


def redeem(
    session: Session, volunteer_id: str, reward_code: str, *, now: dt.datetime | None = None
) -> Changed[None]:
    """兑换 a 礼遇 for its cost in points; refused when the balance is short."""
    volunteer = _volunteer(session, volunteer_id)
    reward = session.scalar(
        select(Reward).where(Reward.code == reward_code, Reward.deleted_at.is_(None))
    )
    if reward is None or not reward.active:
        raise ValidationError("reward", "请选择要兑换的礼遇")
    add_points(
        session,
        volunteer,
        points_rules.PointsKind.REDEEM,
        reward.cost,
        f"兑换：{reward.name}",
        now=now,
    )
    return Changed(None, VOLUNTEERS_CHANGED)


def settle_activity(
    session: Session, activity_id: str, *, now: dt.datetime | None = None
) -> Changed[int]:
    """Points for an activity by the county's rules: per activity taken part in, and per hour
    served (whole half hours). Each volunteer is settled once per activity (settling again
    gives nothing twice); returns how many volunteers got points."""
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise LiaisonError("这场活动已经删除，或者还没有从县中心收到。")
    rules = list(
        session.execute(
            select(PointsRule.basis, PointsRule.points).where(
                PointsRule.active.is_(True), PointsRule.deleted_at.is_(None)
            )
        )
    )
    per_activity = sum(points for basis, points in rules if basis == "ACTIVITY")
    per_hour = sum(points for basis, points in rules if basis == "HOUR")
    served = session.execute(
        select(ServiceRecord.volunteer_id, func.sum(ServiceRecord.credited_minutes))
        .where(ServiceRecord.activity_id == activity_id, ServiceRecord.deleted_at.is_(None))
        .group_by(ServiceRecord.volunteer_id)
    ).all()
    settled = set(
        session.scalars(
            select(PointsEntry.volunteer_id).where(
                PointsEntry.activity_id == activity_id,
                PointsEntry.kind == points_rules.PointsKind.EARN.value,
                PointsEntry.deleted_at.is_(None),
            )
        )
    )
    given = 0
    for volunteer_id, minutes in served:
        amount = per_activity + per_hour * int(minutes or 0) // 60
        if volunteer_id in settled or minutes <= 0 or amount <= 0:
            continue
        add_points(
            session,
            session.get_one(Volunteer, volunteer_id),
            points_rules.PointsKind.EARN,
            amount,
            f"参加活动：{activity.title}",
            activity_id=activity_id,
            now=now,
        )
        given += 1
    return Changed(given, VOLUNTEERS_CHANGED if given else Changes())


# ---- stars and honours -------------------------------------------------------------------------


def award_star(
    session: Session,
    volunteer_id: str,
    level: int,
    awarded_on: dt.date,
    certified_by: str,
    note: str = "",
    *,
    today: dt.date,
) -> Changed[str | list[ValidationError]]:
    """星级认定: record the star certified for a volunteer. The hours must qualify under the
    active scheme, and the level must be above the one awarded before."""
    volunteer = _volunteer(session, volunteer_id)
    errors: list[ValidationError] = []
    minutes = session.scalar(
        select(func.coalesce(func.sum(ServiceRecord.credited_minutes), 0)).where(
            ServiceRecord.volunteer_id == volunteer_id, ServiceRecord.deleted_at.is_(None)
        )
    )
    eligible = star_level(Decimal(int(minutes or 0)) / 60, active_star_scheme(session))
    awarded = session.scalar(
        select(func.coalesce(func.max(StarAward.level), 0)).where(
            StarAward.volunteer_id == volunteer_id, StarAward.deleted_at.is_(None)
        )
    )
    if not 1 <= level <= STAR_COUNT:
        errors.append(ValidationError("level", "请选择一到五星"))
    elif level > eligible:
        errors.append(
            ValidationError(
                "level",
                f"服务时长只够{eligible}星（按现行星级标准），不能认定为{level}星"
                if eligible
                else "服务时长还不够一星（按现行星级标准）",
            )
        )
    elif level <= int(awarded or 0):
        errors.append(ValidationError("level", f"已经认定过{awarded}星，请选择更高的星级"))
    if not certified_by.strip():
        errors.append(ValidationError("certified_by", "请填写认定人或认定单位"))
    elif len(certified_by.strip()) > 100:
        errors.append(ValidationError("certified_by", "认定人最多 100 个字"))
    if awarded_on > today:
        errors.append(ValidationError("awarded_on", "认定日期不能晚于今天"))
    if errors:
        return Changed(errors)
    code = session.scalar(
        select(StarSchemeRecord.code).where(
            StarSchemeRecord.active.is_(True), StarSchemeRecord.deleted_at.is_(None)
        )
    )
    award = WritePath(session).create(
        StarAward(
            volunteer_id=volunteer.id,
            level=level,
            awarded_on=awarded_on,
            certified_by=certified_by.strip(),
            scheme_code=code or "",
            note=note.strip(),
        )
    )
    return Changed(award.id, VOLUNTEERS_CHANGED)


@dataclass
class CommendationInput:
    title: str
    awarded_on: dt.date
    level: str
    issuing_body: str
    volunteer_id: str | None = None
    team_id: str | None = None


def commend(session: Session, data: CommendationInput) -> Changed[str | list[ValidationError]]:
    """表彰: record an honour for one volunteer or one team."""
    errors: list[ValidationError] = []
    title = data.title.strip()
    if not title:
        errors.append(ValidationError("title", "请填写表彰名称，如“优秀志愿者”"))
    elif len(title) > 200:
        errors.append(ValidationError("title", "表彰名称最多 200 个字"))
    if data.level not in COMMENDATION_LEVELS:
        errors.append(ValidationError("level", "请选择表彰级别"))
    if not data.issuing_body.strip():
        errors.append(ValidationError("issuing_body", "请填写颁发单位"))
    elif len(data.issuing_body.strip()) > 100:
        errors.append(ValidationError("issuing_body", "颁发单位最多 100 个字"))
    if (data.volunteer_id is None) == (data.team_id is None):
        errors.append(ValidationError("volunteer_id", "表彰要给一位志愿者或一支队伍"))
    if data.volunteer_id is not None:
        _volunteer(session, data.volunteer_id)
    if data.team_id is not None:
        team = session.get(Team, data.team_id)
        if team is None or team.deleted_at is not None:
            errors.append(ValidationError("team_id", "所选队伍已不存在"))
    if errors:
        return Changed(errors)
    honour = WritePath(session).create(
        Commendation(
            station_id=current_station_id(session),
            title=title,
            awarded_on=data.awarded_on,
            level=data.level,
            issuing_body=data.issuing_body.strip(),
            volunteer_id=data.volunteer_id,
            team_id=data.team_id,
        )
    )
    return Changed(honour.id, VOLUNTEERS_CHANGED)



# ---- teams -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamNode:
    """A team of the 总队 → 分队 → 小队 tree with its leader and members; only the village's
    own squads (``editable``) are changed here, the county's come from the county."""

    id: str
    name: str
    level: str
    depth: int
    editable: bool
    leader_name: str
    members: list[str]
    member_ids: list[str]


def team_overview(session: Session) -> list[TeamNode]:
    members: dict[str, list[tuple[str, str]]] = {}
    for team_id, volunteer_id, name in session.execute(
        select(Volunteer.team_id, Volunteer.id, Volunteer.name)
        .where(Volunteer.team_id.is_not(None), Volunteer.deleted_at.is_(None))
        .order_by(Volunteer.pinyin_full)
    ):
        members.setdefault(str(team_id), []).append((volunteer_id, name))
    leaders = {
        team_id: name
        for team_id, name in session.execute(
            select(Team.id, Volunteer.name).join(Volunteer, Volunteer.id == Team.leader_volunteer_id)
        )
    }
    return [
        TeamNode(
            t.id,
            t.name,
            t.level,
            t.depth,
            t.owner == "VILLAGE",
            leaders.get(t.id, ""),
            [name for _id, name in members.get(t.id, [])],
            [volunteer_id for volunteer_id, _name in members.get(t.id, [])],
        )
        for t in team_tree(session)
    ]


def _squad(session: Session, team_id: str) -> Team:
    team = session.get(Team, team_id)
    if team is None or team.deleted_at is not None:
        raise LiaisonError("这支队伍已经删除。")
    if team.owner != "VILLAGE":
        raise LiaisonError("县、乡镇的队伍由县中心管理，这里只能查看。")
    return team


def create_squad(session: Session, name: str, parent_id: str | None) -> Changed[str]:
    """The village's own 小队 (under a team of the tree, or at its root)."""
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("name", "请填写队伍名称")
    if len(cleaned) > 100:
        raise ValidationError("name", "队伍名称最多 100 个字")
    if parent_id is not None:
        parent = session.get(Team, parent_id)
        if parent is None or parent.deleted_at is not None:
            raise ValidationError("parent_id", "所选上级队伍已不存在")
    taken = session.scalar(
        select(Team.id).where(Team.name == cleaned, Team.deleted_at.is_(None))
    )
    if taken is not None:
        raise ValidationError("name", f"已经有一支叫“{cleaned}”的队伍")
    team = WritePath(session).create(
        Team(
            name=cleaned,
            level="VILLAGE",
            owner="VILLAGE",
            parent_id=parent_id,
            station_id=current_station_id(session),
        )
    )
    return Changed(team.id, Changes(volunteers=True, activities=True))


def set_team_leader(session: Session, team_id: str, volunteer_id: str | None) -> Changed[None]:
    """队长 of a village squad: one of its members (or nobody)."""
    team = _squad(session, team_id)
    if volunteer_id is not None:
        volunteer = _volunteer(session, volunteer_id)
        if volunteer.team_id != team.id:
            raise ValidationError("leader_volunteer_id", "队长要从这支队伍的队员中选")
    WritePath(session).update(team, leader_volunteer_id=volunteer_id)
    return Changed(None, VOLUNTEERS_CHANGED)


def set_volunteer_team(session: Session, volunteer_id: str, team_id: str | None) -> Changed[None]:
    """Put a volunteer in a team (or in none); a leader who leaves is no longer its leader."""
    volunteer = _volunteer(session, volunteer_id)
    if team_id is not None:
        team = session.get(Team, team_id)
        if team is None or team.deleted_at is not None:
            raise ValidationError("team_id", "所选队伍已不存在")
    writes = WritePath(session)
    old = volunteer.team_id
    writes.update(volunteer, team_id=team_id)
    if old and old != team_id:
        former = session.get(Team, old)
        if former is not None and former.leader_volunteer_id == volunteer.id and former.owner == "VILLAGE":
            writes.update(former, leader_volunteer_id=None)
    return Changed(None, VOLUNTEERS_CHANGED)


# ---- 志愿服务时长证明 ---------------------------------------------------------------------------

# The per-activity table keeps the certificate on one A4 page: the latest this many activities,
# the earlier ones summed in one line.
CERTIFICATE_LINES = 15


@dataclass(frozen=True)
class CertificateLine:
    day: dt.date
    activity: str
    minutes: int


@dataclass(frozen=True)
class HoursCertificate:
    station_name: str
    volunteer_name: str
    gender: str
    id_number: str  # masked
    volunteer_no: str
    team_name: str
    registered_on: dt.date | None
    total_minutes: int
    activities: int
    first_day: dt.date | None
    last_day: dt.date | None
    lines: list[CertificateLine]  # the latest activities, oldest first
    earlier: int  # activities before those lines
    earlier_minutes: int
    issued_on: dt.date


def find_volunteer(session: Session, key: str) -> str:
    """The id of the volunteer ``key`` names: an id, or the name of exactly one volunteer."""
    cleaned = key.strip()
    found = session.get(Volunteer, cleaned)
    if found is not None and found.deleted_at is None:
        return found.id
    matches = list(
        session.execute(
            select(Volunteer.id, Volunteer.phone).where(
                Volunteer.name == cleaned, Volunteer.deleted_at.is_(None)
            )
        )
    )
    if not matches:
        raise LiaisonError(f"没有找到志愿者“{cleaned}”。")
    if len(matches) > 1:
        choices = "、".join(
            f"{volunteer_id}（电话 {mask_phone(phone) if phone else '无'}）"
            for volunteer_id, phone in matches
        )
        raise LiaisonError(f"有 {len(matches)} 位志愿者叫“{cleaned}”，请用编号指明：{choices}")
    return str(matches[0][0])


def hours_certificate(session: Session, volunteer_id: str, today: dt.date) -> HoursCertificate:
    volunteer = _volunteer(session, volunteer_id)
    contact = session.get(Contact, volunteer.contact_id) if volunteer.contact_id else None
    team = session.get(Team, volunteer.team_id) if volunteer.team_id else None
    per_activity = [
        CertificateLine(beijing.today(start), title, int(minutes))
        for title, start, minutes in session.execute(
            select(Activity.title, Activity.starts_at, func.sum(ServiceRecord.credited_minutes))
            .join(ServiceRecord, ServiceRecord.activity_id == Activity.id)
            .where(
                ServiceRecord.volunteer_id == volunteer_id,
                ServiceRecord.deleted_at.is_(None),
                Activity.deleted_at.is_(None),
            )
            .group_by(Activity.id)
            .having(func.sum(ServiceRecord.credited_minutes) > 0)
            .order_by(Activity.starts_at)
        )
    ]
    shown = per_activity[-CERTIFICATE_LINES:]
    earlier = per_activity[: len(per_activity) - len(shown)]
    return HoursCertificate(
        station_name=_station_name(session),
        volunteer_name=volunteer.name,
        gender=volunteer.gender or "",
        id_number=mask_id_number(contact.id_number) if contact and contact.id_number else "",
        volunteer_no=volunteer.volunteer_no,
        team_name=team.name if team else "",
        registered_on=volunteer.registered_on,
        total_minutes=sum(line.minutes for line in per_activity),
        activities=len(per_activity),
        first_day=per_activity[0].day if per_activity else None,
        last_day=per_activity[-1].day if per_activity else None,
        lines=shown,
        earlier=len(earlier),
        earlier_minutes=sum(line.minutes for line in earlier),
        issued_on=today,
    )


def _station_name(session: Session) -> str:
    name = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    return name or ""


# ---- registering and editing a volunteer --------------------------------------------------------

GENDERS = ("男", "女")
SKILLS_MAX = 200


@dataclass
class VolunteerInput:
    name: str
    gender: str | None = None
    phone: str = ""
    skills: str = ""
    team_id: str | None = None
    registered_on: dt.date | None = None
    volunteer_no: str = ""
    active: bool = True


def volunteer_form(session: Session, volunteer_id: str) -> VolunteerInput:
    v = _volunteer(session, volunteer_id)
    return VolunteerInput(
        v.name, v.gender, v.phone or "", v.skills, v.team_id, v.registered_on, v.volunteer_no, v.active
    )


def save_volunteer(
    session: Session, data: VolunteerInput, volunteer_id: str | None, today: dt.date
) -> Changed[str | list[ValidationError]]:
    """Register a volunteer (``volunteer_id`` None) or save an edit; every field's error at
    once, nothing written then. Moving a leader to another team ends the leadership."""
    errors: list[ValidationError] = []
    name = data.name.strip()
    if not name:
        errors.append(ValidationError("name", "请填写志愿者姓名"))
    elif problem := name_problem(name, id_field=False):
        errors.append(ValidationError("name", problem))
    phone = None
    if data.phone.strip():
        try:
            phone = normalize_phone(data.phone).value
        except ValidationError as error:
            errors.append(ValidationError("phone", error.message))
    if data.gender not in (None, *GENDERS):
        errors.append(ValidationError("gender", "请选择性别"))
    if len(data.skills.strip()) > SKILLS_MAX:
        errors.append(ValidationError("skills", f"特长最多 {SKILLS_MAX} 个字"))
    if len(data.volunteer_no.strip()) > 40:
        errors.append(ValidationError("volunteer_no", "志愿者编号最多 40 个字"))
    if data.registered_on is not None and data.registered_on > today:
        errors.append(ValidationError("registered_on", "注册日期不能晚于今天"))
    if data.team_id is not None:
        team = session.get(Team, data.team_id)
        if team is None or team.deleted_at is not None:
            errors.append(ValidationError("team_id", "所选队伍已不存在，请重新选择"))
    if errors:
        return Changed(errors)
    values = {
        "name": name,
        "gender": data.gender,
        "phone": phone,
        "skills": data.skills.strip(),
        "registered_on": data.registered_on,
        "volunteer_no": data.volunteer_no.strip(),
        "active": data.active,
    }
    writes = WritePath(session)
    if volunteer_id is None:
        volunteer = writes.create(
            Volunteer(station_id=current_station_id(session), team_id=data.team_id, **values)
        )
        return Changed(volunteer.id, VOLUNTEERS_CHANGED)
    volunteer = _volunteer(session, volunteer_id)
    changed = bool(writes.update(volunteer, **values))
    if volunteer.team_id != data.team_id:
        set_volunteer_team(session, volunteer_id, data.team_id)
        changed = True
    return Changed(volunteer_id, VOLUNTEERS_CHANGED if changed else Changes())
