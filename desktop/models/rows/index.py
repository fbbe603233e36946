"""The search index's upkeep: index entries (documents) and search rowids of demands and
contacts, kept in the same transaction as the records.

What a document holds and how a query matches it is :mod:`desktop.models.search`; this module
writes it. The ORM's flush hooks below keep the index current for every record written through
the write path; the bulk paths (:mod:`desktop.models.rows.write`, the pull and the demo's
staged copy) call the functions here themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, event, func, inspect, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity
from desktop.models.base import WorkbenchSession
from desktop.models.demand import Demand
from desktop.models.rows.driver import driver_connection
from desktop.models.search import (
    DERIVED_SOURCES,
    DOCUMENT_COLUMNS,
    DOCUMENTS,
    SEARCH_TABLES,
    fill_derived,
)
from desktop.models.station import Contact


def _entries(rows: Iterable[tuple[int, Mapping[str, str]]]) -> list[tuple[int, str, str, str, str]]:
    """Index entries as parameters, in ascending rowid order.

    FTS5 collects a transaction's new entries in memory and must write them out as a new
    segment whenever a rowid is not larger than the previous one; entries in descending order
    (demands pulled newest first) cost one segment each, about five times the work.
    """
    entries = [(rowid, doc["uni"], doc["bi"], doc["py"], doc["ph"]) for rowid, doc in rows]
    entries.sort(key=operator.itemgetter(0))
    return entries


def write_documents(
    conn: Connection, table: str, rows: Iterable[tuple[int, Mapping[str, str]]]
) -> None:
    """Insert or replace the index entries ``(search_rowid, document)``."""
    entries = _entries(rows)
    if entries:
        # FTS5's REPLACE removes the old entry of the rowid (if any) first.
        driver_connection(conn).executemany(
            f"INSERT OR REPLACE INTO {table} (rowid, uni, bi, py, ph) VALUES (?, ?, ?, ?, ?)",
            entries,
        )


def insert_documents(
    conn: Connection, table: str, rows: Iterable[tuple[int, Mapping[str, str]]]
) -> None:
    """Insert the index entries of records that have none yet (new search rowids): like
    :func:`write_documents` without looking for an old entry."""
    entries = _entries(rows)
    if entries:
        # On the driver connection: saving a demand runs this every time.
        driver_connection(conn).executemany(
            f"INSERT INTO {table} (rowid, uni, bi, py, ph) VALUES (?, ?, ?, ?, ?)", entries
        )


def delete_documents(conn: Connection, table: str, rowids: Iterable[int]) -> None:
    """Remove the index entries of ``rowids`` (those that have one)."""
    params = [(rowid,) for rowid in sorted(rowids)]
    if params:
        driver_connection(conn).executemany(f"DELETE FROM {table} WHERE rowid = ?", params)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def assign_search_rowids(
    conn: Connection, entity: type[Demand] | type[Contact] | type[Activity], rows: list[dict[str, Any]]
) -> None:
    """Give new rows their ``search_rowid`` (in place).

    A demand's is its registration instant in microseconds, bumped past any taken value, so
    the FTS index's own rowid order is the demand list's default order (newest first) and a
    text search can read its first page straight from the index. A contact's or an
    activity's is the next free number. Either way a value, once used, is never handed out
    again (tombstones keep theirs).
    """
    if not rows:
        return
    if entity is not Demand:
        current = conn.execute(select(func.max(entity.search_rowid))).scalar()
        for offset, row in enumerate(rows):
            row["search_rowid"] = int(current or 0) + 1 + offset
        return
    keys = [(row["registered_at"] - _EPOCH) // dt.timedelta(microseconds=1) for row in rows]
    if len(keys) >= _BATCH_ROWIDS:
        _rowids_of_a_batch(conn, rows, keys)
        return
    # ``taken`` holds the used values among those in ``checked``. The keys themselves are
    # checked in one query per chunk (index lookups: a village with 100,000 demands does not
    # read the rowids of every demand registered in the batch's time span), values past a
    # taken key a small window at a time (rare: two demands registered in one microsecond).
    taken = _used_rowids(conn, keys)
    checked = set(keys)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key not in checked:
                window = range(key, key + _ROWID_WINDOW)
                taken.update(
                    rowid
                    for (rowid,) in driver_connection(conn).execute(
                        "SELECT search_rowid FROM demand "
                        "WHERE search_rowid >= ? AND search_rowid < ?",
                        (window.start, window.stop),
                    )
                )
                checked.update(window)
            if key not in taken:
                break
            key += 1
        taken.add(key)
        row["search_rowid"] = key


_ROWID_WINDOW = 64
# From this many demands at once (the demo generator, a big import) the taken values of the
# whole span are read in one query (one query per key would be one per demand when demands are
# seconds apart); a save reads only its own keys. Both follow the same rule (a test checks).
_BATCH_ROWIDS = 1000


def _rowids_of_a_batch(conn: Connection, rows: list[dict[str, Any]], keys: list[int]) -> None:
    """:func:`assign_search_rowids` for many demands: the taken values between the smallest
    and the largest key read at once, further ones 4096 µs at a time."""
    loaded_below = max(keys) + len(keys) + 1

    def load(low: int, high: int) -> set[int]:
        query = select(Demand.search_rowid).where(
            Demand.search_rowid >= low, Demand.search_rowid < high
        )
        return set(conn.execute(query).scalars())

    taken = load(min(keys), loaded_below)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key >= loaded_below:
                taken |= load(loaded_below, key + 4096)
                loaded_below = key + 4096
            if key not in taken:
                break
            key += 1
        taken.add(key)
        row["search_rowid"] = key


def _used_rowids(conn: Connection, keys: Sequence[int]) -> set[int]:
    """Those of ``keys`` that are a demand's ``search_rowid``: one prepared statement for any
    number of keys (bound as one JSON list), on the driver connection, since saving a demand
    runs this every time."""
    found = driver_connection(conn).execute(
        "SELECT search_rowid FROM demand WHERE search_rowid IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(keys))),),
    )
    return {rowid for (rowid,) in found}


def _as_mapping(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _has_changes(obj: Any, columns: Mapping[type[Any], frozenset[str]]) -> bool:
    """Whether ``obj`` (a demand or contact) has a net change in one of its ``columns``."""
    keys = columns.get(type(obj))
    if keys is None:
        return False
    attrs = inspect(obj).attrs
    return any(attrs[key].history.has_changes() for key in keys)


@event.listens_for(WorkbenchSession, "before_flush")
def _prepare_search_fields(session: Session, _ctx: Any, _instances: Any) -> None:
    for entity in SEARCH_TABLES:
        fresh = [o for o in session.new if isinstance(o, entity) and o.search_rowid is None]
        if fresh:
            rows = [{"registered_at": getattr(o, "registered_at", None)} for o in fresh]
            assign_search_rowids(session.connection(), entity, rows)
            for obj, row in zip(fresh, rows, strict=True):
                obj.search_rowid = row["search_rowid"]
    # Pinyin of every new record; of a changed one only when its name really changed (an
    # attribute set to the value it had is no change).
    changed = [
        *(o for o in session.new if DERIVED_SOURCES.get(type(o))),
        *(o for o in session.dirty if _has_changes(o, DERIVED_SOURCES)),
    ]
    for obj in changed:
        entity = type(obj)
        row = {key: getattr(obj, key) for key in DERIVED_SOURCES[entity]}
        for key, value in fill_derived(entity, row).items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)


@event.listens_for(WorkbenchSession, "after_flush")
def _update_search_index(session: Session, _ctx: Any) -> None:
    conn = session.connection()
    for entity, table in SEARCH_TABLES.items():
        # New records, and changed ones whose document (or tombstone) really changed.
        changed = [
            *(o for o in session.new if isinstance(o, entity)),
            *(
                o
                for o in session.dirty
                if isinstance(o, entity) and _has_changes(o, DOCUMENT_COLUMNS)
            ),
        ]
        # Tombstones leave the index, so a text search never has to filter them out again.
        delete_documents(conn, table, [o.search_rowid for o in changed if o.deleted_at is not None])
        live = [o for o in changed if o.deleted_at is None]
        if live:
            write_documents(
                conn, table, [(o.search_rowid, DOCUMENTS[entity](_as_mapping(o))) for o in live]
            )
