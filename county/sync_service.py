"""Push and pull: the heart of the county side of the sync protocol (docs/sync-protocol.md).

A push batch is processed in one transaction: the answers to ops seen before are looked up,
the records the ops change are locked and loaded in one query, every op is validated and
applied in memory (a bad op is answered ``rejected`` and never stops the others), then records,
``applied_op`` rows, conflicts and change-feed rows are written together, one executemany per
table (``county.rows``). So the effect, the dedup record and the feed row commit atomically,
and a retried batch gets the stored answers.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, exists, or_, select, union_all
from sqlalchemy.orm import Session

import liaison_wire as wire
from county import queue, rows, service_facts
from county.feed import COUNTY_WRITER, RESTORE_VERSION_JUMP, FeedEntry, append_feed
from county.models import (
    ALL_FIELDS,
    AppliedOp,
    ChangeFeed,
    Conflict,
    Device,
    Record,
    field_version,
    field_writer,
    utcnow,
)
from liaison_wire.demand_states import WITHDRAW_EVENT

# Demand statuses in which the county has not yet acted: only then may the village delete.
_UNTOUCHED_STATUSES = {"DRAFT", "SUBMITTED", "CANCELLED"}
# Intake fields that stop being editable in the village once the county has taken the demand.
_FROZEN_AFTER_DISPATCH = {"category_code", "topic_code", "catalog_version", "channel"}
_EVALUATION_FIELDS = {"evaluation", "evaluation_note", "evaluated_at"}
# The village may withdraw (撤回) a demand only while the county has not acted on it.
_WITHDRAWABLE = {"DRAFT", "SUBMITTED"}
_OP_KINDS = frozenset(kind.value for kind in wire.OpKind)
# The enum members' values as plain strings (looked up per op; an enum lookup costs more).
_CREATE, _DELETE = wire.OpKind.CREATE.value, wire.OpKind.DELETE.value
_RESYNC = wire.OpKind.RESYNC.value
_APPLIED = wire.OpStatus.APPLIED.value
_DUPLICATE = wire.OpStatus.DUPLICATE.value
_APPLIED_WITH_CONFLICT = wire.OpStatus.APPLIED_WITH_CONFLICT.value
_REJECTED = wire.OpStatus.REJECTED.value
# Core tables: reads and bulk writes of plain rows, without the ORM's per-row bookkeeping.
_RECORDS: Table = Record.__table__  # type: ignore[assignment]
_APPLIED_OPS: Table = AppliedOp.__table__  # type: ignore[assignment]
_CONFLICTS: Table = Conflict.__table__  # type: ignore[assignment]
_CHANGE_FEED: Table = ChangeFeed.__table__  # type: ignore[assignment]


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


def _check_value(kind: str, value: Any) -> None:
    """``wire.check_value``, and in a list no number that JSON cannot carry (NaN, infinity:
    the body's parser lets them through, but they could never be stored or sent again)."""
    wire.check_value(kind, value)
    if (
        kind.startswith("list")
        and value
        and any(type(item) is float and not math.isfinite(item) for item in value)
    ):
        raise wire.FieldTypeError("含有无效的数字")


def _holds_ids(name: str, kind: str) -> bool:
    """Whether a field's values are record ids (see :func:`_references`)."""
    return kind.startswith("id") or (kind == "list" and name.endswith("_ids"))


# Entities that may own an attachment (``owner_entity``): the village's own records.
_ATTACHMENT_OWNERS = frozenset(
    name
    for name, spec in wire.ENTITIES.items()
    if spec.scoped and spec.village_writable and name != "attachment"
)


def shown(text: str, limit: int = 40) -> str:
    """A name from a request as a reason may quote it: printable, and not too long."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return cleaned + ("…" if len(text) > limit else "")


def check_references(
    entity: str,
    fields: dict[str, Any],
    known: dict[str, tuple[str, int | None]],
    village_id: int | None,
    current: dict[str, Any] | None = None,
) -> None:
    """Every reference in ``fields`` names a record in ``known`` (id -> (entity, village))
    of the right entity, of ``village_id`` or of the county's reference data (village None).
    ``current`` is the record's stored data (an attachment's owner entity may be there).
    Raises Rejected naming the field."""
    for name, target in wire.REFERENCES.get(entity, {}).items():
        value = fields.get(name)
        if value is None and target == wire.ATTACHMENT_OWNER and "owner_entity" in fields:
            value = (current or {}).get(name)  # the owner stays; its entity is named anew
        if value is None:
            continue
        if target == wire.ATTACHMENT_OWNER:
            owner = fields.get("owner_entity") or (current or {}).get("owner_entity")
            if owner not in _ATTACHMENT_OWNERS:
                raise Rejected(f"字段“owner_entity”不能是“{shown(str(owner))}”")
            target = str(owner)
        for target_id in value if isinstance(value, list) else (value,):
            found = known.get(target_id)
            # The same answer whether the id is another village's or unknown: nothing leaks.
            if found is None or found[1] not in (None, village_id):
                raise Rejected(f"字段“{name}”引用的记录不存在或不属于本村")
            if found[0] != target:
                raise Rejected(f"字段“{name}”引用的记录不是“{target}”")


# Wire kinds whose values are checked by their type alone (an int also needs its range).
_PLAIN_TYPES: dict[str, frozenset[type]] = {
    "str": frozenset({str}),
    "bool": frozenset({bool}),
}


@dataclass(frozen=True)
class _EntityPlan:
    """Per entity, what checking and applying its ops needs, worked out once."""

    spec: wire.EntitySpec
    # Village fields: name -> (wire kind, holds record ids).
    checks: dict[str, tuple[str, bool]]
    # Village fields whose check is the value's type alone (str, int, bool, an empty ``id?``):
    # the types allowed.
    plain_types: dict[str, frozenset[type]]
    # Village fields of kind ``id``/``id?`` (a UUID; what it names is checked on its own).
    id_fields: frozenset[str]
    # Village fields whose check is ``_check_value`` alone (no ids): name -> wire kind.
    value_kinds: dict[str, str]
    # Village fields holding record ids (what they name must exist, see check_references).
    village_references: tuple[tuple[str, str], ...]
    # Every field holding record ids, county fields included (sent along on pull).
    references: tuple[tuple[str, str], ...]
    required: frozenset[str]
    # A new record's data before the op's fields: every village field, the county defaults.
    template: dict[str, Any]


def _plan(spec: wire.EntitySpec) -> _EntityPlan:
    kinds = {**spec.village_fields, **spec.county_fields}
    own = {n: k for n, k in spec.village_fields.items() if n not in spec.county_fields}
    template = {**dict.fromkeys(spec.village_fields), **_county_defaults(spec)}
    return _EntityPlan(
        spec=spec,
        checks={name: (kind, _holds_ids(name, kind)) for name, kind in own.items()},
        plain_types={
            # An ``id?`` field is plain when empty (None); an id is checked on its own.
            name: _PLAIN_TYPES.get(kind.rstrip("?"), frozenset())
            | ({type(None)} if kind.endswith("?") else set())
            for name, kind in own.items()
            if kind.rstrip("?") in _PLAIN_TYPES or kind == "id?"
        },
        id_fields=frozenset(name for name, kind in own.items() if kind.rstrip("?") == "id"),
        value_kinds={name: kind for name, kind in own.items() if not _holds_ids(name, kind)},
        village_references=tuple(
            (name, kind) for name, kind in spec.village_fields.items() if _holds_ids(name, kind)
        ),
        references=tuple((name, kind) for name, kind in kinds.items() if _holds_ids(name, kind)),
        required=frozenset(
            name for name, kind in spec.village_fields.items() if not kind.endswith("?")
        ),
        template=template,
    )


_PLANS: dict[str, _EntityPlan] = {name: _plan(spec) for name, spec in wire.ENTITIES.items()}
# A new record's field versions (every field at 1), a record the county writes itself (every
# field by the county), and their JSON: shared by all such records (dicts are replaced on a
# change, never changed in place).
_NEW_VERSIONS: dict[str, int] = {ALL_FIELDS: 1}
_NEW_VERSIONS_JSON = rows.dumps(_NEW_VERSIONS)
_COUNTY_WRITES: dict[str, str] = {ALL_FIELDS: COUNTY_WRITER}
_COUNTY_WRITES_JSON = rows.dumps(_COUNTY_WRITES)


@dataclass(slots=True)
class _Rec:
    """A ``record`` row as a push batch works on it: loaded (and locked), or new.

    ``data``, ``field_versions`` and ``field_writers`` are replaced on a change, never changed
    in place (a new record shares the last two with others); ``versions_json`` and
    ``writers_json`` are their JSON while they are shared, None once replaced.
    """

    id: str
    entity: str
    village_id: int | None
    version: int
    data: dict[str, Any]
    field_versions: dict[str, int]
    field_writers: dict[str, str]
    deleted_at: dt.datetime | None
    restored_version: int | None = None
    new: bool = False
    dirty: bool = False
    versions_json: str | None = None
    writers_json: str | None = None


@dataclass
class _Batch:
    device: DeviceContext
    now: dt.datetime
    records: dict[str, _Rec]
    # The entity and village of every record the batch knows (loaded, referenced or created;
    # village None for reference data): an op's references must name one of these, of the
    # right entity, in the device's village or the county's reference data.
    known: dict[str, tuple[str, int | None]]
    new_records: list[_Rec] = field(default_factory=list)
    feed: list[FeedEntry] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    # A new record's field writers (every field by this device) and their JSON.
    new_writers: dict[str, str] = field(init=False)
    new_writers_json: str = field(init=False)

    def __post_init__(self) -> None:
        self.new_writers = {ALL_FIELDS: self.device.device_id}
        self.new_writers_json = rows.dumps(self.new_writers)

    def _check_fields(self, plan: _EntityPlan, fields: dict[str, Any]) -> None:
        # Most fields are short plain text, numbers or yes/no, checked by their type alone,
        # or ids; the rest (and any that fails those tests) get the full check, in the op's
        # field order. What the ids name is checked afterwards (check_references).
        plain = plan.plain_types
        id_fields = plan.id_fields
        value_kinds = plan.value_kinds
        for name, value in fields.items():
            allowed = plain.get(name)
            if (
                allowed is not None
                and type(value) in allowed
                and (type(value) is not str or (len(value) <= 200 and "\x00" not in value))
            ):
                continue
            if name in id_fields and wire.is_uuid(value):
                continue
            kind = value_kinds.get(name)
            if kind is not None:
                try:
                    _check_value(kind, value)
                    continue
                except wire.FieldTypeError:
                    pass
            self._check_field(plan, name, value)

    def _check_field(self, plan: _EntityPlan, name: str, value: Any) -> None:
        """The full check of one field (with the reason when it fails)."""
        spec = plan.spec
        checked = plan.checks.get(name)
        if checked is None:
            if name in spec.county_fields:
                raise Rejected(f"字段“{name}”由县中心负责，村里不能修改")
            raise Rejected(f"“{spec.name}”没有字段“{shown(name)}”")
        kind, holds_ids = checked
        try:
            _check_value(kind, value)
        except wire.FieldTypeError as error:
            raise Rejected(f"字段“{name}”{error}") from error
        if holds_ids and kind == "list" and not all(wire.is_uuid(v) for v in value):
            raise Rejected(f"字段“{name}”应为 UUID 的列表")

    def _bump(self, record: _Rec, changed: dict[str, Any]) -> None:
        version = record.version + 1
        record.data = {**record.data, **changed}
        record.field_versions = {**record.field_versions, **dict.fromkeys(changed, version)}
        record.field_writers = {
            **record.field_writers,
            **dict.fromkeys(changed, self.device.device_id),
        }
        record.versions_json = record.writers_json = None
        record.version = version
        record.dirty = True
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, version))

    def apply(self, op: dict[str, Any]) -> dict[str, Any]:
        plan = _PLANS.get(op["entity"])
        if plan is None:
            raise Rejected(f"未知的记录类型“{shown(op['entity'])}”")
        spec = plan.spec
        if not spec.village_writable:
            raise Rejected(f"“{spec.name}”由县中心统一维护，村里不能修改")
        kind = op["op"]
        if kind not in _OP_KINDS:
            raise Rejected(f"未知的操作“{shown(kind)}”")
        fields: dict[str, Any] = op["fields"]
        self._check_fields(plan, fields)
        record = self.records.get(op["record_id"])
        if record is not None and (
            record.village_id != self.device.village_id or record.entity != spec.name
        ):
            # The same answer whether the id is another village's or unknown: nothing leaks.
            raise Rejected("记录不存在或不属于本村")
        if plan.village_references:
            # Each reference names a record the county has (or this batch made earlier): a
            # child never outlives a parent the county refused.
            check_references(
                spec.name,
                fields,
                self.known,
                self.device.village_id,
                record.data if record is not None else None,
            )
        if kind == _CREATE:
            return self._create(plan, op, record, fields)
        if kind == _RESYNC:
            return self._resync(plan, op, record, fields)
        if record is None:
            raise Rejected("记录不存在或不属于本村")
        if kind == _DELETE:
            return self._delete(record)
        return self._update(spec, record, fields, op.get("base_version") or 0)

    def _create(
        self,
        plan: _EntityPlan,
        op: dict[str, Any],
        record: _Rec | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        if record is not None:
            if all(record.data.get(k) == v for k, v in fields.items()):
                return {"status": _DUPLICATE, "server_version": record.version}
            return self._update(plan.spec, record, fields, 0)
        return self._insert(plan, op, fields)

    def _insert(
        self, plan: _EntityPlan, op: dict[str, Any], fields: dict[str, Any], version: int = 1
    ) -> dict[str, Any]:
        """A new record with ``fields``, every field at ``version`` (1, or another for a record
        a resync brings back, which then also counts as restored at that version)."""
        if not plan.required <= fields.keys():
            missing = sorted(plan.required - fields.keys())
            raise Rejected("缺少字段：" + "、".join(missing))
        fresh = version == 1
        record = _Rec(
            id=op["record_id"],
            entity=plan.spec.name,
            village_id=self.device.village_id,
            version=version,
            # Every field the op may send is in the template: the keys (and their order) of
            # every new record of the entity are the template's.
            data={**plan.template, **fields},
            # Every field at ``version``, written by this device.
            field_versions=_NEW_VERSIONS if fresh else {ALL_FIELDS: version},
            field_writers=self.new_writers,
            deleted_at=None,
            restored_version=None if fresh else version,
            new=True,
            versions_json=_NEW_VERSIONS_JSON if fresh else None,
            writers_json=self.new_writers_json,
        )
        self.records[record.id] = record
        self.known[record.id] = (record.entity, record.village_id)
        self.new_records.append(record)
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, version))
        return {"status": _APPLIED, "server_version": version}

    def _resync(
        self,
        plan: _EntityPlan,
        op: dict[str, Any],
        record: _Rec | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        """A record as the device held it when the county restored a backup.

        ``base_version`` is the version the device had seen (numbered before the restore).
        Only where that is not older than the restored copy (its ``restored_version`` less
        the jump ``after-restore`` made) may the device know something the backup lost; then
        the fields that differ are taken, except those written since the restore (newer
        still). A record the
        backup lacks is created as if restored at the device's version, so a device that saw
        a newer copy can still bring it and later edits number above it. No conflicts: the
        restored copy is not a concurrent edit, just an older one.
        """
        base = op.get("base_version") or 0
        if record is None:
            return self._insert(plan, op, fields, base + RESTORE_VERSION_JUMP)
        restored = record.restored_version
        if restored is None or base < restored - RESTORE_VERSION_JUMP:
            # Created since the restore, or the backup already had more than the device saw.
            # (A device that saw the restored version itself holds the same values, but for
            # fields a first resync left out, which a second one brings: see resync.py.)
            return {"status": _APPLIED, "server_version": record.version}
        changed = {
            k: v
            for k, v in fields.items()
            if field_version(record.field_versions, k) <= restored and record.data.get(k) != v
        }
        if changed and record.deleted_at is not None:
            raise Rejected("记录已被删除，不能再修改")
        if plan.spec.name == "demand":
            # The restored copy lacks the steps the backup lost; they come back themselves.
            changed.update(self._demand_rules(record, changed, add_steps=False))
        if changed:
            self._bump(record, changed)
        return {"status": _APPLIED, "server_version": record.version}

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
            if field_version(record.field_versions, k) > base
            and field_writer(record.field_writers, k) != self.device.device_id
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
                }
            )
        if conflicts:
            return {
                "status": _APPLIED_WITH_CONFLICT,
                "server_version": record.version,
                "conflicts": conflicts,
            }
        return {"status": _APPLIED, "server_version": record.version}

    def _demand_rules(
        self, record: _Rec, changed: dict[str, Any], *, add_steps: bool = True
    ) -> dict[str, Any]:
        """Village edits a demand: lifecycle checks, and the status the evaluation or the
        withdrawal implies (a withdrawal also gets its timeline step, ``add_steps``)."""
        status = record.data.get("status")
        if status not in _UNTOUCHED_STATUSES and _FROZEN_AFTER_DISPATCH & set(changed):
            raise Rejected("县中心已经受理这条需求，类别和来源不能再改；如需更改请联系县中心")
        if _EVALUATION_FIELDS & set(changed) and changed.get("evaluation") is not None:
            if status not in {"RESOLVED", "FEEDBACK_GIVEN"}:
                raise Rejected("县中心尚未办结这条需求，还不能评价")
            return {"status": "FEEDBACK_GIVEN"}
        withdrawn = changed.get("withdrawn_at")
        if withdrawn is not None and status != "CANCELLED":
            if status not in _WITHDRAWABLE:
                raise Rejected("县中心已经受理这条需求，不能再撤回；如需撤回请联系县中心")
            if add_steps:
                reason = changed.get("withdraw_reason", record.data.get("withdraw_reason"))
                self._village_step(record, WITHDRAW_EVENT, withdrawn, reason or "")
            return {"status": "CANCELLED"}
        return {}

    def _village_step(self, demand: _Rec, kind: str, occurred_at: str, note: str) -> None:
        """A timeline step of the village's that the county records on its behalf (the step
        exists only once the county has accepted what it says)."""
        plan = _PLANS["demand_event"]
        fields = {
            "demand_id": demand.id,
            "kind": kind,
            "actor": "VILLAGE",
            "occurred_at": occurred_at,
            "note": note,
        }
        record = _Rec(
            id=str(uuid.uuid4()),
            entity=plan.spec.name,
            village_id=demand.village_id,
            version=1,
            data={**plan.template, **fields},
            field_versions=_NEW_VERSIONS,
            field_writers=_COUNTY_WRITES,
            deleted_at=None,
            new=True,
            versions_json=_NEW_VERSIONS_JSON,
            writers_json=_COUNTY_WRITES_JSON,
        )
        self.records[record.id] = record
        self.known[record.id] = (record.entity, record.village_id)
        self.new_records.append(record)
        self.feed.append(FeedEntry(record.village_id, record.entity, record.id, 1))

    def _delete(self, record: _Rec) -> dict[str, Any]:
        if record.deleted_at is not None:
            return {"status": _APPLIED, "server_version": record.version}
        if record.entity == "demand" and record.data.get("status") not in _UNTOUCHED_STATUSES:
            raise Rejected("县中心已经办理这条需求，不能删除；如有错误请联系县中心")
        record.deleted_at = self.now
        self._bump(record, {})
        return {"status": _APPLIED, "server_version": record.version}


def _references(name: str, kind: str, value: Any) -> list[str]:
    """The record ids a field value points at: an ``id`` field, or a list named ``…_ids``
    (an activity's ``linked_demand_ids``)."""
    if kind.startswith("id"):
        return [value] if isinstance(value, str) else []
    if kind == "list" and name.endswith("_ids") and isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _referenced_ids(ops: list[dict[str, Any]]) -> set[str]:
    """The ids the ops' fields point at (their entities and villages are needed); only
    well-formed ones (an op with another is refused anyway)."""
    ids: set[str] = set()
    for op in ops:
        plan = _PLANS.get(op["entity"])
        if plan is None:
            continue
        fields = op["fields"]
        for name, kind in plan.village_references:
            if name in fields:
                ids.update(v for v in _references(name, kind, fields[name]) if wire.is_uuid(v))
    return ids


# What a push reads of the records its ops change (and locks).
_PUSH_COLUMNS = (
    _RECORDS.c.id,
    _RECORDS.c.entity,
    _RECORDS.c.village_id,
    _RECORDS.c.version,
    _RECORDS.c.data,
    _RECORDS.c.field_versions,
    _RECORDS.c.field_writers,
    _RECORDS.c.deleted_at,
    _RECORDS.c.restored_version,
)
_DEVICES: Table = Device.__table__  # type: ignore[assignment]
# The batch's reads, each with the batch's ids as one parameter (county.rows.IdListQuery).
_LOCK_DEVICE = (
    select(_DEVICES.c.id).where(_DEVICES.c.id == bindparam("device_id")).with_for_update()
)
_STORED_ANSWERS = rows.IdListQuery(
    _APPLIED_OPS.c.op_id,
    lambda listed: select(_APPLIED_OPS.c.op_id, _APPLIED_OPS.c.result).where(
        _APPLIED_OPS.c.device_id == bindparam("device_id"), listed
    ),
)
_LOCK_RECORDS = rows.IdListQuery(
    _RECORDS.c.id,
    lambda listed: select(*_PUSH_COLUMNS).where(listed).order_by(_RECORDS.c.id).with_for_update(),
)
_KNOWN = rows.IdListQuery(
    _RECORDS.c.id,
    lambda listed: select(_RECORDS.c.id, _RECORDS.c.entity, _RECORDS.c.village_id).where(listed),
)
# The batch's writes, each one executemany of plain rows (county.rows).
_INSERT_RECORDS = rows.BulkStatement(
    _RECORDS,
    (
        "id",
        "entity",
        "village_id",
        "version",
        "data",
        "field_versions",
        "field_writers",
        "created_at",
        "updated_at",
        "deleted_at",
        "restored_version",
    ),
)
_UPDATE_RECORDS = rows.BulkStatement(
    _RECORDS,
    ("version", "data", "field_versions", "field_writers", "updated_at", "deleted_at"),
    key="id",
)
_INSERT_APPLIED_OPS = rows.BulkStatement(
    _APPLIED_OPS, ("device_id", "op_id", "result", "applied_at")
)
_INSERT_CONFLICTS = rows.BulkStatement(
    _CONFLICTS,
    (
        "village_id",
        "entity",
        "record_id",
        "field",
        "winning_value",
        "losing_value",
        "device_id",
        "created_at",
    ),
)


def push(
    session: Session,
    device: DeviceContext,
    ops: list[dict[str, Any]],
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Apply one batch of ops from ``device``; returns one answer per op, in order."""
    now = now or utcnow()
    connection = session.connection()
    # One push per device at a time: a retry racing its original request (same ops) must wait
    # and then find the stored answers, not apply the ops a second time. SQLite's BEGIN
    # IMMEDIATE serialises writers anyway; on PostgreSQL this row lock does.
    connection.execute(_LOCK_DEVICE, {"device_id": device.device_id})
    stored: dict[str, dict[str, Any]] = dict(
        _STORED_ANSWERS.rows(
            connection, sorted({op["op_id"] for op in ops}), {"device_id": device.device_id}
        )
    )
    fresh = [op for op in ops if op["op_id"] not in stored]
    # The records the ops change, locked (in id order: no deadlocks between batches) ...
    records = {
        row[0]: _Rec(*row)
        for row in _LOCK_RECORDS.rows(connection, sorted({op["record_id"] for op in fresh}))
    }
    # ... and the entities and villages of the records their fields point at: a record never
    # moves to another village, so these need no lock.
    known = {record_id: (record.entity, record.village_id) for record_id, record in records.items()}
    # (Records the batch creates are not looked up: a reference to one is checked once it
    # exists, in op order.)
    creating = {op["record_id"] for op in fresh if op["op"] != _DELETE}
    wanted = sorted(_referenced_ids(fresh).difference(known, creating))
    known.update((row[0], (row[1], row[2])) for row in _KNOWN.rows(connection, wanted))
    batch = _Batch(device, now, records, known)
    results: list[dict[str, Any]] = []
    applied: list[tuple[str, dict[str, Any]]] = []
    for op in ops:
        op_id = op["op_id"]
        if op_id in stored:
            previous = stored[op_id]
            results.append(
                {
                    **previous,
                    "status": _DUPLICATE,
                    "original_status": previous["status"],
                }
            )
            continue
        try:
            result = {"op_id": op_id, **batch.apply(op)}
        except Rejected as rejection:
            result = {
                "op_id": op_id,
                "status": _REJECTED,
                "reason": rejection.reason,
            }
        stored[op_id] = result
        applied.append((op_id, result))
        results.append(result)
    _write(connection, batch, applied)
    append_feed(session, batch.feed, now)
    return results


def _write(
    connection: Connection, batch: _Batch, applied: list[tuple[str, dict[str, Any]]]
) -> None:
    """Write the batch: new records with their final state, changed records, the answers
    (``applied_op``) and conflicts, one executemany each."""
    dialect = connection.dialect
    now = batch.now
    # Every time written here is the batch's ``now`` (or none): converted once.
    stamp = _INSERT_RECORDS.bind(dialect, "created_at")(now)
    dumps = rows.dumps

    def moment(value: dt.datetime | None) -> Any:
        if value is None:
            return None
        return stamp if value is now else _INSERT_RECORDS.bind(dialect, "deleted_at")(value)

    _INSERT_RECORDS.run(
        connection,
        [
            (
                r.id,
                r.entity,
                r.village_id,
                r.version,
                dumps(r.data),
                r.versions_json or dumps(r.field_versions),
                r.writers_json or dumps(r.field_writers),
                stamp,
                stamp,
                moment(r.deleted_at),
                r.restored_version,
            )
            for r in batch.new_records
        ],
    )
    _UPDATE_RECORDS.run(
        connection,
        [
            (
                r.version,
                dumps(r.data),
                dumps(r.field_versions),
                dumps(r.field_writers),
                stamp,
                moment(r.deleted_at),
                r.id,
            )
            for r in batch.records.values()
            if r.dirty and not r.new
        ],
    )
    # The tables derived from village records follow the batch: the county's queue its demands
    # and 催办 (county.queue), the 考核's service facts its activities, service records,
    # volunteers, stars and points (county.service_facts).
    writes = [
        rows.RecordWrite(r.entity, r.id, r.village_id, r.data, r.deleted_at is not None, r.new)
        for r in batch.records.values()
        if (r.new or r.dirty) and r.village_id is not None
    ]
    queue.refresh(
        connection, writes, queue.urges_of((r.entity, r.data) for r in batch.new_records), now
    )
    service_facts.refresh(connection, writes)
    device_id = batch.device.device_id
    _INSERT_APPLIED_OPS.run(
        connection, [(device_id, op_id, dumps(result), stamp) for op_id, result in applied]
    )
    _INSERT_CONFLICTS.run(
        connection,
        [
            (
                c["village_id"],
                c["entity"],
                c["record_id"],
                c["field"],
                dumps(c["winning_value"]),
                dumps(c["losing_value"]),
                device_id,
                stamp,
            )
            for c in batch.conflicts
        ],
    )


# What a pull sends of a record (and what ``_unsent_references`` needs of it).
_PULL_COLUMNS = (
    _RECORDS.c.id,
    _RECORDS.c.entity,
    _RECORDS.c.village_id,
    _RECORDS.c.version,
    _RECORDS.c.deleted_at,
    _RECORDS.c.data,
)
_PAGE_RECORDS = rows.IdListQuery(_RECORDS.c.id, lambda listed: select(*_PULL_COLUMNS).where(listed))
# Of the records a page points at, those of the village (or reference data) that have no
# change at or before the client's cursor: it does not have them yet.
_UNSENT = rows.IdListQuery(
    _RECORDS.c.id,
    lambda listed: (
        select(*_PULL_COLUMNS)
        .where(
            listed,
            or_(_RECORDS.c.village_id == bindparam("village_id"), _RECORDS.c.village_id.is_(None)),
            ~exists().where(
                _CHANGE_FEED.c.record_id == _RECORDS.c.id, _CHANGE_FEED.c.seq <= bindparam("cursor")
            ),
        )
        .order_by(_RECORDS.c.id)
    ),
)


def _feed_page() -> Select[Any]:
    """The feed rows after ``cursor`` of the village and of reference data (each read along
    the ``(village_id, seq)`` index), in ``seq`` order, at most ``limit``."""
    columns = (_CHANGE_FEED.c.seq, _CHANGE_FEED.c.record_id)
    after = _CHANGE_FEED.c.seq > bindparam("cursor")
    own = select(*columns).where(_CHANGE_FEED.c.village_id == bindparam("village_id"), after)
    shared = select(*columns).where(_CHANGE_FEED.c.village_id.is_(None), after)
    both = union_all(own, shared).subquery()
    return select(both.c.seq, both.c.record_id).order_by(both.c.seq).limit(bindparam("limit"))


_FEED_PAGE = _feed_page()


def pull(session: Session, village_id: int, cursor: int, limit: int) -> dict[str, Any]:
    """One page of changes after ``cursor`` for ``village_id`` (its records and reference data)."""
    page = session.execute(
        _FEED_PAGE, {"village_id": village_id, "cursor": cursor, "limit": limit + 1}
    ).all()
    has_more = len(page) > limit
    page = page[:limit]
    latest: dict[str, int] = {}
    for seq, record_id in page:
        latest[record_id] = seq
    records = {r.id: r for r in _PAGE_RECORDS.rows(session.connection(), list(latest))}
    visible = [
        (seq, records[record_id])
        for record_id, seq in sorted(latest.items(), key=lambda item: item[1])
        if records[record_id].village_id in (None, village_id)
    ]
    # Records the page points at that reach this client only on a later page (a record
    # changed to point at a newer one): sent along, so every page can be applied on its own
    # with its references checked. Numbered like the page's first change.
    missing = (
        _unsent_references(session, village_id, cursor, [r for _, r in visible]) if visible else []
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
        "next_cursor": page[-1][0] if page else cursor,
        "has_more": has_more,
    }


def _unsent_references(
    session: Session, village_id: int, cursor: int, page: list[Any]
) -> list[Any]:
    """Records that ``page`` references (transitively) and that the client does not have yet.

    The client has every record with a change at or before ``cursor`` (it applied those
    pages) and the records of this page; any other record the page points at is sent along.
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
                value = data.get(name)
                if value is not None:
                    wanted.update(_references(name, kind, value))
        wanted -= known
        if not wanted:
            break
        known |= wanted
        pending = _UNSENT.rows(
            session.connection(), sorted(wanted), {"village_id": village_id, "cursor": cursor}
        )
        found += pending
    return found
