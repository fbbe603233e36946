"""Applying the server's answers locally: push results and pulled changes.

Both run inside one local transaction together with their bookkeeping (outbox rows removed,
pull cursor stored), so a crash at any point leaves either the old state (and the round is
simply repeated: the server answers ``duplicate``, pulled changes are applied again) or the
new one. These writes bypass the write path on purpose: they come *from* the county and must
not be pushed back.

Both work in bulk, never with one ORM object per record. A pulled page is applied with plain
SQL over values in their stored form (see :class:`_PullPlan`): one query per entity loads the
page's records that exist already, new ones are inserted and changed ones updated with one
``executemany`` each. The ORM's flush hooks do not see these writes, so the derived pinyin
columns and the full-text index of demands and contacts are kept here, with the functions of
:mod:`desktop.models.search`.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Protocol, cast

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Table,
    delete,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models import search
from desktop.models.base import SYNC_BOOKKEEPING, SyncedMixin, UtcDateTime, new_uuid, utcnow
from desktop.models.connection import driver_connection
from desktop.models.db import defer_foreign_keys
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.labels import entity_label, field_label
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncHeld, SyncRejection
from desktop.models.writes import stored_form

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _TableInfo:
    """What the push answers' bulk writes need to know about one entity's table."""

    table: Table
    # Demands and contacts: the FTS table.
    fts: str | None


_INFO: dict[type[SyncedMixin], _TableInfo] = {}


def _info(entity: type[SyncedMixin]) -> _TableInfo:
    if entity not in _INFO:
        _INFO[entity] = _TableInfo(
            table=cast(Table, inspect(entity).local_table), fts=search.SEARCH_TABLES.get(entity)
        )
    return _INFO[entity]


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
    # Per entity: (server_version, id, server_version) of the records to stamp.
    versions: dict[type[SyncedMixin], list[tuple[int, str, int]]] = {}
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
                versions.setdefault(entity, []).append((version, op.record_id, version))
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
    raw = driver_connection(conn)
    for entity, params in versions.items():
        raw.executemany(_version_sql(entity, conn.dialect), params)
        _expire_loaded(session, entity, [p[1] for p in params])
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
    outbox = _outbox_names(conn.dialect)
    seqs = [op.device_seq for op in ops]
    for start in range(0, len(seqs), _IN_CHUNK):
        chunk = seqs[start : start + _IN_CHUNK]
        raw.execute(f"DELETE FROM {outbox[0]} WHERE {outbox[1]} IN ({_marks(len(chunk))})", chunk)
    return counts


_VERSION_SQL: dict[tuple[type[SyncedMixin], str], str] = {}
_OUTBOX_NAMES: dict[str, tuple[str, str]] = {}


def _version_sql(entity: type[SyncedMixin], dialect: Dialect) -> str:
    """Set a record's ``server_version`` from a push answer, never backwards (a pull may
    already have brought a newer version); parameters (version, id, version). Plain SQL on
    the driver connection: SQLAlchemy's executemany costs more than the UPDATE itself."""
    key = (entity, dialect.name)
    sql = _VERSION_SQL.get(key)
    if sql is None:
        table = _info(entity).table
        preparer = dialect.identifier_preparer
        version = preparer.format_column(table.c.server_version)
        sql = _VERSION_SQL[key] = (
            f"UPDATE {preparer.format_table(table)} SET {version} = ? "
            f"WHERE {preparer.format_column(table.c.id)} = ? AND coalesce({version}, 0) < ?"
        )
    return sql


def _outbox_names(dialect: Dialect) -> tuple[str, str]:
    """The outbox table's and its ``device_seq`` column's names, quoted for ``dialect``."""
    names = _OUTBOX_NAMES.get(dialect.name)
    if names is None:
        table = cast(Table, OutboxOp.__table__)
        preparer = dialect.identifier_preparer
        names = _OUTBOX_NAMES[dialect.name] = (
            preparer.format_table(table),
            preparer.format_column(table.c.device_seq),
        )
    return names


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
    document = search.DOCUMENTS[entity]
    search.write_documents(conn, info.fts, [(row["search_rowid"], document(row)) for row in rows])


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
        page = _EntityPage(conn, _pull_plan(entity, conn.dialect), stamp)
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
            for column in _info(entity).table.columns
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
        table = _info(parent).table.name
        have: set[str] = set()
        for chunk in _chunks(ids):
            have.update(
                row[0]
                for row in conn.exec_driver_sql(
                    f"SELECT id FROM {table} WHERE id IN ({_marks(len(chunk))})", tuple(chunk)
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
        for chunk in _chunks(waiting_for):
            rows += conn.execute(
                select(_HELD.c.change).where(_HELD.c.waiting_for.in_(chunk))
            ).scalars()
    if not rows:
        return 0
    return apply_changes(session, rows)


_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit of bound parameters


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    distinct = list(dict.fromkeys(ids))
    for start in range(0, len(distinct), _IN_CHUNK):
        yield distinct[start : start + _IN_CHUNK]


def _pending_ops(conn: Connection, ids: Iterable[str]) -> tuple[dict[str, set[str]], set[str]]:
    """For the records ``ids``: the fields of their unsent outbox ops, and which of them have
    an unsent delete."""
    pending: dict[str, set[str]] = {}
    pending_deletes: set[str] = set()
    outbox = cast(Table, OutboxOp.__table__)
    if conn.exec_driver_sql(f"SELECT 1 FROM {outbox.name} LIMIT 1").first() is None:
        return pending, pending_deletes  # nothing unsent (the usual case after a push)
    read_fields = _reader(outbox.c.fields, conn.dialect)
    for chunk in _chunks(ids):
        for record_id, kind, fields in conn.exec_driver_sql(
            f"SELECT record_id, op, fields FROM {outbox.name} "
            f"WHERE record_id IN ({_marks(len(chunk))})",
            tuple(chunk),
        ):
            pending.setdefault(record_id, set()).update(
                read_fields(fields) if read_fields is not None else fields
            )
            if kind == wire.OpKind.DELETE:
                pending_deletes.add(record_id)
    return pending, pending_deletes


Convert = Callable[[Any], Any]
_UNSET: Any = object()  # a new row's column whose default is made per row


def _reader(column: Column[Any], dialect: Dialect) -> Convert | None:
    """The column type's result processor: a stored value -> its Python value."""
    return cast(Convert | None, column.type.dialect_impl(dialect).result_processor(dialect, None))


def _then(first: Convert, second: Convert | None) -> Convert:
    """``first``, then ``second``; None stays None (a wire null of a date or an instant)."""
    if second is None:
        return lambda value: None if value is None else first(value)
    return lambda value: None if value is None else second(first(value))


def _getter(positions: Sequence[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The values at ``positions`` of a row, as a tuple (``itemgetter`` of one position gives
    the value itself, and of none is an error)."""
    if len(positions) > 1:
        return cast(Callable[[list[Any]], tuple[Any, ...]], operator.itemgetter(*positions))
    if positions:
        only = positions[0]
        return lambda row: (row[only],)
    return lambda row: ()


def _keeping_none(convert: Convert) -> Convert:
    """``convert``, or where it turns None into something else, a None-keeping wrapper."""
    if convert(None) is None:
        return convert
    return lambda value: None if value is None else convert(value)


def _default_maker(make: Callable[[Any], Any], writer: Convert | None) -> Callable[[], Any]:
    """A column's callable default (SQLAlchemy passes it a context; it needs none here), in
    stored form."""
    if writer is None:
        return lambda: make(None)
    return lambda: writer(make(None))


def _parse_utc(value: Any) -> Any:
    return wire.parse_utc(value)


def _parse_date(value: Any) -> Any:
    return dt.date.fromisoformat(value)


def _instant_text(value: Any) -> Any:
    """A wire instant straight to SQLite's stored text (naive UTC with microseconds)."""
    if value is None:
        return None
    return wire.parse_utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")


def _date_text(value: Any) -> Any:
    return None if value is None else dt.date.fromisoformat(value).isoformat()


_SAMPLE_INSTANTS: tuple[str, ...] = (
    "2026-11-29T06:25:00Z",
    "2026-11-29T14:25:00.5+08:00",
    "1999-12-31T23:59:59.999999-05:00",
    "0987-01-02T03:04:05.000001Z",
)
_SAMPLE_DATES: tuple[str, ...] = ("2026-11-29", "1940-02-29", "0987-01-02")


def _stored_reader(column: Column[Any], dialect: Dialect) -> Convert | None:
    """How a stored value of ``column`` reads back (None: as it is): the type's result
    processor; for instants a direct parse first, where it reads the samples alike (a text
    it cannot take, or one with an offset, still goes to the result processor)."""
    reader = _reader(column, dialect)
    writer = stored_form(column, dialect)
    if reader is None or writer is None or not isinstance(column.type, UtcDateTime):
        return reader
    slow = reader

    def read(value: Any) -> Any:
        try:
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return slow(value)
        return slow(value) if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)

    stored = [writer(wire.parse_utc(sample)) for sample in _SAMPLE_INSTANTS]
    if all(read(text) == slow(text) for text in stored):
        return read
    return reader


def _from_wire(column: Column[Any], writer: Convert | None) -> Convert | None:
    """How a wire value of ``column`` becomes its stored form (None: stored as sent).

    Instants and dates travel as ISO text; they are parsed and go through the type's bind
    processor. Where a direct formatting gives the very same text for a set of samples (so
    for the storage format of the dialect in use), it is used instead: it costs a third.
    """
    if isinstance(column.type, UtcDateTime):
        composed, direct, samples = _then(_parse_utc, writer), _instant_text, _SAMPLE_INSTANTS
    elif isinstance(column.type, Date):
        composed, direct, samples = _then(_parse_date, writer), _date_text, _SAMPLE_DATES
    else:
        return writer
    if all(direct(sample) == composed(sample) for sample in samples):
        return direct
    return composed


class _Fields:
    """Reads some columns of a stored row as a dict of Python values, as the search functions
    take them (text columns are stored as they are: then it is one ``itemgetter`` call)."""

    def __init__(self, fields: Sequence[tuple[str, int, Convert | None]]) -> None:
        self.keys = tuple(key for key, _pos, _read in fields)
        self.values = _getter([pos for _key, pos, _read in fields])
        self.readers = tuple(read for _key, _pos, read in fields)
        self.plain = not any(self.readers)

    def __call__(self, row: list[Any]) -> dict[str, Any]:
        values = self.values(row)
        if self.plain:
            return dict(zip(self.keys, values, strict=True))
        return {
            key: value if read is None or value is None else read(value)
            for key, value, read in zip(self.keys, values, self.readers, strict=True)
        }


@dataclass(frozen=True)
class _PullPlan:
    """How pulled records of one entity are written, worked out once per table and dialect.

    A row is a list of *stored* values in the table's column order: each value as its column
    type's bind processor turns it into what the database holds (naive UTC text for instants,
    ISO dates, JSON text, 0/1), the processors SQLAlchemy itself applies, so the stored values
    are exactly those of a Core or ORM write. Stored records are read and compared with the
    page in that form, and written with ``executemany`` of plain tuples: no per-row dicts,
    parameter processing or result processing in SQLAlchemy, which cost more than the SQL.
    """

    entity: type[SyncedMixin]
    table: str  # quoted for SQL
    names: tuple[str, ...]  # column keys, in the order of every row list
    sql_names: tuple[str, ...]  # the same, quoted for SQL
    # Per wire field: its position, and how a wire value becomes the stored value (None: it is
    # stored as sent). Bookkeeping columns are not set from the wire; fields this client does
    # not know (a newer server) are ignored, not fatal.
    wire: dict[str, tuple[int, Convert | None]]
    # Positions where a sent None is stored as given (JSON null), not replaced by the default.
    evaluates_none: frozenset[int]
    # A new row's stored defaults; ``_UNSET`` where ``makers`` makes the default per row.
    template: tuple[Any, ...]
    makers: dict[int, Callable[[], Any]]
    # Per position, how a stored value reads back (None: as it is). Different stored values
    # that read back equal (an instant with or without microseconds, JSON objects with their
    # keys in another order) are the same value, as for the ORM: no change.
    read: tuple[Convert | None, ...]
    to_stored_instant: Convert  # an aware UTC instant -> its stored form (``deleted_at``)
    id_pos: int
    version_pos: int
    deleted_pos: int
    stamped: tuple[int, ...]  # created_at, updated_at: when this PC stored the record
    # Demands and contacts: their FTS table, the positions their document (with
    # ``deleted_at``: tombstones are not in the index) and their pinyin columns depend on, the
    # columns the search functions read, and the derived pinyin columns.
    fts: str | None
    document_pos: frozenset[int]
    derived_source_pos: frozenset[int]
    document_fields: _Fields
    derived_fields: _Fields
    rowid_fields: _Fields
    derived_targets: dict[str, tuple[int, Convert | None]]
    search_rowid_pos: int
    server_defaults: frozenset[int]  # columns the database fills when an INSERT omits them
    insert_sql: dict[tuple[int, ...], str] = field(default_factory=dict)
    update_sql: dict[tuple[int, ...], str] = field(default_factory=dict)

    def select_sql(self, n: int) -> str:
        return (
            f"SELECT {', '.join(self.sql_names)} FROM {self.table} "
            f"WHERE {self.sql_names[self.id_pos]} IN ({_marks(n)})"
        )

    def insert_statement(self, positions: tuple[int, ...]) -> str:
        """``INSERT`` of the columns at ``positions`` (cached); the others are stored NULL."""
        sql = self.insert_sql.get(positions)
        if sql is None:
            sql = self.insert_sql[positions] = (
                f"INSERT INTO {self.table} "
                f"({', '.join(self.sql_names[p] for p in positions)}) "
                f"VALUES ({_marks(len(positions))})"
            )
        return sql

    def update_statement(self, positions: tuple[int, ...]) -> str:
        """``UPDATE … SET`` the columns at ``positions`` ``WHERE id = ?`` (cached)."""
        sql = self.update_sql.get(positions)
        if sql is None:
            assignments = ", ".join(f"{self.sql_names[p]} = ?" for p in positions)
            sql = self.update_sql[positions] = (
                f"UPDATE {self.table} SET {assignments} WHERE {self.sql_names[self.id_pos]} = ?"
            )
        return sql


_PLANS: dict[tuple[type[SyncedMixin], str], _PullPlan] = {}


def _pull_plan(entity: type[SyncedMixin], dialect: Dialect) -> _PullPlan:
    plan = _PLANS.get((entity, dialect.name))
    if plan is None:
        plan = _PLANS[(entity, dialect.name)] = _make_pull_plan(entity, dialect)
    return plan


def _make_pull_plan(entity: type[SyncedMixin], dialect: Dialect) -> _PullPlan:
    if dialect.paramstyle != "qmark":
        raise NotImplementedError(
            f"pulled pages are written with qmark SQL, not {dialect.paramstyle}"
        )
    table = cast(Table, inspect(entity).local_table)
    columns = list(table.columns)
    names = tuple(c.key for c in columns)
    position = {name: pos for pos, name in enumerate(names)}
    preparer = dialect.identifier_preparer
    writers = [stored_form(c, dialect) for c in columns]
    wire_fields: dict[str, tuple[int, Convert | None]] = {}
    template: list[Any] = []
    calls: list[tuple[int, Callable[[], Any]]] = []
    for pos, column in enumerate(columns):
        writer = writers[pos]
        if column.key not in SYNC_BOOKKEEPING:
            convert = _from_wire(column, writer)
            if convert is not None and not column.type.should_evaluate_none:
                # Rows are built on the rule that a None stays None (see _new_rows).
                convert = _keeping_none(convert)
            wire_fields[column.key] = (pos, convert)
        # As the ORM would store ``entity(**values)``: the Python-side default, else None.
        default = cast(Any, column.default)
        if default is not None and default.is_callable:
            template.append(_UNSET)
            calls.append((pos, _default_maker(default.arg, writer)))
        else:
            value = default.arg if default is not None and default.is_scalar else None
            template.append(value if writer is None else writer(value))
    stamped = (position["created_at"], position["updated_at"])
    fts = search.SEARCH_TABLES.get(entity)
    readers = tuple(_stored_reader(c, dialect) for c in columns)

    def fields(keys: Iterable[str]) -> _Fields:
        return _Fields([(k, position[k], readers[position[k]]) for k in sorted(keys)])

    document_columns = search.DOCUMENT_COLUMNS.get(entity, frozenset())
    derived_sources = search.DERIVED_SOURCES.get(entity, frozenset())
    derived = search.DERIVED_COLUMNS.get(entity, frozenset())
    return _PullPlan(
        entity=entity,
        table=preparer.format_table(table),
        names=names,
        sql_names=tuple(preparer.format_column(c) for c in columns),
        wire=wire_fields,
        evaluates_none=frozenset(
            pos for pos, c in enumerate(columns) if c.type.should_evaluate_none
        ),
        template=tuple(template),
        makers=dict(calls),
        read=readers,
        to_stored_instant=cast(Convert, writers[position["deleted_at"]]),
        id_pos=position["id"],
        version_pos=position["server_version"],
        deleted_pos=position["deleted_at"],
        stamped=stamped,
        fts=fts,
        document_pos=frozenset(position[k] for k in document_columns),
        derived_source_pos=frozenset(position[k] for k in derived_sources),
        document_fields=fields(document_columns - {"deleted_at"}),
        derived_fields=fields(derived_sources),
        rowid_fields=fields(search.ROWID_SOURCES.get(entity, ())),
        derived_targets={k: (position[k], writers[position[k]]) for k in derived},
        search_rowid_pos=position["search_rowid"] if fts else -1,
        server_defaults=frozenset(
            pos for pos, c in enumerate(columns) if c.server_default is not None
        ),
    )


class _EntityPage:
    """The changes of one page to one entity's records, applied in bulk."""

    def __init__(self, conn: Connection, plan: _PullPlan, stamp: dt.datetime) -> None:
        self.conn = conn
        self.plan = plan
        self.stamp = plan.to_stored_instant(stamp)
        self.updated: list[str] = []  # ids of records that existed and changed

    def _load(self, ids: Iterable[str]) -> dict[str, list[Any]]:
        """The stored rows of those of ``ids`` that exist."""
        plan = self.plan
        rows: dict[str, list[Any]] = {}
        for chunk in _chunks(ids):
            for row in self.conn.exec_driver_sql(plan.select_sql(len(chunk)), tuple(chunk)):
                rows[row[plan.id_pos]] = list(row)
        return rows

    def apply(
        self,
        changes: Sequence[dict[str, Any]],
        pending: dict[str, set[str]],
        pending_deletes: set[str],
    ) -> int:
        rows = self._load(c["id"] for c in changes)
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
        new_rows = self._new_rows(list(fresh.values()))
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
            self._insert(new_rows)
        if dirty:
            self._update(rows, dirty)
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

    def _new_rows(self, changes: list[dict[str, Any]]) -> list[list[Any]]:
        """Complete stored rows for new records, as the ORM would store
        ``entity(**fields)`` with id, version and tombstone set: a None leaves the column to
        its default (except where None itself is stored, JSON).

        Built column by column: a comprehension per column costs a fraction of a Python
        loop over every field of every record.
        """
        if not changes:
            return []
        plan = self.plan
        n = len(changes)
        fields = [change["fields"] for change in changes]
        absent = repeat(_UNSET, n)
        columns: list[list[Any]] = []
        for pos, key in enumerate(plan.names):
            default = plan.template[pos]
            convert = plan.wire[key][1] if key in plan.wire else None
            if pos == plan.id_pos:
                column = [change["id"] for change in changes]
            elif pos == plan.version_pos:
                column = [change["version"] for change in changes]
            elif pos == plan.deleted_pos:
                column = [self.stamp if change["deleted"] else None for change in changes]
            elif pos in plan.stamped:
                column = [self.stamp] * n
            elif key not in plan.wire:
                column = [default] * n
            elif pos in plan.evaluates_none:  # a None is stored; only a missing field defaults
                make = plan.makers.get(pos)
                column = [
                    (default if make is None else make())
                    if v is _UNSET
                    else v
                    if convert is None
                    else convert(v)
                    for v in map(dict.get, fields, repeat(key, n), absent)
                ]
            else:
                # Converters and bind processors keep None as None; a None (or missing)
                # field then takes the default.
                values = map(dict.get, fields, repeat(key, n))
                column = list(values if convert is None else map(convert, values))
                if default is _UNSET:
                    make = plan.makers[pos]
                    column = [make() if v is None else v for v in column]
                elif default is not None:
                    column = [default if v is None else v for v in column]
            columns.append(column)
        return [list(row) for row in zip(*columns, strict=True)]

    def _derive(self, row: list[Any]) -> set[int]:
        """Fill the derived pinyin columns of ``row``; returns the positions that changed."""
        plan = self.plan
        changed: set[int] = set()
        derived = search.fill_derived(plan.entity, plan.derived_fields(row))
        for key, value in derived.items():
            pos, writer = plan.derived_targets[key]
            if writer is not None and value is not None:
                value = writer(value)
            if row[pos] != value:
                row[pos] = value
                changed.add(pos)
        return changed

    def _insert(self, fresh: list[list[Any]]) -> None:
        """Insert new records; demands and contacts get their pinyin columns, search rowids
        and index entries (tombstones none)."""
        plan, conn = self.plan, self.conn
        if plan.fts is not None:
            for row in fresh:
                self._derive(row)
            keyed = [plan.rowid_fields(row) for row in fresh]
            search.assign_search_rowids(conn, cast(Any, plan.entity), keyed)
            for row, assigned in zip(fresh, keyed, strict=True):
                row[plan.search_rowid_pos] = assigned["search_rowid"]
        # A column that is NULL in every row is left out of the INSERT, so it is stored NULL
        # all the same (unless it has a server-side default): the driver adapts each None
        # parameter with a costly protocol lookup, and a page has many (a demand not
        # dispatched yet has ten).
        nulls = [column.count(None) for column in zip(*fresh, strict=True)]
        positions = tuple(
            p for p, count in enumerate(nulls) if count < len(fresh) or p in plan.server_defaults
        )
        values = _getter(positions)
        conn.exec_driver_sql(plan.insert_statement(positions), [values(row) for row in fresh])
        if plan.fts is not None:
            # New search rowids have no entry yet: nothing to replace.
            search.insert_documents(conn, plan.fts, self._documents(fresh))

    def _update(self, rows: dict[str, list[Any]], dirty: dict[str, set[int]]) -> None:
        """Write the changed columns of existing records, one ``executemany`` per set of
        changed columns; rows whose name changed get new pinyin, those whose document changed
        a new index entry (tombstones leave the index)."""
        plan, conn = self.plan, self.conn
        groups: dict[tuple[int, ...], list[tuple[Any, ...]]] = {}
        reindex: list[list[Any]] = []
        for record_id, columns in dirty.items():
            row = rows[record_id]
            if plan.fts is not None:
                if columns & plan.derived_source_pos:
                    columns |= self._derive(row)
                if columns & plan.document_pos:
                    reindex.append(row)
            group = tuple(sorted(columns))
            groups.setdefault(group, []).append((*[row[pos] for pos in group], record_id))
        for group, params in groups.items():
            conn.exec_driver_sql(plan.update_statement(group), params)
        if plan.fts is not None and reindex:
            search.delete_documents(
                conn,
                plan.fts,
                [
                    row[plan.search_rowid_pos]
                    for row in reindex
                    if row[plan.deleted_pos] is not None
                ],
            )
            search.write_documents(conn, plan.fts, self._documents(reindex))
        self.updated = list(dirty)

    def _documents(self, rows: Iterable[list[Any]]) -> list[tuple[int, dict[str, str]]]:
        """The index entries of those of ``rows`` that are not tombstones."""
        plan = self.plan
        document = search.DOCUMENTS[plan.entity]
        return [
            (row[plan.search_rowid_pos], document(plan.document_fields(row)))
            for row in rows
            if row[plan.deleted_pos] is None
        ]
