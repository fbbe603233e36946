"""The lazy paging the long lists (contacts, demands) share.

A list that can hold tens of thousands of rows never loads them all: its model keeps the
filter, the sort and the row count, and reads pages of plain row values on the database worker
as the view asks for rows, keeping only the pages used last. Filtering and sorting happen in
SQL (``sort()`` re-queries). Each reload starts a new generation, and a read that comes back
for an older one (the filter or sort changed meanwhile) or for a model already deleted is
dropped.

A subclass says how to read the first page and whatever is shown with it, how to read any
other page, and what each column shows and sorts by.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from sqlalchemy.orm import Session

from desktop.models.queries import Sort
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import DbOp

AnyIndex = QModelIndex | QPersistentModelIndex


class Row(Protocol):
    """A list's row value: plain, safe across threads, and known by its record's id."""

    @property
    def id(self) -> str: ...


RowT = TypeVar("RowT", bound=Row)
FilterT = TypeVar("FilterT")
ExtraT = TypeVar("ExtraT")  # what the first page's read brings besides its rows
T = TypeVar("T")

# About MAX_PAGES × PAGE_SIZE rows stay in memory; pages scrolled far away are read again.
MAX_PAGES = 40


class PagedTableModel(QAbstractTableModel, Generic[RowT, FilterT, ExtraT]):
    PAGE_SIZE: ClassVar[int]
    MAX_PAGES: ClassVar[int] = MAX_PAGES
    COLUMN_COUNT: ClassVar[int]
    SORT_KEYS: ClassVar[dict[int, str]]
    DEFAULT_SORT: ClassVar[Sort]
    # Roles _extra_data answers, besides display, record and sort; for any other role the
    # model does not ask for a page.
    EXTRA_ROLES: ClassVar[tuple[Qt.ItemDataRole, ...]] = ()

    RecordRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, app: AppContext, flt: FilterT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.filter = flt
        self.sort_order = self.DEFAULT_SORT
        self._rows = 0
        self._reloading = False
        self._generation = 0
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()
        self._pending: set[int] = set()
        # How names show (公共场所模式) is a preference: every cell is painted again.
        app.preferences.changed.connect(lambda _key: self._repaint_all())

    def _repaint_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._rows - 1, self.COLUMN_COUNT - 1)
            )

    # ---- what a subclass says --------------------------------------------------------------

    def _first_page_reader(self) -> Callable[[Session], tuple[list[RowT], ExtraT]]:
        """The read (for the worker) of the first page and what is shown with it, under the
        filter and sort as they are now."""
        raise NotImplementedError

    def _keep_first_page(self, rows: list[RowT], extra: ExtraT) -> int:
        """Keep what came with the first page (inside the model reset); returns the number
        of rows to show."""
        raise NotImplementedError

    def _first_page_shown(self) -> None:
        """Called once the new first page is in the model."""
        raise NotImplementedError

    def _page_reader(self, offset: int) -> Callable[[Session], list[RowT]]:
        """The read (for the worker) of the page at ``offset``, under the filter and sort as
        they are now."""
        raise NotImplementedError

    def _headers(self) -> list[str]:
        raise NotImplementedError

    def _display(self, row: RowT, column: int) -> str:
        raise NotImplementedError

    def _sort_value(self, row: RowT, column: int) -> Any:
        """The native value the column sorts by."""
        raise NotImplementedError

    def _extra_data(self, row: RowT, column: int, role: int) -> Any:
        """The cell's value for one of EXTRA_ROLES."""
        return None

    # ---- loading ---------------------------------------------------------------------------

    def set_filter(self, flt: FilterT) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Read the first page again (after a filter, sort or data change); the rows on screen
        stay until it arrives, so the list never flashes empty."""
        self._generation += 1
        self._reloading = True
        self._read(self._first_page_reader(), lambda first: self._first_page(*first))

    def loading(self) -> bool:
        return self._reloading or bool(self._pending)

    def _alive(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _read(
        self, read: Callable[[Session], T], done: Callable[[T], None], page: int | None = None
    ) -> None:
        """Run ``read`` on the database worker; ``done`` gets its result on the GUI thread
        unless the list was reloaded meanwhile or the model is gone."""
        generation = self._generation

        def deliver(result: T) -> None:
            if self._alive(generation):
                done(result)

        op = DbOp(None, self.app, lambda session, _ctx: read(session))
        op.success(deliver)
        self._run(op, generation, page)

    def _run(self, op: DbOp[Any], generation: int, page: int | None) -> None:
        """Start a read (of ``page``, or of the first page or the total when None). A failure
        is reported the way DbOp does by default; a subclass that reports its own adds its
        failure callback here."""
        op.run_in_background()

    def _first_page(self, rows: list[RowT], extra: ExtraT) -> None:
        self._reloading = False
        self.beginResetModel()
        self._pages = OrderedDict({0: rows})
        self._pending = set()
        self._rows = self._keep_first_page(rows, extra)
        self.endResetModel()
        self._first_page_shown()

    def _need_page(self, page: int) -> None:
        """The view asked for a row of ``page``, which is not in memory."""
        self._request_page(page)

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        self._read(
            self._page_reader(page * self.PAGE_SIZE),
            lambda rows: self._page_loaded(page, rows),
            page,
        )

    def _page_loaded(self, page: int, rows: list[RowT]) -> None:
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * self.PAGE_SIZE
        last = min(first + self.PAGE_SIZE, self._rows) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMN_COUNT - 1))

    def row_at(self, row: int) -> RowT | None:
        """The row if its page is in memory; otherwise ask for the page and return None."""
        if not 0 <= row < self._rows:
            return None
        page, offset = divmod(row, self.PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._need_page(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def row_of(self, record_id: str) -> int | None:
        """The row of ``record_id`` among the rows in memory, if it is there."""
        for page, rows in self._pages.items():
            for offset, found in enumerate(rows):
                if found.id == record_id:
                    return page * self.PAGE_SIZE + offset
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

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < self.COLUMN_COUNT:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            self.RecordRole,
            self.SortRole,
            *self.EXTRA_ROLES,
        ):
            return None
        column = index.column()
        found = self.row_at(index.row())
        if found is None:
            # The first column says the row is on its way.
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(found, column)
        if role == self.RecordRole:
            return found.id
        if role == self.SortRole:
            return self._sort_value(found, column)
        return self._extra_data(found, column, role)

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
        """The column the list is sorted by (the default sort's if the key has no column)."""
        columns = {key: column for column, key in self.SORT_KEYS.items()}
        return columns.get(self.sort_order.key, columns[self.DEFAULT_SORT.key])
