"""Plain-SQL writes of synced records and the outbox, the one place that issues them.

Every INSERT, UPDATE and DELETE on a synced table or the outbox that does not go through the
ORM's unit of work is in this package (a test checks), most of it here: a save's and an import's bulk creates
(:func:`insert_records`), a pulled page (:class:`StoredRows`), push answers
(:func:`stamp_server_versions`, :func:`remove_sent_ops`, :func:`restore_records`), the demand
number counter and a resync's outbox. Each keeps what depends on a row in step with it: the
stored form of every column (:mod:`desktop.models.rows.stored`), the derived pinyin columns,
the search documents and their rowids (:mod:`desktop.models.rows.index`), and for a village
write one outbox op per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any, cast

from sqlalchemy import Connection, Table, inspect, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models import search
from desktop.models.activity import ServiceRecord, Team, Volunteer
from desktop.models.base import SyncedMixin, UtcDateTime, new_uuid
from desktop.models.rows import index
from desktop.models.rows.driver import driver_connection
from desktop.models.rows.stored import (
    IN_CHUNK,
    UNSET,
    RowPlan,
    apply_column_defaults,
    chunks,
    getter,
    marks,
    python_form,
    row_plan,
    village_fields,
    wire_value,
)
from desktop.models.sync_tables import OutboxOp


class RowInserter:
    """A plain ``INSERT`` of whole rows into one table, compiled once.

    Bulk and single-row creates go through here instead of the ORM's unit of work, which costs
    several times the SQL itself for a record as wide as a demand. Each value passes through
    its column's :func:`~desktop.models.rows.stored.python_form`, so the stored values are
    exactly those an ORM INSERT stores; a column a row leaves out is stored as NULL (defaults
    are the caller's job, see :func:`~desktop.models.rows.stored.apply_column_defaults`). An
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
        self.table = table
        self.names = [c.name for c in columns]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            preparer.format_table(table),
            ", ".join(preparer.format_column(c) for c in columns),
            ", ".join("?" for _ in columns),
        )
        self.fields = [(c.key, python_form(c, dialect)) for c in columns]
        self.instants = frozenset(c.key for c in columns if isinstance(c.type, UtcDateTime))

    def params(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        get = row.get
        return tuple(
            get(key) if process is None else process(get(key)) for key, process in self.fields
        )

    def columns(
        self, rows: Sequence[Mapping[str, Any]], texts: dict[int, Any] | None = None
    ) -> list[list[Any]]:
        """:meth:`params` of many rows, column by column (a comprehension per column costs a
        fraction of a loop over every value). ``texts`` may hold the stored text of instants
        met before, by ``id`` (valid while the rows keep those objects alive): a row's
        timestamps are often one object, converted once."""
        cache: dict[int, Any] = {} if texts is None else texts
        out: list[list[Any]] = []
        for key, process in self.fields:
            values = [row.get(key) for row in rows]
            if process is None:
                pass
            elif key in self.instants:
                values = [
                    None if v is None else cache.get(id(v)) or cache.setdefault(id(v), process(v))
                    for v in values
                ]
            else:
                values = [process(v) for v in values]
            out.append(values)
        return out

    def insert(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if len(rows) == 1:
            driver_connection(conn).execute(self.sql, self.params(rows[0]))
        elif rows:
            driver_connection(conn).executemany(self.sql, [self.params(row) for row in rows])


_INSERTERS: dict[tuple[str, str], RowInserter] = {}


def row_inserter(dialect: Dialect, table: Table) -> RowInserter:
    """The compiled :class:`RowInserter` of ``table`` for ``dialect`` (cached)."""
    key = (table.name, dialect.name)
    inserter = _INSERTERS.get(key)
    if inserter is None:
        inserter = _INSERTERS[key] = RowInserter(table, dialect)
    return inserter


_OUTBOX = cast(Table, OutboxOp.__table__)


def insert_records(
    session: Session,
    groups: Sequence[tuple[type[SyncedMixin], list[dict[str, Any]]]],
    now: dt.datetime,
    *,
    from_server: bool = False,
) -> None:
    """Insert new records of several entities (in order: parents first), one create op each
    (all in one statement), as :meth:`WritePath.create` would store them: ids, timestamps,
    the Python-side column defaults, derived pinyin columns, search rowids and documents.
    ``from_server=True`` marks rows as the county's (``server_version`` 1, no ops). The rows
    are completed in place."""
    # Pending single creates go first, so their search rowids are taken before ours.
    session.flush()
    conn = session.connection()
    ops: list[dict[str, Any]] = []
    for entity, rows in groups:
        if not rows:
            continue
        table = search.SEARCH_TABLES.get(entity)
        derived = bool(search.DERIVED_COLUMNS.get(entity))
        for row in rows:
            if "id" not in row:
                row["id"] = new_uuid()
            row.setdefault("created_at", now)
            row.setdefault("updated_at", now)
            apply_column_defaults(entity, row)
            if from_server:
                row.setdefault("server_version", 1)
            if derived:
                search.fill_derived(entity, row)
        if table:
            index.assign_search_rowids(conn, entity, rows)
        row_inserter(conn.dialect, cast(Table, inspect(entity).local_table)).insert(conn, rows)
        if table:
            index.insert_documents(conn, table, index.document_entries(conn, entity, rows))
        if entity is ServiceRecord:
            index.reindex_served(conn, activity_ids=[r["activity_id"] for r in rows])
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
    insert_ops(conn, ops)


def insert_ops(conn: Connection, ops: list[dict[str, Any]]) -> None:
    """Add outbox ops (whole rows; ``device_seq`` is the database's)."""
    row_inserter(conn.dialect, _OUTBOX).insert(conn, ops)


def remove_sent_ops(conn: Connection, device_seqs: Sequence[int]) -> None:
    """Drop the outbox ops the county has answered."""
    raw = driver_connection(conn)
    table, seq = _outbox_names(conn.dialect)
    for start in range(0, len(device_seqs), IN_CHUNK):
        chunk = device_seqs[start : start + IN_CHUNK]
        raw.execute(f"DELETE FROM {table} WHERE {seq} IN ({marks(len(chunk))})", chunk)


def clear_outbox(session: Session) -> None:
    """Empty the outbox (a resync queues everything again, in its own order); the session
    forgets the ops it had loaded."""
    session.flush()
    conn = session.connection()
    driver_connection(conn).execute(f"DELETE FROM {_outbox_names(conn.dialect)[0]}")
    for obj in list(session.identity_map.values()):
        if isinstance(obj, OutboxOp):
            session.expunge(obj)


_OUTBOX_NAMES: dict[str, tuple[str, str]] = {}


def _outbox_names(dialect: Dialect) -> tuple[str, str]:
    """The outbox table's and its ``device_seq`` column's names, quoted for ``dialect``."""
    names = _OUTBOX_NAMES.get(dialect.name)
    if names is None:
        preparer = dialect.identifier_preparer
        names = _OUTBOX_NAMES[dialect.name] = (
            preparer.format_table(_OUTBOX),
            preparer.format_column(_OUTBOX.c.device_seq),
        )
    return names


_VERSION_SQL: dict[tuple[type[SyncedMixin], str], str] = {}


def stamp_server_versions(
    conn: Connection, entity: type[SyncedMixin], versions: Iterable[tuple[str, int]]
) -> None:
    """Set records' ``server_version`` from push answers ``(id, version)``, never backwards
    (a pull may already have brought a newer version). Plain SQL on the driver connection:
    SQLAlchemy's executemany costs more than the UPDATE itself."""
    key = (entity, conn.dialect.name)
    sql = _VERSION_SQL.get(key)
    if sql is None:
        table = cast(Table, inspect(entity).local_table)
        preparer = conn.dialect.identifier_preparer
        version = preparer.format_column(table.c.server_version)
        sql = _VERSION_SQL[key] = (
            f"UPDATE {preparer.format_table(table)} SET {version} = ? "
            f"WHERE {preparer.format_column(table.c.id)} = ? AND coalesce({version}, 0) < ?"
        )
    driver_connection(conn).executemany(
        sql, [(version, record_id, version) for record_id, version in versions]
    )


def restore_records(conn: Connection, entity: type[SyncedMixin], ids: Sequence[str]) -> None:
    """Un-tombstone the records ``ids`` (those that are tombstones), index entries included."""
    table = cast(Table, inspect(entity).local_table)
    fts = search.SEARCH_TABLES.get(entity)
    tombstones = table.c.id.in_(list(ids)), table.c.deleted_at.is_not(None)
    if fts is None:
        conn.execute(update(table).where(*tombstones).values(deleted_at=None))
        return
    rows = [dict(row) for row in conn.execute(select(table).where(*tombstones)).mappings()]
    if not rows:
        return
    conn.execute(
        update(table).where(table.c.id.in_([row["id"] for row in rows])).values(deleted_at=None)
    )
    index.write_documents(conn, fts, index.document_entries(conn, entity, rows))


# One statement moves the day's counter forward and returns the new sequence. A counter row is
# never behind the numbers already stored (e.g. demands from another PC of the station that
# arrived from the county): the range (not LIKE) lets the unique index on the number answer.
_NEXT_NUMBER_SQL = """
INSERT INTO demand_number_counter (day, last_seq)
VALUES (?1, 1 + coalesce((SELECT CAST(substr(max(d.number), ?4) AS INTEGER) FROM demand AS d
                           WHERE d.number BETWEEN ?2 AND ?3), 0))
ON CONFLICT (day) DO UPDATE
   SET last_seq = max(demand_number_counter.last_seq + 1, excluded.last_seq)
RETURNING last_seq
"""


def take_demand_sequence(session: Session, day_key: str, prefix: str) -> int:
    """Move the counter of ``day_key`` (``YYYYMMDD``) forward and return its new sequence,
    never behind the stored numbers ``prefix`` + four digits."""
    session.flush()  # raw SQL skips autoflush
    (seq,) = (
        driver_connection(session.connection())
        .execute(_NEXT_NUMBER_SQL, (day_key, prefix, prefix + "9999", len(prefix) + 1))
        .fetchone()
    )
    return int(seq)


def raise_demand_counters(session: Session, last_seqs: Mapping[str, int]) -> None:
    """Move day counters (``YYYYMMDD`` -> the last sequence used) forward to at least the
    given values (demands written in bulk with their numbers)."""
    if last_seqs:
        session.flush()
        driver_connection(session.connection()).executemany(
            "INSERT INTO demand_number_counter (day, last_seq) VALUES (?, ?) "
            "ON CONFLICT (day) DO UPDATE "
            "SET last_seq = max(demand_number_counter.last_seq, excluded.last_seq)",
            sorted(last_seqs.items()),
        )


class StoredRows:
    """One entity's rows in their stored form (:class:`RowPlan`), loaded, made from pulled
    records, inserted and updated in bulk, with their pinyin columns and index entries."""

    def __init__(self, conn: Connection, entity: type[SyncedMixin], stamp: dt.datetime) -> None:
        self.conn = conn
        self.plan: RowPlan = row_plan(entity, conn.dialect)
        # When this PC stored the rows (created_at, updated_at; deleted_at of a tombstone).
        self.stamp = self.plan.to_stored_instant(stamp)

    def load(self, ids: Iterable[str]) -> dict[str, list[Any]]:
        """The stored rows of those of ``ids`` that exist."""
        plan = self.plan
        rows: dict[str, list[Any]] = {}
        for chunk in chunks(ids):
            for row in self.conn.exec_driver_sql(plan.select_sql(len(chunk)), tuple(chunk)):
                rows[row[plan.id_pos]] = list(row)
        return rows

    def rows_from_wire(self, changes: list[dict[str, Any]]) -> list[list[Any]]:
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
        absent = repeat(UNSET, n)
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
                    if v is UNSET
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
                if default is UNSET:
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

    def insert(self, fresh: list[list[Any]]) -> None:
        """Insert new records with their derived pinyin columns; those of an indexed kind
        (demands, contacts, activities) get search rowids and index entries (tombstones none)."""
        plan, conn = self.plan, self.conn
        if plan.derived_targets:
            for row in fresh:
                self._derive(row)
        if plan.fts is not None:
            keyed = [plan.rowid_fields(row) for row in fresh]
            index.assign_search_rowids(conn, cast(Any, plan.entity), keyed)
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
        values = getter(positions)
        conn.exec_driver_sql(plan.insert_statement(positions), [values(row) for row in fresh])
        if plan.fts is not None:
            # New search rowids have no entry yet: nothing to replace.
            index.insert_documents(conn, plan.fts, self._documents(fresh))
        self._dependents(fresh, None)

    def update(self, rows: dict[str, list[Any]], dirty: dict[str, set[int]]) -> None:
        """Write the changed columns of existing records, one ``executemany`` per set of
        changed columns; rows whose name changed get new pinyin, those whose document changed
        a new index entry (tombstones leave the index)."""
        plan, conn = self.plan, self.conn
        groups: dict[tuple[int, ...], list[tuple[Any, ...]]] = {}
        reindex: list[list[Any]] = []
        moved: list[int] = []  # old rowids of records whose time moved
        for record_id, columns in dirty.items():
            row = rows[record_id]
            if columns & plan.derived_source_pos:
                columns |= self._derive(row)
            if columns & plan.rowid_source_pos and row[plan.search_rowid_pos] is not None:
                # An activity's start moved: a new rowid keeps the index in the list's order.
                moved.append(row[plan.search_rowid_pos])
                keyed = [plan.rowid_fields(row)]
                index.assign_search_rowids(conn, cast(Any, plan.entity), keyed)
                row[plan.search_rowid_pos] = keyed[0]["search_rowid"]
                columns |= {plan.search_rowid_pos, *plan.document_pos}
            if plan.fts is not None and columns & plan.document_pos:
                reindex.append(row)
            group = tuple(sorted(columns))
            groups.setdefault(group, []).append((*[row[pos] for pos in group], record_id))
        for group, params in groups.items():
            conn.exec_driver_sql(plan.update_statement(group), params)
        if plan.fts is not None and reindex:
            index.delete_documents(
                conn,
                plan.fts,
                [
                    *moved,
                    *(
                        row[plan.search_rowid_pos]
                        for row in reindex
                        if row[plan.deleted_pos] is not None
                    ),
                ],
            )
            index.write_documents(conn, plan.fts, self._documents(reindex))
        self._dependents([rows[record_id] for record_id in dirty], dirty)

    def _documents(self, rows: Iterable[list[Any]]) -> list[tuple[int, dict[str, str]]]:
        """The index entries of those of ``rows`` that are not tombstones."""
        plan = self.plan
        return index.document_entries(
            self.conn,
            plan.entity,
            [
                {
                    **plan.document_fields(row),
                    "search_rowid": row[plan.search_rowid_pos],
                    "deleted_at": row[plan.deleted_pos],
                }
                for row in rows
            ],
        )

    def _dependents(self, rows: list[list[Any]], dirty: dict[str, set[int]] | None) -> None:
        """Activities whose index entry holds what changed here (``dirty`` None: the rows are
        new): a service record's volunteer, a volunteer's or a team's name."""
        plan = self.plan
        if plan.entity is ServiceRecord:
            at = plan.names.index("activity_id")
            index.reindex_served(self.conn, activity_ids=[row[at] for row in rows])
        elif plan.entity in (Volunteer, Team):
            # New ones too: a page may bring an activity before its team or volunteers.
            name = plan.names.index("name")
            touched = [
                row[plan.id_pos]
                for row in rows
                if dirty is None or name in dirty[row[plan.id_pos]]
            ]
            if touched:
                key = "volunteer_ids" if plan.entity is Volunteer else "team_ids"
                index.reindex_served(self.conn, **{key: touched})
