"""The demand list as a lazy Qt table model over SQL.

A station can hold 100,000 demands, so the model never loads them all: it keeps the filter, the
sort and the total, and reads pages of plain :class:`DemandRow` values in the background as the
view asks for rows (:class:`PagedTableModel`). Filtering and sorting happen in SQL (``sort()``
re-queries). The first page is shown as soon as it arrives; the total is counted afterwards, in
a second query, and only then do the remaining rows appear (empty until their page arrives).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_date
from desktop.models.demand_views import CatalogLabels, catalog_labels
from desktop.models.errors import LiaisonError
from desktop.models.queries import (
    REFUSED,
    REPORTED,
    DemandFilter,
    DemandRow,
    Sort,
    count_demands,
    list_demands,
)
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import DbOp
from desktop.ui.common.paged_table_model import PagedTableModel
from desktop.ui.demands.labels import channel_text, date_text, shown_status

PAGE_SIZE = 100
# Dragging the scroll bar across 100,000 rows asks for many pages; only the last few asked
# for are read (newest first), a couple at a time, so the one database worker stays free for
# saving.
MAX_WANTED = 4
MAX_IN_FLIGHT = 2
FETCH_DELAY_MS = 30
OVERDUE_COLOR = QColor("#b00020")
WAITING_COLOR = QColor("#8a5a00")

# What the first page's read brings besides its rows: the day "overdue" is judged on and the
# catalog's labels.
_Extra = tuple[dt.date, CatalogLabels]


class DemandTableModel(PagedTableModel[DemandRow, DemandFilter, _Extra]):
    COL_NUMBER = 0
    COL_REGISTERED = 1
    COL_REQUESTER = 2
    COL_TITLE = 3
    COL_CATEGORY = 4
    COL_CHANNEL = 5
    COL_STATUS = 6
    COL_DUE = 7
    COLUMN_COUNT = 8

    PAGE_SIZE = PAGE_SIZE
    SORT_KEYS: ClassVar[dict[int, str]] = {
        COL_NUMBER: "number",
        COL_REGISTERED: "registered_at",
        COL_REQUESTER: "requester",
        COL_TITLE: "title",
        COL_CATEGORY: "category",
        COL_CHANNEL: "channel",
        COL_STATUS: "status",
        COL_DUE: "due_date",
    }
    DEFAULT_SORT = Sort()
    EXTRA_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole)

    first_page_loaded = Signal()
    total_counted = Signal(int)
    load_failed = Signal(str)  # a plain-language message

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(app, DemandFilter(), parent)
        self.total: int | None = None  # None until counted
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(FETCH_DELAY_MS)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self._labels = CatalogLabels({}, {})
        self._today = beijing.today()

    def loading(self) -> bool:
        """True until the current filter's first page, total and requested pages are in."""
        return super().loading() or self.total is None or bool(self._wanted)

    def demand_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    # ---- reading ---------------------------------------------------------------------------

    def _first_page_reader(self) -> Callable[[Session], tuple[list[DemandRow], _Extra]]:
        flt, sort, today = self.filter, self.sort_order, beijing.today()

        def read(session: Session) -> tuple[list[DemandRow], _Extra]:
            rows = list_demands(session, flt, today, sort=sort, offset=0, limit=PAGE_SIZE)
            return rows, (today, catalog_labels(session))

        return read

    def _keep_first_page(self, rows: list[DemandRow], extra: _Extra) -> int:
        self._today, self._labels = extra
        self._wanted.clear()
        self.total = len(rows) if len(rows) < PAGE_SIZE else None
        return len(rows)

    def _first_page_shown(self) -> None:
        self.first_page_loaded.emit()
        if self.total is not None:
            self.total_counted.emit(self.total)
            return
        flt, today = self.filter, self._today
        self._read(lambda session: count_demands(session, flt, today), self._counted)

    def _counted(self, total: int) -> None:
        if total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, total - 1)
            self._rows = total
            self.total = total
            self.endInsertRows()
        elif total < self._rows:
            # Rows vanished between the two queries (another write); start over cleanly.
            self.beginResetModel()
            self._rows = total
            self.total = total
            self._pages = OrderedDict((p, r) for p, r in self._pages.items() if p == 0)
            self._pages[0] = self._pages.get(0, [])[:total]
            self.endResetModel()
        else:
            self.total = total
        self.total_counted.emit(total)

    def _page_reader(self, offset: int) -> Callable[[Session], list[DemandRow]]:
        flt, sort, today = self.filter, self.sort_order, self._today
        return lambda session: list_demands(
            session, flt, today, sort=sort, offset=offset, limit=PAGE_SIZE
        )

    def _need_page(self, page: int) -> None:
        self._wanted.pop(page, None)
        self._wanted[page] = None
        while len(self._wanted) > MAX_WANTED:
            self._wanted.popitem(last=False)
        if not self._fetch_timer.isActive():
            self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        while self._wanted and len(self._pending) < MAX_IN_FLIGHT:
            page, _ = self._wanted.popitem(last=True)
            if page not in self._pages and page not in self._pending:
                self._request_page(page)

    def _page_loaded(self, page: int, rows: list[DemandRow]) -> None:
        super()._page_loaded(page, rows)
        self._fetch_wanted()

    def _run(self, op: DbOp[Any], generation: int, page: int | None) -> None:
        op.failure(lambda error: self._failed(generation, error, page)).run_in_background()

    def _failed(self, generation: int, error: BaseException, page: int | None) -> None:
        """A read that failed (e.g. the database is busy) is shown once and retried when the
        rows are needed again, instead of a dialog per page."""
        if not self._alive(generation):
            return
        self._reloading = False
        if page is not None:
            self._pending.discard(page)
        if not isinstance(error, LiaisonError):
            self.app.report_bug(error)
            return
        self.load_failed.emit(error.message)

    # ---- cells -----------------------------------------------------------------------------

    def _headers(self) -> list[str]:
        return [
            self.tr("编号"),
            self.tr("登记日期"),
            self.tr("群众"),
            self.tr("标题"),
            self.tr("类别"),
            self.tr("来源"),
            self.tr("状态"),
            self.tr("期限"),
        ]

    def _display(self, row: DemandRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_REGISTERED:
            return beijing_date(row.registered_at)
        if column == self.COL_REQUESTER:
            if row.anonymous:
                return self.tr("匿名")
            return self.app.preferences.shown_name(row.requester_name) or "—"
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_CATEGORY:
            category = self._labels.category(row.catalog_version, row.category_code)
            topic = self._labels.topic(row.catalog_version, row.topic_code)
            return f"{category} · {topic}" if topic else category
        if column == self.COL_CHANNEL:
            return channel_text(row.channel)
        if column == self.COL_STATUS:
            return shown_status(row.status, row.report_state)
        if row.due_date is None:
            return "—"
        due = date_text(row.due_date)
        return self.tr("{0}（超期）").format(due) if row.overdue else due

    def _sort_value(self, row: DemandRow, column: int) -> Any:
        """The native value the column sorts by (the SQL sort uses the same columns)."""
        values: dict[int, Any] = {
            self.COL_NUMBER: row.number,
            self.COL_REGISTERED: row.registered_at.isoformat(),
            self.COL_REQUESTER: row.requester_name,
            self.COL_TITLE: row.title,
            self.COL_CATEGORY: row.category_code,
            self.COL_CHANNEL: row.channel,
            self.COL_STATUS: row.status,
            self.COL_DUE: date_text(row.due_date),
        }
        return values[column]

    def _extra_data(self, row: DemandRow, column: int, role: int) -> Any:
        overdue = column == self.COL_DUE and row.overdue
        unreported = column == self.COL_STATUS and row.report_state != REPORTED
        if role == Qt.ItemDataRole.ForegroundRole:
            if unreported:
                return QBrush(OVERDUE_COLOR if row.report_state == REFUSED else WAITING_COLOR)
            return QBrush(OVERDUE_COLOR) if overdue else None
        if overdue:
            return self.tr("已超期")
        if unreported:
            return (
                self.tr("县中心没有接收这条需求，打开它可以看到原因")
                if row.report_state == REFUSED
                else self.tr("还没有上报到县中心：联网同步以后，县中心才能看到并办理")
            )
        if column in (self.COL_TITLE, self.COL_CATEGORY):
            return self._display(row, column)  # the full text of a cut-off cell
        return None
