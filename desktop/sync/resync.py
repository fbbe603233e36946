"""Sending this PC's records again after the county restored its database from a backup.

What the villages pushed after the backup was taken is gone from the restored database, but
each PC still holds it, acknowledged. ``liaison-county after-restore`` gives the database a
new epoch (``X-Feed-Epoch`` on every sync answer); a PC that sees the epoch change queues one
``resync`` op per record it holds from the county, carrying its village-owned fields and the
version it had seen, ahead of the ops still waiting in its outbox (those may change records
the backup lacks). The county takes a resync only where the PC's copy is newer than the
restored one, field by field, and never over what was written since the restore
(county.sync_service). A tombstone is sent as a resync followed by a delete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.activity import Attachment
from desktop.models.base import new_uuid, utcnow
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.rows.stored import village_fields, wire_value
from desktop.models.rows.write import clear_outbox
from desktop.models.sync_tables import OutboxOp
from desktop.sync import state

_KEPT_COLUMNS = (
    "op_id",
    "entity",
    "record_id",
    "op",
    "fields",
    "base_version",
    "created_at",
    "attempts",
    "last_error",
)


def queue_resync(session: Session, epoch: str, photos: Path | None) -> int:
    """Queue the resync ops (in the caller's transaction) and remember ``epoch``; returns how
    many records will be sent again.

    Records go parents first (the order of ``SYNCED_ENTITIES``; a field pointing at a record
    sent later follows in a second resync of its record), all before the ops already waiting,
    which keep their order. With ``photos`` (the photos folder), an attachment whose
    file this PC does not have is left to the PC that has it: its upload would fail here.
    """
    from desktop.models.photos import blob_path

    waiting = [
        {name: getattr(op, name) for name in _KEPT_COLUMNS}
        for op in session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq))
    ]
    clear_outbox(session)
    now = utcnow()
    queued = 0
    order = [name for name in SYNCED_ENTITIES if wire.ENTITIES[name].village_writable]
    # The county takes a reference only to a record it has: a field pointing at an entity
    # sent later (a grid's leader, a villager of the grid) goes in a second resync of the
    # record, after all the others.
    later: list[tuple[str, Any, dict[str, Any]]] = []
    for name, entity in SYNCED_ENTITIES.items():
        if not wire.ENTITIES[name].village_writable:
            continue
        fields = village_fields(entity)
        deferred = {
            field
            for field, target in wire.REFERENCES.get(name, {}).items()
            if field in fields and target in order and order.index(target) > order.index(name)
        }
        records = session.scalars(
            select(entity).where(entity.server_version.is_not(None)).order_by(entity.created_at)
        )
        for record in records:
            if (
                photos is not None
                and isinstance(record, Attachment)
                and not blob_path(photos, record.sha256).is_file()
            ):
                continue
            values = {key: wire_value(getattr(record, key)) for key in fields}
            pointing = {key: values.pop(key) for key in deferred if values[key] is not None}
            if pointing:
                later.append((name, record, pointing))
            ops: list[dict[str, Any]] = [{"op": wire.OpKind.RESYNC.value, "fields": values}]
            if record.deleted_at is not None:
                ops.append({"op": wire.OpKind.DELETE.value, "fields": {}})
            for op in ops:
                session.add(
                    OutboxOp(
                        op_id=new_uuid(),
                        entity=name,
                        record_id=record.id,
                        base_version=record.server_version,
                        created_at=now,
                        **op,
                    )
                )
            queued += 1
        session.flush()  # device_seq in this order
    for name, record, pointing in later:
        session.add(
            OutboxOp(
                op_id=new_uuid(),
                entity=name,
                record_id=record.id,
                op=wire.OpKind.RESYNC.value,
                fields=pointing,
                base_version=record.server_version,
                created_at=now,
            )
        )
    session.flush()
    for op in waiting:
        session.add(OutboxOp(**op))
    state.set_state(session, state.FEED_EPOCH, epoch)
    return queued
