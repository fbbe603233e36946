"""What the county centre does: handle incoming demands and publish reference data.

Each action is one transaction: the record is locked, changed through ``county_update``,
audited, and its change-feed row appended last (see county/feed.py), so it reaches the village
on its next pull. Status moves are checked against the shared machine in
``liaison_wire.demand_states``; a multi-step action (派单 of a fresh demand passes through
受理 and 待认领) checks every step and records each in the demand's timeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

import liaison_wire as wire
from county import blobs
from county.feed import COUNTY_WRITER, FeedEntry, append_feed, county_update, county_upsert
from county.models import ALL_FIELDS, AuditLog, DemandQueue, Record, Village, field_version, utcnow
from county.queue import OPEN_VALUES
from county.sync_service import Rejected, check_references, shown
from liaison_wire.defaults import DEFAULT_CATALOG_FILE, catalog_rows, load_reference
from liaison_wire.demand_states import (
    COUNTY_MOVES,
    NOTE_EVENT,
    STATUS_LABELS,
    URGE_EVENT,
    DemandStatus,
)

_S = DemandStatus
# The path the county walks to reach a status from wherever the demand is.
_ROUTES: dict[DemandStatus, list[DemandStatus]] = {
    _S.TRIAGED: [_S.TRIAGED],
    _S.LISTED: [_S.TRIAGED, _S.LISTED],
    _S.DISPATCHED: [_S.TRIAGED, _S.LISTED, _S.DISPATCHED],
    _S.CLAIMED: [_S.TRIAGED, _S.LISTED, _S.CLAIMED],
    _S.IN_PROGRESS: [_S.IN_PROGRESS],
    _S.RESOLVED: [_S.IN_PROGRESS, _S.RESOLVED],
    _S.REJECTED: [_S.REJECTED],
    _S.CLOSED: [_S.CLOSED],
}
_EVENT_KINDS = {
    _S.TRIAGED: "TRIAGED",
    _S.LISTED: "LISTED",
    _S.DISPATCHED: "DISPATCHED",
    _S.CLAIMED: "CLAIMED",
    _S.IN_PROGRESS: "IN_PROGRESS",
    _S.RESOLVED: "RESOLVED",
    _S.REJECTED: "REJECTED",
    _S.CLOSED: "CLOSED",
}


class ActionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    level: str
    parent_id: str | None
    village_id: int | None  # None: a county team (总队, 分队); else a village's own squad


def teams(session: Session, village_id: int | None = None) -> list[Team]:
    """The active teams a demand of ``village_id`` may go to: the county's and that village's
    own (every team, for None), by name."""
    query = select(Record).where(Record.entity == "team", Record.deleted_at.is_(None))
    if village_id is not None:
        query = query.where(or_(Record.village_id.is_(None), Record.village_id == village_id))
    found = [
        Team(r.id, str(r.data.get("name", "")), str(r.data.get("level", "")),
             r.data.get("parent_id"), r.village_id)
        for r in session.scalars(query)
        if r.data.get("active", True)
    ]  # fmt: skip
    return sorted(found, key=lambda team: (team.village_id is not None, team.name, team.id))


def team_workload(session: Session) -> dict[str, int]:
    """Each team's demands in hand (派给它、尚未办结的)."""
    return {
        str(team_id): int(count)
        for team_id, count in session.execute(
            select(DemandQueue.assigned_team_id, func.count())
            .where(DemandQueue.assigned_team_id.is_not(None), DemandQueue.status.in_(OPEN_VALUES))
            .group_by(DemandQueue.assigned_team_id)
        )
    }


@dataclass(frozen=True)
class Member:
    """A volunteer of a team, as the county shows one (no phone, no ID number)."""

    name: str
    village: str
    volunteer_no: str
    skills: str
    active: bool


def team_members(session: Session) -> dict[str, list[Member]]:
    """Each team's volunteers (the villages' volunteer records name their team), by name."""
    villages = {village.id: village.name for village in session.scalars(select(Village))}
    members: dict[str, list[Member]] = {}
    for village_id, team_id, data in session.execute(
        select(Record.village_id, Record.data["team_id"].as_string(), Record.data)
        .where(Record.entity == "volunteer", Record.deleted_at.is_(None))
    ):
        if team_id:
            members.setdefault(team_id, []).append(Member(
                str(data.get("name", "")), villages.get(village_id or 0, ""),
                str(data.get("volunteer_no", "")), str(data.get("skills", "")),
                bool(data.get("active", True)),
            ))  # fmt: skip
    for found in members.values():
        found.sort(key=lambda member: (not member.active, member.village, member.name))
    return members


def find_team(session: Session, wanted: str, village_id: int | None) -> Team:
    """The team ``wanted`` names, by its id or its exact name, among those a demand of
    ``village_id`` may go to."""
    wanted = wanted.strip()
    if not wanted:
        raise ActionError("请指定服务队伍")
    candidates = teams(session, village_id)
    found = [team for team in candidates if team.id == wanted] or [
        team for team in candidates if team.name == wanted
    ]
    if not found:
        raise ActionError(
            f"没有“{shown(wanted)}”这支服务队伍（或已停用）；队伍名单见 liaison-county teams"
        )
    if len(found) > 1:
        raise ActionError(
            f"有 {len(found)} 支队伍都叫“{wanted}”，请用队伍编号指定："
            + "、".join(team.id for team in found)
        )
    return found[0]


class StaleForm(ActionError):
    """The demand moved on since the form was drawn: nothing was applied."""


# The fields a clerk sees change, by name (a stale form says which of them moved on).
FIELD_LABELS = {
    "status": "状态",
    "assigned_team_name": "办理队伍",
    "result": "办理结果",
    "reject_reason": "退回理由",
    "title": "标题",
    "description": "需求描述",
    "due_date": "办理期限",
    "evaluation": "评价",
    "category_code": "类别",
    "urgency": "紧急程度",
    "dispatched_at": "派单时间",
    "claimed_at": "接单时间",
    "resolved_at": "办结时间",
}


def _demand(session: Session, demand_id: str, seen_version: int | None = None) -> Record:
    """The demand, locked. With ``seen_version`` (the version a form was drawn from), refused
    as :class:`StaleForm` if anyone changed it since, naming what changed."""
    # populate_existing: the row as the lock found it, not a copy the session read before it
    # waited for the lock (another clerk's or team's action may have committed meanwhile).
    record = session.get(Record, demand_id, with_for_update=True, populate_existing=True)
    if record is None or record.entity != "demand" or record.deleted_at is not None:
        raise ActionError(f"找不到需求 {demand_id}")
    if seen_version is not None and record.version != seen_version:
        changed = sorted(
            name for name in record.data
            if field_version(record.field_versions, name) > seen_version
        )  # fmt: skip
        shown_fields = [FIELD_LABELS[name] for name in changed if name in FIELD_LABELS]
        status = STATUS_LABELS.get(DemandStatus(record.data["status"]), record.data["status"])
        raise StaleForm(
            "这条需求在您打开页面之后已有变化"
            + (f"（{'、'.join(shown_fields)}）" if shown_fields else "")
            + f"，现在是“{status}”。刚才的操作没有执行，请看过最新情况后再办理。"
        )
    return record


def _event(record: Record, kind: str, now: dt.datetime, note: str) -> tuple[str, dict[str, Any]]:
    return str(uuid.uuid4()), {
        "demand_id": record.id,
        "kind": kind,
        "actor": "COUNTY",
        "occurred_at": wire.utc_iso(now),
        "note": note,
    }


def _move(
    session: Session,
    record: Record,
    target: DemandStatus,
    changes: dict[str, Any],
    *,
    actor: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> None:
    now = now or utcnow()
    current = DemandStatus(record.data["status"])
    route = list(_ROUTES[target])
    if (current, target) in COUNTY_MOVES:
        route = [target]
    elif current in route:
        # Start from where the demand already is on the route (dispatching a listed demand).
        route = route[route.index(current) + 1 :] or [target]
    steps, previous = [], current
    for step in route:
        if (previous, step) not in COUNTY_MOVES:
            raise ActionError(
                f"需求目前是“{STATUS_LABELS[current]}”，不能改为“{STATUS_LABELS[target]}”"
            )
        steps.append(step)
        previous = step
    entries: list[FeedEntry] = []
    wanted = {**changes, "status": target.value}
    before = {name: record.data.get(name) for name in wanted}
    entry = county_update(session, record, wanted, now)
    if entry is not None:
        entries.append(entry)
    for step in steps:
        event_id, fields = _event(record, _EVENT_KINDS[step], now, note if step == target else "")
        session.add(
            Record(
                id=event_id,
                entity="demand_event",
                village_id=record.village_id,
                version=1,
                data=fields,
                field_versions={ALL_FIELDS: 1},
                field_writers={ALL_FIELDS: COUNTY_WRITER},
                created_at=now,
                updated_at=now,
            )
        )
        entries.append(FeedEntry(record.village_id, "demand_event", event_id, 1))
    session.add(
        AuditLog(
            actor=actor,
            action=target.value,
            detail=f"{record.data.get('number', '')} {note}".strip(),
            at=now,
            target=record.id,
            before={k: v for k, v in before.items() if v != wanted[k]},
            after={k: v for k, v in wanted.items() if v != before[k]},
        )
    )
    append_feed(session, entries, now)


def _text(value: str, what: str) -> str:
    """A clerk's text (a reason, a result, a note) as it is kept: trimmed, and refused with a
    Chinese message if no village could keep it (too long, a NUL)."""
    value = value.strip()
    try:
        wire.check_text(value)
    except wire.FieldTypeError as error:
        raise ActionError(f"{what}{error}") from error
    return value


def accept_demand(
    session: Session, demand_id: str, *, actor: str, seen: int | None = None, note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """受理: the county takes the demand on."""
    _move(session, _demand(session, demand_id, seen), _S.TRIAGED, {}, actor=actor,
          note=_text(note, "说明"), now=now)  # fmt: skip


def list_demand(
    session: Session, demand_id: str, *, actor: str, seen: int | None = None, note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """清单认领: put the demand on the list the teams claim from (accepting it first)."""
    _move(session, _demand(session, demand_id, seen), _S.LISTED,
          {"assigned_team_id": None, "assigned_team_name": ""}, actor=actor,
          note=_text(note, "说明"), now=now)  # fmt: skip


def start_demand(
    session: Session, demand_id: str, note: str, *, actor: str, seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """办理中: the team that has the demand starts on it, saying what it does."""
    if not note.strip():
        raise ActionError("请写明办理进展")
    _move(session, _demand(session, demand_id, seen), _S.IN_PROGRESS, {}, actor=actor,
          note=_text(note, "办理进展"), now=now)  # fmt: skip


def reject_demand(
    session: Session, demand_id: str, reason: str, *, actor: str, seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    if not reason.strip():
        raise ActionError("退回需求时必须填写理由")
    reason = _text(reason, "退回理由")
    _move(
        session,
        _demand(session, demand_id, seen),
        _S.REJECTED,
        {"reject_reason": reason.strip()},
        actor=actor,
        note=reason.strip(),
        now=now,
    )


def dispatch_demand(
    session: Session,
    demand_id: str,
    team: str,
    *,
    team_id: str | None = None,
    actor: str,
    seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """派单 to a team named by ``team_id`` or by ``team`` (its id or exact name): the demand
    then names that team by id and by name."""
    record = _demand(session, demand_id, seen)
    chosen = find_team(session, team_id or team, record.village_id)
    now = now or utcnow()
    _move(
        session,
        record,
        _S.DISPATCHED,
        {
            "assigned_team_name": chosen.name,
            "assigned_team_id": chosen.id,
            "dispatched_at": wire.utc_iso(now),
        },
        actor=actor,
        note=chosen.name,
        now=now,
    )


def claim_demand(
    session: Session,
    demand_id: str,
    team: str | None = None,
    *,
    actor: str,
    seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """接单 by ``team`` (its id or exact name), or by the team it was dispatched to."""
    record = _demand(session, demand_id, seen)
    wanted = (team or record.data.get("assigned_team_id") or "").strip()
    if not wanted:
        raise ActionError("接单时必须说明是哪支队伍")
    chosen = find_team(session, wanted, record.village_id)
    now = now or utcnow()
    _move(
        session,
        record,
        _S.CLAIMED,
        {
            "assigned_team_name": chosen.name,
            "assigned_team_id": chosen.id,
            "claimed_at": wire.utc_iso(now),
        },
        actor=actor,
        note=chosen.name,
        now=now,
    )


def resolve_demand(
    session: Session, demand_id: str, result: str, *, actor: str, seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    if not result.strip():
        raise ActionError("办结时必须填写办理结果")
    result = _text(result, "办理结果")
    now = now or utcnow()
    _move(
        session,
        _demand(session, demand_id, seen),
        _S.RESOLVED,
        {"result": result.strip(), "resolved_at": wire.utc_iso(now)},
        actor=actor,
        note=result.strip(),
        now=now,
    )


def close_demand(
    session: Session, demand_id: str, *, actor: str, seen: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    _move(session, _demand(session, demand_id, seen), _S.CLOSED, {}, actor=actor, now=now)


def demand_detail(session: Session, demand_id: str) -> dict[str, Any]:
    record = session.get(Record, demand_id)
    if record is None or record.entity != "demand":
        raise ActionError(f"找不到需求 {demand_id}")
    # The demand's village's events (ix_record_entity_village), those of this demand picked
    # in SQL.
    events = list(
        session.scalars(
            select(Record.data).where(
                Record.entity == "demand_event",
                Record.village_id == record.village_id,
                Record.data["demand_id"].as_string() == demand_id,
            )
        )
    )
    events.sort(key=lambda e: e.get("occurred_at") or "")
    urges = [e["occurred_at"] for e in events if e.get("kind") == URGE_EVENT]
    follow_up = {
        # 催办: how often and when the village asked again about it.
        "urged": len(urges),
        "last_urged_at": urges[-1] if urges else None,
        "notes": [e.get("note", "") for e in events if e.get("kind") == NOTE_EVENT],
        "withdrawn_at": record.data.get("withdrawn_at"),
        "withdraw_reason": record.data.get("withdraw_reason"),
    }
    return {
        "id": record.id,
        "version": record.version,
        **record.data,
        "follow_up": follow_up,
        "events": events,
    }


# --- reference data -------------------------------------------------------------------------

# Teams are the one entity both sides write: villages keep their own squads, the county
# publishes the 总队/分队 tree for everyone.
PUBLISHABLE = {
    name: (spec.village_fields if name == "team" else spec.county_fields)
    for name, spec in wire.ENTITIES.items()
    if name == "team" or not spec.village_writable
}
_TEAM_DEFAULTS = {"owner": "COUNTY", "station_id": None, "parent_id": None, "active": True}


def publish(session: Session, entity: str, rows: list[Any], *, actor: str) -> int:
    """Create or update county-owned records (catalog, activity types, teams, menu, stars).

    Each row has an ``id`` (a UUID, stable: the same row published again is an update; one is
    made for a row without) and the entity's fields. Every row is checked as a village's op
    would be (the fields and their types, every required field of a new record, what its
    references name) before anything is written: one bad row refuses the whole publish,
    naming the row and the field. Returns the number of records that changed.
    """
    field_types = PUBLISHABLE.get(entity)
    if field_types is None:
        raise ActionError(f"“{shown(entity)}”不是县中心发布的参考数据")
    if not isinstance(rows, list):
        raise ActionError("发布的内容应为一个列表，每行一条记录")
    ids = [row.get("id") for row in rows if isinstance(row, dict)]
    stored = {
        record.id: record
        for record in session.scalars(
            select(Record).where(Record.id.in_([i for i in ids if wire.is_uuid(i)]))
        )
    }
    # What references may name: the stored records they name, and the rows of this publish
    # as they are checked.
    references = wire.REFERENCES.get(entity, {})
    named = {
        value
        for row in rows
        if isinstance(row, dict)
        for name in references
        if wire.is_uuid(value := row.get(name))
    }
    known: dict[str, tuple[str, int | None]] = {
        record_id: (kind, village)
        for record_id, kind, village in session.execute(
            select(Record.id, Record.entity, Record.village_id).where(Record.id.in_(named))
        )
    }
    required = [name for name, kind in field_types.items() if not kind.endswith("?")]
    checked: list[tuple[str, dict[str, Any]]] = []
    for number, row in enumerate(rows, start=1):
        where = f"第 {number} 行"
        if not isinstance(row, dict):
            raise ActionError(f"{where}：应为一条记录（JSON 对象）")
        record_id = row.get("id")
        if record_id is None:
            record_id = str(uuid.uuid4())
        elif not wire.is_uuid(record_id):
            raise ActionError(f"{where}：“id”应为 UUID（如 3f2b8c1e-…，36 位小写）")
        fields = {k: v for k, v in row.items() if k != "id"}
        record = stored.get(record_id)
        if record is not None and (record.entity != entity or record.village_id is not None):
            raise ActionError(f"{where}：“id”{record_id} 已是另一条记录的编号")
        if record is None and entity == "team":
            fields = {**_TEAM_DEFAULTS, **fields}
        for name, value in fields.items():
            if name not in field_types:
                raise ActionError(f"{where}：“{entity}”没有字段“{shown(name)}”")
            try:
                wire.check_value(field_types[name], value)
            except wire.FieldTypeError as error:
                raise ActionError(f"{where}：字段“{name}”{error}") from error
        whole = {**(record.data if record is not None else {}), **fields}
        missing = [name for name in required if whole.get(name) is None]
        if missing:
            raise ActionError(f"{where}：缺少字段 " + "、".join(f"“{name}”" for name in missing))
        try:
            check_references(entity, fields, known, None)
        except Rejected as error:
            raise ActionError(f"{where}：{error.reason}") from error
        known[record_id] = (entity, None)
        checked.append((record_id, fields))
    entries: list[FeedEntry] = []
    for record_id, fields in checked:
        entry = county_upsert(session, entity, record_id, fields)
        if entry is not None:
            entries.append(entry)
    session.add(AuditLog(actor=actor, action=f"publish:{entity}", detail=f"{len(rows)} 条"))
    append_feed(session, entries)
    return len(entries)


def publish_catalog(session: Session, catalog: dict[str, Any], *, actor: str) -> int:
    """Publish a demand catalog version (a file shaped like liaison_wire/reference's) as the
    active one, and retire every other version explicitly (the built-in one too, which every
    station has without the county ever publishing it). Returns the records that changed."""
    if not isinstance(catalog, dict) or not isinstance(catalog.get("categories"), list):
        raise ActionError("目录文件应为一个对象，含 catalog_version、label 和 categories")
    version = str(catalog.get("catalog_version") or "").strip()
    if not version:
        raise ActionError("目录文件缺少版本号 catalog_version")
    if len(version) > 30:
        raise ActionError("版本号 catalog_version 至多 30 个字符")
    try:
        rows = catalog_rows(catalog)
    except (KeyError, TypeError, ValueError) as error:
        raise ActionError(f"目录文件的类别或主题不完整：{shown(str(error))}") from error
    codes = [row["code"] for row in rows["demand_category"]]
    if len(set(codes)) != len(codes):
        raise ActionError("目录里有重复的类别代码")
    long = [str(row["code"]) for row in (*rows["demand_category"], *rows["demand_topic"]) if len(str(row["code"])) > 30]
    if long:
        raise ActionError(f"类别或主题代码至多 30 个字符：{shown(long[0])}")
    changed = sum(publish(session, entity, found, actor=actor) for entity, found in rows.items())
    new_id = rows["catalog_version"][0]["id"]
    others: list[dict[str, Any]] = [
        {"id": record.id, "active": False}
        for record in session.scalars(
            select(Record).where(
                Record.entity == "catalog_version", Record.village_id.is_(None),
                Record.deleted_at.is_(None), Record.id != new_id,
            )
        )
        if record.data.get("active")
    ]  # fmt: skip
    stored = {
        record_id for (record_id,) in session.execute(
            select(Record.id).where(Record.entity == "catalog_version")
        )
    }  # fmt: skip
    built_in = catalog_rows(load_reference(DEFAULT_CATALOG_FILE))["catalog_version"][0]
    if built_in["id"] != new_id and built_in["id"] not in stored:
        others.append({**built_in, "active": False})
    if others:
        changed += publish(session, "catalog_version", others, actor=actor)
    return changed


# Photos the county or a team attaches to a demand (办理现场, 办结): what a village accepts.
PHOTO_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
MAX_PHOTOS = 6


@dataclass(frozen=True)
class Photo:
    file_name: str
    data: bytes


def attach_photos(
    session: Session, blob_root: Any, demand_id: str, photos: list[Photo], note: str, *, actor: str
) -> int:
    """Keep ``photos`` (JPEG or PNG) with the demand: stored as its village's, each with an
    attachment record the village pulls (and then downloads the photo, as it does its own
    from another PC). Returns how many; ActionError names a photo that is refused."""
    if len(photos) > MAX_PHOTOS:
        raise ActionError(f"一次最多上传 {MAX_PHOTOS} 张照片")
    record = _demand(session, demand_id)
    village_id = record.village_id
    assert village_id is not None
    entries: list[FeedEntry] = []
    for photo in photos:
        mime = next((kind for kind, magic in PHOTO_TYPES.items() if photo.data.startswith(magic)), None)
        if mime is None:
            raise ActionError(f"“{shown(photo.file_name)}”不是 JPG 或 PNG 照片")
        if len(photo.data) > wire.MAX_BLOB_BYTES:
            raise ActionError(f"“{shown(photo.file_name)}”超过 {wire.MAX_BLOB_BYTES // (1024 * 1024)} MB")
        sha256 = hashlib.sha256(photo.data).hexdigest()
        blobs.store_complete(session, blob_root, village_id, sha256, photo.data)
        fields = {"owner_entity": "demand", "owner_id": record.id, "sha256": sha256,
                  "size": len(photo.data), "mime": mime, "file_name": photo.file_name[:100],
                  "note": note.strip()[:200]}  # fmt: skip
        entry = county_upsert(session, "attachment", str(uuid.uuid4()), fields, village_id=village_id)
        if entry is not None:
            entries.append(entry)
    if entries:
        session.add(AuditLog(actor=actor, action="photos", target=record.id,
                             detail=f"{record.data.get('number', '')} {len(entries)} 张照片"))  # fmt: skip
        append_feed(session, entries)
    return len(entries)
