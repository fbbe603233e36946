"""The station's ledgers as Excel workbooks (.xlsx): 需求台账 (one row per demand), 活动台账 (one row
per activity), 志愿者花名册 (one row per volunteer) and 志愿服务台账 (one row per service record,
corrections included), laid out as county templates are: a title row across the columns, a
note row (period, count, when exported), the header on row 3, units in the headers.

Phones are masked (privacy by default). Files are written whole or not at all (save_workbook).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.models.activities import activity_names
from desktop.models.activity import Activity, ServiceRecord, Team, Volunteer
from desktop.models.beijing import CHINA_TZ, day_start_utc
from desktop.models.demand import Demand
from desktop.models.demand_views import catalog_labels
from desktop.models.entities import Grid
from desktop.models.errors import ValidationError
from desktop.models.roster_export import ExportCancelled, save_workbook
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    Channel,
    DemandStatus,
    Evaluation,
    Urgency,
    is_overdue,
)
from desktop.models.rules.masking import mask_phone
from desktop.models.station import Station
from desktop.models.volunteers import VolunteerFilter, list_volunteers

HEADER_ROW = 3
Column = tuple[str, int]  # header, width in characters


@dataclass(frozen=True)
class Period:
    """Beijing days ``start`` to ``end``, both included; None: open on that side."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError("to", "结束日期不能早于开始日期")

    def text(self) -> str:
        if not self.start and not self.end:
            return "全部"
        return f"{self.start.isoformat() if self.start else '最早'} 至 {self.end.isoformat() if self.end else '今天'}"

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        low = day_start_utc(self.start) if self.start else None
        high = day_start_utc(self.end + dt.timedelta(days=1)) if self.end else None
        return low, high

    def within(self, instant: Any) -> list[ColumnElement[bool]]:
        """The conditions for ``instant`` (a column) to fall in the period's days."""
        low, high = self.bounds()
        return [clause for clause in (
            instant >= low if low is not None else None, instant < high if high is not None else None,
        ) if clause is not None]  # fmt: skip


def _local(instant: dt.datetime) -> str:
    return instant.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


@dataclass(frozen=True)
class Feedback:
    """How a long export reports its progress and learns that the officer cancelled."""

    progress: Callable[[int, int, str], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def step(self, done: int, total: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(done, total, f"已写入 {done} / {total} 行…")


QUIET = Feedback()


def write_ledger(
    path: Path,
    title: str,
    note: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    feedback: Feedback = QUIET,
) -> None:
    """One sheet: ``title`` across the columns, ``note`` under it, the header on row 3 (frozen),
    then ``rows``; a cancel (``feedback``) stops it before the file is written."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.cell(row=1, column=1, value=title).font = Font(size=16, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.cell(row=2, column=1, value=note)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    for index, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, values in enumerate(rows, start=1):
        if offset % 500 == 0:
            feedback.step(offset, len(rows))
        for column, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=column, value=value)
    feedback.step(len(rows), len(rows))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    save_workbook(book, path)


def _station(session: Session) -> str:
    name = session.scalar(select(Station.name).where(Station.deleted_at.is_(None)).limit(1))
    return name or ""


def _note(count: int, unit: str, period: Period | None, now: dt.datetime) -> str:
    parts = [f"共 {count} {unit}"]
    if period is not None:
        parts.insert(0, f"统计期间：{period.text()}")
    parts.append(f"导出时间：{now.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}")
    return "　".join(parts)


ACTIVITY_COLUMNS: tuple[Column, ...] = (
    ("序号", 6), ("活动名称", 30), ("活动类型", 16), ("五项工作", 16), ("开始时间", 17),
    ("结束时间", 17), ("活动地点", 18), ("组织队伍", 22), ("参与群众（人）", 9),
    ("志愿者（人）", 9), ("志愿服务时长（小时）", 11), ("回应需求（条）", 9), ("活动简介", 40),
)  # fmt: skip


def export_activities(
    session: Session, path: Path, period: Period, now: dt.datetime, feedback: Feedback = QUIET
) -> int:
    """活动台账: every activity started in ``period``; returns how many."""
    served = (ServiceRecord.activity_id == Activity.id, ServiceRecord.deleted_at.is_(None))
    stmt = select(
        Activity,
        select(func.count(func.distinct(ServiceRecord.volunteer_id))).where(*served).scalar_subquery(),
        select(func.coalesce(func.sum(ServiceRecord.credited_minutes), 0)).where(*served).scalar_subquery(),
    ).where(Activity.deleted_at.is_(None))
    stmt = stmt.where(*period.within(Activity.starts_at))
    names = activity_names(session)
    rows = [
        (
            n, a.title, names.types.get(a.activity_type_code, a.activity_type_code),
            names.tasks.get(a.five_task_code, a.five_task_code), _local(a.starts_at),
            _local(a.ends_at), a.place, names.teams.get(a.team_id or "", ""), a.audience_count,
            volunteers, _hours(minutes), len(a.linked_demand_ids), a.summary,
        )
        for n, (a, volunteers, minutes) in enumerate(
            session.execute(stmt.order_by(Activity.starts_at, Activity.search_rowid)), start=1
        )
    ]
    write_ledger(
        path, f"{_station(session)}实践活动台账", _note(len(rows), "场", period, now),
        ACTIVITY_COLUMNS, rows, feedback,
    )  # fmt: skip
    return len(rows)


VOLUNTEER_COLUMNS: tuple[Column, ...] = (
    ("序号", 6), ("姓名", 10), ("性别", 6), ("联系电话", 14), ("所属队伍", 22), ("特长", 20),
    ("注册日期", 12), ("累计服务时长（小时）", 11), ("本年服务时长（小时）", 11),
    ("已认定星级", 8), ("积分余额（分）", 9),
)  # fmt: skip


def export_volunteers(
    session: Session, path: Path, now: dt.datetime, feedback: Feedback = QUIET
) -> int:
    """志愿者花名册: every active volunteer; returns how many."""
    today = now.astimezone(CHINA_TZ).date()
    teams = {team_id: name for team_id, name in session.execute(select(Team.id, Team.name))}
    extra = {
        vid: (gender, registered)
        for vid, gender, registered in session.execute(
            select(Volunteer.id, Volunteer.gender, Volunteer.registered_on)
        )
    }
    rows = []
    for n, v in enumerate(list_volunteers(session, VolunteerFilter(), today), start=1):
        gender, registered = extra[v.id]
        rows.append(
            (
                n, v.name, gender or "", mask_phone(v.phone) if v.phone else "",
                teams.get(v.team_id or "", ""), v.skills,
                registered.isoformat() if registered else "", _hours(v.total_minutes),
                _hours(v.year_minutes), v.awarded_star or "", v.points,
            )
        )
    write_ledger(
        path, f"{_station(session)}志愿者花名册", _note(len(rows), "人", None, now),
        VOLUNTEER_COLUMNS, rows, feedback,
    )  # fmt: skip
    return len(rows)


HOURS_COLUMNS: tuple[Column, ...] = (
    ("序号", 6), ("服务日期", 11), ("活动名称", 30), ("志愿者", 10), ("签到时间", 17),
    ("签退时间", 17), ("休息（分钟）", 8), ("计入时长（小时）", 10), ("说明", 30),
)  # fmt: skip


def export_hours(
    session: Session, path: Path, period: Period, now: dt.datetime, feedback: Feedback = QUIET
) -> int:
    """志愿服务台账: every service record (and correction) of activities in ``period``."""
    stmt = (
        select(ServiceRecord, Activity.title, Volunteer.name)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
        .where(ServiceRecord.deleted_at.is_(None))
    )
    stmt = stmt.where(*period.within(ServiceRecord.start_at))
    rows = []
    ordered = stmt.order_by(ServiceRecord.start_at, Volunteer.pinyin_full, ServiceRecord.created_at)
    for n, (record, title, name) in enumerate(session.execute(ordered), start=1):
        correction = record.corrects_id is not None
        rows.append(
            (
                n, record.start_at.astimezone(CHINA_TZ).date().isoformat(), title, name,
                "" if correction else _local(record.start_at),
                "" if correction else _local(record.end_at),
                "" if correction else record.break_minutes, _hours(record.credited_minutes),
                f"更正：{record.reason}" if correction else "",
            )
        )
    write_ledger(
        path, f"{_station(session)}志愿服务台账", _note(len(rows), "条", period, now),
        HOURS_COLUMNS, rows, feedback,
    )  # fmt: skip
    return len(rows)


DEMAND_COLUMNS: tuple[Column, ...] = (
    ("序号", 7), ("需求编号", 18), ("登记日期", 12), ("群众姓名", 10), ("联系电话", 14),
    ("来源渠道", 11), ("类别", 12), ("事项", 14), ("需求内容", 34), ("紧急程度", 8),
    ("所属网格", 12), ("状态", 9), ("办理期限", 12), ("承办队伍", 20), ("接单日期", 12),
    ("办结日期", 12), ("办理结果", 30), ("评价", 10), ("是否超期", 8),
)  # fmt: skip


def export_demands(
    session: Session,
    path: Path,
    period: Period,
    now: dt.datetime,
    feedback: Feedback = QUIET,
) -> int:
    """需求台账: every demand registered in ``period`` (all statuses, deleted ones left out), in
    the order registered; returns how many."""
    stmt = select(Demand).where(Demand.deleted_at.is_(None))
    stmt = stmt.where(*period.within(Demand.registered_at))
    labels = catalog_labels(session)
    grids = dict(session.execute(select(Grid.id, Grid.name)).all())
    today = now.astimezone(CHINA_TZ).date()

    def label(table: dict[Any, str], kind: type, value: str | None) -> str:
        try:
            return table[kind(value)] if value else ""
        except ValueError:
            return value or ""

    def day(instant: dt.datetime | None) -> str:
        return instant.astimezone(CHINA_TZ).strftime("%Y-%m-%d") if instant else ""

    rows: list[tuple[Any, ...]] = []
    for n, d in enumerate(session.scalars(stmt.order_by(Demand.registered_at, Demand.number)), start=1):
        status = DemandStatus(d.status)
        rows.append(
            (
                n, d.number, day(d.registered_at), d.requester_name or ("匿名" if d.anonymous else ""),
                mask_phone(d.requester_phone) if d.requester_phone else "",
                label(CHANNEL_LABELS, Channel, d.channel),
                labels.category(d.catalog_version, d.category_code),
                labels.topic(d.catalog_version, d.topic_code), d.title,
                label(URGENCY_LABELS, Urgency, d.urgency), grids.get(d.grid_id or "", ""),
                STATUS_LABELS[status], d.due_date.isoformat() if d.due_date else "",
                d.assigned_team_name, day(d.claimed_at), day(d.resolved_at), d.result,
                label(EVALUATION_LABELS, Evaluation, d.evaluation),
                "是" if is_overdue(status, d.due_date, today) else "",
            )
        )  # fmt: skip
    write_ledger(
        path, f"{_station(session)}群众需求台账", _note(len(rows), "条", period, now),
        DEMAND_COLUMNS, rows, feedback,
    )  # fmt: skip
    return len(rows)
