"""The demand list as a lazy Qt table model over SQL.

A station can hold 100,000 demands, so the model never loads them all: it keeps the filter, the
sort and the total, and reads pages of plain :class:`DemandRow` values in the background as the
view asks for rows. Filtering and sorting happen in SQL (``sort()`` re-queries). The first page
is shown as soon as it arrives; the total is counted afterwards, in a second query, and only
then do the remaining rows appear (empty until their page arrives).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session

from desktop.models.demand_views import CatalogLabels, catalog_labels, today_in_china
from desktop.models.errors import LiaisonError
from desktop.models.queries import DemandFilter, DemandRow, Sort, count_demands, list_demands
from desktop.models.rules.masking import mask_name
from desktop.ui.app_context import AppContext
from desktop.ui.demand_labels import beijing_date, channel_text, date_text, status_text
from desktop.ui.operations import DbOp
from desktop.ui.taskman import OpContext

PAGE_SIZE = 100
# About 4,000 rows stay in memory; pages scrolled far away are read again when needed.
MAX_PAGES = 40
# Dragging the scroll bar across 100,000 rows asks for many pages; only the last few asked
# for are read (newest first), a couple at a time, so the one database worker stays free for
# saving.
MAX_WANTED = 4
MAX_IN_FLIGHT = 2
FETCH_DELAY_MS = 30
OVERDUE_COLOR = QColor("#b00020")

AnyIndex = QModelIndex | QPersistentModelIndex


class DemandTableModel(QAbstractTableModel):
    COL_NUMBER = 0
    COL_REGISTERED = 1
    COL_REQUESTER = 2
    COL_TITLE = 3
    COL_CATEGORY = 4
    COL_CHANNEL = 5
    COL_STATUS = 6
    COL_DUE = 7
    COLUMN_COUNT = 8

    RecordRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

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

    first_page_loaded = Signal()
    total_counted = Signal(int)
    load_failed = Signal(str)  # a plain-language message

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.filter = DemandFilter()
        self.sort_order = Sort()
        self.total: int | None = None  # None until counted
        self._rows = 0
        self._reloading = False
        self._generation = 0
        self._pages: OrderedDict[int, list[DemandRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(FETCH_DELAY_MS)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self._labels = CatalogLabels({}, {})
        self._today = today_in_china()

    # ---- loading --------------------------------------------------------------------------

    def set_filter(self, flt: DemandFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Read the first page again (after a filter, sort or data change); the rows on screen
        stay until it arrives, so the list never flashes empty."""
        self._generation += 1
        self._reloading = True
        generation, flt, sort = self._generation, self.filter, self.sort_order
        today = today_in_china()

        def load(session: Session, _ctx: OpContext) -> tuple[list[DemandRow], CatalogLabels]:
            rows = list_demands(session, flt, today, sort=sort, offset=0, limit=PAGE_SIZE)
            return rows, catalog_labels(session)

        DbOp(None, self.app, load).success(
            lambda result: self._first_page(generation, today, *result)
        ).failure(lambda error: self._failed(generation, error)).run_in_background()

    def loading(self) -> bool:
        """True until the current filter's first page, total and requested pages are in."""
        return self._reloading or self.total is None or bool(self._pending or self._wanted)

    def _alive(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _first_page(
        self, generation: int, today: dt.date, rows: list[DemandRow], labels: CatalogLabels
    ) -> None:
        if not self._alive(generation):
            return
        self._reloading = False
        self.beginResetModel()
        self._today = today
        self._labels = labels
        self._pages = OrderedDict({0: rows})
        self._pending = set()
        self._wanted.clear()
        self._rows = len(rows)
        self.total = len(rows) if len(rows) < PAGE_SIZE else None
        self.endResetModel()
        self.first_page_loaded.emit()
        if self.total is not None:
            self.total_counted.emit(self.total)
            return
        flt = self.filter

        def count(session: Session, _ctx: OpContext) -> int:
            return count_demands(session, flt, today)

        DbOp(None, self.app, count).success(lambda total: self._counted(generation, total)).failure(
            lambda error: self._failed(generation, error)
        ).run_in_background()

    def _counted(self, generation: int, total: int) -> None:
        if not self._alive(generation):
            return
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

    def _want(self, page: int) -> None:
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

    def _request_page(self, page: int) -> None:
        self._pending.add(page)
        generation, flt, sort, today = self._generation, self.filter, self.sort_order, self._today

        def load(session: Session, _ctx: OpContext) -> list[DemandRow]:
            return list_demands(
                session, flt, today, sort=sort, offset=page * PAGE_SIZE, limit=PAGE_SIZE
            )

        DbOp(None, self.app, load).success(
            lambda rows: self._page_loaded(generation, page, rows)
        ).failure(lambda error: self._failed(generation, error, page)).run_in_background()

    def _failed(self, generation: int, error: BaseException, page: int | None = None) -> None:
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

    def _page_loaded(self, generation: int, page: int, rows: list[DemandRow]) -> None:
        if not self._alive(generation):
            return
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self._fetch_wanted()
        first = page * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._rows) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMN_COUNT - 1))

    def row_at(self, row: int) -> DemandRow | None:
        """The row if its page is in memory; otherwise ask for the page and return None."""
        if not 0 <= row < self._rows:
            return None
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def demand_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, demand_id: str) -> int | None:
        """The row of ``demand_id`` among the rows in memory, if it is there."""
        for page, rows in self._pages.items():
            for offset, found in enumerate(rows):
                if found.id == demand_id:
                    return page * PAGE_SIZE + offset
        return None

    # ---- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        return None

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

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < self.COLUMN_COUNT:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            self.RecordRole,
            self.SortRole,
        ):
            return None
        found = self.row_at(index.row())
        if found is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.COL_NUMBER:
                return "…"
            return None
        column = index.column()
        if role == self.RecordRole:
            return found.id
        if role == self.SortRole:
            return self._sort_value(found, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_DUE and found.overdue:
                return QBrush(OVERDUE_COLOR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_DUE and found.overdue:
                return self.tr("已超期")
            if column in (self.COL_TITLE, self.COL_CATEGORY):
                return self._display(found, column)  # the full text of a cut-off cell
            return None
        return self._display(found, column)

    def _display(self, row: DemandRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_REGISTERED:
            return beijing_date(row.registered_at)
        if column == self.COL_REQUESTER:
            return self.tr("匿名") if row.anonymous else mask_name(row.requester_name) or "—"
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_CATEGORY:
            category = self._labels.category(row.catalog_version, row.category_code)
            topic = self._labels.topic(row.catalog_version, row.topic_code)
            return f"{category} · {topic}" if topic else category
        if column == self.COL_CHANNEL:
            return channel_text(row.channel)
        if column == self.COL_STATUS:
            return status_text(row.status)
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        wanted = Sort(key, descending=order == Qt.SortOrder.DescendingOrder)
        if wanted == self.sort_order:
            return
        self.sort_order = wanted
        self.reload()

    def sort_column(self) -> int:
        for column, key in self.SORT_KEYS.items():
            if key == self.sort_order.key:
                return column
        return self.COL_REGISTERED
