"""What the 同步 page shows, in plain words: conflicts, refused and held changes.

Conflicts (the county kept another value for a field this PC also changed) and rejections
(the county refused a change) are stored by the sync client with entity names, record ids and
field names. Here they get a record label the officer recognises (需求编号 + 标题, a villager's
name …), a Chinese field label and readable values; phone and ID numbers stay masked, as in
every list. (The history of sync rounds is desktop/sync/history.py.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.activity import PointsEntry, ServiceRecord, Volunteer
from desktop.models.beijing import beijing_time
from desktop.models.catalog import DemandCategory
from desktop.models.changes import Changed, Changes
from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.labels import ENTITY_LABELS, entity_label, field_label
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
)
from desktop.models.rules.masking import mask_id_number, mask_phone
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncHeld, SyncRejection

log = logging.getLogger(__name__)

ISSUE_LIMIT = 500
EMPTY = "（空）"
MISSING_RECORD = "（本机已没有这条记录）"
HELD_RECORD = "（本机还没有收下）"

_PHONE_FIELDS = frozenset({"phone", "proxy_phone", "requester_phone"})
_CODE_LABELS: dict[str, dict[str, str]] = {
    "urgency": {k.value: v for k, v in URGENCY_LABELS.items()},
    "channel": {k.value: v for k, v in CHANNEL_LABELS.items()},
    "evaluation": {k.value: v for k, v in EVALUATION_LABELS.items()},
    "status": {k.value: v for k, v in STATUS_LABELS.items()},
}


def pending_records(session: Session) -> list[tuple[str, int]]:
    """What waits in the outbox to be reported, per kind of record (its label and how many
    records, each counted once however many changes it has), the most first."""
    rows = session.execute(
        select(OutboxOp.entity, func.count(func.distinct(OutboxOp.record_id))).group_by(
            OutboxOp.entity
        )
    )
    counted = [(entity_label(entity), int(count)) for entity, count in rows]
    return sorted(counted, key=lambda kind: (-kind[1], kind[0]))


def pending_text(kinds: Sequence[tuple[str, int]]) -> str:
    """``需求 3 条、村民 8 条``; empty when nothing waits."""
    return "、".join(f"{label} {count} 条" for label, count in kinds)


def _looks_like_instant(text: str) -> bool:
    return len(text) >= 20 and text[4] == "-" and text[10] == "T" and text.endswith("Z")


def display_value(field_name: str, value: Any, categories: dict[str, str] | None = None) -> str:
    """A field value as plain text; phone and ID numbers masked, codes shown by their names."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if field_name in _PHONE_FIELDS:
        return mask_phone(text)
    if field_name == "id_number":
        return mask_id_number(text)
    if field_name in _CODE_LABELS:
        return _CODE_LABELS[field_name].get(text, text)
    if field_name == "category_code" and categories:
        return categories.get(text, text)
    if _looks_like_instant(text):
        with contextlib.suppress(ValueError):
            return beijing_time(wire.parse_utc(text))
    return text


# --- record labels ------------------------------------------------------------------------


def _demand_labels(session: Session, ids: Sequence[str]) -> dict[str, str]:
    rows = session.execute(select(Demand.id, Demand.number, Demand.title).where(Demand.id.in_(ids)))
    return {i: f"需求 {number}：{title}" for i, number, title in rows}


def _event_labels(session: Session, ids: Sequence[str]) -> dict[str, str]:
    rows = session.execute(
        select(DemandEvent.id, Demand.number, Demand.title)
        .join(Demand, Demand.id == DemandEvent.demand_id)
        .where(DemandEvent.id.in_(ids))
    )
    return {i: f"需求 {number}（{title}）的办理记录" for i, number, title in rows}


def _volunteer_entry_labels(
    entity: type[ServiceRecord] | type[PointsEntry], caption: str
) -> Callable[[Session, Sequence[str]], dict[str, str]]:
    def labels(session: Session, ids: Sequence[str]) -> dict[str, str]:
        rows = session.execute(
            select(entity.id, Volunteer.name)
            .join(Volunteer, Volunteer.id == entity.volunteer_id)
            .where(entity.id.in_(ids))
        )
        return {i: f"{name}的{caption}" for i, name in rows}

    return labels


def _named_labels(entity: str, column: str) -> Callable[[Session, Sequence[str]], dict[str, str]]:
    model = SYNCED_ENTITIES[entity]
    caption = ENTITY_LABELS.get(entity, "")

    def labels(session: Session, ids: Sequence[str]) -> dict[str, str]:
        attribute = getattr(model, column)
        rows = session.execute(select(model.id, attribute).where(model.id.in_(ids)))
        return {i: f"{caption} {text}" if caption else str(text) for i, text in rows}

    return labels


_LABELLERS: dict[str, Callable[[Session, Sequence[str]], dict[str, str]]] = {
    "demand": _demand_labels,
    "demand_event": _event_labels,
    "service_record": _volunteer_entry_labels(ServiceRecord, "服务时长记录"),
    "points_entry": _volunteer_entry_labels(PointsEntry, "积分记录"),
    "station": _named_labels("station", "name"),
    "grid": _named_labels("grid", "name"),
    "contact": _named_labels("contact", "name"),
    "team": _named_labels("team", "name"),
    "volunteer": _named_labels("volunteer", "name"),
    "activity": _named_labels("activity", "title"),
    "attachment": _named_labels("attachment", "file_name"),
}


def record_labels(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Labels of (entity, record id) pairs; records no longer on this PC are left out."""
    wanted: dict[str, set[str]] = {}
    for entity, record_id in keys:
        wanted.setdefault(entity, set()).add(record_id)
    labels: dict[tuple[str, str], str] = {}
    for entity, ids in wanted.items():
        labeller = _LABELLERS.get(entity)
        if labeller is None:
            continue
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):  # SQLite's limit on bound parameters
            for record_id, label in labeller(session, ordered[start : start + 500]).items():
                labels[(entity, record_id)] = label
    return labels


def _fallback_label(entity: str, fields: dict[str, Any], missing: str = MISSING_RECORD) -> str:
    """A refused create may never have reached this PC's tables in a readable form (nor a
    held record: ``missing`` says so)."""
    for key in ("title", "name", "number", "file_name"):
        if fields.get(key):
            return f"{entity_label(entity)} {fields[key]}"
    return f"{entity_label(entity)}{missing}"


def _category_names(session: Session) -> dict[str, str]:
    rows = session.execute(select(DemandCategory.code, DemandCategory.name))
    return {code: name for code, name in rows}


# --- conflicts and rejections -------------------------------------------------------------


@dataclass(frozen=True)
class ConflictView:
    id: str
    entity: str
    record_id: str
    record: str
    field: str
    field_label: str
    local_value: str
    server_value: str
    reported_at: dt.datetime
    acknowledged: bool


@dataclass(frozen=True)
class RejectionView:
    op_id: str
    entity: str
    record_id: str
    record: str
    reason: str
    changed_fields: str
    reported_at: dt.datetime
    acknowledged: bool


def list_conflicts(
    session: Session, *, include_acknowledged: bool = False, limit: int = ISSUE_LIMIT
) -> list[ConflictView]:
    """Conflicts, newest first; by default only those the officer has not acknowledged."""
    stmt = select(SyncConflict).order_by(SyncConflict.reported_at.desc(), SyncConflict.id)
    if not include_acknowledged:
        stmt = stmt.where(SyncConflict.acknowledged.is_(False))
    rows = list(session.scalars(stmt.limit(limit)))
    labels = record_labels(session, ((r.entity, r.record_id) for r in rows))
    categories = _category_names(session)
    return [
        ConflictView(
            id=r.id,
            entity=r.entity,
            record_id=r.record_id,
            record=labels.get((r.entity, r.record_id), entity_label(r.entity) + MISSING_RECORD),
            field=r.field,
            field_label=field_label(r.entity, r.field),
            local_value=display_value(r.field, r.local_value, categories),
            server_value=display_value(r.field, r.server_value, categories),
            reported_at=r.reported_at,
            acknowledged=r.acknowledged,
        )
        for r in rows
    ]


def list_rejections(
    session: Session, *, include_acknowledged: bool = False, limit: int = ISSUE_LIMIT
) -> list[RejectionView]:
    """Refused changes, newest first; by default only those not yet acknowledged."""
    stmt = select(SyncRejection).order_by(SyncRejection.reported_at.desc(), SyncRejection.op_id)
    if not include_acknowledged:
        stmt = stmt.where(SyncRejection.acknowledged.is_(False))
    rows = list(session.scalars(stmt.limit(limit)))
    labels = record_labels(session, ((r.entity, r.record_id) for r in rows))
    return [
        RejectionView(
            op_id=r.op_id,
            entity=r.entity,
            record_id=r.record_id,
            record=labels.get((r.entity, r.record_id)) or _fallback_label(r.entity, r.fields or {}),
            reason=r.reason,
            changed_fields="、".join(field_label(r.entity, name) for name in (r.fields or {}))
            or "删除",
            reported_at=r.reported_at,
            acknowledged=r.acknowledged,
        )
        for r in rows
    ]


# What the officer can do about a held record, by why it is held (desktop.sync.apply).
HELD_ADVICE = {
    "waiting": "会自动重试：县中心补发它所依赖的记录后就能收下。如果几天后还在，请联系县中心。",
    "newer": "请把联络员工作台更新到最新版本，更新后同步时会自动收下。",
    "bad_value": "县中心的这条数据有误，请联系县中心更正；更正后同步时会自动收下。",
}


@dataclass(frozen=True)
class HeldView:
    """A record from the county this PC has not taken in yet (sync_held)."""

    entity: str
    record_id: str
    record: str
    kind: str
    reason: str
    advice: str
    held_at: dt.datetime
    last_tried_at: dt.datetime
    attempts: int


def list_held(session: Session, *, limit: int = ISSUE_LIMIT) -> list[HeldView]:
    """The held records, oldest first (those waiting longest matter most)."""
    rows = session.scalars(
        select(SyncHeld)
        .order_by(SyncHeld.held_at, SyncHeld.entity, SyncHeld.record_id)
        .limit(limit)
    )
    views = []
    for row in rows:
        change = row.change if isinstance(row.change, dict) else {}
        fields = change.get("fields")
        views.append(
            HeldView(
                entity=row.entity,
                record_id=row.record_id,
                record=_fallback_label(
                    row.entity, fields if isinstance(fields, dict) else {}, HELD_RECORD
                ),
                kind=row.kind,
                reason=row.reason,
                advice=HELD_ADVICE.get(row.kind, ""),
                held_at=row.held_at,
                last_tried_at=row.last_tried_at,
                attempts=row.attempts,
            )
        )
    return views


def held_count(session: Session) -> int:
    """How many records from the county this PC has not taken in yet."""
    return int(session.scalar(select(func.count()).select_from(SyncHeld)) or 0)


def open_issue_counts(session: Session) -> tuple[int, int]:
    """(conflicts, rejections) the officer has not acknowledged yet."""
    conflicts = session.scalar(
        select(func.count()).select_from(SyncConflict).where(SyncConflict.acknowledged.is_(False))
    )
    rejections = session.scalar(
        select(func.count()).select_from(SyncRejection).where(SyncRejection.acknowledged.is_(False))
    )
    return int(conflicts or 0), int(rejections or 0)


# A notice acknowledged: the 同步 page's lists and counts.
NOTICES_CHANGED = Changes(sync_state=True)


def acknowledge_conflicts(session: Session, ids: Iterable[str]) -> Changed[int]:
    """Mark conflicts as seen ("知道了"); how many changed."""
    wanted = list(ids)
    if not wanted:
        return Changed(0)
    result = session.execute(
        update(SyncConflict)
        .where(SyncConflict.id.in_(wanted), SyncConflict.acknowledged.is_(False))
        .values(acknowledged=True)
    )
    return Changed(int(result.rowcount or 0), NOTICES_CHANGED)  # type: ignore[attr-defined]


def acknowledge_rejections(session: Session, op_ids: Iterable[str]) -> Changed[int]:
    """Mark refused changes as seen ("知道了"); how many changed."""
    wanted = list(op_ids)
    if not wanted:
        return Changed(0)
    result = session.execute(
        update(SyncRejection)
        .where(SyncRejection.op_id.in_(wanted), SyncRejection.acknowledged.is_(False))
        .values(acknowledged=True)
    )
    return Changed(int(result.rowcount or 0), NOTICES_CHANGED)  # type: ignore[attr-defined]
