"""Push and pull: the heart of the county side of the sync protocol (docs/sync-protocol.md).

A push batch is processed in one transaction: the answers to ops seen before are looked up,
the touched records are locked and loaded in one query each, every op is validated and applied
in memory (a bad op is answered ``rejected`` and never stops the others), then records,
``applied_op`` rows, conflicts and change-feed rows are written together. So the effect, the
dedup record and the feed row commit atomically, and a retried batch gets the stored answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, or_, select, union_all
from sqlalchemy.orm import Session

import liaison_wire as wire
from county.feed import FeedEntry, append_feed
from county.models import AppliedOp, ChangeFeed, Conflict, Device, Record, utcnow

# Demand statuses in which the county has not yet acted: only then may the village delete.
_UNTOUCHED_STATUSES = {"DRAFT", "SUBMITTED", "CANCELLED"}
# Intake fields that stop being editable in the village once the county has taken the demand.
_FROZEN_AFTER_DISPATCH = {"category_code", "topic_code", "catalog_version", "channel"}
_EVALUATION_FIELDS = {"evaluation", "evaluation_note", "evaluated_at"}
# Longer than any writing transaction takes from its start (a record's ``created_at``) to its
# commit: what was created that long before a change was fed before it (see pull).
_COMMIT_LAG = dt.timedelta(hours=1)


@dataclass(frozen=True)
class DeviceContext:
    device_id: str
    village_id: int


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _county_defaults(spec: wire.EntitySpec) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for name, kind in spec.county_fields.items():
        if kind.endswith("?"):
            defaults[name] = None
        elif kind == "str":
            defaults[name] = ""
        else:
            defaults[name] = None
    if spec.name == "demand":
        defaults["status"] = "SUBMITTED"
    return defaults


@dataclass
class _Batch:
    device: DeviceContext
    now: dt.datetime
    records: dict[str, Record]
    new_records: list[Record] = field(default_factory=list)
    feed: list[FeedEntry] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def _check_fields(self, spec: wire.EntitySpec, fields: dict[str, Any]) -> None:
        for name, value in fields.items():
            if name in spec.county_fields:
                raise Rejected(f"字段“{name}”由县中心负责，村里不能修改")
            kind = spec.village_fields.get(name)
            if kind is None:
                raise Rejected(f"“{spec.name}”没有字段“{name}”")
            try:
                wire.check_value(kind, value)
            except wire.FieldTypeError as error:
                raise Rejected(f"字段“{name}”{error}") from error
            for target_id in _references(name, kind, value):
                target = self.records.get(target_id)
                if target is not None and target.village_id not in (None, self.device.village_id):
                    raise Rejected(f"字段“{name}”引用的记录不属于本村")

    def _bump(self, record: Record, changed: dict[str, Any]) -> None:
        version = record.version + 1
        record.data = {**record.data, **changed}
        record.field_versions = {**record.field_versions, **dict.fromkeys(changed, version)}
        record.field_writers = {
            **record.field_writers,
            **dict.fromkeys(changed, self.device.device_id),
        }
        record.version = version
        record.updated_at = self.now
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, version))

    def apply(self, op: dict[str, Any]) -> dict[str, Any]:
        spec = wire.ENTITIES.get(op["entity"])
        if spec is None:
            raise Rejected(f"未知的记录类型“{op['entity']}”")
        if not spec.village_writable:
            raise Rejected(f"“{spec.name}”由县中心统一维护，村里不能修改")
        if op["op"] not in {k.value for k in wire.OpKind}:
            raise Rejected(f"未知的操作“{op['op']}”")
        fields: dict[str, Any] = op["fields"]
        self._check_fields(spec, fields)
        record = self.records.get(op["record_id"])
        if record is not None and (
            record.village_id != self.device.village_id or record.entity != spec.name
        ):
            # The same answer whether the id is another village's or unknown: nothing leaks.
            raise Rejected("记录不存在或不属于本村")
        if op["op"] == wire.OpKind.CREATE:
            return self._create(spec, op, record, fields)
        if record is None:
            raise Rejected("记录不存在或不属于本村")
        if op["op"] == wire.OpKind.DELETE:
            return self._delete(record)
        return self._update(spec, record, fields, op.get("base_version") or 0)

    def _create(
        self,
        spec: wire.EntitySpec,
        op: dict[str, Any],
        record: Record | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        if record is not None:
            if all(record.data.get(k) == v for k, v in fields.items()):
                return {"status": wire.OpStatus.DUPLICATE.value, "server_version": record.version}
            return self._update(spec, record, fields, 0)
        missing = sorted(
            name
            for name, kind in spec.village_fields.items()
            if not kind.endswith("?") and name not in fields
        )
        if missing:
            raise Rejected("缺少字段：" + "、".join(missing))
        data = {**dict.fromkeys(spec.village_fields), **_county_defaults(spec), **fields}
        record = Record(
            id=op["record_id"],
            entity=spec.name,
            village_id=self.device.village_id,
            version=1,
            data=data,
            field_versions=dict.fromkeys(data, 1),
            field_writers=dict.fromkeys(fields, self.device.device_id),
            created_at=self.now,
            updated_at=self.now,
        )
        self.records[record.id] = record
        self.new_records.append(record)
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, 1))
        return {"status": wire.OpStatus.APPLIED.value, "server_version": 1}

    def _update(
        self, spec: wire.EntitySpec, record: Record, fields: dict[str, Any], base: int
    ) -> dict[str, Any]:
        if record.deleted_at is not None:
            raise Rejected("记录已被删除，不能再修改")
        changed = {k: v for k, v in fields.items() if record.data.get(k) != v}
        if spec.name == "demand":
            changed.update(self._demand_rules(record, changed))
        conflicts = [
            {"field": k, "local_value": v, "server_value": record.data.get(k)}
            for k, v in fields.items()
            if record.field_versions.get(k, 0) > base
            and record.field_writers.get(k) != self.device.device_id
            and record.data.get(k) != v
        ]
        if changed:
            self._bump(record, changed)
        for conflict in conflicts:
            self.conflicts.append(
                {
                    "village_id": record.village_id,
                    "entity": record.entity,
                    "record_id": record.id,
                    "field": conflict["field"],
                    "winning_value": conflict["local_value"],
                    "losing_value": conflict["server_value"],
                    "device_id": self.device.device_id,
                    "created_at": self.now,
                }
            )
        if conflicts:
            return {
                "status": wire.OpStatus.APPLIED_WITH_CONFLICT.value,
                "server_version": record.version,
                "conflicts": conflicts,
            }
        return {"status": wire.OpStatus.APPLIED.value, "server_version": record.version}

    def _demand_rules(self, record: Record, changed: dict[str, Any]) -> dict[str, Any]:
        """Village edits a demand: lifecycle checks, and the status the evaluation implies."""
        status = record.data.get("status")
        if status not in _UNTOUCHED_STATUSES and _FROZEN_AFTER_DISPATCH & set(changed):
            raise Rejected("县中心已经受理这条需求，类别和来源不能再改；如需更改请联系县中心")
        if _EVALUATION_FIELDS & set(changed) and changed.get("evaluation") is not None:
            if status not in {"RESOLVED", "FEEDBACK_GIVEN"}:
                raise Rejected("县中心尚未办结这条需求，还不能评价")
            return {"status": "FEEDBACK_GIVEN"}
        return {}

    def _delete(self, record: Record) -> dict[str, Any]:
        if record.deleted_at is not None:
            return {"status": wire.OpStatus.APPLIED.value, "server_version": record.version}
        if record.entity == "demand" and record.data.get("status") not in _UNTOUCHED_STATUSES:
            raise Rejected("县中心已经办理这条需求，不能删除；如有错误请联系县中心")
        record.deleted_at = self.now
        self._bump(record, {})
        return {"status": wire.OpStatus.APPLIED.value, "server_version": record.version}


def _references(name: str, kind: str, value: Any) -> list[str]:
    """The record ids a field value points at: an ``id`` field, or a list named ``…_ids``
    (an activity's ``linked_demand_ids``)."""
    if kind.startswith("id"):
        return [value] if isinstance(value, str) else []
    if kind == "list" and name.endswith("_ids") and isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _referenced_ids(ops: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for op in ops:
        ids.add(op["record_id"])
        spec = wire.ENTITIES.get(op["entity"])
        if spec is None:
            continue
        for name, value in op["fields"].items():
            ids.update(_references(name, spec.village_fields.get(name, ""), value))
    return ids


def push(
    session: Session,
    device: DeviceContext,
    ops: list[dict[str, Any]],
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Apply one batch of ops from ``device``; returns one answer per op, in order."""
    now = now or utcnow()
    # One push per device at a time: a retry racing its original request (same ops) must wait
    # and then find the stored answers, not apply the ops a second time. SQLite's BEGIN
    # IMMEDIATE serialises writers anyway; on PostgreSQL this row lock does.
    session.execute(select(Device.id).where(Device.id == device.device_id).with_for_update())
    stored = {
        row.op_id: row.result
        for row in session.scalars(
            select(AppliedOp).where(
                AppliedOp.device_id == device.device_id,
                AppliedOp.op_id.in_({op["op_id"] for op in ops}),
            )
        )
    }
    fresh = [op for op in ops if op["op_id"] not in stored]
    ids = sorted(_referenced_ids(fresh))
    records = (
        {
            r.id: r
            for r in session.scalars(
                select(Record).where(Record.id.in_(ids)).order_by(Record.id).with_for_update()
            )
        }
        if ids
        else {}
    )
    batch = _Batch(device, now, records)
    results: list[dict[str, Any]] = []
    applied_rows: list[dict[str, Any]] = []
    for op in ops:
        op_id = op["op_id"]
        if op_id in stored:
            previous = stored[op_id]
            results.append(
                {
                    **previous,
                    "status": wire.OpStatus.DUPLICATE.value,
                    "original_status": previous["status"],
                }
            )
            continue
        try:
            result = {"op_id": op_id, **batch.apply(op)}
        except Rejected as rejection:
            result = {
                "op_id": op_id,
                "status": wire.OpStatus.REJECTED.value,
                "reason": rejection.reason,
            }
        stored[op_id] = result
        applied_rows.append(
            {"device_id": device.device_id, "op_id": op_id, "result": result, "applied_at": now}
        )
        results.append(result)
    session.add_all(batch.new_records)
    session.flush()
    if applied_rows:
        session.execute(insert(AppliedOp), applied_rows)
    if batch.conflicts:
        session.execute(insert(Conflict), batch.conflicts)
    append_feed(session, batch.feed, now)
    return results


def pull(session: Session, village_id: int, cursor: int, limit: int) -> dict[str, Any]:
    """One page of changes after ``cursor`` for ``village_id`` (its records and reference data)."""
    columns = (ChangeFeed.seq, ChangeFeed.record_id, ChangeFeed.changed_at)
    own = select(*columns).where(ChangeFeed.village_id == village_id, ChangeFeed.seq > cursor)
    shared = select(*columns).where(ChangeFeed.village_id.is_(None), ChangeFeed.seq > cursor)
    both = union_all(own, shared).subquery()
    rows = session.execute(
        select(both.c.seq, both.c.record_id, both.c.changed_at)
        .order_by(both.c.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    latest: dict[str, int] = {}
    for seq, record_id, _changed_at in rows:
        latest[record_id] = seq
    records = (
        {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(list(latest))))}
        if latest
        else {}
    )
    visible = [
        (seq, records[record_id])
        for record_id, seq in sorted(latest.items(), key=lambda item: item[1])
        if records[record_id].village_id in (None, village_id)
    ]
    # Records the page points at but that reach this client only on a later page (a record
    # changed to point at a newer one): sent along, so every page can be applied on its own
    # with its references checked. Numbered like the page's first change.
    missing = (
        _unsent_references(
            session, village_id, min(row[2] for row in rows), [r for _, r in visible]
        )
        if visible
        else []
    )
    if missing:
        visible = [(visible[0][0], r) for r in missing] + visible
    changes = [
        {
            "seq": seq,
            "entity": record.entity,
            "id": record.id,
            "version": record.version,
            "deleted": record.deleted_at is not None,
            "fields": record.data,
        }
        for seq, record in visible
    ]
    return {
        "changes": changes,
        "next_cursor": rows[-1][0] if rows else cursor,
        "has_more": has_more,
    }


def _unsent_references(
    session: Session, village_id: int, page_started: dt.datetime, page: list[Record]
) -> list[Record]:
    """Records that ``page`` references (transitively) and that the client may not have yet.

    A record created before ``page_started`` (the time of the page's first change) minus
    ``_COMMIT_LAG`` was committed, so fed, before that change: the client has it already.
    Anything newer and not in the page is sent along (a copy too many does no harm).
    """
    known = {record.id for record in page}
    found: list[Record] = []
    pending = page
    while pending:
        wanted: set[str] = set()
        for record in pending:
            spec = wire.ENTITIES.get(record.entity)
            if spec is None:
                continue
            kinds = {**spec.village_fields, **spec.county_fields}
            for name, value in record.data.items():
                wanted.update(_references(name, kinds.get(name, ""), value))
        wanted -= known
        if not wanted:
            break
        known |= wanted
        pending = list(
            session.scalars(
                select(Record)
                .where(
                    Record.id.in_(sorted(wanted)),
                    or_(Record.village_id == village_id, Record.village_id.is_(None)),
                    Record.created_at >= page_started - _COMMIT_LAG,
                )
                .order_by(Record.id)
            )
        )
        found += pending
    return found
