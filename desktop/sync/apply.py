"""Applying the server's answers locally: push results and pulled changes.

Both run inside one local transaction together with their bookkeeping (outbox rows removed,
pull cursor stored), so a crash at any point leaves either the old state (and the round is
simply repeated: the server answers ``duplicate``, pulled changes are applied again) or the
new one. These writes bypass the write path on purpose: they come *from* the county and must
not be pushed back.

Both work in bulk, never with one ORM object per record. Which pulled change wins (an older
copy is skipped, a village edit not pushed yet keeps its fields) is decided here; the rows are
read and written in their stored form by :mod:`desktop.models.rows.write` (one query per entity
loads the page's records that exist already, new ones are inserted and changed ones updated
with one ``executemany`` each, pinyin columns and search index included).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, delete, insert, inspect, select, update
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.base import SyncedMixin, new_uuid, utcnow
from desktop.models.db import defer_foreign_keys
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.labels import entity_label, field_label
from desktop.models.rows.stored import chunks, marks, reader_of
from desktop.models.rows.write import (
    StoredRows,
    remove_sent_ops,
    restore_records,
    stamp_server_versions,
)
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncHeld, SyncRejection

log = logging.getLogger(__name__)


def _table(entity: type[SyncedMixin]) -> Table:
    return cast(Table, inspect(entity).local_table)


def _expire_loaded(session: Session, entity: type[SyncedMixin], ids: Iterable[str]) -> None:
    """Objects of this session that the bulk writes made stale are reloaded on next access."""
    if not session.identity_map:
        return
    for record_id in ids:
        obj = session.identity_map.get(session.identity_key(entity, record_id))
        if obj is not None:
            session.expire(obj)


class PushedOp(Protocol):
    """What the push results are matched with: an outbox row as it was sent (an
    :class:`OutboxOp`, or the plain copy the sync engine reads)."""

    @property
    def op_id(self) -> str: ...
    @property
    def device_seq(self) -> int: ...
    @property
    def entity(self) -> str: ...
    @property
    def record_id(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def fields(self) -> dict[str, object]: ...


def apply_push_results(
    session: Session, ops: Sequence[PushedOp], results: Sequence[dict[str, Any]]
) -> dict[str, int]:
    """Record the server's answers to ``ops`` and drop them from the outbox."""
    if len(results) != len(ops):
        raise ValueError(f"server answered {len(results)} of {len(ops)} ops")
    # A rejected op's record may be restored from the county's copy, in any order.
    defer_foreign_keys(session)
    counts = {"applied": 0, "duplicate": 0, "conflicts": 0, "rejected": 0}
    now = utcnow()
    # Per entity: (id, server_version) of the records to stamp.
    versions: dict[type[SyncedMixin], list[tuple[str, int]]] = {}
    conflicts: list[dict[str, Any]] = []
    rejections: dict[str, dict[str, Any]] = {}
    restore: dict[type[SyncedMixin], list[str]] = {}
    for op, result in zip(ops, results, strict=True):
        if result.get("op_id") != op.op_id:
            raise ValueError("server answers out of order")
        status = result["status"]
        effective = result.get("original_status", status) if status == "duplicate" else status
        counts["duplicate" if status == "duplicate" else "applied"] += 1
        entity = SYNCED_ENTITIES.get(op.entity)
        if effective in (wire.OpStatus.APPLIED, wire.OpStatus.APPLIED_WITH_CONFLICT):
            version = result.get("server_version")
            if entity is not None and version:
                versions.setdefault(entity, []).append((op.record_id, version))
            for conflict in result.get("conflicts") or []:
                counts["conflicts"] += 1
                conflicts.append(
                    {
                        "id": new_uuid(),
                        "entity": op.entity,
                        "record_id": op.record_id,
                        "field": conflict["field"],
                        "local_value": conflict.get("local_value"),
                        "server_value": conflict.get("server_value"),
                        "reported_at": now,
                        "acknowledged": False,
                    }
                )
        elif effective == wire.OpStatus.REJECTED:
            counts["rejected"] += 1
            rejections.setdefault(
                op.op_id,
                {
                    "op_id": op.op_id,
                    "entity": op.entity,
                    "record_id": op.record_id,
                    "reason": str(result.get("reason") or "服务器拒绝了这条修改"),
                    "fields": op.fields,
                    "reported_at": now,
                    "acknowledged": False,
                },
            )
            if op.op == wire.OpKind.DELETE and entity is not None:
                # The county keeps it (it has acted on it): show it again, with the reason.
                restore.setdefault(entity, []).append(op.record_id)
    session.flush()
    conn = session.connection()
    for entity, stamped in versions.items():
        stamp_server_versions(conn, entity, stamped)
        _expire_loaded(session, entity, [record_id for record_id, _version in stamped])
    if conflicts:
        conn.execute(insert(cast(Table, SyncConflict.__table__)), conflicts)
    if rejections:
        known = set(
            conn.execute(
                select(SyncRejection.op_id).where(SyncRejection.op_id.in_(list(rejections)))
            ).scalars()
        )
        fresh = [row for op_id, row in rejections.items() if op_id not in known]
        if fresh:
            conn.execute(insert(cast(Table, SyncRejection.__table__)), fresh)
    for entity, ids in restore.items():
        restore_records(conn, entity, ids)
        _expire_loaded(session, entity, ids)
    remove_sent_ops(conn, [op.device_seq for op in ops])
    return counts


# --- pulled changes -------------------------------------------------------------------------


def apply_changes(session: Session, changes: Sequence[dict[str, Any]]) -> int:
    """Apply one pulled page. Returns how many records changed locally.

    A record that cannot be applied (it points at a record this PC does not have, holds a
    value this PC cannot store, is of a kind or has a field only a newer program knows) is
    held in ``sync_held`` with its reason and the rest applies (:func:`_screen`,
    :func:`_apply_guarded`); held records waiting for one of the records just applied are
    tried again at once, and all of them on every round (:func:`retry_held`)."""
    session.flush()
    # A page may bring a child before its parent (and the records it points at after it).
    defer_foreign_keys(session)
    conn = session.connection()
    ready, held = _screen(conn, changes)
    changed, failed = _apply_guarded(session, ready)
    if failed:
        held += failed
        failing = {id(h.change) for h in failed}
        ready = [c for c in ready if id(c) not in failing]
    if held or _holding(conn):
        _note_holds(conn, ready, held)
        if ready:
            changed += _retry(session, waiting_for=[c["id"] for c in ready])
    return changed


def _apply_ready(session: Session, changes: Sequence[dict[str, Any]]) -> int:
    """Apply changes that passed :func:`_screen`, in bulk."""
    conn = session.connection()
    pending, pending_deletes = _pending_ops(conn, [c["id"] for c in changes])
    by_entity: dict[type[SyncedMixin], list[dict[str, Any]]] = {}
    for change in changes:
        entity = SYNCED_ENTITIES.get(change["entity"])
        if entity is not None:
            by_entity.setdefault(entity, []).append(change)
    stamp = utcnow()
    changed = 0
    for entity, entity_changes in by_entity.items():
        page = _EntityPage(conn, entity, stamp)
        changed += page.apply(entity_changes, pending, pending_deletes)
        _expire_loaded(session, entity, page.updated)
    return changed


# --- records held back -----------------------------------------------------------------------

# Why a pulled record is held (sync_held.kind): it points at a record this PC does not have
# yet; it is of a kind, or has a field, that only a newer program knows; a value in it cannot
# be stored here.
HELD_WAITING = "waiting"
HELD_NEWER = "newer"
HELD_BAD = "bad_value"


@dataclass
class _Held:
    change: dict[str, Any]
    kind: str
    reason: str
    waiting_for: str | None = None


_FOREIGN_KEYS: dict[type[SyncedMixin], tuple[tuple[str, type[SyncedMixin]], ...]] = {}


def _foreign_keys(entity: type[SyncedMixin]) -> tuple[tuple[str, type[SyncedMixin]], ...]:
    """The entity's columns that must name a record of another table: (key, its entity)."""
    found = _FOREIGN_KEYS.get(entity)
    if found is None:
        by_table = {cast(Table, inspect(e).local_table).name: e for e in SYNCED_ENTITIES.values()}
        found = _FOREIGN_KEYS[entity] = tuple(
            (column.key, by_table[key.column.table.name])
            for column in _table(entity).columns
            for key in column.foreign_keys
            if key.column.table.name in by_table
        )
    return found


def _screen(
    conn: Connection, changes: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[_Held]]:
    """The changes that can be applied, and those held: an unknown kind of record or field,
    a malformed change, or a reference to a record this PC neither has nor gets on this page
    (nor would, because that one is held too)."""
    ready: list[dict[str, Any]] = []
    held: list[_Held] = []
    for change in changes:
        name = change.get("entity")
        entity = SYNCED_ENTITIES.get(name) if isinstance(name, str) else None
        fields = change.get("fields")
        if entity is None:
            held.append(
                _Held(
                    change,
                    HELD_NEWER,
                    f"本机的程序不认识县中心发来的“{name}”类记录，请更新联络员工作台",
                )
            )
        elif not (
            isinstance(change.get("id"), str)
            and type(change.get("version")) is int
            and isinstance(fields, dict)
        ):
            held.append(_Held(change, HELD_BAD, "县中心发来的这条记录不完整"))
        elif not fields.keys() <= _known_fields(entity):
            unknown = "、".join(sorted(set(fields) - _known_fields(entity)))
            held.append(
                _Held(
                    change,
                    HELD_NEWER,
                    f"本机的程序不认识县中心发来的字段“{unknown}”，请更新联络员工作台",
                )
            )
        else:
            ready.append(change)
    if ready:
        ready, waiting = _missing_references(conn, ready)
        held += waiting
    return ready, held


_KNOWN_FIELDS: dict[type[SyncedMixin], frozenset[str]] = {}


def _known_fields(entity: type[SyncedMixin]) -> frozenset[str]:
    found = _KNOWN_FIELDS.get(entity)
    if found is None:
        spec = wire.ENTITIES[entity.SYNC_ENTITY]
        found = _KNOWN_FIELDS[entity] = frozenset(spec.village_fields) | frozenset(
            spec.county_fields
        )
    return found


def _missing_references(
    conn: Connection, changes: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[_Held]]:
    """Split off the changes that point at a record this PC does not have and this page
    does not bring (or brings only in a change held itself)."""
    on_page: dict[type[SyncedMixin], set[str]] = {}
    for change in changes:
        on_page.setdefault(SYNCED_ENTITIES[change["entity"]], set()).add(change["id"])
    wanted: dict[type[SyncedMixin], set[str]] = {}
    for change in changes:
        fields = change["fields"]
        for key, parent in _foreign_keys(SYNCED_ENTITIES[change["entity"]]):
            value = fields.get(key)
            if isinstance(value, str) and value not in on_page.get(parent, ()):
                wanted.setdefault(parent, set()).add(value)
    missing: set[tuple[type[SyncedMixin], str]] = set()
    for parent, ids in wanted.items():
        table = _table(parent).name
        have: set[str] = set()
        for chunk in chunks(ids):
            have.update(
                row[0]
                for row in conn.exec_driver_sql(
                    f"SELECT id FROM {table} WHERE id IN ({marks(len(chunk))})", tuple(chunk)
                )
            )
        missing.update((parent, i) for i in ids - have)
    if not missing:
        return changes, []
    # A change pointing at a missing record is held; so is one pointing at a held change.
    held: dict[int, _Held] = {}
    while True:
        before = len(held)
        for change in changes:
            if id(change) in held:
                continue
            entity = SYNCED_ENTITIES[change["entity"]]
            for key, parent in _foreign_keys(entity):
                value = change["fields"].get(key)
                if (parent, value) in missing:
                    held[id(change)] = _Held(
                        change,
                        HELD_WAITING,
                        f"它的“{field_label(change['entity'], key)}”"
                        f"（{entity_label(parent.SYNC_ENTITY)}）还没有从县中心收到",
                        waiting_for=str(value),
                    )
                    missing.add((entity, change["id"]))
                    break
        if len(held) == before:
            break
    return [c for c in changes if id(c) not in held], list(held.values())


def _apply_guarded(session: Session, changes: list[dict[str, Any]]) -> tuple[int, list[_Held]]:
    """Apply the changes in bulk; if that fails, one by one, holding those that fail (each
    in a savepoint of its own, so a failed one leaves nothing behind)."""
    if not changes:
        return 0, []
    conn = session.connection()
    conn.exec_driver_sql("SAVEPOINT pulled_page")
    try:
        changed = _apply_ready(session, changes)
    except Exception:
        log.warning("a pulled page failed to apply in bulk; applying it record by record")
        conn.exec_driver_sql("ROLLBACK TO pulled_page")
    else:
        conn.exec_driver_sql("RELEASE pulled_page")
        return changed, []
    changed, held = 0, []
    for change in changes:
        problem = _value_problem(change)
        if problem is not None:
            held.append(_Held(change, HELD_BAD, problem))
            continue
        conn.exec_driver_sql("SAVEPOINT pulled_record")
        try:
            changed += _apply_ready(session, [change])
        except Exception as error:
            conn.exec_driver_sql("ROLLBACK TO pulled_record")
            log.warning("held pulled %s %s", change["entity"], change["id"], exc_info=True)
            held.append(_Held(change, HELD_BAD, _failure_text(change, error)))
        conn.exec_driver_sql("RELEASE pulled_record")
    conn.exec_driver_sql("RELEASE pulled_page")
    return changed, held


def _value_problem(change: dict[str, Any]) -> str | None:
    """What is wrong with a field of ``change`` by its wire type, in words (None: nothing)."""
    spec = wire.ENTITIES[change["entity"]]
    kinds = {**spec.village_fields, **spec.county_fields}
    for key, value in change["fields"].items():
        try:
            wire.check_value(kinds[key], value)
        except wire.FieldTypeError as error:
            return f"县中心发来的“{field_label(change['entity'], key)}”{error}"
    return None


def _failure_text(change: dict[str, Any], error: Exception) -> str:
    text = str(getattr(error, "orig", error))
    column = text.rsplit(".", 1)[-1].strip()
    if "NOT NULL constraint failed:" in text:
        return f"县中心发来的这条记录缺少“{field_label(change['entity'], column)}”"
    if "UNIQUE constraint failed:" in text:
        return (
            f"县中心发来的这条记录的“{field_label(change['entity'], column)}”"
            "与本机已有的另一条记录相同"
        )
    return f"县中心发来的这条记录本机无法保存（{type(error).__name__}）"


def _holding(conn: Connection) -> bool:
    return conn.exec_driver_sql(f"SELECT 1 FROM {_HELD.name} LIMIT 1").first() is not None


_HELD = cast(Table, SyncHeld.__table__)


def _note_holds(conn: Connection, applied: list[dict[str, Any]], held: list[_Held]) -> None:
    """Keep ``held`` in ``sync_held`` (the newest copy of each record, counting the tries),
    and forget what was held of the records just ``applied``."""
    now = utcnow()
    for change in applied:
        conn.execute(
            delete(_HELD).where(
                _HELD.c.entity == change["entity"],
                _HELD.c.record_id == change["id"],
                _HELD.c.version <= change["version"],
            )
        )
    for item in held:
        change = item.change
        entity, record_id = str(change.get("entity")), str(change.get("id"))
        version = change.get("version") if type(change.get("version")) is int else 0
        found = conn.execute(
            select(_HELD.c.version, _HELD.c.attempts).where(
                _HELD.c.entity == entity, _HELD.c.record_id == record_id
            )
        ).first()
        values = {
            "change": change,
            "kind": item.kind,
            "reason": item.reason,
            "waiting_for": item.waiting_for,
            "last_tried_at": now,
        }
        if found is None:
            log.warning("holding pulled %s %s: %s", entity, record_id, item.reason)
            conn.execute(
                insert(_HELD).values(
                    entity=entity,
                    record_id=record_id,
                    version=version,
                    held_at=now,
                    attempts=1,
                    **values,
                )
            )
        elif found.version <= version:
            conn.execute(
                update(_HELD)
                .where(_HELD.c.entity == entity, _HELD.c.record_id == record_id)
                .values(version=version, attempts=found.attempts + 1, **values)
            )


def retry_held(session: Session) -> int:
    """Try every held record again (each sync round does); returns how many records
    changed locally."""
    session.flush()
    conn = session.connection()
    if not _holding(conn):
        return 0
    defer_foreign_keys(session)
    return _retry(session, waiting_for=None)


def _retry(session: Session, waiting_for: list[str] | None) -> int:
    """Apply again the held records (all, or those waiting for one of ``waiting_for``)."""
    conn = session.connection()
    if waiting_for is None:
        rows = list(conn.execute(select(_HELD.c.change)).scalars())
    else:
        rows = []
        for chunk in chunks(waiting_for):
            rows += conn.execute(
                select(_HELD.c.change).where(_HELD.c.waiting_for.in_(chunk))
            ).scalars()
    if not rows:
        return 0
    return apply_changes(session, rows)


def _pending_ops(conn: Connection, ids: Iterable[str]) -> tuple[dict[str, set[str]], set[str]]:
    """For the records ``ids``: the fields of their unsent outbox ops, and which of them have
    an unsent delete."""
    pending: dict[str, set[str]] = {}
    pending_deletes: set[str] = set()
    outbox = cast(Table, OutboxOp.__table__)
    if conn.exec_driver_sql(f"SELECT 1 FROM {outbox.name} LIMIT 1").first() is None:
        return pending, pending_deletes  # nothing unsent (the usual case after a push)
    read_fields = reader_of(outbox.c.fields, conn.dialect)
    for chunk in chunks(ids):
        for record_id, kind, fields in conn.exec_driver_sql(
            f"SELECT record_id, op, fields FROM {outbox.name} "
            f"WHERE record_id IN ({marks(len(chunk))})",
            tuple(chunk),
        ):
            pending.setdefault(record_id, set()).update(
                read_fields(fields) if read_fields is not None else fields
            )
            if kind == wire.OpKind.DELETE:
                pending_deletes.add(record_id)
    return pending, pending_deletes


class _EntityPage:
    """The changes of one page to one entity's records, applied in bulk: which change wins is
    decided here, the rows are read and written by :class:`StoredRows`."""

    def __init__(self, conn: Connection, entity: type[SyncedMixin], stamp: dt.datetime) -> None:
        self.rows = StoredRows(conn, entity, stamp)
        self.plan = self.rows.plan
        self.stamp = self.rows.stamp
        self.updated: list[str] = []  # ids of records that existed and changed

    def apply(
        self,
        changes: Sequence[dict[str, Any]],
        pending: dict[str, set[str]],
        pending_deletes: set[str],
    ) -> int:
        rows = self.rows.load(c["id"] for c in changes)
        # The first copy of each record not stored yet is built with the others, column by
        # column; everything else (changes to stored records, a later copy of a record in the
        # same page) is merged one by one, in page order, after them. Changes to different
        # records do not depend on each other, and each record's copies keep their order.
        fresh: dict[str, dict[str, Any]] = {}
        merge: list[dict[str, Any]] = []
        for change in changes:
            record_id = change["id"]
            if record_id in rows or record_id in fresh:
                merge.append(change)
            else:
                fresh[record_id] = change
        new_rows = self.rows.rows_from_wire(list(fresh.values()))
        rows.update(zip(fresh, new_rows, strict=True))
        dirty: dict[str, set[int]] = {}  # stored records: the positions that changed
        changed = len(new_rows)
        for change in merge:
            columns = self._merge(rows[change["id"]], change, pending, pending_deletes)
            if columns:
                changed += 1
                if change["id"] not in fresh:
                    dirty.setdefault(change["id"], set()).update(columns)
        if new_rows:
            self.rows.insert(new_rows)
        if dirty:
            self.rows.update(rows, dirty)
            self.updated = list(dirty)
        return changed

    def _merge(
        self,
        row: list[Any],
        change: dict[str, Any],
        pending: dict[str, set[str]],
        pending_deletes: set[str],
    ) -> set[int]:
        """Apply ``change`` to the stored ``row`` (in place); returns the positions changed."""
        plan = self.plan
        version_pos, deleted_pos = plan.version_pos, plan.deleted_pos
        record_id = change["id"]
        version = change["version"]
        # Equal versions are applied too: a push answer sets ``server_version`` to the version
        # the push produced, which may include changes by others (a county dispatch, another
        # PC's edit) that this client has not seen yet. Only an older copy is skipped.
        current = row[version_pos]
        if current is not None and current > version:
            return set()
        # Village edits not yet pushed win locally; they reach the county with the next push.
        keep = pending.get(record_id, ())
        wire_fields = plan.wire
        read = plan.read
        columns: set[int] = set()
        for key, value in change["fields"].items():
            target = wire_fields.get(key)
            if target is None or key in keep:
                continue
            pos, convert = target
            if convert is not None:
                value = convert(value)
            stored = row[pos]
            if stored != value:
                reader = read[pos]
                if (
                    reader is None
                    or stored is None
                    or value is None
                    or reader(stored) != reader(value)
                ):
                    row[pos] = value
                    columns.add(pos)
        if current != version:
            row[version_pos] = version
            columns.add(version_pos)
        if change["deleted"] and row[deleted_pos] is None:
            row[deleted_pos] = self.stamp
            columns.add(deleted_pos)
        elif (
            not change["deleted"]
            and row[deleted_pos] is not None
            and record_id not in pending_deletes
        ):
            row[deleted_pos] = None
            columns.add(deleted_pos)
        return columns
