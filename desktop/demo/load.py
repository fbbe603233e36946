"""Writing the demo's rows fast: ids, and batches committed by a second thread while the next
batch is generated; the county's big tables go through the staged copies of
``desktop.models.rows.stage`` (see the package's doc)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models.base import SyncedMixin
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database, defer_foreign_keys
from desktop.models.demand import Demand, DemandEvent
from desktop.models.rows.stage import Parts, Stage, StagedTable
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


# A county event is staged as (id, demand id, kind, actor, occurred at, note); its
# bookkeeping columns are filled in by the copy.
EVENT_STAGE = Stage(
    "demand_event",
    ["id", "demand_id", "kind", "actor", "occurred_at", "note", "created_at", "updated_at",
     "server_version"],
    ["c0", "c1", "c2", "c3", "c4", "c5", "c4", "c4", "1"],
)
_FAST_ENTITIES: tuple[type[SyncedMixin], ...] = (Contact, Demand)
_tables: dict[tuple[type[SyncedMixin], str], StagedTable] = {}


def table_of(entity: type[SyncedMixin], dialect: Dialect) -> StagedTable:
    """The staged copy of ``entity``'s county rows for ``dialect`` (cached)."""
    table = _tables.get((entity, dialect.name))
    if table is None:
        table = _tables[(entity, dialect.name)] = StagedTable(entity, dialect)
    return table


def all_stages(dialect: Dialect) -> list[Stage]:
    stages = [EVENT_STAGE]
    for entity in _FAST_ENTITIES:
        table = table_of(entity, dialect)
        stages.append(table.stage)
        if table.fts_stage is not None:
            stages.append(table.fts_stage)
    return stages


class Writer:
    """Writes generated rows: the village's through the write path (one outbox op each), the
    county's big tables through :class:`StagedTable` and :class:`Stage`."""

    def __init__(self, session: Session, from_server: bool) -> None:
        self.session = session
        self.writes = WritePath(session)
        self.from_server = from_server

    def add(self, entity: type[SyncedMixin], rows: list[Row]) -> None:
        if not rows:
            return
        if self.from_server and entity in _FAST_ENTITIES:
            dialect = self.session.get_bind().dialect
            for stage, params in table_of(entity, dialect).prepare(rows).parts(self.session):
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
