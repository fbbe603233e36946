"""Demand status rules of the village side: checking moves with plain-Chinese messages, the
derived flags (open, overdue, awaiting evaluation) and the small enumerations of a demand.

The move table itself lives in ``liaison_wire.demand_states`` so the village client and the
county server enforce one and the same machine.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from desktop.models.errors import ValidationError
from liaison_wire.demand_states import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    MOVES,
    OPEN_STATUSES,
    STATUS_LABELS,
    Actor,
    Channel,
    DemandStatus,
    Evaluation,
)

__all__ = [
    "CHANNEL_LABELS",
    "EVALUATION_LABELS",
    "OPEN_STATUSES",
    "STATUS_LABELS",
    "Actor",
    "Channel",
    "DemandStatus",
    "Evaluation",
]


_S = DemandStatus
_MOVES = MOVES

# Nothing may follow these.
FINAL_STATUSES: frozenset[DemandStatus] = frozenset(
    {_S.REJECTED, _S.MERGED, _S.CLOSED, _S.CANCELLED}
)

_NOT_YET_TOUCHED_BY_COUNTY: frozenset[DemandStatus] = frozenset(
    {_S.DRAFT, _S.SUBMITTED, _S.CANCELLED}
)


def allowed_transitions(current: DemandStatus, actor: Actor) -> frozenset[DemandStatus]:
    """The statuses ``actor`` may move a demand in ``current`` to (for enabling buttons)."""
    return frozenset(new for old, new in _MOVES[actor] if old == current)


def check_transition(current: DemandStatus, new: DemandStatus, actor: Actor) -> None:
    """Raise :class:`ValidationError` (field ``status``) unless ``actor`` may move ``current``
    to ``new``."""
    if (current, new) in _MOVES[actor]:
        return
    old_label, new_label = STATUS_LABELS[current], STATUS_LABELS[new]
    other = Actor.COUNTY if actor is Actor.VILLAGE else Actor.VILLAGE
    if (current, new) in _MOVES[other]:
        if actor is Actor.VILLAGE:
            message = f"需求从“{old_label}”改为“{new_label}”要由县中心办理，村里不能操作"
        else:
            message = f"需求从“{old_label}”改为“{new_label}”要由村联络员操作，县中心不能代办"
        raise ValidationError("status", message)
    if actor is Actor.VILLAGE and new is _S.CANCELLED and current in OPEN_STATUSES:
        # The most common wrong move deserves a message that says what to do instead.
        raise ValidationError(
            "status", f"需求已经“{old_label}”，县中心已在办理，村里不能再撤回；如需撤回请联系县中心"
        )
    if current in FINAL_STATUSES:
        raise ValidationError("status", f"需求已经“{old_label}”，状态不能再改动")
    raise ValidationError("status", f"需求状态不能从“{old_label}”直接改为“{new_label}”")


def check_reject_reason(reason: str | None) -> str:
    """Return the trimmed reason for a rejection; a rejection without one is refused, because the
    village has to tell the resident why."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise ValidationError("reject_reason", "退回需求时必须填写退回理由")
    return cleaned


def is_open(status: DemandStatus) -> bool:
    """True while the demand is raised but not yet resolved or ended."""
    return status in OPEN_STATUSES


def county_has_acted(status: DemandStatus) -> bool:
    """True once the county has done anything with the demand; the village may no longer delete
    it then, because the county's work and records hang off it."""
    return status not in _NOT_YET_TOUCHED_BY_COUNTY


def is_overdue(status: DemandStatus, due_date: date | None, today: date) -> bool:
    """The derived 超期 flag: still open, has a due date, and that day has passed.

    Overdue is deliberately not a status: it changes with the calendar, not with anyone's action.
    The due date itself still counts as in time.
    """
    return is_open(status) and due_date is not None and today > due_date


def awaiting_evaluation(status: DemandStatus) -> bool:
    """True when the work is done and the resident's evaluation (评单) is still missing."""
    return status is DemandStatus.RESOLVED




class Urgency(StrEnum):
    NORMAL = "NORMAL"
    URGENT = "URGENT"
    VERY_URGENT = "VERY_URGENT"


URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.NORMAL: "一般",
    Urgency.URGENT: "紧急",
    Urgency.VERY_URGENT: "特急",
}


