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

from sqlalchemy import select
from sqlalchemy.orm import Session

import liaison_wire as wire
from county.feed import COUNTY_WRITER, FeedEntry, append_feed, county_update, county_upsert
from county.models import ALL_FIELDS, AuditLog, Record, Village, utcnow
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
class DemandSummary:
    id: str
    village_code: str
    village_name: str
    number: str
    title: str
    category_code: str
    status: str
    registered_at: str
    assigned_team_name: str
    evaluation: str | None


def list_demands(
    session: Session,
    *,
    status: str | None = None,
    village_code: str | None = None,
    limit: int = 200,
) -> list[DemandSummary]:
    stmt = (
        select(Record, Village)
        .join(Village, Record.village_id == Village.id)
        .where(Record.entity == "demand", Record.deleted_at.is_(None))
        .order_by(Record.updated_at.desc())
        .limit(limit)
    )
    if village_code:
        stmt = stmt.where(Village.code == village_code)
    rows = []
    for record, village in session.execute(stmt):
        data = record.data
        if status and data.get("status") != status:
            continue
        rows.append(
            DemandSummary(
                record.id,
                village.code,
                village.name,
                data.get("number", ""),
                data.get("title", ""),
                data.get("category_code", ""),
                data.get("status", ""),
                data.get("registered_at", ""),
                data.get("assigned_team_name", ""),
                data.get("evaluation"),
            )
        )
    return rows


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
    session: Session, demand_id: str, team_name: str, *, team_id: str | None = None, actor: str
) -> None:
    if not team_name.strip():
        raise ActionError("派单时必须指定服务队伍")
    now = utcnow()
    _move(
        session,
        _demand(session, demand_id),
        _S.DISPATCHED,
        {
            "assigned_team_name": team_name.strip(),
            "assigned_team_id": team_id,
            "dispatched_at": wire.utc_iso(now),
        },
        actor=actor,
        note=team_name.strip(),
        now=now,
    )


def claim_demand(
    session: Session, demand_id: str, team_name: str | None = None, *, actor: str
) -> None:
    record = _demand(session, demand_id)
    team = (team_name or record.data.get("assigned_team_name") or "").strip()
    if not team:
        raise ActionError("接单时必须说明是哪支队伍")
    now = utcnow()
    _move(
        session,
        record,
        _S.CLAIMED,
        {"assigned_team_name": team, "claimed_at": wire.utc_iso(now)},
        actor=actor,
        note=team,
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
    events = [
        r.data
        for r in session.scalars(select(Record).where(Record.entity == "demand_event"))
        if r.data.get("demand_id") == demand_id
    ]
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
