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

from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.base import WorkbenchSession
from desktop.models.demand import Demand
from desktop.models.rows.driver import driver_connection
from desktop.models.search import (
    DERIVED_SOURCES,
    DOCUMENT_COLUMNS,
    DOCUMENTS,
    SEARCH_TABLES,
    TIMED_ROWIDS,
    fill_derived,
)


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


def assign_search_rowids(conn: Connection, entity: type[Any], rows: list[dict[str, Any]]) -> None:
    """Give new rows their ``search_rowid`` (in place).

    A demand's is its registration instant in microseconds, an activity's its start, bumped
    past any taken value, so the FTS index's own rowid order is the list's default order
    (newest first) and a text search can read its first page straight from the index. A
    contact's is the next free number. Either way a value, once used, is never handed out
    again (tombstones keep theirs).
    """
    if not rows:
        return
    column = TIMED_ROWIDS.get(entity)
    if column is None:
        current = conn.execute(select(func.max(entity.search_rowid))).scalar()
        for offset, row in enumerate(rows):
            row["search_rowid"] = int(current or 0) + 1 + offset
        return
    table = entity.__tablename__
    keys = [(row[column] - _EPOCH) // dt.timedelta(microseconds=1) for row in rows]
    if len(keys) >= _BATCH_ROWIDS:
        _rowids_of_a_batch(conn, entity, rows, keys)
        return
    # ``taken`` holds the used values among those in ``checked``. The keys themselves are
    # checked in one query per chunk (index lookups: a village with 100,000 demands does not
    # read the rowids of every demand registered in the batch's time span), values past a
    # taken key a small window at a time (rare: two demands registered in one microsecond).
    taken = _used_rowids(conn, table, keys)
    checked = set(keys)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key not in checked:
                window = range(key, key + _ROWID_WINDOW)
                taken.update(
                    rowid
                    for (rowid,) in driver_connection(conn).execute(
                        f"SELECT search_rowid FROM {table} "
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
# From this many records at once (the demo generator, a big import) the taken values of the
# whole span are read in one query (one query per key would be one per record when they are
# seconds apart); a save reads only its own keys. Both follow the same rule (a test checks).
_BATCH_ROWIDS = 1000


def _rowids_of_a_batch(
    conn: Connection, entity: type[Any], rows: list[dict[str, Any]], keys: list[int]
) -> None:
    """:func:`assign_search_rowids` for many records: the taken values between the smallest
    and the largest key read at once, further ones 4096 µs at a time."""
    loaded_below = max(keys) + len(keys) + 1

    def load(low: int, high: int) -> set[int]:
        query = select(entity.search_rowid).where(
            entity.search_rowid >= low, entity.search_rowid < high
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


def _used_rowids(conn: Connection, table: str, keys: Sequence[int]) -> set[int]:
    """Those of ``keys`` that are a ``search_rowid`` of ``table``: one prepared statement for
    any number of keys (bound as one JSON list), on the driver connection, since saving a
    demand runs this every time."""
    found = driver_connection(conn).execute(
        f"SELECT search_rowid FROM {table} "
        "WHERE search_rowid IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(keys))),),
    )
    return {rowid for (rowid,) in found}


# ---- documents that read other tables: an activity's team and volunteers -----------------


def activity_extras(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Add to activity rows (with ``id``, ``team_id`` and ``linked_demand_ids``) what their
    document takes from other tables: the team's name, the numbers of the demands they answer
    and the names of the volunteers who served (in place)."""
    if not rows:
        return
    team_ids = sorted({row["team_id"] for row in rows if row.get("team_id")})
    teams: dict[str, str] = {}
    if team_ids:
        teams = {
            team_id: name
            for team_id, name in conn.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))
        }
    linked = sorted({i for row in rows for i in row.get("linked_demand_ids") or []})
    numbers: dict[str, str] = {}
    for start in range(0, len(linked), 500):
        numbers.update(
            (demand_id, number)
            for demand_id, number in conn.execute(
                select(Demand.id, Demand.number).where(Demand.id.in_(linked[start : start + 500]))
            )
        )
    names: dict[str, list[str]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        served = conn.execute(
            select(ServiceRecord.activity_id, Volunteer.name)
            .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
            .where(
                ServiceRecord.activity_id.in_(ids[start : start + 500]),
                ServiceRecord.deleted_at.is_(None),
            )
            .distinct()
            .order_by(ServiceRecord.activity_id, Volunteer.name)
        )
        for activity_id, name in served:
            names.setdefault(activity_id, []).append(name)
    for row in rows:
        row["team_name"] = teams.get(row.get("team_id") or "", "")
        row["demand_numbers"] = [
            numbers[i] for i in row.get("linked_demand_ids") or [] if i in numbers
        ]
        row["volunteer_names"] = names.get(row["id"], [])


def document_entries(
    conn: Connection, entity: type[Any], rows: Sequence[dict[str, Any]]
) -> list[tuple[int, dict[str, str]]]:
    """The index entries ``(search_rowid, document)`` of those of ``rows`` that are not
    tombstones (an activity's with its team and volunteers)."""
    live = [row for row in rows if row.get("deleted_at") is None]
    if entity is Activity:
        live = [dict(row) for row in live]
        activity_extras(conn, live)
    document = DOCUMENTS[entity]
    return [(row["search_rowid"], document(row)) for row in live]


_ACTIVITY_DOCUMENT = (
    Activity.id,
    Activity.search_rowid,
    Activity.title,
    Activity.place,
    Activity.team_id,
    Activity.linked_demand_ids,
    Activity.deleted_at,
)


def reindex_activities(conn: Connection, activity_ids: Iterable[str]) -> None:
    """Write the index entries of these activities again (their team or volunteers changed)."""
    ids = sorted(set(activity_ids))
    for start in range(0, len(ids), 500):
        rows = [
            dict(row._mapping)
            for row in conn.execute(
                select(*_ACTIVITY_DOCUMENT).where(Activity.id.in_(ids[start : start + 500]))
            )
        ]
        write_documents(conn, SEARCH_TABLES[Activity], document_entries(conn, Activity, rows))


def reindex_served(
    conn: Connection,
    *,
    activity_ids: Iterable[str] = (),
    volunteer_ids: Iterable[str] = (),
    team_ids: Iterable[str] = (),
) -> None:
    """Rewrite the entries of the activities a change elsewhere touches: the activities named,
    those the volunteers served at, those the teams organised."""
    ids = set(activity_ids)
    volunteers, teams = sorted(set(volunteer_ids)), sorted(set(team_ids))
    if volunteers:
        ids.update(
            conn.execute(
                select(ServiceRecord.activity_id).where(ServiceRecord.volunteer_id.in_(volunteers))
            ).scalars()
        )
    if teams:
        ids.update(conn.execute(select(Activity.id).where(Activity.team_id.in_(teams))).scalars())
    if ids:
        reindex_activities(conn, ids)


def _as_mapping(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _has_changes(obj: Any, columns: Mapping[type[Any], frozenset[str]]) -> bool:
    """Whether ``obj`` (a demand or contact) has a net change in one of its ``columns``."""
    keys = columns.get(type(obj))
    if keys is None:
        return False
    attrs = inspect(obj).attrs
    return any(attrs[key].history.has_changes() for key in keys)


_MOVED = "liaison.search_rowids_moved"  # session.info: index entries to drop after the flush


@event.listens_for(WorkbenchSession, "before_flush")
def _prepare_search_fields(session: Session, _ctx: Any, _instances: Any) -> None:
    for entity in SEARCH_TABLES:
        fresh = [o for o in session.new if isinstance(o, entity) and o.search_rowid is None]
        if entity in TIMED_ROWIDS:
            # A record whose time moved (an activity's start) takes a new rowid, so the
            # index keeps the list's order; its old entry goes after the flush.
            moved = [
                o
                for o in session.dirty
                if isinstance(o, entity)
                and o.search_rowid is not None
                and inspect(o).attrs[TIMED_ROWIDS[entity]].history.has_changes()
            ]
            if moved:
                session.info.setdefault(_MOVED, []).extend(
                    (SEARCH_TABLES[entity], o.search_rowid) for o in moved
                )
                fresh += moved
        if fresh:
            column = TIMED_ROWIDS.get(entity)
            rows = [{column: getattr(o, column)} if column else {} for o in fresh]
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
    for table, rowid in session.info.pop(_MOVED, []):
        delete_documents(conn, table, [rowid])
    for entity, table in SEARCH_TABLES.items():
        # New records, and changed ones whose document (or tombstone) really changed.
        changed = [
            *(o for o in session.new if isinstance(o, entity)),
            *(
                o
                for o in session.dirty
                if isinstance(o, entity)
                and (_has_changes(o, DOCUMENT_COLUMNS) or _has_changes(o, _MOVES))
            ),
        ]
        # Tombstones leave the index, so a text search never has to filter them out again.
        delete_documents(conn, table, [o.search_rowid for o in changed if o.deleted_at is not None])
        live = [o for o in changed if o.deleted_at is None]
        if live:
            write_documents(conn, table, document_entries(conn, entity, [_as_mapping(o) for o in live]))
    # An activity's entry holds its team's name and its volunteers' names.
    reindex_served(
        conn,
        activity_ids=[
            o.activity_id
            for o in [*session.new, *session.dirty]
            if isinstance(o, ServiceRecord)
        ],
        volunteer_ids=[o.id for o in session.dirty if isinstance(o, Volunteer) and _has_changes(o, _NAMES)],
        team_ids=[o.id for o in session.dirty if isinstance(o, Team) and _has_changes(o, _NAMES)],
    )


_MOVES: dict[type[Any], frozenset[str]] = {
    entity: frozenset({column}) for entity, column in TIMED_ROWIDS.items()
}
_NAMES: dict[type[Any], frozenset[str]] = {
    Volunteer: frozenset({"name"}),
    Team: frozenset({"name"}),
}
