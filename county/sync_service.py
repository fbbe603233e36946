"""Push and pull: the heart of the county side of the sync protocol (docs/sync-protocol.md).

A push batch is processed in one transaction: the answers to ops seen before are looked up,
the touched records are locked and loaded in one query each, every op is validated and applied
in memory (a bad op is answered ``rejected`` and never stops the others), then records,
``applied_op`` rows, conflicts and change-feed rows are written together. So the effect, the
dedup record and the feed row commit atomically, and a retried batch gets the stored answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, Table, bindparam, insert, or_, select, union_all, update
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
_OP_KINDS = frozenset(kind.value for kind in wire.OpKind)
# Core tables: bulk INSERTs of plain rows, without the ORM's per-row bookkeeping.
_RECORDS: Table = Record.__table__  # type: ignore[assignment]
_APPLIED_OPS: Table = AppliedOp.__table__  # type: ignore[assignment]
_CONFLICTS: Table = Conflict.__table__  # type: ignore[assignment]


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


def _holds_ids(name: str, kind: str) -> bool:
    """Whether a field's values are record ids (see :func:`_references`)."""
    return kind.startswith("id") or (kind == "list" and name.endswith("_ids"))


def _quick_check(kind: str) -> Callable[[Any], bool]:
    """A fast test that accepts only values :func:`wire.check_value` accepts; what it does not
    accept is left to ``check_value`` (which gives the reason)."""
    nullable = kind.endswith("?")
    base = kind.rstrip("?")
    if base == "str":
        return lambda v: type(v) is str or (nullable and v is None)
    if base == "id":
        return lambda v: (type(v) is str and len(v) == 36) or (nullable and v is None)
    if base == "int":
        return lambda v: type(v) is int or (nullable and v is None)
    if base == "bool":
        return lambda v: type(v) is bool or (nullable and v is None)
    if base == "list":
        return lambda v: (
            (type(v) is list and all(isinstance(x, str | int | float) for x in v))
            or (nullable and v is None)
        )
    return lambda v: nullable and v is None


_PLAIN_TYPES: dict[str, frozenset[type]] = {
    "str": frozenset({str}),
    "int": frozenset({int}),
    "bool": frozenset({bool}),
}


@dataclass(frozen=True)
class _EntityPlan:
    """Per entity, what checking and applying its ops needs, worked out once."""

    spec: wire.EntitySpec
    # Village fields: name -> (wire kind, quick check, holds record ids).
    checks: dict[str, tuple[str, Callable[[Any], bool], bool]]
    # Village fields whose check is the value's type alone (str, int, bool): the types allowed.
    plain_types: dict[str, frozenset[type]]
    # Village fields holding record ids (checked to belong to the village, locked on push).
    village_references: tuple[tuple[str, str], ...]
    # Every field holding record ids, county fields included (sent along on pull).
    references: tuple[tuple[str, str], ...]
    required: tuple[str, ...]
    # A new record's data before the op's fields: every village field, the county defaults.
    template: dict[str, Any]


def _plan(spec: wire.EntitySpec) -> _EntityPlan:
    kinds = {**spec.village_fields, **spec.county_fields}
    return _EntityPlan(
        spec=spec,
        checks={
            name: (kind, _quick_check(kind), _holds_ids(name, kind))
            for name, kind in spec.village_fields.items()
            if name not in spec.county_fields
        },
        plain_types={
            name: _PLAIN_TYPES[kind.rstrip("?")] | ({type(None)} if kind.endswith("?") else set())
            for name, kind in spec.village_fields.items()
            if name not in spec.county_fields and kind.rstrip("?") in _PLAIN_TYPES
        },
        village_references=tuple(
            (name, kind) for name, kind in spec.village_fields.items() if _holds_ids(name, kind)
        ),
        references=tuple((name, kind) for name, kind in kinds.items() if _holds_ids(name, kind)),
        required=tuple(
            sorted(name for name, kind in spec.village_fields.items() if not kind.endswith("?"))
        ),
        template={**dict.fromkeys(spec.village_fields), **_county_defaults(spec)},
    )


_PLANS: dict[str, _EntityPlan] = {name: _plan(spec) for name, spec in wire.ENTITIES.items()}


@dataclass(slots=True)
class _Rec:
    """A ``record`` row as a push batch works on it: loaded (and locked), or new."""

    id: str
    entity: str
    village_id: int | None
    version: int
    data: dict[str, Any]
    field_versions: dict[str, int]
    field_writers: dict[str, str]
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    new: bool = False
    dirty: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity": self.entity,
            "village_id": self.village_id,
            "version": self.version,
            "data": self.data,
            "field_versions": self.field_versions,
            "field_writers": self.field_writers,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
        }


def _loaded(row: Row[Any]) -> _Rec:
    return _Rec(
        row.id,
        row.entity,
        row.village_id,
        row.version,
        row.data,
        row.field_versions,
        row.field_writers,
        row.created_at,
        row.updated_at,
        row.deleted_at,
    )


@dataclass
class _Batch:
    device: DeviceContext
    now: dt.datetime
    records: dict[str, _Rec]
    new_records: list[_Rec] = field(default_factory=list)
    feed: list[FeedEntry] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def _check_fields(self, plan: _EntityPlan, fields: dict[str, Any]) -> None:
        # Most fields are plain text, numbers or yes/no, checked by their type alone; the rest
        # (and any that fails that test) get the full check, in the op's field order.
        plain = plan.plain_types
        for name, value in fields.items():
            allowed = plain.get(name)
            if allowed is None or type(value) not in allowed:
                self._check_field(plan, name, value)

    def _check_field(self, plan: _EntityPlan, name: str, value: Any) -> None:
        """The full check of one field (with the reason when it fails)."""
        spec = plan.spec
        checked = plan.checks.get(name)
        if checked is None:
            if name in spec.county_fields:
                raise Rejected(f"字段“{name}”由县中心负责，村里不能修改")
            raise Rejected(f"“{spec.name}”没有字段“{name}”")
        kind, quick, holds_ids = checked
        if not quick(value):
            try:
                wire.check_value(kind, value)
            except wire.FieldTypeError as error:
                raise Rejected(f"字段“{name}”{error}") from error
        if not holds_ids:
            return
        for target_id in _references(name, kind, value):
            target = self.records.get(target_id)
            if target is not None and target.village_id not in (None, self.device.village_id):
                raise Rejected(f"字段“{name}”引用的记录不属于本村")

    def _bump(self, record: _Rec, changed: dict[str, Any]) -> None:
        version = record.version + 1
        record.data = {**record.data, **changed}
        record.field_versions = {**record.field_versions, **dict.fromkeys(changed, version)}
        record.field_writers = {
            **record.field_writers,
            **dict.fromkeys(changed, self.device.device_id),
        }
        record.version = version
        record.updated_at = self.now
        record.dirty = True
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, version))

    def apply(self, op: dict[str, Any]) -> dict[str, Any]:
        plan = _PLANS.get(op["entity"])
        if plan is None:
            raise Rejected(f"未知的记录类型“{op['entity']}”")
        spec = plan.spec
        if not spec.village_writable:
            raise Rejected(f"“{spec.name}”由县中心统一维护，村里不能修改")
        if op["op"] not in _OP_KINDS:
            raise Rejected(f"未知的操作“{op['op']}”")
        fields: dict[str, Any] = op["fields"]
        self._check_fields(plan, fields)
        record = self.records.get(op["record_id"])
        if record is not None and (
            record.village_id != self.device.village_id or record.entity != spec.name
        ):
            # The same answer whether the id is another village's or unknown: nothing leaks.
            raise Rejected("记录不存在或不属于本村")
        if op["op"] == wire.OpKind.CREATE:
            return self._create(plan, op, record, fields)
        if record is None:
            raise Rejected("记录不存在或不属于本村")
        if op["op"] == wire.OpKind.DELETE:
            return self._delete(record)
        return self._update(spec, record, fields, op.get("base_version") or 0)

    def _create(
        self,
        plan: _EntityPlan,
        op: dict[str, Any],
        record: _Rec | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        spec = plan.spec
        if record is not None:
            if all(record.data.get(k) == v for k, v in fields.items()):
                return {"status": wire.OpStatus.DUPLICATE.value, "server_version": record.version}
            return self._update(spec, record, fields, 0)
        missing = [name for name in plan.required if name not in fields]
        if missing:
            raise Rejected("缺少字段：" + "、".join(missing))
        data = {**plan.template, **fields}
        record = _Rec(
            id=op["record_id"],
            entity=spec.name,
            village_id=self.device.village_id,
            version=1,
            data=data,
            field_versions=dict.fromkeys(data, 1),
            field_writers=dict.fromkeys(fields, self.device.device_id),
            created_at=self.now,
            updated_at=self.now,
            deleted_at=None,
            new=True,
        )
        self.records[record.id] = record
        self.new_records.append(record)
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, 1))
        return {"status": wire.OpStatus.APPLIED.value, "server_version": 1}

    def _update(
        self, spec: wire.EntitySpec, record: _Rec, fields: dict[str, Any], base: int
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

    def _demand_rules(self, record: _Rec, changed: dict[str, Any]) -> dict[str, Any]:
        """Village edits a demand: lifecycle checks, and the status the evaluation implies."""
        status = record.data.get("status")
        if status not in _UNTOUCHED_STATUSES and _FROZEN_AFTER_DISPATCH & set(changed):
            raise Rejected("县中心已经受理这条需求，类别和来源不能再改；如需更改请联系县中心")
        if _EVALUATION_FIELDS & set(changed) and changed.get("evaluation") is not None:
            if status not in {"RESOLVED", "FEEDBACK_GIVEN"}:
                raise Rejected("县中心尚未办结这条需求，还不能评价")
            return {"status": "FEEDBACK_GIVEN"}
        return {}

    def _delete(self, record: _Rec) -> dict[str, Any]:
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
        plan = _PLANS.get(op["entity"])
        if plan is None:
            continue
        fields = op["fields"]
        for name, kind in plan.village_references:
            if name in fields:
                ids.update(_references(name, kind, fields[name]))
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
    stored: dict[str, dict[str, Any]] = {
        op_id: result
        for op_id, result in session.execute(
            select(AppliedOp.op_id, AppliedOp.result).where(
                AppliedOp.device_id == device.device_id,
                AppliedOp.op_id.in_({op["op_id"] for op in ops}),
            )
        )
    }
    fresh = [op for op in ops if op["op_id"] not in stored]
    ids = sorted(_referenced_ids(fresh))
    records = (
        {
            row.id: _loaded(row)
            for row in session.execute(
                select(_RECORDS)
                .where(_RECORDS.c.id.in_(ids))
                .order_by(_RECORDS.c.id)
                .with_for_update()
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
    # Plain rows rather than ORM objects: the batch's records are written with one INSERT
    # (new ones, with their final state) and one UPDATE (changed ones) each.
    if batch.new_records:
        session.execute(insert(_RECORDS), [record.row() for record in batch.new_records])
    changed = [r for r in records.values() if r.dirty]
    if changed:
        session.execute(
            update(_RECORDS)
            .where(_RECORDS.c.id == bindparam("b_id"))
            .values(
                version=bindparam("b_version"),
                data=bindparam("b_data"),
                field_versions=bindparam("b_field_versions"),
                field_writers=bindparam("b_field_writers"),
                updated_at=bindparam("b_updated_at"),
                deleted_at=bindparam("b_deleted_at"),
            ),
            [
                {
                    "b_id": r.id,
                    "b_version": r.version,
                    "b_data": r.data,
                    "b_field_versions": r.field_versions,
                    "b_field_writers": r.field_writers,
                    "b_updated_at": r.updated_at,
                    "b_deleted_at": r.deleted_at,
                }
                for r in changed
            ],
        )
    if applied_rows:
        session.execute(insert(_APPLIED_OPS), applied_rows)
    if batch.conflicts:
        session.execute(insert(_CONFLICTS), batch.conflicts)
    append_feed(session, batch.feed, now)
    return results


# What a pull sends of a record (and what ``_unsent_references`` needs of it).
_PULL_COLUMNS = (
    _RECORDS.c.id,
    _RECORDS.c.entity,
    _RECORDS.c.village_id,
    _RECORDS.c.version,
    _RECORDS.c.deleted_at,
    _RECORDS.c.data,
)


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
        {
            r.id: r
            for r in session.execute(select(*_PULL_COLUMNS).where(_RECORDS.c.id.in_(list(latest))))
        }
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
    session: Session, village_id: int, page_started: dt.datetime, page: list[Any]
) -> list[Any]:
    """Records that ``page`` references (transitively) and that the client may not have yet.

    A record created before ``page_started`` (the time of the page's first change) minus
    ``_COMMIT_LAG`` was committed, so fed, before that change: the client has it already.
    Anything newer and not in the page is sent along (a copy too many does no harm).
    """
    known = {record.id for record in page}
    found: list[Any] = []
    pending = page
    while pending:
        wanted: set[str] = set()
        for record in pending:
            plan = _PLANS.get(record.entity)
            if plan is None or not plan.references:
                continue
            data = record.data
            for name, kind in plan.references:
                if name in data:
                    wanted.update(_references(name, kind, data[name]))
        wanted -= known
        if not wanted:
            break
        known |= wanted
        pending = list(
            session.execute(
                select(*_PULL_COLUMNS)
                .where(
                    _RECORDS.c.id.in_(sorted(wanted)),
                    or_(_RECORDS.c.village_id == village_id, _RECORDS.c.village_id.is_(None)),
                    _RECORDS.c.created_at >= page_started - _COMMIT_LAG,
                )
                .order_by(_RECORDS.c.id)
            )
        )
        found += pending
    return found
