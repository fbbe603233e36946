"""Read-only views of demands for the 群众需求 screens: one demand with its timeline and sync
problems, the catalog and grid choices of the forms and filters, and the county's service menu.

Everything returned is a plain frozen dataclass, so it can leave the database worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from desktop.models.activity import Activity
from desktop.models.catalog import DemandCategory, DemandTopic
from desktop.models.demand import Demand, DemandEvent, ServiceMenuItem
from desktop.models.demands import urge_problem
from desktop.models.queries import REFUSED, REPORTED, WAITING
from desktop.models.reference_data import active_catalog_version
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    FINAL_STATUSES,
    STATUS_LABELS,
    Actor,
    Channel,
    DemandStatus,
    awaiting_evaluation,
    county_has_acted,
    is_overdue,
)
from desktop.models.search import build_match
from desktop.models.station import Station
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncRejection


def status_label(status: str) -> str:
    try:
        return STATUS_LABELS[DemandStatus(status)]
    except ValueError:
        return status


def channel_label(channel: str) -> str:
    try:
        return CHANNEL_LABELS[Channel(channel)]
    except ValueError:
        return channel


# ---- catalog ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicChoice:
    code: str
    name: str


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name: str
    default_due_days: int
    topics: tuple[TopicChoice, ...]


@dataclass(frozen=True)
class CatalogLabels:
    """Names of every category and topic of every catalog version, keyed by (version, code):
    a demand keeps the labels of the catalog it was filed under."""

    categories: dict[tuple[str, str], str]
    topics: dict[tuple[str, str], str]

    def category(self, version: str, code: str) -> str:
        return self.categories.get((version, code), code)

    def topic(self, version: str, code: str) -> str:
        if not code:
            return ""
        return self.topics.get((version, code), code)


def catalog_labels(session: Session) -> CatalogLabels:
    categories = {
        (version, code): name
        for version, code, name in session.execute(
            select(DemandCategory.catalog_version, DemandCategory.code, DemandCategory.name)
        )
    }
    topics = {
        (version, code): name
        for version, code, name in session.execute(
            select(DemandTopic.catalog_version, DemandTopic.code, DemandTopic.name)
        )
    }
    return CatalogLabels(categories, topics)


def active_categories(session: Session) -> list[CategoryChoice]:
    """The categories of the active catalog in the county's order, each with its topics."""
    version = active_catalog_version(session)
    topics: dict[str, list[TopicChoice]] = {}
    for category_code, code, name in session.execute(
        select(DemandTopic.category_code, DemandTopic.code, DemandTopic.name)
        .where(DemandTopic.catalog_version == version, DemandTopic.deleted_at.is_(None))
        .order_by(DemandTopic.sort_order, DemandTopic.code)
    ):
        topics.setdefault(category_code, []).append(TopicChoice(code, name))
    return [
        CategoryChoice(code, name, days, tuple(topics.get(code, ())))
        for code, name, days in session.execute(
            select(DemandCategory.code, DemandCategory.name, DemandCategory.default_due_days)
            .where(DemandCategory.catalog_version == version, DemandCategory.deleted_at.is_(None))
            .order_by(DemandCategory.sort_order, DemandCategory.code)
        )
    ]


# ---- station and grids ----------------------------------------------------------------------


def station_contact(session: Session) -> tuple[str, str]:
    """The station's name and phone, as a receipt prints them ("" before the setup)."""
    row = session.execute(
        select(Station.name, Station.phone)
        .where(Station.deleted_at.is_(None))
        .order_by(Station.created_at)
        .limit(1)
    ).first()
    return (row[0], row[1] or "") if row is not None else ("", "")


# ---- the service menu -----------------------------------------------------------------------


@dataclass(frozen=True)
class MenuItemView:
    id: str
    title: str
    category_code: str
    category_name: str
    topic_code: str
    topic_name: str
    description: str
    provider: str


def service_menu(session: Session) -> list[MenuItemView]:
    """The orderable services the county has published (active, not withdrawn)."""
    version = active_catalog_version(session)
    labels = catalog_labels(session)
    items = session.scalars(
        select(ServiceMenuItem)
        .where(ServiceMenuItem.active.is_(True), ServiceMenuItem.deleted_at.is_(None))
        .order_by(ServiceMenuItem.sort_order, ServiceMenuItem.title)
    )
    return [
        MenuItemView(
            id=item.id,
            title=item.title,
            category_code=item.category_code,
            category_name=labels.category(version, item.category_code),
            topic_code=item.topic_code,
            topic_name=labels.topic(version, item.topic_code),
            description=item.description,
            provider=item.provider,
        )
        for item in items
    ]


# ---- one demand -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    actor: str
    occurred_at: dt.datetime
    note: str


@dataclass(frozen=True)
class ConflictView:
    """Both PCs (or the county) changed the same field; the later arrival, this PC's value,
    was kept and the overwritten value is shown so nothing is silently lost."""

    field: str
    local_value: object
    server_value: object
    reported_at: dt.datetime


@dataclass(frozen=True)
class RejectionView:
    reason: str
    reported_at: dt.datetime


@dataclass(frozen=True)
class DemandDetail:
    id: str
    number: str
    station_name: str
    station_phone: str
    status: str
    registered_at: dt.datetime
    channel: str
    catalog_version: str
    category_code: str
    category_name: str
    topic_code: str
    topic_name: str
    title: str
    description: str
    urgency: str
    due_date: dt.date | None
    overdue: bool
    anonymous: bool
    requester_name: str
    requester_phone: str
    entered_by: str
    menu_item_title: str
    assigned_team_name: str
    dispatched_at: dt.datetime | None
    claimed_at: dt.datetime | None
    resolved_at: dt.datetime | None
    result: str
    reject_reason: str
    evaluation: str | None
    evaluation_note: str
    evaluated_at: dt.datetime | None
    deleted: bool
    can_evaluate: bool
    can_delete: bool
    withdrawn_at: dt.datetime | None
    withdraw_reason: str
    # Follow-up: 补充说明 while the demand is not finished; 撤回 while the county has not
    # acted; 催办 once it is overdue (``urge_problem`` says why not, for the button's tip).
    can_note: bool
    can_withdraw: bool
    urge_problem: str | None
    timeline: tuple[TimelineEntry, ...]
    conflicts: tuple[ConflictView, ...]
    rejections: tuple[RejectionView, ...]
    report_state: str = REPORTED  # see desktop.models.queries.REPORTED


ACTIVITY_EVENT = "ACTIVITY"  # a timeline step that is a practice activity answering the demand


def linked_activities(session: Session, demand_id: str) -> list[TimelineEntry]:
    """The activities that answer the demand (their ``linked_demand_ids`` name it), as
    timeline steps at their start. The activity index holds the numbers of the demands an
    activity answers: it finds the few candidates, whose links are then read."""
    number = session.scalar(select(Demand.number).where(Demand.id == demand_id))
    match = build_match(number) if number else None
    if match is None:
        return []
    candidates = text("SELECT rowid FROM activity_fts WHERE activity_fts MATCH :match").bindparams(
        match=match
    )
    linked = exists(
        select(literal_column("value"))
        .select_from(func.json_each(Activity.linked_demand_ids))
        .where(literal_column("value") == demand_id)
    )
    rows = session.execute(
        select(Activity.starts_at, Activity.title).where(
            Activity.search_rowid.in_(candidates), Activity.deleted_at.is_(None), linked
        )
    )
    return [
        TimelineEntry(ACTIVITY_EVENT, Actor.VILLAGE.value, starts_at, title)
        for starts_at, title in rows
    ]


def _with_activities(
    events: list[TimelineEntry], activities: list[TimelineEntry]
) -> tuple[TimelineEntry, ...]:
    """The demand's own steps and its activities, in time order (a step keeps its place
    before an activity at the same instant)."""
    return tuple(sorted([*events, *activities], key=lambda e: (e.occurred_at, e.kind == ACTIVITY_EVENT)))


def demand_detail(session: Session, demand_id: str, today: dt.date) -> DemandDetail | None:
    """Everything the detail dialog and the receipt show about one demand (None: no such id)."""
    demand = session.get(Demand, demand_id)
    if demand is None:
        return None
    labels = catalog_labels(session)
    status = DemandStatus(demand.status)
    menu_title = ""
    if demand.menu_item_id:
        menu_title = (
            session.scalar(
                select(ServiceMenuItem.title).where(ServiceMenuItem.id == demand.menu_item_id)
            )
            or ""
        )
    events = session.scalars(
        select(DemandEvent)
        .where(DemandEvent.demand_id == demand_id, DemandEvent.deleted_at.is_(None))
        .order_by(DemandEvent.occurred_at, DemandEvent.created_at)
    )
    conflicts = session.scalars(
        select(SyncConflict)
        .where(SyncConflict.entity == Demand.SYNC_ENTITY, SyncConflict.record_id == demand_id)
        .order_by(SyncConflict.reported_at)
    )
    rejections = session.scalars(
        select(SyncRejection)
        .where(SyncRejection.entity == Demand.SYNC_ENTITY, SyncRejection.record_id == demand_id)
        .order_by(SyncRejection.reported_at)
    )
    live = demand.deleted_at is None
    name, phone = station_contact(session)
    if demand.server_version is not None:
        report_state = REPORTED
    else:
        waiting = session.scalar(
            select(OutboxOp.device_seq).where(OutboxOp.record_id == demand_id).limit(1)
        )
        report_state = WAITING if waiting is not None else REFUSED
    return DemandDetail(
        id=demand.id,
        number=demand.number,
        station_name=name,
        station_phone=phone,
        status=demand.status,
        registered_at=demand.registered_at,
        channel=demand.channel,
        catalog_version=demand.catalog_version,
        category_code=demand.category_code,
        category_name=labels.category(demand.catalog_version, demand.category_code),
        topic_code=demand.topic_code,
        topic_name=labels.topic(demand.catalog_version, demand.topic_code),
        title=demand.title,
        description=demand.description,
        urgency=demand.urgency,
        due_date=demand.due_date,
        overdue=is_overdue(status, demand.due_date, today),
        anonymous=demand.anonymous,
        requester_name=demand.requester_name,
        requester_phone=demand.requester_phone or "",
        entered_by=demand.entered_by,
        menu_item_title=menu_title,
        assigned_team_name=demand.assigned_team_name,
        dispatched_at=demand.dispatched_at,
        claimed_at=demand.claimed_at,
        resolved_at=demand.resolved_at,
        result=demand.result,
        reject_reason=demand.reject_reason,
        evaluation=demand.evaluation,
        evaluation_note=demand.evaluation_note,
        evaluated_at=demand.evaluated_at,
        deleted=not live,
        can_evaluate=live and awaiting_evaluation(status) and demand.evaluation is None,
        can_delete=live and not county_has_acted(status),
        withdrawn_at=demand.withdrawn_at,
        withdraw_reason=demand.withdraw_reason or "",
        can_note=live and status not in FINAL_STATUSES,
        can_withdraw=live and status in (DemandStatus.DRAFT, DemandStatus.SUBMITTED),
        urge_problem=urge_problem(session, demand, today),
        timeline=_with_activities(
            [TimelineEntry(e.kind, e.actor, e.occurred_at, e.note) for e in events],
            linked_activities(session, demand_id),
        ),
        conflicts=tuple(
            ConflictView(c.field, c.local_value, c.server_value, c.reported_at) for c in conflicts
        ),
        rejections=tuple(RejectionView(r.reason, r.reported_at) for r in rejections),
        report_state=report_state,
    )
