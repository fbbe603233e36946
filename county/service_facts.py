"""The county's service facts: every village's activities, service records, volunteers, star
awards and points entries as plain indexed columns (``service_fact``), for the 考核's activity
and volunteer figures.

Their records hold the fields as JSON; counting a year of them for 400 stations needs
ordinary columns. As with the demand queue (county/queue.py), each fact row is derived from
its record by :func:`fact_values` and written in the same transaction as the record, by the
one path each kind of write takes (a village's push, ``sync_service._write``; a county edit,
``feed.county_update``). Nobody edits it; migration c0005 filled it (:func:`rebuild`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, select

import liaison_wire as wire
from county.models import Record, ServiceFact
from county.rows import BulkStatement, RecordWrite

FACTS: Table = ServiceFact.__table__  # type: ignore[assignment]
# The entities with a fact row, and where each keeps its time.
ENTITIES = ("activity", "service_record", "points_entry", "star_award", "volunteer")
_INSERT = BulkStatement(FACTS, tuple(c.name for c in FACTS.c))


def _moment(value: Any) -> dt.datetime | None:
    """A stored instant; None for none, or for one that does not parse (a record stored before
    the push checked its values must not stop a push or the migration)."""
    try:
        return wire.parse_utc(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _number(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def fact_values(
    entity: str, record_id: str, village_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    """The fact row of a record of one of :data:`ENTITIES` (see ServiceFact for the columns)."""
    if entity not in ENTITIES:
        raise ValueError(f"no service fact for {entity!r}")
    text = {
        name: str(data.get(name) or "")[:30]
        for name in ("activity_type_code", "five_task_code", "kind")
    }
    volunteer = record_id if entity == "volunteer" else data.get("volunteer_id")
    return {
        "id": record_id,
        "village_id": village_id,
        "entity": entity,
        "at": _moment(data.get(_AT.get(entity, ""))),
        "day": _day(data.get(_DAY.get(entity, ""))),
        "volunteer": str(volunteer)[:36] if volunteer else None,
        "code": text["activity_type_code"] if entity == "activity" else text["kind"],
        "task": text["five_task_code"],
        "amount": _number(data.get(_AMOUNT.get(entity, ""))),
        "active": data.get("active") is not False,
    }


# Per entity, the field each column is read from.
_AT = {"activity": "starts_at", "service_record": "start_at", "points_entry": "occurred_at"}
_DAY = {"star_award": "awarded_on", "volunteer": "registered_on"}
_AMOUNT = {
    "activity": "audience_count",
    "service_record": "credited_minutes",
    "points_entry": "amount",
    "star_award": "level",
}


def refresh(connection: Connection, writes: Sequence[RecordWrite]) -> None:
    """Bring the fact rows of the written records in line with them: a changed or tombstoned
    record's row goes, a live one's is written anew. Records of other entities are passed
    over. Called in the writing transaction, after the records are written."""
    ours = [write for write in writes if write.entity in ENTITIES]
    stale = [write.id for write in ours if not write.new]
    for start in range(0, len(stale), 500):
        connection.execute(delete(FACTS).where(FACTS.c.id.in_(stale[start : start + 500])))
    values = [fact_values(w.entity, w.id, w.village_id, w.data) for w in ours if not w.deleted]
    convert = {name: _INSERT.bind(connection.dialect, name) for name in ("at", "day")}
    rows = [
        tuple(
            convert[name](row[name]) if name in convert else row[name] for name in _INSERT.columns
        )
        for row in values
    ]
    _INSERT.run(connection, rows)


def rebuild(connection: Connection, chunk: int = 5000) -> int:
    """Fill the facts from the records (migration c0005). Returns the rows written."""
    connection.execute(delete(FACTS))
    records: Table = Record.__table__  # type: ignore[assignment]
    query = (
        select(records.c.entity, records.c.id, records.c.village_id, records.c.data)
        .where(
            records.c.entity.in_(ENTITIES),
            records.c.village_id.is_not(None),
            records.c.deleted_at.is_(None),
        )
        .execution_options(yield_per=chunk)
    )
    done = 0
    batch: list[RecordWrite] = []
    for entity, record_id, village_id, data in connection.execute(query):
        batch.append(RecordWrite(entity, record_id, village_id, data, False, new=True))
        if len(batch) >= chunk:
            refresh(connection, batch)
            done, batch = done + len(batch), []
    refresh(connection, batch)
    return done + len(batch)
