"""Copying many county rows at once through TEMP staging tables (the demo generator's fast path).

A staged batch ends as the same stored rows as :func:`desktop.models.rows.write.insert_records`
with ``from_server=True`` (a test compares them): the Python-side column defaults, the derived
pinyin columns, the search rowids and documents, each value in its stored form
(:class:`~desktop.models.rows.write.RowInserter`'s conversions). What differs is the route:
the values are made without the database (so while the previous batch commits), loaded into a
TEMP table and copied with one ``INSERT … SELECT``, which is faster than inserting row by row
into a table with many indexes and runs in SQLite without holding Python's GIL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models import search
from desktop.models.base import SyncedMixin
from desktop.models.rows import index
from desktop.models.rows.stored import apply_column_defaults
from desktop.models.rows.write import RowInserter, row_inserter

Row = dict[str, Any]


class Stage:
    """A TEMP table that rows are loaded into, then copied to their table in one statement."""

    def __init__(
        self,
        target: str,
        columns: Sequence[str],
        values: Sequence[str] | None = None,
        *,
        order_by: str | None = None,
    ) -> None:
        """``values`` are SQL expressions over the staged ``c0``, ``c1`` … for ``columns``
        (default: one staged column per column); ``order_by`` orders the copy."""
        if values is None:
            values = [f"c{i}" for i in range(len(columns))]
        staged = sorted({int(m) for v in values for m in re.findall(r"\bc(\d+)\b", v)})
        names = ", ".join(f"c{i}" for i in staged)
        temp = f"temp.stage_{target}"
        self.create_sql = f"CREATE TEMP TABLE IF NOT EXISTS stage_{target} ({names})"
        self.load_sql = f"INSERT INTO {temp} VALUES ({', '.join('?' for _ in staged)})"
        self.copy_sql = (
            f"INSERT INTO main.{target} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {temp}"
            + (f" ORDER BY {order_by}" if order_by else "")
        )
        self.clear_sql = f"DELETE FROM {temp}"
        self.drop_sql = f"DROP TABLE IF EXISTS {temp}"

    def load(self, session: Session, params: list[tuple[Any, ...]]) -> None:
        conn = session.connection()
        conn.exec_driver_sql(self.create_sql)
        if params:
            conn.exec_driver_sql(self.load_sql, params)

    def copy(self, session: Session) -> None:
        conn = session.connection()
        conn.exec_driver_sql(self.copy_sql)
        conn.exec_driver_sql(self.clear_sql)

    def drop(self, session: Session) -> None:
        """Remove the TEMP table (it lives as long as the connection)."""
        session.connection().exec_driver_sql(self.drop_sql)


Parts = list[tuple[Stage, list[tuple[Any, ...]]]]


class StagedTable:
    """One entity's county rows (``server_version`` 1) staged for a copy."""

    def __init__(self, entity: type[SyncedMixin], dialect: Dialect) -> None:
        table = cast(Table, inspect(entity).local_table)
        self.entity = entity
        self.inserter: RowInserter = row_inserter(dialect, table)
        self.stage = Stage(table.name, self.inserter.names)
        self.search_table = search.SEARCH_TABLES.get(entity)
        # Search entries in ascending rowid order: FTS5 writes a new segment whenever a rowid
        # is not above the previous one (see rows.index).
        self.fts_stage = (
            Stage(self.search_table, ["rowid", *search.FTS_COLUMNS], order_by="c0")
            if self.search_table
            else None
        )

    def prepare(self, rows: list[Row], texts: dict[int, str] | None = None) -> Prepared:
        """The rows in storage form, all but their search rowids (see :meth:`Prepared.parts`),
        and their search documents. Needs no database, so it can run while a batch commits.

        ``texts`` may hold the stored text of instants in ``rows``, keyed by ``id`` (see
        :meth:`RowInserter.columns`)."""
        entity = self.entity
        for row in rows:
            row["server_version"] = 1
            apply_column_defaults(entity, row)
        docs: list[tuple[str, ...]] = []
        if self.search_table:
            document = search.DOCUMENTS[entity]
            for row in rows:
                search.fill_derived(entity, row)
                doc = document(row)
                docs.append(tuple(doc[c] for c in search.FTS_COLUMNS))
        columns = self.inserter.columns(rows, texts)
        rowid_column = self.inserter.names.index("search_rowid") if self.search_table else -1
        return Prepared(self, rows, columns, rowid_column, docs)


@dataclass
class Prepared:
    table: StagedTable
    rows: list[Row]
    columns: list[list[Any]]
    rowid_column: int
    docs: list[tuple[str, ...]]

    def parts(self, session: Session) -> Parts:
        """Parameters for the staging tables, once the search rowids are assigned (that reads
        the database, so it happens inside the batch's transaction)."""
        table = self.table
        if self.rowid_column < 0 or table.fts_stage is None:
            return [(table.stage, list(zip(*self.columns, strict=True)))]
        index.assign_search_rowids(session.connection(), cast(Any, table.entity), self.rows)
        rowids = [row["search_rowid"] for row in self.rows]
        self.columns[self.rowid_column] = rowids
        docs = [(rowid, *doc) for rowid, doc in zip(rowids, self.docs, strict=True)]
        return [(table.stage, list(zip(*self.columns, strict=True))), (table.fts_stage, docs)]
