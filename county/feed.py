"""Writing records and their change-feed rows; the gap-safe sequence lives here.

Every path that changes a record (device pushes, county actions, reference publishing) ends in
:func:`append_feed`, called as the last step before commit: it bumps the ``feed_counter`` row
(a row lock on PostgreSQL, the database lock on SQLite) and numbers the new feed rows. Because
that lock is held until commit, sequence numbers are handed out in commit order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from county import queue, service_facts
from county.models import ALL_FIELDS, ChangeFeed, FeedCounter, Record, new_epoch, utcnow
from county.rows import BulkStatement, RecordWrite

COUNTY_WRITER = "county"
# The Core table, not the mapped class: a plain executemany, no ORM bulk-insert bookkeeping.
_CHANGE_FEED: Table = ChangeFeed.__table__  # type: ignore[assignment]
_INSERT_FEED = BulkStatement(
    _CHANGE_FEED, ("seq", "village_id", "entity", "record_id", "version", "changed_at")
)
_COUNTER: Table = FeedCounter.__table__  # type: ignore[assignment]
_TAKE_NUMBERS = (
    update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(value=_COUNTER.c.value + bindparam("count"))
    .returning(_COUNTER.c.value)
)


class FeedEntry(NamedTuple):
    """A change to number and feed (a tuple: a push makes one per op)."""

    village_id: int | None
    entity: str
    record_id: str
    version: int


def append_feed(session: Session, entries: list[FeedEntry], now: dt.datetime | None = None) -> None:
    if not entries:
        return
    # The records' own changes first (ORM objects of county actions): the counter's lock is
    # then held only for numbering and writing the feed rows.
    session.flush()
    connection = session.connection()
    last = connection.execute(_TAKE_NUMBERS, {"count": len(entries)}).scalar_one()
    first = last - len(entries) + 1
    stamp = _INSERT_FEED.bind(connection.dialect, "changed_at")(now or utcnow())
    _INSERT_FEED.run(
        connection,
        [
            (seq, e.village_id, e.entity, e.record_id, e.version, stamp)
            for seq, e in enumerate(entries, start=first)
        ],
    )


def county_update(
    session: Session, record: Record, changes: dict[str, Any], now: dt.datetime | None = None
) -> FeedEntry | None:
    """Apply county-side field changes to ``record`` (locked by the caller); None if no change."""
    changed = {k: v for k, v in changes.items() if record.data.get(k) != v}
    if not changed:
        return None
    version = record.version + 1
    record.data = {**record.data, **changed}
    record.field_versions = {**record.field_versions, **dict.fromkeys(changed, version)}
    record.field_writers = {**record.field_writers, **dict.fromkeys(changed, COUNTY_WRITER)}
    record.version = version
    record.updated_at = now or utcnow()
    if record.village_id is not None:
        # The tables derived from village records follow (county.queue, county.service_facts).
        write = RecordWrite(
            record.entity, record.id, record.village_id, record.data, record.deleted_at is not None
        )
        queue.refresh(session.connection(), [write], (), record.updated_at)
        service_facts.refresh(session.connection(), [write])
    return FeedEntry(record.village_id, record.entity, record.id, version)


def county_upsert(
    session: Session,
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    *,
    village_id: int | None = None,
    now: dt.datetime | None = None,
) -> FeedEntry | None:
    """Create or update a county-owned record (reference data, service menu, teams)."""
    stamp = now or utcnow()
    record = session.get(Record, record_id, with_for_update=True)
    if record is None:
        session.add(
            Record(
                id=record_id,
                entity=entity,
                village_id=village_id,
                version=1,
                data=dict(fields),
                field_versions={ALL_FIELDS: 1},
                field_writers={ALL_FIELDS: COUNTY_WRITER},
                created_at=stamp,
                updated_at=stamp,
            )
        )
        return FeedEntry(village_id, entity, record_id, 1)
    revived = record.deleted_at is not None
    record.deleted_at = None
    entry = county_update(session, record, fields, stamp)
    if entry is None and revived:
        record.version += 1
        entry = FeedEntry(record.village_id, entity, record_id, record.version)
    return entry


# After a restore: how far the change numbers and the record versions jump (see after_restore).
RESTORE_SEQ_JUMP = 10_000_000
RESTORE_VERSION_JUMP = 1_000_000


class RestoreReport(NamedTuple):
    old_seq: int
    new_seq: int
    records: int


def after_restore(session: Session) -> RestoreReport:
    """Make a database restored from an older backup safe to serve again.

    The villages hold what the lost period handed out: pull cursors up to the last change
    number issued, and records at versions up to the last ones issued. Numbers the restored
    database would issue again would go unseen: a change at or below a village's cursor is
    never fetched, and a copy at or below the version a village has is taken for an older
    one. So the counter jumps to at least ten times its value (and by at least ten million),
    and every record's version by a million: both beyond anything a backup a day (or a
    year) old can have missed, and far from the limits of their columns. Field versions stay
    as they are, so a village's next edit is judged against what it saw, as always.

    The database gets a new epoch too. The villages see it on their next answer and send
    their records again; ``restored_version`` (the jumped version) tells which of them hold
    a newer copy than the backup (sync_service's resync).
    """
    counter = session.get_one(FeedCounter, 1, with_for_update=True)
    old = int(counter.value)
    counter.value = max(old + RESTORE_SEQ_JUMP, 10 * old)
    # A new identity: each village PC that sees it sends its records again (op "resync"),
    # and what it holds newer than the restored copy is applied.
    counter.epoch = new_epoch()
    jumped = Record.version + RESTORE_VERSION_JUMP
    result = session.execute(update(Record).values(version=jumped, restored_version=jumped))
    session.flush()
    return RestoreReport(old, int(counter.value), int(getattr(result, "rowcount", 0) or 0))
