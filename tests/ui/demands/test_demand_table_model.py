"""The lazy demand list model: pages read on demand, SQL sorting, plain-language cells."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.db import Database
from desktop.models.demand import Demand
from desktop.ui.app_context import AppContext
from desktop.ui.demands.table_model import PAGE_SIZE, DemandTableModel

M = DemandTableModel


def _loaded(qtbot: QtBot, model: DemandTableModel) -> None:
    qtbot.waitUntil(lambda: not model.loading(), timeout=5000)


def _total(db: Database) -> int:
    with db.reading() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(Demand).where(Demand.deleted_at.is_(None))
            )
            or 0
        )


def test_pages_are_read_as_rows_are_needed(
    qtbot: QtBot,
    demo_app: AppContext,
    demo_db: Database,
    qtmodeltester: ModelTester,
    host: QWidget,
) -> None:
    model = M(demo_app, host)
    with qtbot.waitSignal(model.total_counted, timeout=5000) as counted:
        model.reload()
    total = _total(demo_db)
    assert total > 2 * PAGE_SIZE
    assert counted.args == [total]
    assert model.rowCount() == total
    # Only the first page is in memory; a row further down is empty until its page arrives.
    last = model.index(total - 1, M.COL_NUMBER)
    assert model.data(last) == "…"
    qtbot.waitUntil(lambda: model.data(last) != "…", timeout=5000)
    assert model.data(last, M.RecordRole)

    qtmodeltester.check(model)
    _loaded(qtbot, model)
    qtmodeltester.check(model)

    # Reading every row asks for the pages not yet in memory; then they are all there.
    for row in range(total):
        model.index(row, 0).data(M.RecordRole)
    _loaded(qtbot, model)
    ids = [model.index(row, 0).data(M.RecordRole) for row in range(total)]
    assert None not in ids
    assert len(set(ids)) == total


def test_sorting_asks_sql_again(
    qtbot: QtBot, demo_app: AppContext, demo_db: Database, host: QWidget
) -> None:
    model = M(demo_app, host)
    with qtbot.waitSignal(model.total_counted, timeout=5000):
        model.reload()
    with qtbot.waitSignal(model.first_page_loaded, timeout=5000):
        model.sort(M.COL_NUMBER, Qt.SortOrder.AscendingOrder)
    with demo_db.reading() as session:
        first = session.scalar(
            select(Demand.number).where(Demand.deleted_at.is_(None)).order_by(Demand.number)
        )
    assert model.index(0, M.COL_NUMBER).data() == first
    numbers = [model.index(r, M.COL_NUMBER).data(M.SortRole) for r in range(PAGE_SIZE)]
    assert numbers == sorted(numbers)
    assert model.headerData(M.COL_NUMBER, Qt.Orientation.Horizontal) == "编号"


def test_cells_say_it_plainly(qtbot: QtBot, app: AppContext, db: Database, host: QWidget) -> None:
    from demand_support import register, set_status

    named = register(db, title="路灯坏了")
    anonymous = register(
        db, anonymous=True, requester_contact_id=None, requester_name="", title="匿名反映"
    )
    with db.writing() as session:
        demand = session.get(Demand, named)
        assert demand is not None
        demand.due_date = dt.date(2020, 1, 1)
    set_status(db, anonymous, "RESOLVED")

    model = M(app, host)
    with qtbot.waitSignal(model.total_counted, timeout=5000):
        model.reload()
    rows = {model.index(r, 0).data(M.RecordRole): r for r in range(model.rowCount())}
    row = rows[named]
    assert model.index(row, M.COL_REQUESTER).data() == "张三"  # the officer knows the villagers
    assert model.index(row, M.COL_CATEGORY).data() == "便民服务"
    assert model.index(row, M.COL_CHANNEL).data() == "问需台"
    assert model.index(row, M.COL_STATUS).data() == "待上报"  # the county has not got it yet
    due = model.index(row, M.COL_DUE)
    assert "超期" in due.data()
    assert due.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert model.index(rows[anonymous], M.COL_REQUESTER).data() == "匿名"
    assert model.index(rows[anonymous], M.COL_STATUS).data() == "已办结"
    # A resolved demand is not overdue whatever its date.
    assert model.index(rows[anonymous], M.COL_DUE).data(Qt.ItemDataRole.ForegroundRole) is None
