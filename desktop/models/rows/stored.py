"""The stored form of rows: how a value of each column is kept in the database.

A row here is a list of *stored* values in the table's column order: each value as its column
type's bind processor turns it into what the database holds (naive UTC text for instants, ISO
dates, JSON text, 0/1), the processors SQLAlchemy itself applies, so the stored values are
exactly those of a Core or ORM write. A :class:`RowPlan` (one per table and dialect) knows
each column's conversions from a wire value (a pulled record, used by
:meth:`~desktop.models.rows.write.StoredRows.rows_from_wire`) and back (:attr:`RowPlan.read`);
:func:`python_form` is a column's conversion from a Python value (a save, an import, the demo:
:class:`~desktop.models.rows.write.RowInserter`). Where a direct formatting gives the very same text as the type's
processors for a set of samples (so for the storage format of the dialect in use), it is used
instead: it costs a third.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Column, Date, Table, inspect
from sqlalchemy.engine import Dialect

import liaison_wire as wire
from desktop.models import search
from desktop.models.base import SYNC_BOOKKEEPING, SyncedMixin, UtcDateTime


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


def column_defaults(entity: type[SyncedMixin]) -> tuple[tuple[str, Any, bool], ...]:
    """(column, default, is it callable) of every column with a Python-side default."""
    if entity not in _COLUMN_DEFAULTS:
        _COLUMN_DEFAULTS[entity] = tuple(
            (column.key, column.default.arg, bool(column.default.is_callable))
            for column in inspect(entity).columns
            if column.default is not None
            and (column.default.is_scalar or column.default.is_callable)
        )
    return _COLUMN_DEFAULTS[entity]


def default_value(arg: Any, is_callable: bool) -> Any:
    return arg(None) if is_callable else arg


def apply_column_defaults(entity: type[SyncedMixin], row: dict[str, Any]) -> None:
    """Fill the Python-side column defaults a bulk ``row`` leaves out, so the create op
    carries the values the INSERT stores rather than None."""
    for key, arg, is_callable in column_defaults(entity):
        if key not in row:
            row[key] = default_value(arg, is_callable)


def stored_form(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's bind processor, as SQLAlchemy itself binds it: a Python value -> its
    stored form (None: stored as is)."""
    return cast(
        "Callable[[Any], Any] | None", column.type.dialect_impl(dialect).bind_processor(dialect)
    )


IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit of bound parameters


def marks(n: int) -> str:
    return ", ".join("?" * n)


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    distinct = list(dict.fromkeys(ids))
    for start in range(0, len(distinct), IN_CHUNK):
        yield distinct[start : start + IN_CHUNK]


Convert = Callable[[Any], Any]
UNSET: Any = object()  # a new row's column whose default is made per row


def reader_of(column: Column[Any], dialect: Dialect) -> Convert | None:
    """The column type's result processor: a stored value -> its Python value."""
    return cast(Convert | None, column.type.dialect_impl(dialect).result_processor(dialect, None))


def _then(first: Convert, second: Convert | None) -> Convert:
    """``first``, then ``second``; None stays None (a wire null of a date or an instant)."""
    if second is None:
        return lambda value: None if value is None else first(value)
    return lambda value: None if value is None else second(first(value))


def getter(positions: Sequence[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
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
    return None if value is None else _naive_utc_text(wire.parse_utc(value))


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
    reader = reader_of(column, dialect)
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


def _naive_utc_text(value: Any) -> Any:
    """An aware instant straight to SQLite's stored text (naive UTC with microseconds)."""
    if value is None:
        return None
    if value.tzinfo is dt.UTC:
        return value.isoformat(" ", "microseconds")[:26]
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use aware UTC datetimes")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _iso_date(value: Any) -> Any:
    """A date's ISO text; a datetime given for a date keeps its date only (as the type's
    bind processor does)."""
    if value is None:
        return None
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


_SAMPLE_MOMENTS = tuple(wire.parse_utc(sample) for sample in _SAMPLE_INSTANTS)
_SAMPLE_DAYS = tuple(dt.date.fromisoformat(sample) for sample in _SAMPLE_DATES)


def python_form(column: Column[Any], dialect: Dialect) -> Convert | None:
    """How a Python value of ``column`` becomes its stored form (None: stored as it is): the
    type's bind processor, or for instants and dates a direct formatting where it gives the
    same text for the samples."""
    writer = stored_form(column, dialect)
    if writer is None:
        return None
    samples: tuple[dt.date, ...]
    if isinstance(column.type, UtcDateTime):
        direct, samples = _naive_utc_text, _SAMPLE_MOMENTS
    elif isinstance(column.type, Date):
        direct, samples = _iso_date, _SAMPLE_DAYS
    else:
        return writer
    if all(direct(sample) == writer(sample) for sample in samples) and writer(None) is None:
        return cast(Convert, direct)
    return writer


class Fields:
    """Reads some columns of a stored row as a dict of Python values, as the search functions
    take them (text columns are stored as they are: then it is one ``itemgetter`` call)."""

    def __init__(self, fields: Sequence[tuple[str, int, Convert | None]]) -> None:
        self.keys = tuple(key for key, _pos, _read in fields)
        self.values = getter([pos for _key, pos, _read in fields])
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
class RowPlan:
    """How the stored rows of one synced entity are made, compared and written, worked out
    once per table and dialect (see the module's doc).

    Stored records are read and compared with pulled ones in their stored form, and written
    with ``executemany`` of plain tuples (:class:`desktop.models.rows.write.StoredRows`): no
    per-row dicts, parameter processing or result processing in SQLAlchemy, which cost more
    than the SQL.
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
    # A new row's stored defaults; ``UNSET`` where ``makers`` makes the default per row.
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
    rowid_source_pos: frozenset[int]  # a timed rowid's column (an activity's start)
    document_fields: Fields
    derived_fields: Fields
    rowid_fields: Fields
    derived_targets: dict[str, tuple[int, Convert | None]]
    search_rowid_pos: int
    server_defaults: frozenset[int]  # columns the database fills when an INSERT omits them
    insert_sql: dict[tuple[int, ...], str] = field(default_factory=dict)
    update_sql: dict[tuple[int, ...], str] = field(default_factory=dict)

    def select_sql(self, n: int) -> str:
        return (
            f"SELECT {', '.join(self.sql_names)} FROM {self.table} "
            f"WHERE {self.sql_names[self.id_pos]} IN ({marks(n)})"
        )

    def insert_statement(self, positions: tuple[int, ...]) -> str:
        """``INSERT`` of the columns at ``positions`` (cached); the others are stored NULL."""
        sql = self.insert_sql.get(positions)
        if sql is None:
            sql = self.insert_sql[positions] = (
                f"INSERT INTO {self.table} "
                f"({', '.join(self.sql_names[p] for p in positions)}) "
                f"VALUES ({marks(len(positions))})"
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


_PLANS: dict[tuple[type[SyncedMixin], str], RowPlan] = {}


def row_plan(entity: type[SyncedMixin], dialect: Dialect) -> RowPlan:
    plan = _PLANS.get((entity, dialect.name))
    if plan is None:
        plan = _PLANS[(entity, dialect.name)] = _make_row_plan(entity, dialect)
    return plan


def _make_row_plan(entity: type[SyncedMixin], dialect: Dialect) -> RowPlan:
    if dialect.paramstyle != "qmark":
        raise NotImplementedError(f"rows are written with qmark SQL, not {dialect.paramstyle}")
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
                # Rows are built on the rule that a None stays None (see rows_from_wire).
                convert = _keeping_none(convert)
            wire_fields[column.key] = (pos, convert)
        # As the ORM would store ``entity(**values)``: the Python-side default, else None.
        default = cast(Any, column.default)
        if default is not None and default.is_callable:
            template.append(UNSET)
            calls.append((pos, _default_maker(default.arg, writer)))
        else:
            value = default.arg if default is not None and default.is_scalar else None
            template.append(value if writer is None else writer(value))
    stamped = (position["created_at"], position["updated_at"])
    fts = search.SEARCH_TABLES.get(entity)
    readers = tuple(_stored_reader(c, dialect) for c in columns)

    def fields(keys: Iterable[str]) -> Fields:
        return Fields([(k, position[k], readers[position[k]]) for k in sorted(keys)])

    document_columns = search.DOCUMENT_COLUMNS.get(entity, frozenset())
    derived_sources = search.DERIVED_SOURCES.get(entity, frozenset())
    derived = search.DERIVED_COLUMNS.get(entity, frozenset())
    return RowPlan(
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
        rowid_source_pos=frozenset(position[k] for k in search.ROWID_SOURCES.get(entity, ())),
        document_fields=fields(document_columns - {"deleted_at"}),
        derived_fields=fields(derived_sources),
        rowid_fields=fields(search.ROWID_SOURCES.get(entity, ())),
        derived_targets={k: (position[k], writers[position[k]]) for k in derived},
        search_rowid_pos=position["search_rowid"] if fts else -1,
        server_defaults=frozenset(
            pos for pos, c in enumerate(columns) if c.server_default is not None
        ),
    )
