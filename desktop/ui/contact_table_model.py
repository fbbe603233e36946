"""The contact book (村民通讯录) as a lazy Qt table model over SQL.

A village keeps some 20,000 villagers at most, but the model still never loads them all: it
keeps the filter, the sort and the total, and reads pages of plain :class:`ContactRow` values
in the background as the view asks for rows. Filtering and sorting happen in SQL (``sort()``
re-queries). Phones are masked here; priority-group tags are not in the list at all (they are
sensitive and shown only in the villager's own form).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.demand_views import grid_choices
from desktop.models.queries import ContactFilter, ContactRow, Sort, count_contacts, list_contacts
from desktop.models.rules.masking import mask_phone
from desktop.models.station import Contact
from desktop.ui.app_context import AppContext
from desktop.ui.operations import DbOp
from desktop.ui.taskman import OpContext

PAGE_SIZE = 200
# About 8,000 rows stay in memory; pages scrolled far away are read again when needed.
MAX_PAGES = 40

AnyIndex = QModelIndex | QPersistentModelIndex


def contact_groups(session: Session) -> list[str]:
    """The 村民小组 names in use, for the filter and the form's choices."""
    names = session.scalars(
        select(Contact.group_name).where(Contact.deleted_at.is_(None)).distinct()
    )
    return sorted(name for name in names if name)


@dataclass(frozen=True)
class _FirstPage:
    rows: list[ContactRow]
    total: int
    grids: dict[str, str]


class ContactTableModel(QAbstractTableModel):
    COL_NAME = 0
    COL_GENDER = 1
    COL_PHONE = 2
    COL_GROUP = 3
    COL_GRID = 4
    COL_ADDRESS = 5
    COLUMN_COUNT = 6

    RecordRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    SORT_KEYS: ClassVar[dict[int, str]] = {
        COL_NAME: "name",
        COL_GROUP: "group",
        COL_ADDRESS: "address",
    }

    loaded = Signal()  # a new filter's first page and total are in

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.filter = ContactFilter()
        self.sort_order = Sort("name", descending=False)
        self.total = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._grids: dict[str, str] = {}
        self._loading = False

    # ---- loading --------------------------------------------------------------------------

    def set_filter(self, flt: ContactFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Read the total and the first page again; the rows on screen stay until they arrive,
        so the list never flashes empty."""
        self._generation += 1
        self._loading = True
        generation, flt, sort = self._generation, self.filter, self.sort_order

        def load(session: Session, _ctx: OpContext) -> _FirstPage:
            rows = list_contacts(session, flt, sort=sort, offset=0, limit=PAGE_SIZE)
            total = len(rows) if len(rows) < PAGE_SIZE else count_contacts(session, flt)
            grids = {g.id: g.name for g in grid_choices(session)}
            return _FirstPage(rows, total, grids)

        DbOp(None, self.app, load).success(
            lambda first: self._first_page(generation, first)
        ).run_in_background()

    def loading(self) -> bool:
        return self._loading or bool(self._pending)

    def _alive(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _first_page(self, generation: int, first: _FirstPage) -> None:
        if not self._alive(generation):
            return
        self.beginResetModel()
        self._pages = OrderedDict({0: first.rows})
        self._pending = set()
        self._grids = first.grids
        self.total = max(first.total, len(first.rows))
        self._loading = False
        self.endResetModel()
        self.loaded.emit()

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation, flt, sort = self._generation, self.filter, self.sort_order

        def load(session: Session, _ctx: OpContext) -> list[ContactRow]:
            return list_contacts(session, flt, sort=sort, offset=page * PAGE_SIZE, limit=PAGE_SIZE)

        DbOp(None, self.app, load).success(
            lambda rows: self._page_loaded(generation, page, rows)
        ).run_in_background()

    def _page_loaded(self, generation: int, page: int, rows: list[ContactRow]) -> None:
        if not self._alive(generation):
            return
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(first + PAGE_SIZE, self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMN_COUNT - 1))

    def row_at(self, row: int) -> ContactRow | None:
        """The row if its page is in memory; otherwise ask for the page and return None."""
        if not 0 <= row < self.total:
            return None
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def contact_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, contact_id: str) -> int | None:
        """The row of ``contact_id`` among the rows in memory, if it is there."""
        for page, rows in self._pages.items():
            for offset, found in enumerate(rows):
                if found.id == contact_id:
                    return page * PAGE_SIZE + offset
        return None

    # ---- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

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
            self.tr("姓名"),
            self.tr("性别"),
            self.tr("电话"),
            self.tr("村民小组"),
            self.tr("网格"),
            self.tr("住址"),
        ]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < self.COLUMN_COUNT:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            self.RecordRole,
            self.SortRole,
        ):
            return None
        found = self.row_at(index.row())
        if found is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.COL_NAME:
                return "…"
            return None
        column = index.column()
        if role == self.RecordRole:
            return found.id
        if role == self.SortRole:
            return self._sort_value(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return found.address if column == self.COL_ADDRESS and found.address else None
        return self._display(found, column)

    def _display(self, row: ContactRow, column: int) -> str:
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_GENDER:
            return row.gender or ""
        if column == self.COL_PHONE:
            return mask_phone(row.phone) if row.phone else "—"
        if column == self.COL_GROUP:
            return row.group_name
        if column == self.COL_GRID:
            return self._grids.get(row.grid_id, "") if row.grid_id else ""
        return row.address

    def _sort_value(self, row: ContactRow, column: int) -> Any:
        """The native value the column sorts by (never the unmasked phone)."""
        values: dict[int, Any] = {
            self.COL_NAME: row.name,
            self.COL_GENDER: row.gender or "",
            self.COL_PHONE: mask_phone(row.phone) if row.phone else "",
            self.COL_GROUP: row.group_name,
            self.COL_GRID: self._grids.get(row.grid_id, "") if row.grid_id else "",
            self.COL_ADDRESS: row.address,
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
        return self.COL_NAME
