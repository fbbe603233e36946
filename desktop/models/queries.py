"""Paged, filtered, sorted list queries for the demand list, the contact book and the
activity list.

Filtering, sorting and counting happen in SQL so the lists stay instant with 100,000 rows;
the UI's lazy models ask for one page of plain rows at a time. Text search goes through the
FTS indexes of :mod:`desktop.models.search`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from desktop.models.activity import Activity, ServiceRecord
from desktop.models.beijing import day_start_utc
from desktop.models.demand import Demand
from desktop.models.rules.demand_status import OPEN_STATUSES, DemandStatus
from desktop.models.search import build_match
from desktop.models.station import Contact
from desktop.models.sync_tables import OutboxOp


def _fts_rowids(table: str, query: str) -> Select[Any] | None:
    match = build_match(query)
    if match is None:
        return None
    return (
        select(literal_column("rowid"))
        .select_from(text(table))
        .where(text(f"{table} MATCH :match").bindparams(match=match))
    )


def _has_any_tag(tags: frozenset[str]) -> ColumnElement[bool]:
    """The contact carries at least one of ``tags`` (priority-group codes in a JSON list)."""
    value: ColumnElement[str] = literal_column("value")
    return exists(
        select(value).select_from(func.json_each(Contact.tags)).where(value.in_(sorted(tags)))
    )


@dataclass(frozen=True)
class DemandFilter:
    text: str = ""
    statuses: frozenset[str] = frozenset()
    category_code: str | None = None
    channel: str | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    grid_id: str | None = None
    overdue: bool = False
    awaiting_evaluation: bool = False
    tags: frozenset[str] = frozenset()
    contact_id: str | None = None
    # Only demands the county has not received yet (待上报).
    unreported: bool = False


DEMAND_SORTS: dict[str, Any] = {
    "registered_at": Demand.registered_at,
    "number": Demand.number,
    "due_date": Demand.due_date,
    "status": Demand.status,
    "category": Demand.category_code,
    "channel": Demand.channel,
    "requester": Demand.requester_pinyin,
    "title": Demand.title,
}


@dataclass(frozen=True)
class Sort:
    key: str = "registered_at"
    descending: bool = True


@dataclass(frozen=True)
class DemandRow:
    """One line of the demand list: plain values, safe to pass across threads."""

    id: str
    number: str
    registered_at: dt.datetime
    requester_name: str
    anonymous: bool
    title: str
    category_code: str
    topic_code: str
    catalog_version: str
    channel: str
    status: str
    urgency: str
    due_date: dt.date | None
    overdue: bool
    report_state: str = "reported"


# Whether the county has a demand: it answered its push (``server_version`` set) or sent it;
# it is waiting in the outbox; or the county refused it (not in the outbox, never answered).
REPORTED, WAITING, REFUSED = "reported", "waiting", "refused"


def report_state_column() -> ColumnElement[str]:
    return case(
        (Demand.server_version.is_not(None), literal(REPORTED)),
        (exists().where(OutboxOp.record_id == Demand.id), literal(WAITING)),
        else_=literal(REFUSED),
    ).label("report_state")


_DEMAND_ROW_COLUMNS = (
    Demand.id,
    Demand.number,
    Demand.registered_at,
    Demand.requester_name,
    Demand.anonymous,
    Demand.title,
    Demand.category_code,
    Demand.topic_code,
    Demand.catalog_version,
    Demand.channel,
    Demand.status,
    Demand.urgency,
    Demand.due_date,
)

_OPEN = sorted(s.value for s in OPEN_STATUSES)


def _overdue_clause(today: dt.date) -> ColumnElement[bool]:
    return and_(Demand.due_date < today, Demand.status.in_(_OPEN))


def demand_conditions(flt: DemandFilter, today: dt.date) -> list[ColumnElement[bool]]:
    """WHERE clauses of every part of ``flt`` but its text (see :func:`_demand_select`)."""
    clauses: list[ColumnElement[bool]] = [Demand.deleted_at.is_(None)]
    if flt.statuses:
        clauses.append(Demand.status.in_(sorted(flt.statuses)))
    if flt.category_code:
        clauses.append(Demand.category_code == flt.category_code)
    if flt.channel:
        clauses.append(Demand.channel == flt.channel)
    if flt.registered_from:
        clauses.append(Demand.registered_at >= day_start_utc(flt.registered_from))
    if flt.registered_to:
        end = day_start_utc(flt.registered_to + dt.timedelta(days=1))
        clauses.append(Demand.registered_at < end)
    if flt.grid_id:
        clauses.append(Demand.grid_id == flt.grid_id)
    if flt.overdue:
        clauses.append(_overdue_clause(today))
    if flt.awaiting_evaluation:
        clauses.append(
            and_(Demand.status == DemandStatus.RESOLVED.value, Demand.evaluation.is_(None))
        )
    if flt.contact_id:
        clauses.append(Demand.requester_contact_id == flt.contact_id)
    if flt.unreported:
        clauses.append(Demand.server_version.is_(None))
    if flt.tags:
        clauses.append(
            exists().where(Contact.id == Demand.requester_contact_id, _has_any_tag(flt.tags))
        )
    return clauses


def _demand_select(
    flt: DemandFilter, today: dt.date, *columns: Any
) -> tuple[Select[Any], ColumnElement[int] | None] | None:
    """``SELECT columns`` of the demands matching ``flt``, and the index's rowid column when the
    filter has text (None when the text holds nothing searchable: nothing matches).

    A text search is driven from the FTS index: its rowid is the registration instant, so the
    newest-first page comes straight off the index without sorting the matches.
    """
    clauses = demand_conditions(flt, today)
    if not flt.text.strip():
        return select(*columns).select_from(Demand).where(*clauses), None
    match = build_match(flt.text)
    if match is None:
        return None
    fts = table("demand_fts", column("rowid"))
    stmt = (
        select(*columns)
        .select_from(fts)
        .join(Demand, Demand.search_rowid == fts.c.rowid)
        .where(text("demand_fts MATCH :match").bindparams(match=match), *clauses)
    )
    return stmt, fts.c.rowid


def count_demands(session: Session, flt: DemandFilter, today: dt.date) -> int:
    if flt.text.strip() and replace(flt, text="") == DemandFilter():
        # Text alone: tombstones are not in the index, so the index counts by itself.
        match = build_match(flt.text)
        if match is None:
            return 0
        return int(
            session.scalar(
                text("SELECT count(*) FROM demand_fts WHERE demand_fts MATCH :match").bindparams(
                    match=match
                )
            )
            or 0
        )
    built = _demand_select(flt, today, func.count())
    return 0 if built is None else int(session.scalar(built[0]) or 0)


def list_demands(
    session: Session,
    flt: DemandFilter,
    today: dt.date,
    *,
    sort: Sort = Sort(),
    offset: int = 0,
    limit: int = 100,
) -> list[DemandRow]:
    built = _demand_select(
        flt,
        today,
        *_DEMAND_ROW_COLUMNS,
        _overdue_clause(today).label("overdue"),
        report_state_column(),
    )
    if built is None:
        return []
    stmt, fts_rowid = built
    if sort.key == "registered_at" and fts_rowid is not None:
        order = [fts_rowid.desc() if sort.descending else fts_rowid.asc()]
    else:
        column = DEMAND_SORTS[sort.key]
        # A unique tiebreaker keeps pages stable when many rows share the sort value.
        tiebreak = Demand.search_rowid
        order = [
            column.desc() if sort.descending else column.asc(),
            tiebreak.desc() if sort.descending else tiebreak.asc(),
        ]
    stmt = stmt.order_by(*order).offset(offset).limit(limit)
    return [
        DemandRow(**{**row._asdict(), "overdue": bool(row.overdue)})
        for row in session.execute(stmt)
    ]


def status_counts(session: Session, flt: DemandFilter, today: dt.date) -> dict[str, int]:
    """Demands per status under ``flt`` (its own status choice ignored), for the filter bar."""
    built = _demand_select(replace(flt, statuses=frozenset()), today, Demand.status, func.count())
    if built is None:
        return {}
    stmt = built[0].group_by(Demand.status)
    return {status: int(n) for status, n in session.execute(stmt)}


@dataclass(frozen=True)
class ContactFilter:
    text: str = ""
    grid_id: str | None = None
    group_name: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)


CONTACT_SORTS: dict[str, Any] = {
    "name": Contact.pinyin_full,
    "group": Contact.group_name,
    "address": Contact.address,
    "updated_at": Contact.updated_at,
}


@dataclass(frozen=True)
class ContactRow:
    id: str
    name: str
    gender: str | None
    phone: str | None
    group_name: str
    grid_id: str | None
    address: str


def contact_conditions(flt: ContactFilter) -> list[ColumnElement[bool]] | None:
    clauses: list[ColumnElement[bool]] = [Contact.deleted_at.is_(None)]
    if flt.text.strip():
        rowids = _fts_rowids("contact_fts", flt.text)
        if rowids is None:
            return None
        clauses.append(Contact.search_rowid.in_(rowids))
    if flt.grid_id:
        clauses.append(Contact.grid_id == flt.grid_id)
    if flt.group_name:
        clauses.append(Contact.group_name == flt.group_name)
    if flt.tags:
        clauses.append(_has_any_tag(flt.tags))
    return clauses


def count_contacts(session: Session, flt: ContactFilter) -> int:
    clauses = contact_conditions(flt)
    if clauses is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(Contact).where(*clauses)) or 0)


def list_contacts(
    session: Session,
    flt: ContactFilter,
    *,
    sort: Sort = Sort("name", descending=False),
    offset: int = 0,
    limit: int = 100,
) -> list[ContactRow]:
    clauses = contact_conditions(flt)
    if clauses is None:
        return []
    column = CONTACT_SORTS[sort.key]
    tiebreak = Contact.search_rowid
    order = [
        column.desc() if sort.descending else column.asc(),
        tiebreak.desc() if sort.descending else tiebreak.asc(),
    ]
    stmt = (
        select(
            Contact.id,
            Contact.name,
            Contact.gender,
            Contact.phone,
            Contact.group_name,
            Contact.grid_id,
            Contact.address,
        )
        .where(*clauses)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [ContactRow(*row) for row in session.execute(stmt)]


@dataclass(frozen=True)
class ActivityFilter:
    """The 实践活动 list's filter. ``text`` matches the title and place (as the other lists'
    searches do), the organising team's name, and the name, pinyin or initials of a volunteer
    who served; ``month`` is (year, month) of the start, Beijing time."""

    text: str = ""
    activity_type_code: str | None = None
    five_task_code: str | None = None
    team_id: str | None = None
    month: tuple[int, int] | None = None


ACTIVITY_SORTS: dict[str, Any] = {
    "starts_at": Activity.starts_at,
    "title": Activity.title,
    "type": Activity.activity_type_code,
    "place": Activity.place,
    "audience": Activity.audience_count,
}


@dataclass(frozen=True)
class ActivityRow:
    id: str
    title: str
    activity_type_code: str
    five_task_code: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    team_id: str | None
    audience_count: int
    volunteers: int
    credited_minutes: int


def _month_range(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return day_start_utc(first), day_start_utc(following)


def activity_conditions(flt: ActivityFilter) -> list[ColumnElement[bool]]:
    """WHERE clauses of every part of ``flt`` but its text (see :func:`_activity_select`)."""
    clauses: list[ColumnElement[bool]] = [Activity.deleted_at.is_(None)]
    if flt.activity_type_code:
        clauses.append(Activity.activity_type_code == flt.activity_type_code)
    if flt.five_task_code:
        clauses.append(Activity.five_task_code == flt.five_task_code)
    if flt.team_id:
        clauses.append(Activity.team_id == flt.team_id)
    if flt.month:
        start, end = _month_range(*flt.month)
        clauses.append(and_(Activity.starts_at >= start, Activity.starts_at < end))
    return clauses


def _activity_select(
    flt: ActivityFilter, *columns: Any
) -> tuple[Select[Any], ColumnElement[int] | None] | None:
    """``SELECT columns`` of the activities matching ``flt``, and the index's rowid column when
    the filter has text (None when the text holds nothing searchable: nothing matches).

    A text search is driven from the index (title, place, team, the volunteers who served):
    its rowid is the start, so the newest-first page comes straight off it."""
    clauses = activity_conditions(flt)
    if not flt.text.strip():
        return select(*columns).select_from(Activity).where(*clauses), None
    match = build_match(flt.text)
    if match is None:
        return None
    fts = table("activity_fts", column("rowid"))
    stmt = (
        select(*columns)
        .select_from(fts)
        .join(Activity, Activity.search_rowid == fts.c.rowid)
        .where(text("activity_fts MATCH :match").bindparams(match=match), *clauses)
    )
    return stmt, fts.c.rowid


def count_activities(session: Session, flt: ActivityFilter) -> int:
    if flt.text.strip() and replace(flt, text="") == ActivityFilter():
        # Text alone: tombstones are not in the index, so the index counts by itself.
        match = build_match(flt.text)
        if match is None:
            return 0
        found = session.scalar(
            text("SELECT count(*) FROM activity_fts WHERE activity_fts MATCH :match").bindparams(
                match=match
            )
        )
        return int(found or 0)
    built = _activity_select(flt, func.count())
    return 0 if built is None else int(session.scalar(built[0]) or 0)


def list_activities(
    session: Session,
    flt: ActivityFilter,
    *,
    sort: Sort = Sort("starts_at"),
    offset: int = 0,
    limit: int = 100,
) -> list[ActivityRow]:
    served = (ServiceRecord.activity_id == Activity.id, ServiceRecord.deleted_at.is_(None))
    volunteers = (
        select(func.count(func.distinct(ServiceRecord.volunteer_id)))
        .where(*served)
        .scalar_subquery()
    )
    minutes = (
        select(func.coalesce(func.sum(ServiceRecord.credited_minutes), 0))
        .where(*served)
        .scalar_subquery()
    )
    built = _activity_select(
        flt,
        Activity.id,
        Activity.title,
        Activity.activity_type_code,
        Activity.five_task_code,
        Activity.starts_at,
        Activity.ends_at,
        Activity.place,
        Activity.team_id,
        Activity.audience_count,
        volunteers.label("volunteers"),
        minutes.label("credited_minutes"),
    )
    if built is None:
        return []
    stmt, fts_rowid = built
    if sort.key == "starts_at" and fts_rowid is not None:
        order = [fts_rowid.desc() if sort.descending else fts_rowid.asc()]
    else:
        column_ = ACTIVITY_SORTS[sort.key]
        tiebreak: Any = Activity.search_rowid
        order = [
            column_.desc() if sort.descending else column_.asc(),
            tiebreak.desc() if sort.descending else tiebreak.asc(),
        ]
    stmt = stmt.order_by(*order).offset(offset).limit(limit)
    return [ActivityRow(*row) for row in session.execute(stmt)]
