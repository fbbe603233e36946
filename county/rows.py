"""Bulk reads and writes of plain rows for the sync hot paths (push batches, pull pages).

A push batch writes hundreds of rows to a few tables. Through SQLAlchemy's executemany every
value of every row goes through its type's bind processor, in a parameter dict built per row;
for a batch that bookkeeping costs more than the database's own work. A :class:`BulkStatement`
is compiled by SQLAlchemy once per dialect (so the SQL, with PostgreSQL's bind casts, is
exactly what SQLAlchemy would send) and then runs as one ``executemany`` of tuples the caller
has already converted (on PostgreSQL an INSERT streams the rows with ``COPY``): JSON columns
as text made by :func:`dumps` (the serialiser the engine uses for JSON columns too, see
``county.db``), timestamps through :meth:`BulkStatement.bind`, once per batch rather than once
per row. An :class:`IdListQuery` looks up a batch's ids with the list as one parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    any_,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Dialect


def dumps(value: Any) -> str:
    """Compact UTF-8 JSON: Chinese stays as is (half the bytes of ``\\uXXXX``), no spaces;
    the same text as ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` for the
    values records hold, made by orjson in a fifth of the time (a push batch stores every
    record's data and every answer as JSON). NaN and infinity, which JSON cannot carry, are
    refused before anything is stored (``sync_service._check_value``); integers beyond 64
    bits too (orjson cannot write them, a village's SQLite could not store them)."""
    return orjson.dumps(value).decode()


loads = orjson.loads


@dataclass(frozen=True)
class RecordWrite:
    """A village record as a write left it, for the tables derived from records (the demand
    queue, the service facts): ``deleted``: tombstoned; ``new``: created by this write, so it
    has no derived row yet."""

    entity: str
    id: str
    village_id: int
    data: dict[str, Any]
    deleted: bool
    new: bool = False


def _identity(value: Any) -> Any:
    return value


class BulkStatement:
    """An INSERT of ``columns``, or an UPDATE of ``columns`` by ``key``, for executemany.

    Rows are tuples in ``columns`` order (then the key, for an UPDATE), with values as the
    driver takes them: see :meth:`bind`, and JSON as text.
    """

    def __init__(self, table: Table, columns: Sequence[str], key: str | None = None) -> None:
        self.table = table
        self.columns = tuple(columns)
        self.key = key
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        self._binders: dict[tuple[str, str], Callable[[Any], Any]] = {}

    def _statement(self) -> Any:
        if self.key is None:
            return insert(self.table).values({name: bindparam(name) for name in self.columns})
        column: Column[Any] = self.table.c[self.key]
        return (
            update(self.table)
            .where(column == bindparam(f"b_{self.key}"))
            .values({name: bindparam(f"b_{name}") for name in self.columns})
        )

    def _sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
        """The SQL for ``dialect`` and, for named parameters, the names in row order."""
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self._statement().compile(dialect=dialect)
            names = self.columns + ((self.key,) if self.key else ())
            bound = tuple(name if self.key is None else f"b_{name}" for name in names)
            if compiled.positional:
                if tuple(compiled.positiontup or ()) != bound:
                    raise RuntimeError(f"unexpected parameter order in {compiled.string}")
                found = (compiled.string, None)
            else:
                found = (compiled.string, bound)
            self._compiled[dialect.name] = found
        return found

    def bind(self, dialect: Dialect, column: str) -> Callable[[Any], Any]:
        """The conversion of a Python value of ``column`` to what the driver takes (as
        SQLAlchemy would convert it): for the values that are not yet text, such as times."""
        found = self._binders.get((dialect.name, column))
        if found is None:
            type_ = self.table.c[column].type
            processor = type_.dialect_impl(dialect).bind_processor(dialect)
            found = processor or _identity
            self._binders[(dialect.name, column)] = found
        return found

    def run(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.key is None and connection.dialect.driver == "psycopg":
            self._copy(connection, rows)
            return
        sql, names = self._sql(connection.dialect)
        if names is None:
            connection.exec_driver_sql(sql, rows)
        else:
            connection.exec_driver_sql(sql, [dict(zip(names, row, strict=True)) for row in rows])

    def _copy(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        """INSERT on PostgreSQL: ``COPY … FROM STDIN`` in the connection's transaction. An
        executemany costs a round of psycopg's pipeline per row; COPY streams the rows."""
        preparer = connection.dialect.identifier_preparer
        columns = ", ".join(preparer.quote(name) for name in self.columns)
        sql = f"COPY {preparer.format_table(self.table)} ({columns}) FROM STDIN"
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


class IdListQuery:
    """A SELECT of the rows whose id is one of a list, the list bound as one parameter.

    ``IN (?, ?, …)`` with one parameter per id (SQLAlchemy's expanding IN) costs more to build
    and bind than the lookups themselves for a batch's hundreds of ids, and a query may only
    have so many parameters. Here the list is one value: a JSON array read with ``json_each``
    on SQLite, a comma-joined text split by ``string_to_array`` and compared with ``= ANY`` on
    PostgreSQL (expanding IN elsewhere, and for a list with an id holding a comma).
    ``build`` makes the statement from the condition on the ids, once per dialect.
    """

    def __init__(self, column: Column[str], build: Callable[[ColumnElement[bool]], Select[Any]]):
        self.column = column
        self.build = build
        self._statements: dict[str, Select[Any]] = {}

    def _statement(self, kind: str) -> Select[Any]:
        found = self._statements.get(kind)
        if found is None:
            condition: ColumnElement[bool]
            if kind == "sqlite":
                listed = func.json_each(bindparam("ids", type_=String)).table_valued("value")
                condition = self.column.in_(select(listed.c.value))
            elif kind == "postgresql":
                # One text, split by the server: binding an array costs the driver a quoting
                # pass per element.
                condition = self.column == any_(
                    func.string_to_array(bindparam("ids", type_=String), ",")
                )
            else:
                condition = self.column.in_(bindparam("ids", expanding=True))
            found = self._statements[kind] = self.build(condition)
        return found

    def rows(
        self, connection: Connection, ids: Sequence[str], params: dict[str, Any] | None = None
    ) -> list[Any]:
        """The rows (as tuples) for ``ids``; with ``params`` for the statement's other
        parameters."""
        if not ids:
            return []
        kind = connection.dialect.name
        if kind == "sqlite":
            value: Any = dumps(list(ids))
        elif kind == "postgresql" and not any("," in i for i in ids):
            value = ",".join(ids)
        else:
            # (An id stored before ids were checked to be UUIDs may hold a comma.)
            kind, value = "expanding", list(ids)
        statement = self._statement(kind)
        return list(connection.execute(statement, {**(params or {}), "ids": value}))
