"""Applying the server's answers locally: push results and pulled changes.

Both run inside one local transaction together with their bookkeeping (outbox rows removed,
pull cursor stored), so a crash at any point leaves either the old state (and the round is
simply repeated: the server answers ``duplicate``, pulled changes are applied again) or the
new one. These writes bypass the write path on purpose: they come *from* the county and must
not be pushed back.

Both work in bulk, with Core statements rather than one ORM object per record: a page's
records are loaded with one query per entity, new ones inserted and changed ones updated with
one ``executemany`` each. The ORM's flush hooks do not see these writes, so the derived
pinyin columns and the full-text index of demands and contacts are kept here, with the
functions of :mod:`desktop.models.search`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, cast

from sqlalchemy import (
    Connection,
    Date,
    Table,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models import search
from desktop.models.base import SYNC_BOOKKEEPING, SyncedMixin, UtcDateTime, new_uuid, utcnow
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncRejection


def _same(value: Any) -> Any:
    return value


def _utc(value: Any) -> Any:
    return None if value is None else wire.parse_utc(value)


def _date(value: Any) -> Any:
    return None if value is None else dt.date.fromisoformat(value)


@cache
def _converters(entity: Any) -> dict[str, Callable[[Any], Any]]:
    """Per column, how a wire value becomes a Python value (identity for most)."""
    result: dict[str, Callable[[Any], Any]] = {}
    for column in inspect(entity).columns:
        if column.key in SYNC_BOOKKEEPING:
            continue
        if isinstance(column.type, UtcDateTime):
            result[column.key] = _utc
        elif isinstance(column.type, Date):
            result[column.key] = _date
        else:
            result[column.key] = _same
    return result


@cache
def _wire_plan(entity: Any) -> tuple[frozenset[str], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """The columns a wire record may set, and those whose values need converting."""
    convert = _converters(entity)
    return frozenset(convert), tuple((k, c) for k, c in convert.items() if c is not _same)


def _from_wire(entity: Any, fields: dict[str, Any]) -> dict[str, Any]:
    known, special = _wire_plan(entity)
    if known.issuperset(fields):
        result = dict(fields)
    else:
        # Fields this client does not know (a newer server) are ignored, not fatal.
        result = {k: v for k, v in fields.items() if k in known}
    for key, convert in special:
        if key in result:
            result[key] = convert(result[key])
    return result


@dataclass(frozen=True)
class _TableInfo:
    """What the bulk writes need to know about one entity's table."""

    table: Table
    # (column, default, is it callable) of every column: its Python-side default, else None.
    defaults: tuple[tuple[str, Any, bool], ...]
    # Columns where an explicit None is stored as given (JSON null), not replaced by the default.
    evaluates_none: frozenset[str]
    # Demands and contacts: the FTS table, the columns their document is built from (with
    # ``deleted_at``: tombstones are not in the index) and those the pinyin columns come from.
    fts: str | None
    document_columns: frozenset[str]
    derived_sources: frozenset[str]


_INFO: dict[type[SyncedMixin], _TableInfo] = {}


def _info(entity: type[SyncedMixin]) -> _TableInfo:
    if entity not in _INFO:
        _INFO[entity] = _table_info(entity)
    return _INFO[entity]


def _table_info(entity: type[SyncedMixin]) -> _TableInfo:
    table = cast(Table, inspect(entity).local_table)
    defaults: list[tuple[str, Any, bool]] = []
    for column in table.columns:
        default = cast(Any, column.default)
        if default is not None and (default.is_scalar or default.is_callable):
            defaults.append((column.key, default.arg, bool(default.is_callable)))
        else:
            defaults.append((column.key, None, False))
    return _TableInfo(
        table=table,
        defaults=tuple(defaults),
        evaluates_none=frozenset(c.key for c in table.columns if c.type.should_evaluate_none),
        fts=search.SEARCH_TABLES.get(entity),
        document_columns=search.DOCUMENT_COLUMNS.get(entity, frozenset()),
        derived_sources=search.DERIVED_SOURCES.get(entity, frozenset()),
    )


def _new_row(info: _TableInfo, values: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    """A complete row for an INSERT, as the ORM would store ``entity(**values)`` with the
    ``fixed`` attributes set: a None leaves the column to its default (except where None
    itself is stored, JSON)."""
    row = {k: v for k, v in values.items() if v is not None or k in info.evaluates_none}
    row.update(fixed)
    for key, arg, is_callable in info.defaults:
        if key not in row:
            row[key] = arg(None) if is_callable else arg
    return row


def _write_index(
    conn: Connection, entity: type[SyncedMixin], rows: Sequence[dict[str, Any]]
) -> None:
    """Bring the full-text index entries of ``rows`` (complete rows) up to date: tombstones
    leave the index, live rows get their document (re)written."""
    table = search.SEARCH_TABLES[entity]
    gone = [{"rowid": row["search_rowid"]} for row in rows if row["deleted_at"] is not None]
    if gone:
        conn.execute(text(f"DELETE FROM {table} WHERE rowid = :rowid"), gone)
    document = search.DOCUMENTS[entity]
    search.write_documents(
        conn,
        table,
        [(row["search_rowid"], document(row)) for row in rows if row["deleted_at"] is None],
    )


def _expire_loaded(session: Session, entity: type[SyncedMixin], ids: Sequence[str]) -> None:
    """Objects of this session that the Core writes made stale are reloaded on next access."""
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
    counts = {"applied": 0, "duplicate": 0, "conflicts": 0, "rejected": 0}
    now = utcnow()
    versions: dict[type[SyncedMixin], list[dict[str, Any]]] = {}
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
                versions.setdefault(entity, []).append({"b_id": op.record_id, "b_version": version})
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
    for entity, params in versions.items():
        table = _info(entity).table
        # Never backwards: a pull may already have brought a newer version.
        conn.execute(
            update(table)
            .where(
                table.c.id == bindparam("b_id"),
                func.coalesce(table.c.server_version, 0) < bindparam("b_version"),
            )
            .values(server_version=bindparam("b_version")),
            params,
        )
        _expire_loaded(session, entity, [p["b_id"] for p in params])
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
        _restore(conn, entity, ids)
        _expire_loaded(session, entity, ids)
    conn.execute(delete(OutboxOp).where(OutboxOp.device_seq.in_([op.device_seq for op in ops])))
    return counts


def _restore(conn: Connection, entity: type[SyncedMixin], ids: Sequence[str]) -> None:
    """Un-tombstone the records ``ids`` (those that are tombstones), index entries included."""
    info = _info(entity)
    table = info.table
    tombstones = table.c.id.in_(list(ids)), table.c.deleted_at.is_not(None)
    if info.fts is None:
        conn.execute(update(table).where(*tombstones).values(deleted_at=None))
        return
    rows = [dict(row) for row in conn.execute(select(table).where(*tombstones)).mappings()]
    if not rows:
        return
    conn.execute(
        update(table).where(table.c.id.in_([row["id"] for row in rows])).values(deleted_at=None)
    )
    for row in rows:
        row["deleted_at"] = None
    _write_index(conn, entity, rows)


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
    by_entity: dict[type[SyncedMixin], list[dict[str, Any]]] = {}
    for change in changes:
        entity = SYNCED_ENTITIES.get(change["entity"])
        if entity is not None:
            by_entity.setdefault(entity, []).append(change)
    session.flush()
    conn = session.connection()
    now = utcnow()
    changed = 0
    for entity, entity_changes in by_entity.items():
        changed += _apply_entity_changes(
            session, conn, entity, entity_changes, pending, pending_deletes, now
        )
    return changed


def _apply_entity_changes(
    session: Session,
    conn: Connection,
    entity: type[SyncedMixin],
    changes: Sequence[dict[str, Any]],
    pending: dict[str, set[str]],
    pending_deletes: set[str],
    now: dt.datetime,
) -> int:
    info = _info(entity)
    table = info.table
    rows: dict[str, dict[str, Any]] = {
        row["id"]: dict(row)
        for row in conn.execute(
            select(table).where(table.c.id.in_(list({c["id"] for c in changes})))
        ).mappings()
    }
    new_ids: dict[str, None] = {}  # ordered set
    dirty: dict[str, set[str]] = {}  # existing records: the columns that changed
    changed = 0
    for change in changes:
        record_id = change["id"]
        version = change["version"]
        values = _from_wire(entity, change["fields"])
        row = rows.get(record_id)
        if row is None:
            row = _new_row(
                info,
                values,
                id=record_id,
                server_version=version,
                deleted_at=now if change["deleted"] else None,
            )
            rows[record_id] = row
            new_ids[record_id] = None
            changed += 1
            continue
        # Equal versions are applied too: a push answer sets ``server_version`` to the version
        # the push produced, which may include changes by others (a county dispatch, another
        # PC's edit) that this client has not seen yet. Only an older copy is skipped.
        current = row["server_version"]
        if current is not None and current > version:
            continue
        # Village edits not yet pushed win locally; they reach the county with the next push.
        keep = pending.get(record_id, ())
        columns: set[str] = set()
        for key, value in values.items():
            if key not in keep and row[key] != value:
                row[key] = value
                columns.add(key)
        if current != version:
            row["server_version"] = version
            columns.add("server_version")
        if change["deleted"] and row["deleted_at"] is None:
            row["deleted_at"] = now
            columns.add("deleted_at")
        elif (
            not change["deleted"]
            and row["deleted_at"] is not None
            and record_id not in pending_deletes
        ):
            row["deleted_at"] = None
            columns.add("deleted_at")
        if columns:
            changed += 1
            if record_id not in new_ids:
                dirty.setdefault(record_id, set()).update(columns)

    indexed = info.fts is not None
    if new_ids:
        fresh = [rows[record_id] for record_id in new_ids]
        if indexed:
            for row in fresh:
                search.fill_derived(entity, row)
            search.assign_search_rowids(conn, entity, fresh)  # type: ignore[arg-type]
        conn.execute(insert(table), fresh)
        if indexed:
            document = search.DOCUMENTS[entity]
            search.write_documents(
                conn,
                cast(str, info.fts),
                [
                    (row["search_rowid"], document(row))
                    for row in fresh
                    if row["deleted_at"] is None
                ],
            )
    if dirty:
        reindex: list[dict[str, Any]] = []
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record_id, columns in dirty.items():
            row = rows[record_id]
            if indexed:
                if columns & info.derived_sources:
                    before = dict(row)
                    derived = search.fill_derived(entity, row)
                    columns.update(k for k, v in derived.items() if before[k] != v)
                if columns & info.document_columns:
                    reindex.append(row)
            group = tuple(sorted(columns))
            groups.setdefault(group, []).append({"b_id": record_id, **{c: row[c] for c in group}})
        for params in groups.values():
            # SET comes from the parameters' keys: one statement per set of changed columns.
            conn.execute(update(table).where(table.c.id == bindparam("b_id")), params)
        if reindex:
            _write_index(conn, entity, reindex)
        _expire_loaded(session, entity, list(dirty))
    return changed
