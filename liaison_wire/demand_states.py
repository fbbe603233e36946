"""The demand status machine shared by the village client and the county server.

Both sides enforce one and the same set of moves (点单 → 接单 → 派单 → 接单 → 评单) and who may
make each: the village raises, withdraws and evaluates a demand; everything in between is the
county's decision. The enum values are stored and sent over the wire: never rename them.
"""

from __future__ import annotations

from enum import StrEnum


class DemandStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    TRIAGED = "TRIAGED"
    REJECTED = "REJECTED"
    MERGED = "MERGED"
    LISTED = "LISTED"
    DISPATCHED = "DISPATCHED"
    CLAIMED = "CLAIMED"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    FEEDBACK_GIVEN = "FEEDBACK_GIVEN"
    CLOSED = "CLOSED"
    ESCALATED = "ESCALATED"
    CANCELLED = "CANCELLED"


# Somebody still has to work on these before the resident gets an answer; the due date
# applies only to them, which is why RESOLVED / FEEDBACK_GIVEN and DRAFT are not here. The
# village's 超期 and the county's queue both go by it.
OPEN_STATUSES: frozenset[DemandStatus] = frozenset(
    {
        DemandStatus.SUBMITTED,
        DemandStatus.TRIAGED,
        DemandStatus.LISTED,
        DemandStatus.DISPATCHED,
        DemandStatus.CLAIMED,
        DemandStatus.IN_PROGRESS,
        DemandStatus.ESCALATED,
    }
)


STATUS_LABELS: dict[DemandStatus, str] = {
    DemandStatus.DRAFT: "待提交",
    DemandStatus.SUBMITTED: "已上报",
    DemandStatus.TRIAGED: "已受理",
    DemandStatus.REJECTED: "已退回",
    DemandStatus.MERGED: "已合并",
    DemandStatus.LISTED: "待认领",
    DemandStatus.DISPATCHED: "已派单",
    DemandStatus.CLAIMED: "已接单",
    DemandStatus.IN_PROGRESS: "办理中",
    DemandStatus.RESOLVED: "已办结",
    DemandStatus.FEEDBACK_GIVEN: "已评价",
    DemandStatus.CLOSED: "已关闭",
    DemandStatus.ESCALATED: "已上报上级",
    DemandStatus.CANCELLED: "已撤回",
}


class Actor(StrEnum):
    """Who asks for a status change: the village liaison, or the county centre and its teams."""

    VILLAGE = "VILLAGE"
    COUNTY = "COUNTY"


_S = DemandStatus

VILLAGE_MOVES: frozenset[tuple[DemandStatus, DemandStatus]] = frozenset(
    {
        (_S.DRAFT, _S.SUBMITTED),
        (_S.DRAFT, _S.CANCELLED),
        # Withdrawal is only fair while the county has not spent effort on the demand yet.
        (_S.SUBMITTED, _S.CANCELLED),
        # 评单: the resident (through the liaison) judges the result.
        (_S.RESOLVED, _S.FEEDBACK_GIVEN),
    }
)

COUNTY_MOVES: frozenset[tuple[DemandStatus, DemandStatus]] = frozenset(
    {
        (_S.SUBMITTED, _S.TRIAGED),
        # A plain duplicate or an out-of-scope request can be turned away without first being
        # accepted (不予受理), so rejecting and merging are allowed straight from SUBMITTED too.
        (_S.SUBMITTED, _S.REJECTED),
        (_S.SUBMITTED, _S.MERGED),
        (_S.TRIAGED, _S.REJECTED),
        (_S.TRIAGED, _S.MERGED),
        (_S.TRIAGED, _S.LISTED),
        (_S.LISTED, _S.DISPATCHED),
        (_S.LISTED, _S.CLAIMED),
        # 重新派单 to another team keeps the status; the assignment fields change instead.
        (_S.DISPATCHED, _S.DISPATCHED),
        # Cancelling a dispatch puts the demand back on the list (the platform's 取消 → 待处理).
        (_S.DISPATCHED, _S.LISTED),
        (_S.DISPATCHED, _S.CLAIMED),
        (_S.DISPATCHED, _S.IN_PROGRESS),
        # A team that claimed a demand it cannot serve gives it back to the list.
        (_S.CLAIMED, _S.LISTED),
        (_S.CLAIMED, _S.IN_PROGRESS),
        (_S.IN_PROGRESS, _S.RESOLVED),
        # Closing waits for the evaluation on purpose: 评单 is the last step of 五单工作法.
        (_S.FEEDBACK_GIVEN, _S.CLOSED),
        (_S.SUBMITTED, _S.ESCALATED),
        (_S.TRIAGED, _S.ESCALATED),
        (_S.LISTED, _S.ESCALATED),
        (_S.DISPATCHED, _S.ESCALATED),
        (_S.CLAIMED, _S.ESCALATED),
        (_S.IN_PROGRESS, _S.ESCALATED),
        # The higher level (所 → 中心) puts it on its own list.
        (_S.ESCALATED, _S.LISTED),
    }
)

MOVES: dict[Actor, frozenset[tuple[DemandStatus, DemandStatus]]] = {
    Actor.VILLAGE: VILLAGE_MOVES,
    Actor.COUNTY: COUNTY_MOVES,
}

# Timeline steps of the village's follow-up on a demand, besides the steps named after a status
# (and REGISTERED, EVALUATED).
NOTE_EVENT = "NOTE"  # 补充说明: more about the demand, for the county
URGE_EVENT = "URGED"  # 催办: the villager asks again about an overdue demand
WITHDRAW_EVENT = "WITHDRAWN"  # 撤回: added by the county when it accepts a withdrawal


class Channel(StrEnum):
    """How the demand reached the station (stored and sent: never rename)."""

    NEEDS_DESK = "NEEDS_DESK"
    MICRO_WISH = "MICRO_WISH"
    HOTLINE = "HOTLINE"
    HOME_VISIT = "HOME_VISIT"
    GRID_REPORT = "GRID_REPORT"
    MENU_ORDER = "MENU_ORDER"
    OTHER = "OTHER"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.NEEDS_DESK: "问需台",
    Channel.MICRO_WISH: "微心愿",
    Channel.HOTLINE: "文明实践110",
    Channel.HOME_VISIT: "入户走访",
    Channel.GRID_REPORT: "网格上报",
    Channel.MENU_ORDER: "点单",
    Channel.OTHER: "其他",
}


class Evaluation(StrEnum):
    """The resident's judgement of the result (评单), the five levels of 满意率."""

    VERY_SATISFIED = "VERY_SATISFIED"
    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    DISSATISFIED = "DISSATISFIED"
    VERY_DISSATISFIED = "VERY_DISSATISFIED"


EVALUATION_LABELS: dict[Evaluation, str] = {
    Evaluation.VERY_SATISFIED: "非常满意",
    Evaluation.SATISFIED: "满意",
    Evaluation.BASICALLY_SATISFIED: "基本满意",
    Evaluation.DISSATISFIED: "不满意",
    Evaluation.VERY_DISSATISFIED: "非常不满意",
}
