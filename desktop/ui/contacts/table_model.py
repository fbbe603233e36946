"""The contact book (村民通讯录) as a lazy Qt table model over SQL.

A village keeps some 20,000 villagers at most, but the model still never loads them all: it
reads pages of plain :class:`ContactRow` values in the background as the view asks for rows
(:class:`PagedTableModel`); the first page's read also counts the total and brings the grid
names. Filtering and sorting happen in SQL (``sort()`` re-queries). Phones are masked here;
priority-group tags are not in the list at all (they are sensitive and shown only in the
villager's own form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy.orm import Session

from desktop.models.grids import grid_choices
from desktop.models.queries import ContactFilter, ContactRow, Sort, count_contacts, list_contacts
from desktop.models.rules.masking import mask_phone
from desktop.ui.app_context import AppContext
from desktop.ui.common.paged_table_model import PagedTableModel

PAGE_SIZE = 200

# What the first page's read brings besides its rows: the total and the grid names by id.
_Extra = tuple[int, dict[str, str]]


class ContactTableModel(PagedTableModel[ContactRow, ContactFilter, _Extra]):
    COL_NAME = 0
    COL_GENDER = 1
    COL_PHONE = 2
    COL_GROUP = 3
    COL_GRID = 4
    COL_ADDRESS = 5
    COLUMN_COUNT = 6

    PAGE_SIZE = PAGE_SIZE
    SORT_KEYS: ClassVar[dict[int, str]] = {
        COL_NAME: "name",
        COL_GROUP: "group",
        COL_ADDRESS: "address",
    }
    DEFAULT_SORT = Sort("name", descending=False)
    EXTRA_ROLES = (Qt.ItemDataRole.ToolTipRole,)

    loaded = Signal()  # a new filter's first page and total are in

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(app, ContactFilter(), parent)
        self._grids: dict[str, str] = {}

    @property
    def total(self) -> int:
        return self._rows

    def contact_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    # ---- reading ---------------------------------------------------------------------------

    def _first_page_reader(self) -> Callable[[Session], tuple[list[ContactRow], _Extra]]:
        flt, sort = self.filter, self.sort_order

        def read(session: Session) -> tuple[list[ContactRow], _Extra]:
            rows = list_contacts(session, flt, sort=sort, offset=0, limit=PAGE_SIZE)
            total = len(rows) if len(rows) < PAGE_SIZE else count_contacts(session, flt)
            return rows, (total, {g.id: g.name for g in grid_choices(session)})

        return read

    def _keep_first_page(self, rows: list[ContactRow], extra: _Extra) -> int:
        total, self._grids = extra
        return max(total, len(rows))

    def _first_page_shown(self) -> None:
        self.loaded.emit()

    def _page_reader(self, offset: int) -> Callable[[Session], list[ContactRow]]:
        flt, sort = self.filter, self.sort_order
        return lambda session: list_contacts(
            session, flt, sort=sort, offset=offset, limit=PAGE_SIZE
        )

    # ---- cells -----------------------------------------------------------------------------

    def _headers(self) -> list[str]:
        return [
            self.tr("姓名"),
            self.tr("性别"),
            self.tr("电话"),
            self.tr("村民小组"),
            self.tr("网格"),
            self.tr("住址"),
        ]

    def _display(self, row: ContactRow, column: int) -> str:
        if column == self.COL_NAME:
            return self.app.preferences.shown_name(row.name)
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

    def _extra_data(self, row: ContactRow, column: int, role: int) -> Any:
        # The tooltip shows a long address in full.
        return row.address if column == self.COL_ADDRESS and row.address else None
