"""Writing the demo's rows fast: ids, storage forms, TEMP tables copied in one statement each,
by a second thread that commits while the next batch is generated (see the package's doc)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import JSON, Boolean, Date
from sqlalchemy.orm import Session

from desktop.models import search
from desktop.models.base import Base, SyncedMixin, UtcDateTime
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database, defer_foreign_keys
from desktop.models.demand import Demand, DemandEvent
from desktop.models.rules.demand_status import DemandStatus
from desktop.models.station import Contact
from desktop.models.writes import WritePath

Row = dict[str, Any]
Event = tuple[Any, ...]
"""A timeline event: (id, demand id, kind, actor, occurred at, note); for the county's rows
the instant is already in its storage form (text)."""


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def utc(day: dt.date, minute_of_day: int) -> dt.datetime:
    """A Beijing wall-clock time of ``day`` as an aware UTC datetime."""
    local = dt.datetime.combine(day, dt.time(), CHINA_TZ) + dt.timedelta(minutes=minute_of_day)
    return local.astimezone(dt.UTC)


def local_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(CHINA_TZ).date()


_ID_RANDOM = random.SystemRandom().getrandbits(64)
_id_bits = random.Random(_ID_RANDOM).getrandbits


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
_ID_CHUNK = 4096
id_buffer: list[str] = []


def new_id() -> str:
    """A UUIDv7 string like :func:`desktop.models.base.new_uuid`, made about three times faster
    in chunks that share their millisecond (the buffer is emptied when a run starts, so an id
    never carries a stale time). Ids come from their own unseeded generator and never disturb
    the seeded content."""
    if not id_buffer:
        millis = f"{time.time_ns() // 1_000_000:012x}"
        prefix = f"{millis[:8]}-{millis[8:]}-7"
        h = f"{_id_bits(80 * _ID_CHUNK):0{20 * _ID_CHUNK}x}"
        variant = _VARIANT
        id_buffer.extend(
            f"{prefix}{h[i : i + 3]}-{variant[h[i + 3]]}{h[i + 4 : i + 7]}-{h[i + 8 : i + 20]}"
            for i in range(0, 20 * _ID_CHUNK, 20)
        )
    return id_buffer.pop()


@contextmanager
def open_transaction(db: Database) -> Iterator[Session]:
    """One batch. Foreign keys are checked at commit: grids name their leader while contacts
    name their grid, and rows are not inserted in the order they were made (see Writer)."""
    with db.writing() as session:
        defer_foreign_keys(session)
        yield session


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _naive_utc_text(value: dt.datetime) -> str:
    """How :class:`UtcDateTime` stores an instant in SQLite: naive UTC with microseconds."""
    if value.tzinfo is dt.UTC:
        return value.isoformat(" ", "microseconds")[:26]
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class Table:
    """The storage form of one entity's rows as the county sends them (``server_version`` 1).

    It gives the same stored values as ``WritePath.create_many(..., from_server=True)``: the
    Python-side column defaults, the derived pinyin columns and the search documents of
    :mod:`desktop.models.search`, and each value as SQLAlchemy stores it in SQLite. The write
    path's ORM bulk INSERT costs about 60 µs a row on a slow PC, too slow for 800,000 rows; a
    test compares the stored rows of both paths.
    """

    def __init__(self, entity: type[SyncedMixin]) -> None:
        table = Base.metadata.tables[entity.__tablename__]  # type: ignore[attr-defined]
        self.entity = entity
        self.name: str = table.name
        self.columns = list(table.columns)
        self.converters: list[Callable[[Any], Any] | None] = []
        self.defaults: dict[str, Callable[[], Any]] = {}
        for column in self.columns:
            kind = column.type
            if isinstance(kind, UtcDateTime):
                self.converters.append(_naive_utc_text)
            elif isinstance(kind, Date):
                self.converters.append(dt.date.isoformat)
            elif isinstance(kind, JSON):
                self.converters.append(json.dumps)
            elif isinstance(kind, Boolean):
                self.converters.append(int)
            else:
                self.converters.append(None)
            default = column.default
            if default is not None and default.is_scalar:
                self.defaults[column.key] = _constant(default.arg)  # type: ignore[attr-defined]
            elif default is not None and default.is_callable:
                self.defaults[column.key] = partial(default.arg, None)  # type: ignore[attr-defined]
        self.search_table = search.SEARCH_TABLES.get(entity)
        self.stage = _Stage(self.name, [c.name for c in self.columns])
        # Search entries in ascending rowid order: FTS5 writes a new segment whenever a rowid
        # is not above the previous one (see search._entries).
        self.fts_stage = (
            _Stage(self.search_table, ["rowid", *_FTS_COLUMNS], order_by="c0")
            if self.search_table
            else None
        )

    def prepare(self, rows: list[Row], stamps: dict[int, str] | None = None) -> Prepared:
        """The rows in storage form, all but their search rowids (see :meth:`Prepared.parts`),
        and their search documents. Needs no database, so it can run while a batch commits.

        ``stamps`` may hold the storage text of datetimes in ``rows``, keyed by ``id`` (valid
        while the rows keep the objects alive)."""
        entity = self.entity
        if self.search_table:
            for row in rows:
                search.fill_derived(entity, row)
        # Column by column: list comprehensions are much faster than a loop per value.
        columns: list[list[Any]] = []
        rowid_column = -1
        # A row's timestamps are often one object: convert it once (the rows keep the objects
        # alive, so an id cannot be reused meanwhile).
        texts: dict[int, str] = stamps if stamps is not None else {}
        for column, convert in zip(self.columns, self.converters, strict=True):
            key = column.key
            default = self.defaults.get(key)
            if key == "search_rowid":
                rowid_column = len(columns)
                columns.append([])
                continue
            if key == "server_version":
                for row in rows:
                    row[key] = 1
            elif default is not None:
                for row in [r for r in rows if key not in r]:
                    row[key] = default()
            values = [row.get(key) for row in rows]
            if convert is _naive_utc_text:
                values = [
                    None if v is None else texts.get(id(v)) or texts.setdefault(id(v), convert(v))
                    for v in values
                ]
            elif convert is not None:
                values = [None if v is None else convert(v) for v in values]
            columns.append(values)
        docs: list[tuple[str, ...]] = []
        if self.search_table:
            document = search.DOCUMENTS[entity]
            for row in rows:
                doc = document(row)
                docs.append(tuple(doc[c] for c in _FTS_COLUMNS))
        return Prepared(self, rows, columns, rowid_column, docs)


@dataclass
class Prepared:
    table: Table
    rows: list[Row]
    columns: list[list[Any]]
    rowid_column: int
    docs: list[tuple[str, ...]]

    def parts(self, session: Session) -> list[tuple[_Stage, list[tuple[Any, ...]]]]:
        """Parameters for the staging tables, once the search rowids are assigned (that reads
        the database, so it happens inside the batch's transaction)."""
        table = self.table
        if self.rowid_column < 0 or table.fts_stage is None:
            return [(table.stage, list(zip(*self.columns, strict=True)))]
        if table.entity is Demand:
            search.assign_search_rowids(session.connection(), Demand, self.rows)
        else:
            search.assign_search_rowids(session.connection(), table.entity, self.rows)  # type: ignore[arg-type]
        rowids = [row["search_rowid"] for row in self.rows]
        self.columns[self.rowid_column] = rowids
        docs = [(rowid, *doc) for rowid, doc in zip(rowids, self.docs, strict=True)]
        return [(table.stage, list(zip(*self.columns, strict=True))), (table.fts_stage, docs)]


class _Stage:
    """A TEMP table that rows are loaded into, then copied to their table in one statement.

    Copying with one ``INSERT … SELECT`` is faster than inserting row by row into a table with
    many indexes, and the copy runs in SQLite without holding Python's GIL, so the next batch
    can be generated meanwhile.
    """

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
        temp = f"temp.demo_stage_{target}"
        self.create_sql = f"CREATE TEMP TABLE IF NOT EXISTS demo_stage_{target} ({names})"
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


_FTS_COLUMNS = ("uni", "bi", "py", "ph")
# A county event is staged as (id, demand id, kind, actor, occurred at, note); its
# bookkeeping columns are filled in by the copy.
EVENT_STAGE = _Stage(
    "demand_event",
    ["id", "demand_id", "kind", "actor", "occurred_at", "note", "created_at", "updated_at",
     "server_version"],
    ["c0", "c1", "c2", "c3", "c4", "c5", "c4", "c4", "1"],
)
_FAST_ENTITIES: tuple[type[SyncedMixin], ...] = (Contact, Demand)
_tables: dict[type[SyncedMixin], Table] = {}


def table_of(entity: type[SyncedMixin]) -> Table:
    table = _tables.get(entity)
    if table is None:
        table = _tables[entity] = Table(entity)
    return table


def all_stages() -> list[_Stage]:
    stages = [EVENT_STAGE]
    for entity in _FAST_ENTITIES:
        table = table_of(entity)
        stages.append(table.stage)
        if table.fts_stage is not None:
            stages.append(table.fts_stage)
    return stages


class Writer:
    """Writes generated rows: the village's through the write path (one outbox op each), the
    county's big tables through :class:`Table` and :class:`_Stage`."""

    def __init__(self, session: Session, from_server: bool) -> None:
        self.session = session
        self.writes = WritePath(session)
        self.from_server = from_server

    def add(self, entity: type[SyncedMixin], rows: list[Row]) -> None:
        if not rows:
            return
        if self.from_server and entity in _FAST_ENTITIES:
            for stage, params in table_of(entity).prepare(rows).parts(self.session):
                stage.load(self.session, params)
                stage.copy(self.session)
            return
        self.writes.create_many(entity, rows, from_server=self.from_server)

    def add_events(self, events: list[Event]) -> None:
        if self.from_server:
            EVENT_STAGE.load(self.session, events)
            EVENT_STAGE.copy(self.session)
            return
        self.add(DemandEvent, [
            {"id": i, "demand_id": d, "kind": k, "actor": a, "occurred_at": w, "note": n,
             "created_at": w, "updated_at": w}
            for i, d, k, a, w, n in events
        ])


Parts = list[tuple[_Stage, list[tuple[Any, ...]]]]


class Pipeline:
    """Commits batches in a second thread while the main thread makes the next one.

    For each batch the main thread opens the transaction and runs ``build`` in it (small
    writes, loading the staging tables); the worker copies the staged rows into their tables
    and commits. Only one batch is in flight and the main thread touches the database only
    after :meth:`wait`, so the session is never used by two threads at once.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.in_flight: tuple[str, int] | None = None

    def submit(self, build: Callable[[Session], Parts], label: str, count: int) -> None:
        """Run ``build(session)`` in a new transaction, then copy what it staged and commit
        in the worker. ``label`` and ``count`` come back from :meth:`wait` once committed."""
        if self.thread is not None:
            raise RuntimeError("wait() for the batch in flight first")
        transaction = open_transaction(self.db)
        session = transaction.__enter__()
        try:
            parts = build(session)
            for stage, params in parts:
                stage.load(session, params)
        except BaseException:
            if not transaction.__exit__(*sys.exc_info()):
                raise
        self.in_flight = (label, count)
        self.thread = threading.Thread(
            target=self._finish, args=(transaction, session, parts), name="demo-writer"
        )
        self.thread.start()

    def _finish(
        self, transaction: AbstractContextManager[Session], session: Session, parts: Parts
    ) -> None:
        try:
            try:
                for stage, _params in parts:
                    stage.copy(session)
            except BaseException as error:
                transaction.__exit__(type(error), error, error.__traceback__)
                raise
            transaction.__exit__(None, None, None)
        except BaseException as error:  # handed to the main thread by wait()
            self.error = error

    def wait(self) -> tuple[str, int] | None:
        """Block until the batch in flight is committed and return its label and count (None
        if nothing was in flight); raise its error, if any."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        done, self.in_flight = self.in_flight, None
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return done


@dataclass
class Counts:
    demands: int = 0
    contacts: int = 0
    activities: int = 0
    volunteers: int = 0

    def summary(self) -> str:
        return (
            f"需求 {self.demands} 条、村民 {self.contacts} 人、"
            f"活动 {self.activities} 场、志愿者 {self.volunteers} 人"
        )


@dataclass
class TeamRef:
    id: str
    name: str
    level: str
    categories: tuple[str, ...]
    skills: str


DemandRef = tuple[dt.datetime, str, DemandStatus]
"""What activities need to know about a written demand: registered at, id, status."""
