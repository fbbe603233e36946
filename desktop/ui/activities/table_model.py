"""The activity list (实践活动) as a lazy Qt table model over SQL.

A station may hold 100,000 activities over the years, so the model never loads them all: it
reads pages of plain :class:`ActivityRow` values in the background as the view asks for rows
(:class:`PagedTableModel`); the first page's read also counts the total and brings the names
of activity types and teams. Filtering and sorting happen in SQL (``sort()`` re-queries).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy.orm import Session

from desktop.models.activities import Names, activity_names
from desktop.models.beijing import beijing_time
from desktop.models.queries import (
    ActivityFilter,
    ActivityRow,
    Sort,
    count_activities,
    list_activities,
)
from desktop.ui.app_context import AppContext
from desktop.ui.common.paged_table_model import PagedTableModel

PAGE_SIZE = 100


def hours_text(minutes: int) -> str:
    """Credited minutes as hours, e.g. 90 -> "1.5"."""
    return f"{minutes / 60:g}"


# What the first page's read brings besides its rows: the total and the names.
_Extra = tuple[int, Names]


class ActivityTableModel(PagedTableModel[ActivityRow, ActivityFilter, _Extra]):
    COL_DATE = 0
    COL_TITLE = 1
    COL_TYPE = 2
    COL_PLACE = 3
    COL_TEAM = 4
    COL_VOLUNTEERS = 5
    COL_HOURS = 6
    COL_AUDIENCE = 7
    COLUMN_COUNT = 8

    PAGE_SIZE = PAGE_SIZE
    SORT_KEYS: ClassVar[dict[int, str]] = {
        COL_DATE: "starts_at",
        COL_TITLE: "title",
        COL_TYPE: "type",
        COL_PLACE: "place",
        COL_AUDIENCE: "audience",
    }
    DEFAULT_SORT = Sort("starts_at")
    EXTRA_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole)

    loaded = Signal()  # a new filter's first page and total are in

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(app, ActivityFilter(), parent)
        self.names = Names({}, {}, {})

    @property
    def total(self) -> int:
        return self._rows

    def activity_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    # ---- reading ---------------------------------------------------------------------------

    def _first_page_reader(self) -> Callable[[Session], tuple[list[ActivityRow], _Extra]]:
        flt, sort = self.filter, self.sort_order

        def read(session: Session) -> tuple[list[ActivityRow], _Extra]:
            rows = list_activities(session, flt, sort=sort, offset=0, limit=PAGE_SIZE)
            total = len(rows) if len(rows) < PAGE_SIZE else count_activities(session, flt)
            return rows, (total, activity_names(session))

        return read

    def _keep_first_page(self, rows: list[ActivityRow], extra: _Extra) -> int:
        total, self.names = extra
        return max(total, len(rows))

    def _first_page_shown(self) -> None:
        self.loaded.emit()

    def _page_reader(self, offset: int) -> Callable[[Session], list[ActivityRow]]:
        flt, sort = self.filter, self.sort_order
        return lambda session: list_activities(
            session, flt, sort=sort, offset=offset, limit=PAGE_SIZE
        )

    # ---- cells -----------------------------------------------------------------------------

    def _headers(self) -> list[str]:
        return [
            self.tr("时间"),
            self.tr("活动名称"),
            self.tr("类型"),
            self.tr("地点"),
            self.tr("组织队伍"),
            self.tr("志愿者"),
            self.tr("服务时长（小时）"),
            self.tr("参与群众"),
        ]

    def _display(self, row: ActivityRow, column: int) -> str:
        if column == self.COL_DATE:
            return beijing_time(row.starts_at)
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_TYPE:
            return self.names.types.get(row.activity_type_code, row.activity_type_code)
        if column == self.COL_PLACE:
            return row.place
        if column == self.COL_TEAM:
            return self.names.teams.get(row.team_id, "") if row.team_id else ""
        if column == self.COL_VOLUNTEERS:
            return str(row.volunteers)
        if column == self.COL_HOURS:
            return hours_text(row.credited_minutes)
        return str(row.audience_count)

    def _sort_value(self, row: ActivityRow, column: int) -> Any:
        values: dict[int, Any] = {
            self.COL_DATE: row.starts_at.isoformat(),
            self.COL_TITLE: row.title,
            self.COL_TYPE: row.activity_type_code,
            self.COL_PLACE: row.place,
            self.COL_TEAM: row.team_id or "",
            self.COL_VOLUNTEERS: row.volunteers,
            self.COL_HOURS: row.credited_minutes,
            self.COL_AUDIENCE: row.audience_count,
        }
        return values[column]

    def _extra_data(self, row: ActivityRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (self.COL_VOLUNTEERS, self.COL_HOURS, self.COL_AUDIENCE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if column == self.COL_TYPE:
            task = self.names.tasks.get(row.five_task_code, row.five_task_code)
            return self.tr("五项工作：{0}").format(task)
        if column in (self.COL_TITLE, self.COL_PLACE):
            return self._display(row, column)  # the full text of a cut-off cell
        if column == self.COL_DATE:
            return self.tr("{0} 至 {1}").format(
                beijing_time(row.starts_at), beijing_time(row.ends_at)
            )
        return None
