"""Registering, following up, evaluating and withdrawing demands: the village's side of
点单 … 评单.

Each function is one user action and runs inside the caller's transaction (``Database.writing``),
so the demand, its timeline event, its 需求编号 counter and their outbox ops commit together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.base import new_uuid, utcnow
from desktop.models.beijing import day_start_utc
from desktop.models.catalog import DemandCategory
from desktop.models.changes import Changed, Changes
from desktop.models.contacts import ContactInput, clean_contact, save_contact
from desktop.models.demand import Demand, DemandEvent
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.reference_data import active_catalog_version
from desktop.models.rows.driver import read_one
from desktop.models.rows.write import take_demand_sequence
from desktop.models.rules.demand_status import (
    FINAL_STATUSES,
    STATUS_LABELS,
    Actor,
    Channel,
    DemandStatus,
    Evaluation,
    Urgency,
    check_transition,
    county_has_acted,
    is_open,
    is_overdue,
)
from desktop.models.rules.names import name_problem
from desktop.models.rules.phone import normalize_phone
from desktop.models.station_setup import current_station_id
from desktop.models.writes import WritePath
from liaison_wire.demand_states import NOTE_EVENT, URGE_EVENT

TITLE_MAX = 200


@dataclass
class DemandInput:
    """What the registration form collects."""

    channel: str
    category_code: str
    title: str
    topic_code: str = ""
    description: str = ""
    urgency: str = Urgency.NORMAL.value
    requester_contact_id: str | None = None
    requester_name: str = ""
    requester_phone: str = ""
    anonymous: bool = False
    due_date: dt.date | None = None
    entered_by: str = ""
    menu_item_id: str | None = None
    grid_id: str | None = None


@dataclass(frozen=True)
class _Intake:
    """What the checks look up once per registration, in one query: saving a demand is the
    most frequent action, so it avoids a round of ORM queries per field."""

    version: str
    due_days: int | None  # None: the category is not in the active catalog
    topic_known: bool  # the topic belongs to the category (False when none was chosen)
    contact: tuple[str, str | None] | None  # (name, phone) of the requester in the book


# Plain SQL on the session's connection (same transaction): the catalog version in force, the
# category's time limit, whether the topic belongs to the category, and the requester's entry
# in the contact book.
_INTAKE_SQL = """
SELECT v.catalog_version,
       (SELECT c.default_due_days FROM demand_category AS c
         WHERE c.catalog_version = v.catalog_version AND c.code = ?1),
       EXISTS (SELECT 1 FROM demand_topic AS t
                WHERE t.catalog_version = v.catalog_version AND t.code = ?2
                  AND t.category_code = ?1),
       (SELECT p.name FROM contact AS p WHERE p.id = ?3),
       (SELECT p.phone FROM contact AS p WHERE p.id = ?3)
  FROM catalog_version AS v
 WHERE v.active = 1
"""


def _intake(session: Session, data: DemandInput) -> _Intake:
    # Raw SQL skips autoflush: a contact created earlier in this action must be visible.
    session.flush()
    contact_id = None if data.anonymous else data.requester_contact_id
    row = read_one(
        session.connection(), _INTAKE_SQL, (data.category_code, data.topic_code, contact_id)
    )
    if row is None:
        raise LookupError("no active demand catalog")
    version, due_days, topic_known, name, phone = row
    contact = (name, phone) if name is not None else None
    return _Intake(version, due_days, bool(topic_known), contact)


def _check(
    session: Session, data: DemandInput, today: dt.date, intake: _Intake
) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if data.channel not in {c.value for c in Channel}:
        errors.append(ValidationError("channel", "请选择需求来源渠道"))
    if intake.due_days is None:
        errors.append(ValidationError("category_code", "请选择需求类别"))
    elif data.topic_code and not intake.topic_known:
        errors.append(ValidationError("topic_code", "所选主题不属于这个类别，请重新选择"))
    title = data.title.strip()
    if not title:
        errors.append(ValidationError("title", "请填写需求标题（一句话说明群众要什么）"))
    elif len(title) > TITLE_MAX:
        errors.append(ValidationError("title", f"需求标题最多 {TITLE_MAX} 个字"))
    if data.urgency not in {u.value for u in Urgency}:
        errors.append(ValidationError("urgency", "请选择紧急程度"))
    if not data.anonymous:
        if data.requester_contact_id is None and not data.requester_name.strip():
            errors.append(
                ValidationError("requester_name", "请填写提出需求的村民姓名，或勾选“匿名”")
            )
        elif problem := name_problem(data.requester_name, id_field=False):
            errors.append(ValidationError("requester_name", problem))
        if data.requester_contact_id is not None and intake.contact is None:
            errors.append(ValidationError("requester_name", "所选村民不在通讯录中"))
        if data.requester_phone.strip():
            try:
                normalize_phone(data.requester_phone)
            except ValidationError as error:
                errors.append(ValidationError("requester_phone", error.message))
    if data.due_date is not None and data.due_date < today:
        errors.append(ValidationError("due_date", "办理期限不能早于今天"))
    return errors


def default_due_date(session: Session, category_code: str, today: dt.date) -> dt.date | None:
    """Today plus the category's default time limit (configurable per category by the county)."""
    days = session.scalar(
        select(DemandCategory.default_due_days).where(
            DemandCategory.catalog_version == active_catalog_version(session),
            DemandCategory.code == category_code,
        )
    )
    return None if days is None else today + dt.timedelta(days=days)


def next_demand_number(session: Session, day: dt.date) -> str:
    """The next 需求编号 of ``day``, e.g. ``XQ-20261129-0007``.

    The counter row moves forward in the same transaction as the demand; it also never falls
    behind numbers that arrived from the county (another PC of the same station).
    """
    key = day.strftime("%Y%m%d")
    prefix = f"XQ-{key}-"
    return f"{prefix}{take_demand_sequence(session, key, prefix):04d}"


@dataclass(frozen=True)
class FiledDemand:
    """A demand just filed: its id and its 需求编号."""

    id: str
    number: str


def register_demand(
    session: Session,
    station_id: str,
    data: DemandInput,
    *,
    now: dt.datetime | None = None,
) -> FiledDemand:
    """File a new demand (status 已上报) with its number and its first timeline event; the
    first error of the form is raised (:func:`file_demand` returns them all)."""
    now = now or utcnow()
    intake = _intake(session, data)
    errors = _check(session, data, beijing.today(now), intake)
    if errors:
        raise errors[0]
    return _store_demand(session, station_id, data, intake, now)


def _store_demand(
    session: Session, station_id: str, data: DemandInput, intake: _Intake, now: dt.datetime
) -> FiledDemand:
    """Write a checked demand and its first timeline event."""
    today = beijing.today(now)
    # An anonymous demand keeps no requester, even if the form still holds a name or phone.
    name, phone = (
        ("", "") if data.anonymous else (data.requester_name.strip(), data.requester_phone.strip())
    )
    if intake.contact is not None:
        name = name or intake.contact[0]
        phone = phone or (intake.contact[1] or "")
    if phone:
        phone = normalize_phone(phone).value
    row: dict[str, Any] = {
        "id": new_uuid(),
        "number": next_demand_number(session, today),
        "station_id": station_id,
        "requester_contact_id": None if data.anonymous else data.requester_contact_id,
        "requester_name": "" if data.anonymous else name,
        "requester_phone": None if data.anonymous or not phone else phone,
        "anonymous": data.anonymous,
        "entered_by": data.entered_by,
        "channel": data.channel,
        "category_code": data.category_code,
        "topic_code": data.topic_code,
        "catalog_version": intake.version,
        "menu_item_id": data.menu_item_id,
        "title": data.title.strip(),
        "description": data.description.strip(),
        "urgency": data.urgency,
        "grid_id": data.grid_id,
        "registered_at": now,
        "due_date": data.due_date or today + dt.timedelta(days=intake.due_days or 0),
        "status": DemandStatus.SUBMITTED.value,
    }
    # The write path's bulk create (plain INSERTs of the demand, its event, their two ops and
    # the search entry) rather than the ORM's unit of work, which costs several times as much.
    event = {
        "demand_id": row["id"],
        "kind": "REGISTERED",
        "actor": Actor.VILLAGE.value,
        "occurred_at": now,
    }
    WritePath(session, clock=lambda: now).create_groups([(Demand, [row]), (DemandEvent, [event])])
    return FiledDemand(row["id"], row["number"])




def evaluate_demand(
    session: Session,
    demand: Demand,
    evaluation: str,
    note: str = "",
    *,
    now: dt.datetime | None = None,
) -> None:
    """Record the villager's evaluation (评单) of a demand the county resolved."""
    now = now or utcnow()
    if evaluation not in {e.value for e in Evaluation}:
        raise ValidationError("evaluation", "请选择群众的满意程度")
    check_transition(DemandStatus(demand.status), DemandStatus.FEEDBACK_GIVEN, Actor.VILLAGE)
    writes = WritePath(session, clock=lambda: now)
    writes.update(demand, evaluation=evaluation, evaluation_note=note.strip(), evaluated_at=now)
    # The county is authoritative for the status; locally it shows the evaluation at once and
    # the next pull confirms it.
    demand.status = DemandStatus.FEEDBACK_GIVEN.value
    writes.create(
        DemandEvent(
            demand_id=demand.id,
            kind="EVALUATED",
            actor=Actor.VILLAGE.value,
            occurred_at=now,
            note=evaluation,
        )
    )


NOTE_MAX = 500


def _live(demand: Demand) -> DemandStatus:
    if demand.deleted_at is not None:
        raise ValidationError("status", "这条需求已经删除")
    return DemandStatus(demand.status)


def _event(session: Session, demand: Demand, kind: str, note: str, now: dt.datetime) -> DemandEvent:
    return WritePath(session, clock=lambda: now).create(
        DemandEvent(
            demand_id=demand.id,
            kind=kind,
            actor=Actor.VILLAGE.value,
            occurred_at=now,
            note=note,
        )
    )


def _short_text(field: str, text: str, label: str, *, missing: str | None = None) -> str:
    """``text`` trimmed, refused at ``field`` when empty (if ``missing`` says so) or too long."""
    cleaned = text.strip()
    if not cleaned and missing is not None:
        raise ValidationError(field, missing)
    if len(cleaned) > NOTE_MAX:
        raise ValidationError(field, f"{label}最多 {NOTE_MAX} 个字，现在是 {len(cleaned)} 个字")
    return cleaned


def add_note(
    session: Session, demand: Demand, text: str, *, now: dt.datetime | None = None
) -> DemandEvent:
    """补充说明: something more the county should know (the villager called again, the problem
    got worse), as a step of the demand's timeline that reaches the county with the next sync."""
    now = now or utcnow()
    status = _live(demand)
    note = _short_text("note", text, "补充说明", missing="请填写补充说明的内容")
    if status in FINAL_STATUSES:
        raise ValidationError(
            "status", f"需求已经“{STATUS_LABELS[status]}”，不用再补充说明；如有新情况请登记新的需求"
        )
    return _event(session, demand, NOTE_EVENT, note, now)


def urge_problem(session: Session, demand: Demand, today: dt.date) -> str | None:
    """Why 催办 is not possible for ``demand`` today, or None when it is."""
    status = DemandStatus(demand.status)
    if demand.deleted_at is not None:
        return "这条需求已经删除"
    if not is_open(status):
        return f"需求已经“{STATUS_LABELS[status]}”，不用催办"
    if demand.server_version is None:
        return "县中心还没有收到这条需求，同步以后才能催办"
    if not is_overdue(status, demand.due_date, today):
        return "需求还没有超过办理期限，超期以后才能催办"
    start = day_start_utc(today)
    urged = session.scalar(
        select(DemandEvent.occurred_at)
        .where(
            DemandEvent.demand_id == demand.id,
            DemandEvent.kind == URGE_EVENT,
            DemandEvent.deleted_at.is_(None),
            DemandEvent.occurred_at >= start,
        )
        .limit(1)
    )
    if urged is not None:
        return f"今天 {beijing.clock_time(urged)} 已经催办过了，明天可以再催"
    return None


def urge_demand(
    session: Session,
    demand: Demand,
    reason: str = "",
    *,
    now: dt.datetime | None = None,
) -> DemandEvent:
    """催办: the villager asks again about an overdue demand; the county sees each one (once a
    day at most: a second press the same day is refused, not counted twice)."""
    now = now or utcnow()
    problem = urge_problem(session, demand, beijing.today(now))
    if problem is not None:
        raise ValidationError("status", problem)
    note = _short_text("note", reason, "催办说明")
    return _event(session, demand, URGE_EVENT, note, now)


def withdraw_demand(
    session: Session, demand: Demand, reason: str, *, now: dt.datetime | None = None
) -> None:
    """撤回: the villager no longer needs it (solved on their own, moved away). Only while the
    county has not acted on it; the county marks it 已撤回 when it receives this, and adds the
    step to the timeline. It stays in the ledger, unlike a deleted demand."""
    now = now or utcnow()
    status = _live(demand)
    cleaned = _short_text(
        "withdraw_reason", reason, "撤回原因", missing="请填写撤回的原因，如：群众已自行解决"
    )
    check_transition(status, DemandStatus.CANCELLED, Actor.VILLAGE)
    WritePath(session, clock=lambda: now).update(demand, withdrawn_at=now, withdraw_reason=cleaned)
    # The county is authoritative for the status; it shows at once here, and the next pull
    # confirms it (or brings the county's status back if it had acted meanwhile).
    demand.status = DemandStatus.CANCELLED.value


def delete_demand(session: Session, demand: Demand, *, now: dt.datetime | None = None) -> None:
    """Tombstone a demand the county has not acted on yet (a mistaken entry)."""
    if county_has_acted(DemandStatus(demand.status)):
        raise ValidationError("status", "县中心已经办理这条需求，不能删除；如有错误请联系县中心")
    WritePath(session, clock=lambda: now or utcnow()).delete(demand)


# --- the actions of a demand's detail, by id -------------------------------------------------

DEMANDS_CHANGED = Changes(demands=True)


def change_demand(
    session: Session, demand_id: str, action: Callable[[Session, Demand], object]
) -> Changed[None]:
    """Run one of this module's actions on a demand (``evaluate_demand``, ``add_note``,
    ``urge_demand``, ``withdraw_demand``, ``delete_demand``) as its detail does: by id, the
    demand still there (another PC's deletion may have come with a sync meanwhile)."""
    demand = session.get(Demand, demand_id)
    if demand is None or demand.deleted_at is not None:
        raise LiaisonError("找不到这条需求，可能已被删除")
    action(session, demand)
    return Changed(None, DEMANDS_CHANGED)


# --- filing from the register and 点单 forms ----------------------------------------------

# Contact-book field names as the demand form names them.
_CONTACT_FIELDS = {"name": "requester_name", "phone": "requester_phone"}


@dataclass(frozen=True)
class RequesterChoice:
    contact_id: str | None = None
    name: str = ""
    phone: str = ""
    anonymous: bool = False
    add_to_book: bool = True
    grid_id: str | None = None


def file_demand(
    session: Session,
    data: DemandInput,
    requester: RequesterChoice,
    today: dt.date,
    *,
    now: dt.datetime | None = None,
) -> Changed[FiledDemand | list[ValidationError]]:
    """File a demand from the register or 点单 form: check everything first and return every
    error (nothing changed); otherwise save the new contact (if any) and the demand in the
    caller's transaction."""
    data = replace(
        data,
        requester_contact_id=None if requester.anonymous else requester.contact_id,
        requester_name="" if requester.anonymous else requester.name,
        requester_phone="" if requester.anonymous else requester.phone,
        anonymous=requester.anonymous,
        grid_id=None if requester.anonymous else requester.grid_id,
    )
    intake = _intake(session, data)
    errors = _check(session, data, today, intake)
    new_contact = None
    if (
        not requester.anonymous
        and requester.contact_id is None
        and requester.add_to_book
        and requester.name.strip()
    ):
        new_contact = ContactInput(name=requester.name, phone=requester.phone)
        _values, contact_errors = clean_contact(new_contact, today)
        # One message per field: the demand's own check of the name has said it already.
        said = {e.field for e in errors}
        errors += [
            ValidationError(_CONTACT_FIELDS.get(e.field, e.field), e.message)
            for e in contact_errors
            if _CONTACT_FIELDS.get(e.field, e.field) not in said
        ]
    if errors:
        return Changed(errors)
    station_id = current_station_id(session)
    if new_contact is not None:
        contact = save_contact(session, station_id, new_contact, today=today)
        data = replace(data, requester_contact_id=contact.id)
        intake = replace(intake, contact=(contact.name, contact.phone))
    filed = _store_demand(session, station_id, data, intake, now or utcnow())
    return Changed(filed, Changes(demands=True, contacts=new_contact is not None))
