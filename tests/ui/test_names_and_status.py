"""What the officer reads about people and about the county: names in full in the station's
own lists (only the surname in 公共场所模式), contacts in pinyin order, and a demand saved on
this PC shown as 待上报, not as 已上报, until the county has it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_support import Workbench, workbench

from desktop.models import beijing
from desktop.models.demand import Demand
from desktop.models.demands import DemandInput, register_demand
from desktop.models.station import Contact
from desktop.models.station_setup import StationInput, current_station_id, save_station
from desktop.models.summary import WorkbenchSummary, workbench_summary
from desktop.models.writes import WritePath
from desktop.ui.common.preferences import PUBLIC_PLACE_MODE
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import UNREPORTED, DemandsPage
from desktop.ui.demands.table_model import DemandTableModel


def _file_here(bench: Workbench, name: str, title: str) -> str:
    """A demand registered on this PC (never pushed)."""
    with bench.context.db.writing() as session:
        data = DemandInput(
            channel="NEEDS_DESK", category_code="CONVENIENCE", title=title, requester_name=name
        )
        return register_demand(session, current_station_id(session), data).id


def test_names_in_full_except_in_public_place_mode(qtbot: QtBot, bench: Workbench) -> None:
    demand_id = _file_here(bench, "欧阳娜娜", "想学智能手机")
    page = bench.page(DemandsPage)
    page.apply_filter()
    bench.settle(qtbot, lambda: page.model.row_of(demand_id) is not None)
    row = page.model.row_of(demand_id)
    assert row is not None
    cell = page.model.index(row, DemandTableModel.COL_REQUESTER)
    assert cell.data() == "欧阳娜娜"

    bench.context.preferences.set_flag(PUBLIC_PLACE_MODE, True)
    assert cell.data() == "欧***"
    contacts = bench.page(ContactsPage)
    bench.settle(qtbot, lambda: contacts.model.total > 0)
    shown = contacts.model.index(0, 0).data()
    assert shown.endswith("*") and len(shown) >= 2
    bench.context.preferences.set_flag(PUBLIC_PLACE_MODE, False)
    assert "*" not in contacts.model.index(0, 0).data()
    assert cell.data() == "欧阳娜娜"


def test_contacts_in_pinyin_order(qtbot: QtBot, tmp_path: Path) -> None:
    with workbench(qtbot, tmp_path, empty=True) as bench:
        with bench.context.db.writing() as session:
            station_id = save_station(session, StationInput("测试村", "220122102203")).value.id
            writes = WritePath(session)
            for name in ("程刚", "陈国", "车辉", "程芳", "陈兰"):
                writes.create(Contact(station_id=station_id, name=name))
        page = bench.page(ContactsPage)
        page.apply_filter()
        bench.settle(qtbot, lambda: page.model.total == 5)
        names = [page.model.index(r, 0).data() for r in range(5)]
        assert names == ["车辉", "陈国", "陈兰", "程芳", "程刚"]


def test_a_demand_saved_here_is_waiting_to_be_reported(
    qtbot: QtBot, bench: Workbench
) -> None:
    before = _summary(bench)
    demand_id = _file_here(bench, "张德福", "三组路灯坏了")
    after = _summary(bench)
    assert after.unreported == before.unreported + 1
    assert after.open == before.open  # the county works on what it has received

    page = bench.page(DemandsPage)
    page.status_combo.setCurrentIndex(page.status_combo.findData(UNREPORTED))
    bench.settle(qtbot, lambda: page.model.total is not None and page.model.row_of(demand_id) is not None)
    assert page.model.total == after.unreported
    status = page.model.index(0, DemandTableModel.COL_STATUS)
    assert status.data() == "待上报"
    assert "联网同步" in status.data(Qt.ItemDataRole.ToolTipRole)  # it says what it means
    with bench.context.db.reading() as session:
        assert session.scalar(select(Demand.server_version).where(Demand.id == demand_id)) is None


def test_a_new_station_says_what_waits_to_be_reported(qtbot: QtBot, tmp_path: Path) -> None:
    """Not "1 条待上报" unexplained: the station's own details wait for enrolment."""
    with workbench(qtbot, tmp_path, empty=True) as bench:
        with bench.context.db.writing() as session:
            save_station(session, StationInput("测试村新时代文明实践站", "220122102203"))
        bench.window.sync.refresh_status()
        bench.settle(qtbot, lambda: bench.window.status_pending.text() != "无待上报")
        assert bench.window.status_pending.text() == "待上报：本站信息 1 条"
        assert "注册以后自动上报" in bench.window.status_pending.toolTip()


def _summary(bench: Workbench) -> WorkbenchSummary:
    with bench.context.db.reading() as session:
        return workbench_summary(session, beijing.today())


def test_a_busy_week_does_not_stretch_the_workbench(qtbot: QtBot, bench: Workbench) -> None:
    """A station that held 30 activities this week: the 工作台 lists six and counts the rest, and
    the window stays within the screen (a list of every one made the window 3,600 px tall)."""
    import datetime as dt

    from desktop.models.activity import Activity
    from desktop.ui.common.dialogs import usable_area
    from desktop.ui.workbench.page import WEEK_LINES, WorkbenchPage

    today = beijing.today()
    with bench.context.db.writing() as session:
        station_id = current_station_id(session)
        assert station_id is not None
        start = dt.datetime.combine(today, dt.time(9), beijing.CHINA_TZ)
        for n in range(30):
            WritePath(session).create(
                Activity(station_id=station_id, title=f"入户宣讲第{n + 1}场", activity_type_code="LECTURE",
                         five_task_code="SPREAD_POLICY", starts_at=start, ends_at=start + dt.timedelta(hours=1))
            )  # fmt: skip
    page = bench.page(WorkbenchPage)
    page.refresh()
    bench.settle(qtbot, lambda: "入户宣讲" in page.week_list.text())
    lines = page.week_list.text().splitlines()
    assert len(lines) == WEEK_LINES + 1
    assert "另有 24 场" in lines[-1]
    assert usable_area(bench.window).height() >= bench.window.height()
    assert bench.window.minimumSizeHint().height() < 700
