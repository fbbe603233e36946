"""The county's demand queue: every village's live demands as plain indexed columns
(``demand_queue``), kept current with the records, and the paged, filtered reads of it that
the console, the admin API and ``liaison-county demands`` share.

A demand's record holds its fields as JSON. Filtering a million of them by status, village,
category or due date, and counting the matches, needs ordinary columns and indexes: the
queue row is derived from the record by :func:`queue_values` and written in the same
transaction as the record, by the one path each kind of write takes (a village's push,
``sync_service._write``; a county action, ``feed.county_update``). Nobody edits it.

Every filter is applied in SQL before the page is cut, and the total is counted with the same
filters: a clerk sees the oldest, most overdue demands as surely as the newest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

import liaison_wire as wire
from county.models import DemandQueue, Record, Village
from county.rows import BulkStatement, RecordWrite
from liaison_wire import beijing
from liaison_wire.defaults import DEFAULT_CATALOG_FILE, catalog_rows, load_reference
from liaison_wire.demand_states import (
    CHANNEL_LABELS,
    OPEN_STATUSES,
    STATUS_LABELS,
    URGE_EVENT,
    Channel,
    DemandStatus,
)
from liaison_wire.pinyin import pinyin_keys

QUEUE: Table = DemandQueue.__table__  # type: ignore[assignment]
_DERIVED = (
    "village_id",
    "number",
    "title",
    "requester_initials",
    "status",
    "channel",
    "catalog_version",
    "category_code",
    "topic_code",
    "urgency",
    "registered_at",
    "due_date",
    "assigned_team_id",
    "assigned_team_name",
    "claimed_at",
    "resolved_at",
    "evaluation",
    "updated_at",
)
OPEN_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in OPEN_STATUSES))


def _moment(value: Any) -> dt.datetime | None:
    return wire.parse_utc(value) if isinstance(value, str) and value else None


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def queue_values(
    record_id: str, village_id: int, data: dict[str, Any], updated_at: dt.datetime
) -> dict[str, Any]:
    """The queue row of a demand record (its id, village and JSON fields)."""
    # An anonymous demand's requester is not searchable by initials at the county either.
    name = "" if data.get("anonymous") else str(data.get("requester_name") or "")
    return {
        "id": record_id,
        "village_id": village_id,
        "number": str(data.get("number") or "")[:40],
        "title": str(data.get("title") or "")[:200],
        "requester_initials": pinyin_keys(name).initials[:40] if name else "",
        "status": str(data.get("status") or DemandStatus.SUBMITTED.value)[:20],
        "channel": str(data.get("channel") or "")[:30],
        "catalog_version": str(data.get("catalog_version") or "")[:30],
        "category_code": str(data.get("category_code") or "")[:30],
        "topic_code": str(data.get("topic_code") or "")[:30],
        "urgency": str(data.get("urgency") or "")[:20],
        "registered_at": _moment(data.get("registered_at")) or updated_at,
        "due_date": _day(data.get("due_date")),
        "assigned_team_id": str(data["assigned_team_id"])[:36] if data.get("assigned_team_id") else None,
        "assigned_team_name": str(data.get("assigned_team_name") or "")[:100],
        "claimed_at": _moment(data.get("claimed_at")),
        "resolved_at": _moment(data.get("resolved_at")),
        "evaluation": str(data["evaluation"])[:30] if data.get("evaluation") else None,
        "updated_at": updated_at,
    }


def _upsert(connection: Connection) -> Any:
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = module.insert(QUEUE)
    return statement.on_conflict_do_update(
        index_elements=[QUEUE.c.id], set_={name: statement.excluded[name] for name in _DERIVED}
    )


# A push's new demands and changed ones, one executemany of plain rows each (county.rows).
# (In the table's column order, as SQLAlchemy writes an INSERT's columns.)
_INSERT = BulkStatement(QUEUE, tuple(c.name for c in QUEUE.c if c.name != "last_urged_at"))
_UPDATE = BulkStatement(QUEUE, _DERIVED, key="id")
_TIMES = ("registered_at", "due_date", "claimed_at", "resolved_at", "updated_at")


def _rows(connection: Connection, values: list[dict[str, Any]], columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """``values`` as tuples of ``columns``, times converted as the driver takes them."""
    convert = {name: _INSERT.bind(connection.dialect, name) for name in _TIMES}
    return [
        tuple(convert[name](row[name]) if name in convert else row[name] for name in columns)
        for row in values
    ]


def refresh(
    connection: Connection,
    writes: Sequence[RecordWrite],
    urges: Iterable[tuple[str, str]],
    now: dt.datetime,
) -> None:
    """Bring the queue rows of the written demands in line with their records (a tombstoned
    one leaves the queue; records of other entities are passed over), then count ``urges``
    (demand id, when) against theirs. Called in the writing transaction, after the records
    are written."""
    demands = [d for d in writes if d.entity == "demand"]
    gone = [d.id for d in demands if d.deleted]
    if gone:
        connection.execute(delete(QUEUE).where(QUEUE.c.id.in_(gone)))
    created = [{**queue_values(d.id, d.village_id, d.data, now), "urged": 0}
               for d in demands if d.new and not d.deleted]  # fmt: skip
    _INSERT.run(connection, _rows(connection, created, _INSERT.columns))
    changed = [queue_values(d.id, d.village_id, d.data, now) for d in demands if not (d.new or d.deleted)]
    if len(changed) == 1:
        # (A county action: one demand, and its row is made if it were ever missing.)
        connection.execute(_upsert(connection), changed)
    elif changed:
        _UPDATE.run(connection, _rows(connection, changed, (*_DERIVED, "id")))
    latest: dict[str, tuple[int, dt.datetime | None]] = {}
    for demand_id, occurred_at in urges:
        count, last = latest.get(demand_id, (0, None))
        moment = _moment(occurred_at)
        latest[demand_id] = (count + 1, max(filter(None, (last, moment)), default=None))
    for demand_id, (count, last) in latest.items():
        later = or_(QUEUE.c.last_urged_at.is_(None), QUEUE.c.last_urged_at < last)
        connection.execute(
            update(QUEUE)
            .where(QUEUE.c.id == demand_id)
            .values(
                urged=QUEUE.c.urged + count,
                last_urged_at=case((later, last), else_=QUEUE.c.last_urged_at)
                if last is not None
                else QUEUE.c.last_urged_at,
            )
        )


def urges_of(events: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """The 催办 among new demand events (entity, data): (demand id, when)."""
    return [
        (str(data.get("demand_id")), str(data.get("occurred_at") or ""))
        for entity, data in events
        if entity == "demand_event" and data.get("kind") == URGE_EVENT and data.get("demand_id")
    ]


def rebuild(connection: Connection, now: dt.datetime, chunk: int = 5000) -> int:
    """Fill the queue from the records (migration c0003; after a restore from an old backup
    it is rebuilt the same way). Returns the demands queued."""
    connection.execute(delete(QUEUE))
    records: Table = Record.__table__  # type: ignore[assignment]
    done = 0
    batch: list[RecordWrite] = []
    query = (
        select(records.c.id, records.c.village_id, records.c.data)
        .where(records.c.entity == "demand", records.c.deleted_at.is_(None))
        .execution_options(yield_per=chunk)
    )
    for record_id, village_id, data in connection.execute(query):
        batch.append(RecordWrite("demand", record_id, village_id, data, False, new=True))
        if len(batch) >= chunk:
            refresh(connection, batch, (), now)
            done, batch = done + len(batch), []
    refresh(connection, batch, (), now)
    done += len(batch)
    events = connection.execute(
        select(records.c.entity, records.c.data).where(
            records.c.entity == "demand_event", records.c.deleted_at.is_(None)
        )
    )
    refresh(connection, [], urges_of((entity, data) for entity, data in events), now)
    return done


# ---- reading the queue ------------------------------------------------------------------------

SORTS = {
    "registered": QUEUE.c.registered_at,
    "due": QUEUE.c.due_date,
    "updated": QUEUE.c.updated_at,
    "number": QUEUE.c.number,
    "status": QUEUE.c.status,
    "urged": QUEUE.c.urged,
}


@dataclass(frozen=True)
class QueueFilter:
    """What a clerk asks the queue for. Names are matched as the console's drop-downs give
    them: a village or township by code or name, a category or topic by code or name."""

    statuses: tuple[str, ...] = ()
    village: str = ""
    township: str = ""
    category: str = ""
    topic: str = ""
    channel: str = ""
    team_id: str = ""
    overdue: bool = False
    urged: bool = False
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    search: str = ""
    sort: str = "registered"
    descending: bool = True
    # What the account may see, whatever else is asked: a township admin its township's
    # villages (9-digit division code); a team its own demands and the claim list.
    scope_township: str = ""
    scope_team_id: str = ""


class QueueError(Exception):
    """A filter that names something unknown, in plain Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class QueueRow:
    id: str
    number: str
    village_code: str
    village_name: str
    title: str
    status: str
    status_label: str
    channel: str
    channel_label: str
    category_code: str
    category_name: str
    topic_name: str
    registered_at: str
    due_date: str | None
    overdue: bool
    urged: int
    assigned_team_id: str | None
    assigned_team_name: str
    evaluation: str | None


@dataclass(frozen=True)
class QueuePage:
    total: int
    offset: int
    limit: int
    rows: list[QueueRow] = field(default_factory=list)


def _reference_names(session: Session, entity: str) -> list[dict[str, Any]]:
    """The categories or topics (``entity``) the county published, and those of the catalog
    every station has built in that it has not (a county that never published a catalog
    still names its demands' categories)."""
    published = {
        record_id: data
        for record_id, data in session.execute(
            select(Record.id, Record.data).where(
                Record.entity == entity, Record.village_id.is_(None), Record.deleted_at.is_(None)
            )
        )
    }
    # A published row of the same version and code stands for the built-in one, whatever its id.
    taken = {(data.get("catalog_version"), data.get("code")) for data in published.values()}
    built_in = catalog_rows(load_reference(DEFAULT_CATALOG_FILE)).get(entity, [])
    return [
        *published.values(),
        *(row for row in built_in
          if row["id"] not in published and (row["catalog_version"], row["code"]) not in taken),
    ]  # fmt: skip


def _codes(session: Session, entity: str, wanted: str, what: str) -> list[str]:
    """The codes of a category or topic given by code or name (any catalog version)."""
    rows = _reference_names(session, entity)
    codes = sorted({row["code"] for row in rows if wanted in (row.get("code"), row.get("name"))})
    if not codes:
        raise QueueError(f"没有名为“{wanted}”的{what}")
    return codes


def _village_ids(session: Session, filters: QueueFilter) -> list[int] | None:
    if not filters.village and not filters.township:
        return None
    query = select(Village.id)
    if filters.village:
        query = query.where(or_(Village.code == filters.village, Village.name == filters.village))
    if filters.township:
        township = filters.township
        if township.isdigit():
            query = query.where(Village.code.startswith(township))
        else:
            named = {
                record.village_id
                for record in session.scalars(
                    select(Record).where(Record.entity == "station", Record.deleted_at.is_(None))
                )
                if record.data.get("township") == township
            }
            query = query.where(Village.id.in_(named))
    ids = list(session.scalars(query))
    if not ids:
        raise QueueError(
            f"没有村名或区划代码为“{filters.village}”的村"
            if filters.village
            else f"没有乡镇“{filters.township}”"
        )
    return ids


def _conditions(session: Session, filters: QueueFilter, today: dt.date) -> list[Any]:
    q = QUEUE.c
    where: list[Any] = []
    if filters.statuses:
        unknown = [s for s in filters.statuses if s not in DemandStatus.__members__]
        if unknown:
            raise QueueError(f"没有“{unknown[0]}”这个状态")
        where.append(q.status.in_(filters.statuses))
    villages = _village_ids(session, filters)
    if villages is not None:
        where.append(q.village_id.in_(villages))
    if filters.scope_township:
        township = select(Village.id).where(Village.code.startswith(filters.scope_township))
        where.append(q.village_id.in_(township.scalar_subquery()))
    if filters.scope_team_id:
        where.append(
            or_(q.assigned_team_id == filters.scope_team_id, q.status == DemandStatus.LISTED.value)
        )
    if filters.category:
        where.append(q.category_code.in_(_codes(session, "demand_category", filters.category, "需求类别")))
    if filters.topic:
        where.append(q.topic_code.in_(_codes(session, "demand_topic", filters.topic, "需求主题")))
    if filters.channel:
        channel = next(
            (c.value for c, label in CHANNEL_LABELS.items() if filters.channel in (c.value, label)),
            None,
        )
        if channel is None:
            raise QueueError(f"没有“{filters.channel}”这个来源渠道")
        where.append(q.channel == channel)
    if filters.team_id:
        where.append(q.assigned_team_id == filters.team_id)
    if filters.overdue:
        where.append(and_(q.due_date < today, q.status.in_(OPEN_VALUES)))
    if filters.urged:
        where.append(q.urged > 0)
    if filters.registered_from:
        where.append(q.registered_at >= beijing.day_start_utc(filters.registered_from))
    if filters.registered_to:
        where.append(q.registered_at < beijing.day_start_utc(filters.registered_to + dt.timedelta(days=1)))
    text = filters.search.strip()
    if text:
        where.append(
            or_(
                q.number == text.upper(),
                q.number.startswith(text.upper(), autoescape=True),
                q.title.contains(text, autoescape=True),
                q.requester_initials.startswith(text.lower(), autoescape=True),
            )
        )
    return where


def list_queue(
    session: Session,
    filters: QueueFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    today: dt.date | None = None,
) -> QueuePage:
    """One page of the queue under ``filters``, with the total of every page."""
    if filters.sort not in SORTS:
        raise QueueError(f"不能按“{filters.sort}”排序")
    today = today or beijing.today()
    where = _conditions(session, filters, today)
    total = int(session.execute(select(func.count()).select_from(QUEUE).where(*where)).scalar_one())
    key = SORTS[filters.sort]
    ordered = key.desc() if filters.descending else key.asc()
    # NULLS LAST only where there can be one (a demand without a due date): on a column that is
    # never NULL it would keep PostgreSQL from reading the index backwards (DESC is NULLS FIRST
    # there) and make it sort the whole queue.
    order = [ordered.nulls_last() if key.nullable else ordered]
    order.append(QUEUE.c.id.desc() if filters.descending else QUEUE.c.id.asc())
    found = session.execute(
        select(QUEUE, Village.code, Village.name)
        .join(Village, Village.id == QUEUE.c.village_id)
        .where(*where)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).all()
    categories = {
        (row.get("catalog_version"), row.get("code")): row.get("name", "")
        for row in _reference_names(session, "demand_category")
    }
    topics = {
        (row.get("catalog_version"), row.get("code")): row.get("name", "")
        for row in _reference_names(session, "demand_topic")
    }
    rows = []
    for item in found:
        status = item.status
        due = item.due_date
        rows.append(
            QueueRow(
                id=item.id,
                number=item.number,
                village_code=item.code,
                village_name=item.name,
                title=item.title,
                status=status,
                status_label=_label(STATUS_LABELS, DemandStatus, status),
                channel=item.channel,
                channel_label=_label(CHANNEL_LABELS, Channel, item.channel),
                category_code=item.category_code,
                category_name=categories.get((item.catalog_version, item.category_code))
                or item.category_code,
                topic_name=topics.get((item.catalog_version, item.topic_code)) or item.topic_code,
                registered_at=wire.utc_iso(item.registered_at),
                due_date=due.isoformat() if due else None,
                overdue=bool(due and due < today and status in OPEN_VALUES),
                urged=item.urged,
                assigned_team_id=item.assigned_team_id,
                assigned_team_name=item.assigned_team_name,
                evaluation=item.evaluation,
            )
        )
    return QueuePage(total, offset, limit, rows)


def _label(labels: dict[Any, str], enum: Any, value: str) -> str:
    try:
        return labels[enum(value)]
    except ValueError:
        return value
