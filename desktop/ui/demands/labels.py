"""Display texts of a demand's codes (status, channel, urgency, evaluation, timeline steps) and
its dates, as the 群众需求 screens and the receipt show them.

The Chinese labels are defined once, by the domain rules; here they pass through Qt's
translation (context ``DemandLabels``) so an English build can translate them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.models.demand_views import ACTIVITY_EVENT
from desktop.models.demand_views import channel_label as _channel
from desktop.models.demand_views import status_label as _status
from desktop.models.queries import REFUSED, WAITING
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    Actor,
    DemandStatus,
    Evaluation,
    Urgency,
)
from liaison_wire.demand_states import NOTE_EVENT, URGE_EVENT, WITHDRAW_EVENT

CONTEXT = "DemandLabels"
# The labels above come from the domain rules at run time; lupdate only sees literal texts, so
# they are listed here once more (tests/ui/test_translations.py checks they still match).
_LABELS_FOR_LUPDATE = (
    # STATUS_LABELS
    QT_TRANSLATE_NOOP("DemandLabels", "待提交"),
    QT_TRANSLATE_NOOP("DemandLabels", "已上报"),
    QT_TRANSLATE_NOOP("DemandLabels", "已受理"),
    QT_TRANSLATE_NOOP("DemandLabels", "已退回"),
    QT_TRANSLATE_NOOP("DemandLabels", "已合并"),
    QT_TRANSLATE_NOOP("DemandLabels", "待认领"),
    QT_TRANSLATE_NOOP("DemandLabels", "已派单"),
    QT_TRANSLATE_NOOP("DemandLabels", "已接单"),
    QT_TRANSLATE_NOOP("DemandLabels", "办理中"),
    QT_TRANSLATE_NOOP("DemandLabels", "已办结"),
    QT_TRANSLATE_NOOP("DemandLabels", "已评价"),
    QT_TRANSLATE_NOOP("DemandLabels", "已关闭"),
    QT_TRANSLATE_NOOP("DemandLabels", "已上报上级"),
    QT_TRANSLATE_NOOP("DemandLabels", "已撤回"),
    # CHANNEL_LABELS
    QT_TRANSLATE_NOOP("DemandLabels", "问需台"),
    QT_TRANSLATE_NOOP("DemandLabels", "微心愿"),
    QT_TRANSLATE_NOOP("DemandLabels", "文明实践110"),
    QT_TRANSLATE_NOOP("DemandLabels", "入户走访"),
    QT_TRANSLATE_NOOP("DemandLabels", "网格上报"),
    QT_TRANSLATE_NOOP("DemandLabels", "点单"),
    QT_TRANSLATE_NOOP("DemandLabels", "其他"),
    # URGENCY_LABELS
    QT_TRANSLATE_NOOP("DemandLabels", "一般"),
    QT_TRANSLATE_NOOP("DemandLabels", "紧急"),
    QT_TRANSLATE_NOOP("DemandLabels", "特急"),
    # EVALUATION_LABELS
    QT_TRANSLATE_NOOP("DemandLabels", "非常满意"),
    QT_TRANSLATE_NOOP("DemandLabels", "满意"),
    QT_TRANSLATE_NOOP("DemandLabels", "基本满意"),
    QT_TRANSLATE_NOOP("DemandLabels", "不满意"),
    QT_TRANSLATE_NOOP("DemandLabels", "非常不满意"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def status_text(status: str) -> str:
    return _tr(_status(status))


_REPORT_TEXTS = {
    WAITING: QT_TRANSLATE_NOOP("DemandLabels", "待上报"),
    REFUSED: QT_TRANSLATE_NOOP("DemandLabels", "县中心未接收"),
}


def shown_status(status: str, report_state: str) -> str:
    """What a demand's status says to the officer: 待上报 until the county has it (a demand
    saved offline is not 已上报 yet), 县中心未接收 if the county refused it, then the county's
    status."""
    waiting = _REPORT_TEXTS.get(report_state)
    return _tr(str(waiting)) if waiting is not None else status_text(status)


def channel_text(channel: str) -> str:
    return _tr(_channel(channel))


def urgency_text(urgency: str) -> str:
    try:
        return _tr(URGENCY_LABELS[Urgency(urgency)])
    except ValueError:
        return urgency


def evaluation_text(evaluation: str | None) -> str:
    if not evaluation:
        return ""
    try:
        return _tr(EVALUATION_LABELS[Evaluation(evaluation)])
    except ValueError:
        return evaluation


def statuses() -> list[tuple[str, str]]:
    """(code, label) of every status an officer may meet, in the order of the work."""
    return [(s.value, status_text(s.value)) for s in STATUS_LABELS if s is not DemandStatus.DRAFT]


def channels() -> list[tuple[str, str]]:
    return [(c.value, channel_text(c.value)) for c in CHANNEL_LABELS]


def urgencies() -> list[tuple[str, str]]:
    return [(u.value, urgency_text(u.value)) for u in URGENCY_LABELS]


def evaluations() -> list[tuple[str, str]]:
    return [(e.value, evaluation_text(e.value)) for e in EVALUATION_LABELS]


def event_text(kind: str) -> str:
    """A timeline step in plain words; steps named after a status read as that status."""
    if kind == "REGISTERED":
        return QCoreApplication.translate("DemandLabels", "登记需求")
    if kind == "EVALUATED":
        return QCoreApplication.translate("DemandLabels", "群众评价")
    if kind == NOTE_EVENT:
        return QCoreApplication.translate("DemandLabels", "补充说明")
    if kind == URGE_EVENT:
        return QCoreApplication.translate("DemandLabels", "催办")
    if kind == WITHDRAW_EVENT:
        return QCoreApplication.translate("DemandLabels", "撤回")
    if kind == ACTIVITY_EVENT:
        return QCoreApplication.translate("DemandLabels", "实践活动")
    return status_text(kind)


def actor_text(actor: str) -> str:
    if actor == Actor.VILLAGE.value:
        return QCoreApplication.translate("DemandLabels", "村")
    if actor == Actor.COUNTY.value:
        return QCoreApplication.translate("DemandLabels", "县")
    return actor


def date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
