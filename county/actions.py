"""What the county centre does: handle incoming demands and publish reference data.

Each action is one transaction: the record is locked, changed through ``county_update``,
audited, and its change-feed row appended last (see county/feed.py), so it reaches the village
on its next pull. Status moves are checked against the shared machine in
``liaison_wire.demand_states``; a multi-step action (派单 of a fresh demand passes through
受理 and 待认领) checks every step and records each in the demand's timeline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

import liaison_wire as wire
from county.feed import COUNTY_WRITER, FeedEntry, append_feed, county_update, county_upsert
from county.models import ALL_FIELDS, AuditLog, Record, utcnow
from county.sync_service import Rejected, check_references, shown
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


def _demand(session: Session, demand_id: str) -> Record:
    record = session.get(Record, demand_id, with_for_update=True)
    if record is None or record.entity != "demand" or record.deleted_at is not None:
        raise ActionError(f"找不到需求 {demand_id}")
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
    entry = county_update(session, record, {**changes, "status": target.value}, now)
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
        AuditLog(actor=actor, action=target.value, detail=f"{record.id} {note}".strip(), at=now)
    )
    append_feed(session, entries, now)


def reject_demand(session: Session, demand_id: str, reason: str, *, actor: str) -> None:
    if not reason.strip():
        raise ActionError("退回需求时必须填写理由")
    _move(
        session,
        _demand(session, demand_id),
        _S.REJECTED,
        {"reject_reason": reason.strip()},
        actor=actor,
        note=reason.strip(),
    )


def dispatch_demand(
    session: Session, demand_id: str, team: str, *, team_id: str | None = None, actor: str
) -> None:
    """派单 to a team named by ``team_id`` or by ``team`` (its id or exact name): the demand
    then names that team by id and by name."""
    record = _demand(session, demand_id)
    chosen = find_team(session, team_id or team, record.village_id)
    now = utcnow()
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
    session: Session, demand_id: str, team: str | None = None, *, actor: str
) -> None:
    """接单 by ``team`` (its id or exact name), or by the team it was dispatched to."""
    record = _demand(session, demand_id)
    wanted = (team or record.data.get("assigned_team_id") or "").strip()
    if not wanted:
        raise ActionError("接单时必须说明是哪支队伍")
    chosen = find_team(session, wanted, record.village_id)
    now = utcnow()
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


def resolve_demand(session: Session, demand_id: str, result: str, *, actor: str) -> None:
    if not result.strip():
        raise ActionError("办结时必须填写办理结果")
    now = utcnow()
    _move(
        session,
        _demand(session, demand_id),
        _S.RESOLVED,
        {"result": result.strip(), "resolved_at": wire.utc_iso(now)},
        actor=actor,
        note=result.strip(),
        now=now,
    )


def close_demand(session: Session, demand_id: str, *, actor: str) -> None:
    _move(session, _demand(session, demand_id), _S.CLOSED, {}, actor=actor)


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
