"""Applying the server's answers locally: push results and pulled changes.

Both run inside one local transaction together with their bookkeeping (outbox rows removed,
pull cursor stored), so a crash at any point leaves either the old state (and the round is
simply repeated: the server answers ``duplicate``, pulled changes are applied again) or the
new one. These writes bypass the write path on purpose: they come *from* the county and must
not be pushed back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Date, delete, inspect, select
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.base import SYNC_BOOKKEEPING, UtcDateTime, utcnow
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncRejection


@cache
def _converters(entity: Any) -> dict[str, Callable[[Any], Any]]:
    """Per column, how a wire value becomes a Python value (identity for most)."""
    result: dict[str, Callable[[Any], Any]] = {}
    for column in inspect(entity).columns:
        if column.key in SYNC_BOOKKEEPING:
            continue
        if isinstance(column.type, UtcDateTime):
            result[column.key] = lambda v: None if v is None else wire.parse_utc(v)
        elif isinstance(column.type, Date):
            result[column.key] = lambda v: None if v is None else dt.date.fromisoformat(v)
        else:
            result[column.key] = lambda v: v
    return result


def _from_wire(entity: Any, fields: dict[str, Any]) -> dict[str, Any]:
    convert = _converters(entity)
    # Fields this client does not know (a newer server) are ignored, not fatal.
    return {k: convert[k](v) for k, v in fields.items() if k in convert}


def apply_push_results(
    session: Session, ops: Sequence[OutboxOp], results: Sequence[dict[str, Any]]
) -> dict[str, int]:
    """Record the server's answers to ``ops`` and drop them from the outbox."""
    if len(results) != len(ops):
        raise ValueError(f"server answered {len(results)} of {len(ops)} ops")
    counts = {"applied": 0, "duplicate": 0, "conflicts": 0, "rejected": 0}
    for op, result in zip(ops, results, strict=True):
        if result.get("op_id") != op.op_id:
            raise ValueError("server answers out of order")
        status = result["status"]
        effective = result.get("original_status", status) if status == "duplicate" else status
        counts["duplicate" if status == "duplicate" else "applied"] += 1
        entity = SYNCED_ENTITIES.get(op.entity)
        record = session.get(entity, op.record_id) if entity is not None else None
        if effective in (wire.OpStatus.APPLIED, wire.OpStatus.APPLIED_WITH_CONFLICT):
            version = result.get("server_version")
            if record is not None and version and (record.server_version or 0) < version:
                record.server_version = version
            for conflict in result.get("conflicts") or []:
                counts["conflicts"] += 1
                session.add(
                    SyncConflict(
                        entity=op.entity,
                        record_id=op.record_id,
                        field=conflict["field"],
                        local_value=conflict.get("local_value"),
                        server_value=conflict.get("server_value"),
                    )
                )
        elif effective == wire.OpStatus.REJECTED:
            counts["rejected"] += 1
            if session.get(SyncRejection, op.op_id) is None:
                session.add(
                    SyncRejection(
                        op_id=op.op_id,
                        entity=op.entity,
                        record_id=op.record_id,
                        reason=str(result.get("reason") or "服务器拒绝了这条修改"),
                        fields=op.fields,
                    )
                )
            if op.op == wire.OpKind.DELETE and record is not None:
                # The county keeps it (it has acted on it): show it again, with the reason.
                record.deleted_at = None
    session.execute(delete(OutboxOp).where(OutboxOp.device_seq.in_([op.device_seq for op in ops])))
    return counts


def apply_changes(session: Session, changes: Sequence[dict[str, Any]]) -> int:
    """Apply one pulled page. Returns how many records changed locally."""
    ids = [c["id"] for c in changes]
    pending: dict[str, set[str]] = {}
    pending_deletes: set[str] = set()
    for record_id, kind, fields in session.execute(
        select(OutboxOp.record_id, OutboxOp.op, OutboxOp.fields).where(OutboxOp.record_id.in_(ids))
    ):
        pending.setdefault(record_id, set()).update(fields)
        if kind == wire.OpKind.DELETE:
            pending_deletes.add(record_id)
    now = utcnow()
    changed = 0
    for change in changes:
        entity = SYNCED_ENTITIES.get(change["entity"])
        if entity is None:
            continue
        values = _from_wire(entity, change["fields"])
        record = session.get(entity, change["id"])
        if record is None:
            record = entity(**values)
            record.id = change["id"]
            record.server_version = change["version"]
            record.deleted_at = now if change["deleted"] else None
            session.add(record)
            changed += 1
            continue
        # Equal versions are applied too: a push answer sets ``server_version`` to the version
        # the push produced, which may include changes by others (a county dispatch, another
        # PC's edit) that this client has not seen yet. Only an older copy is skipped.
        if record.server_version is not None and record.server_version > change["version"]:
            continue
        # Village edits not yet pushed win locally; they reach the county with the next push.
        keep = pending.get(change["id"], set())
        touched = record.server_version != change["version"]
        for key, value in values.items():
            if key not in keep and getattr(record, key) != value:
                setattr(record, key, value)
                touched = True
        record.server_version = change["version"]
        if change["deleted"] and record.deleted_at is None:
            record.deleted_at = now
            touched = True
        elif (
            not change["deleted"]
            and record.deleted_at is not None
            and change["id"] not in pending_deletes
        ):
            record.deleted_at = None
            touched = True
        changed += touched
    session.flush()
    return changed
