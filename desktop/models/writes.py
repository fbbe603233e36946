"""The one write path for synced records.

Every create, update and delete of a synced record goes through :class:`WritePath`, which
writes exactly one outbox op in the same transaction as the change: changed fields only, with
the server version the change was based on. The UI, the importers and the demo generator all
use it; the sync client applies the county's changes through its own path, which writes no
ops (those changes come *from* the server).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Column, Connection, Table, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models.base import SYNC_BOOKKEEPING, SyncedMixin, new_uuid, utcnow
from desktop.models.connection import driver_connection
from desktop.models.sync_tables import OutboxOp

T = TypeVar("T", bound=SyncedMixin)


def wire_value(value: Any) -> Any:
    """A column value as it travels in JSON (UTC instants with ``Z``, ISO dates)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [wire_value(v) for v in value]
    return value


_VILLAGE_FIELDS: dict[type[SyncedMixin], list[str]] = {}
_COLUMN_DEFAULTS: dict[type[SyncedMixin], tuple[tuple[str, Any, bool], ...]] = {}


def village_fields(entity: type[SyncedMixin]) -> list[str]:
    """Columns the village sends for ``entity``: not bookkeeping, derived or county-owned."""
    if entity not in _VILLAGE_FIELDS:
        derived: frozenset[str] = getattr(entity, "DERIVED_FIELDS", frozenset())
        excluded = SYNC_BOOKKEEPING | derived | entity.COUNTY_FIELDS
        _VILLAGE_FIELDS[entity] = [
            c.key for c in inspect(entity).column_attrs if c.key not in excluded
        ]
    return _VILLAGE_FIELDS[entity]


def _column_defaults(entity: type[SyncedMixin]) -> tuple[tuple[str, Any, bool], ...]:
    """(column, default, is it callable) of every column with a Python-side default."""
    if entity not in _COLUMN_DEFAULTS:
        _COLUMN_DEFAULTS[entity] = tuple(
            (column.key, column.default.arg, bool(column.default.is_callable))
            for column in inspect(entity).columns
            if column.default is not None
            and (column.default.is_scalar or column.default.is_callable)
        )
    return _COLUMN_DEFAULTS[entity]


def _default_value(arg: Any, is_callable: bool) -> Any:
    return arg(None) if is_callable else arg


def _apply_column_defaults(entity: type[SyncedMixin], row: dict[str, Any]) -> None:
    """Fill the Python-side column defaults a bulk ``row`` leaves out, so the create op
    carries the values the INSERT stores rather than None."""
    for key, arg, is_callable in _column_defaults(entity):
        if key not in row:
            row[key] = _default_value(arg, is_callable)


def stored_form(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's bind processor, as SQLAlchemy itself binds it: a Python value -> its
    stored form (None: stored as is)."""
    return cast(
        "Callable[[Any], Any] | None", column.type.dialect_impl(dialect).bind_processor(dialect)
    )


class RowInserter:
    """A plain ``INSERT`` of whole rows into one table, compiled once.

    Bulk and single-row creates go through here instead of the ORM's unit of work, which costs
    several times the SQL itself for a record as wide as a demand. Each value passes through
    its column type's own bind processor (aware datetimes to naive UTC, dates, JSON, booleans),
    so the stored values are exactly those an ORM INSERT stores; a column a row leaves out is
    stored as NULL (defaults are the caller's job, see :func:`_apply_column_defaults`). An
    autoincrement key (the outbox's ``device_seq``) is left to the database.
    """

    def __init__(self, table: Table, dialect: Dialect) -> None:
        auto = table.autoincrement_column
        columns = [c for c in table.columns if c is not auto]
        preparer = dialect.identifier_preparer
        if dialect.paramstyle != "qmark":
            raise NotImplementedError(
                f"RowInserter needs qmark parameters, not {dialect.paramstyle}"
            )
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            preparer.format_table(table),
            ", ".join(preparer.format_column(c) for c in columns),
            ", ".join("?" for _ in columns),
        )
        self.fields = [
            (c.key, stored_form(c, dialect))
            for c in columns
        ]

    def params(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        get = row.get
        return tuple(
            get(key) if process is None else process(get(key)) for key, process in self.fields
        )

    def insert(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if len(rows) == 1:
            driver_connection(conn).execute(self.sql, self.params(rows[0]))
        elif rows:
            driver_connection(conn).executemany(self.sql, [self.params(row) for row in rows])


_INSERTERS: dict[tuple[str, str], RowInserter] = {}


def row_inserter(conn: Connection, table: Table) -> RowInserter:
    """The compiled :class:`RowInserter` of ``table`` for ``conn``'s dialect (cached)."""
    key = (table.name, conn.dialect.name)
    inserter = _INSERTERS.get(key)
    if inserter is None:
        inserter = _INSERTERS[key] = RowInserter(table, conn.dialect)
    return inserter


class CountyFieldError(ValueError):
    """A village-side write tried to change a field the county owns (a programming error)."""


class WritePath:
    """Creates, updates and deletes synced records in ``session``, one outbox op each.

    Nothing is flushed here: a user action's records and ops reach the database together at
    the next query (autoflush) or at commit, in one round of statements.

    ``clock`` is injectable for tests; it only stamps records for display, never orders sync.
    """

    def __init__(self, session: Session, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.session = session
        self.clock = clock

    def _record_op(
        self, obj: SyncedMixin, op: str, fields: Mapping[str, Any], base_version: int | None
    ) -> OutboxOp:
        entry = OutboxOp(
            op_id=new_uuid(),
            entity=obj.SYNC_ENTITY,
            record_id=obj.id,
            op=op,
            fields={k: wire_value(v) for k, v in fields.items()},
            base_version=base_version,
            created_at=self.clock(),
        )
        self.session.add(entry)
        return entry

    def create(self, obj: T) -> T:
        """Add a new record; the op carries every village-owned field."""
        now = self.clock()
        if obj.id is None:
            obj.id = new_uuid()
        obj.created_at = obj.updated_at = now
        # Column defaults ("", [], False …) are set now rather than by the INSERT, so the op
        # carries the values really stored instead of the unset attributes' None.
        for key, arg, is_callable in _column_defaults(type(obj)):
            if getattr(obj, key) is None:
                setattr(obj, key, _default_value(arg, is_callable))
        self.session.add(obj)
        fields = {name: getattr(obj, name) for name in village_fields(type(obj))}
        self._record_op(obj, "create", fields, None)
        return obj

    def update(self, obj: T, **changes: Any) -> set[str]:
        """Apply ``changes``; the op carries only the fields whose value really changed.

        Returns the changed field names (empty: nothing changed and no op was written).
        """
        allowed = set(village_fields(type(obj)))
        forbidden = set(changes) - allowed
        if forbidden:
            raise CountyFieldError(
                f"{obj.SYNC_ENTITY}: fields not writable by the village: {sorted(forbidden)}"
            )
        if obj.deleted_at is not None:
            raise ValueError(f"{obj.SYNC_ENTITY} {obj.id} is deleted")
        changed = {k: v for k, v in changes.items() if getattr(obj, k) != v}
        if not changed:
            return set()
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.updated_at = self.clock()
        self._record_op(obj, "update", changed, obj.server_version)
        return set(changed)

    def delete(self, obj: SyncedMixin) -> None:
        """Tombstone the record (``deleted_at``); it stays in the database and in the feed."""
        if obj.deleted_at is not None:
            return
        now = self.clock()
        obj.deleted_at = obj.updated_at = now
        self._record_op(obj, "delete", {}, obj.server_version)

    def create_many(
        self, entity: type[SyncedMixin], rows: list[dict[str, Any]], *, from_server: bool = False
    ) -> None:
        """Insert many new records at once (imports, the demo generator).

        Same effect as :meth:`create` per row, in bulk: one create op per record, and the
        search index entries for demands and contacts. ``from_server=True`` marks rows as the
        county's (``server_version`` 1, no ops), e.g. a demo station that has synced before.
        """
        self.create_groups([(entity, rows)], from_server=from_server)

    def create_groups(
        self,
        groups: list[tuple[type[SyncedMixin], list[dict[str, Any]]]],
        *,
        from_server: bool = False,
    ) -> None:
        """:meth:`create_many` for rows of several entities (in order: parents first), with
        their ops in one statement, e.g. a demand and its first timeline event."""
        from desktop.models import search

        # Pending single creates go first, so their search rowids are taken before ours.
        self.session.flush()
        now = self.clock()
        conn = self.session.connection()
        ops: list[dict[str, Any]] = []
        for entity, rows in groups:
            if not rows:
                continue
            table = search.SEARCH_TABLES.get(entity)
            for row in rows:
                if "id" not in row:
                    row["id"] = new_uuid()
                row.setdefault("created_at", now)
                row.setdefault("updated_at", now)
                _apply_column_defaults(entity, row)
                if from_server:
                    row.setdefault("server_version", 1)
                if table:
                    search.fill_derived(entity, row)
            if table:
                search.assign_search_rowids(conn, entity, rows)  # type: ignore[arg-type]
            row_inserter(conn, entity.__table__).insert(conn, rows)  # type: ignore[attr-defined]
            if table:
                document = search.DOCUMENTS[entity]
                search.insert_documents(
                    conn,
                    table,
                    [(r["search_rowid"], document(r)) for r in rows if r.get("deleted_at") is None],
                )
            if not from_server:
                names = village_fields(entity)
                ops.extend(
                    {
                        "op_id": new_uuid(),
                        "entity": entity.SYNC_ENTITY,
                        "record_id": r["id"],
                        "op": "create",
                        "fields": {n: wire_value(r.get(n)) for n in names},
                        "base_version": None,
                        "created_at": now,
                        "attempts": 0,
                        "last_error": "",
                    }
                    for r in rows
                )
        row_inserter(conn, OutboxOp.__table__).insert(conn, ops)  # type: ignore[arg-type]
