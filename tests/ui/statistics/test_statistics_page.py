"""统计报表 page on the hand-built station of tests/models/statistics_station.py: the figures the
page shows are the model's, a figure opens exactly the records it counts, a range that ends
before it starts is refused at the page, and the report is saved as .xlsx and as a PDF."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from statistics_station import NOVEMBER, build_station
from ui_support import Workbench, workbench

from desktop.ui.statistics.page import StatisticsPage


@pytest.fixture(scope="module")
def station_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_station(tmp_path_factory.mktemp("station") / "workbench.db").path


@pytest.fixture
def bench(qtbot: QtBot, tmp_path: Path, station_db: Path) -> Iterator[Workbench]:
    with workbench(qtbot, tmp_path / "data", demo_template=station_db) as opened:
        yield opened


def _november(qtbot: QtBot, bench: Workbench) -> StatisticsPage:
    page = bench.page(StatisticsPage)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("month"))
    page.period_combo.setCurrentIndex(page.period_combo.findText(NOVEMBER.label))
    page.compute()
    bench.settle(qtbot, lambda: page.report is not None and page.report.period == NOVEMBER)
    return page


def _cells(page: StatisticsPage, section: str) -> dict[str, list[str]]:
    model = page.figure_tables[section].model()
    return {
        model.index(row, 0).data(): [model.index(row, c).data() for c in range(1, 6)]
        for row in range(model.rowCount())
    }


def test_the_page_shows_the_months_figures_beside_the_others(qtbot: QtBot, bench: Workbench) -> None:
    page = _november(qtbot, bench)
    demands = _cells(page, "需求办理")
    assert demands["受理量（件）"][:4] == ["6", "1", "+5", "0"]
    assert demands["办结率"][0] == "66.7%"
    assert demands["满意率"][:2] == ["66.7%", "0.0%"]
    assert demands["满意率"][3] == "—"
    assert _cells(page, "实践活动")["身边人讲身边事（场）"][0] == "1"
    assert "上期：2026年10月" in page.status.text()
    assert bench.bugs == []


def test_a_figure_opens_the_records_it_counts(qtbot: QtBot, bench: Workbench) -> None:
    page = _november(qtbot, bench)
    table = page.figure_tables["需求办理"]
    names = table.names
    page.open_figure(table, names.index("超期未办结"))
    qtbot.waitUntil(lambda: page.records_dialog.dialog is not None)
    dialog = page.records_dialog.dialog
    assert dialog is not None
    bench.settle(qtbot, lambda: dialog.model.rowCount() > 0)
    assert [dialog.model.rows[0][2]] == ["需求reopened_overdue"]
    assert "共 1 条需求" in dialog.summary.text()
    dialog.reject()
    qtbot.waitUntil(lambda: page.records_dialog.dialog is None)
    page.tabs.setCurrentIndex(1)
    page.open_figure(page.figure_tables["实践活动"], page.figure_tables["实践活动"].names.index("活动场次"))
    qtbot.waitUntil(lambda: page.records_dialog.dialog is not None)
    activities = page.records_dialog.dialog
    assert activities is not None
    bench.settle(qtbot, lambda: activities.model.rowCount() > 0)
    assert sorted(row[1] for row in activities.model.rows) == ["冬至包饺子", "身边人讲身边事：好婆婆"]
    activities.reject()


def test_a_range_that_ends_before_it_starts_is_refused_at_the_page(qtbot: QtBot, bench: Workbench) -> None:
    page = _november(qtbot, bench)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("custom"))
    assert page.from_edit.isVisible() and not page.period_combo.isVisible()
    page.to_edit.setDate(page.from_edit.date().addDays(-1))
    page.compute_button.click()
    assert "结束日期不能早于开始日期" in page.status.text()
    assert page.report is not None and page.report.period == NOVEMBER  # the last good report stays
    assert "下面仍是2026年11月的报表" in page.status.text()  # and says it is what 导出 saves
    page.to_edit.setDate(page.from_edit.date().addDays(5))
    page.compute_button.click()
    bench.settle(qtbot, lambda: page.report is not None and page.report.period.kind == "custom")
    assert bench.bugs == []


def test_the_report_is_saved_as_xlsx_and_as_a_pdf(qtbot: QtBot, bench: Workbench, tmp_path: Path) -> None:
    page = _november(qtbot, bench)
    assert page.report is not None
    page.save(page.report, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    first = [row for row in book["需求办理"].iter_rows(values_only=True) if row[0] == "受理量"]
    book.close()
    assert first[0][1] == 6
    page.save(page.report, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    summary, saved = page.status.text().split("\n")
    assert summary.startswith("2026年11月（2026-11-01 至 2026-11-30）") and page.status.styleSheet() == ""
    pages = int(saved.split("（")[1].split(" 页")[0])
    assert 2 <= pages <= 4  # the figures, the breakdowns and three charts on A4
    written = len(re.findall(rb"/Type\s*/Page(?![s\w])", (tmp_path / "report.pdf").read_bytes()))
    assert written == pages


def test_the_ledgers_of_the_period_are_exported_from_the_page(
    qtbot: QtBot, bench: Workbench, tmp_path: Path
) -> None:
    page = _november(qtbot, bench)
    counts = {}
    for which in ("demands", "activities", "hours"):
        path = tmp_path / f"{which}.xlsx"
        page.export_ledger(which, NOVEMBER, path)
        bench.settle(qtbot, lambda p=path: p.exists())
        book = openpyxl.load_workbook(path, read_only=True)
        counts[which] = sum(1 for _ in book.active.iter_rows(min_row=4, values_only=True))
        book.close()
    # Every November demand (deleted one aside), both November activities, and the service
    # record with its correction.
    assert counts == {"demands": 10, "activities": 2, "hours": 3}
    assert "已导出 3 行" in page.status.text()


def test_a_report_still_computing_does_not_hide_a_refused_range(qtbot: QtBot, bench: Workbench) -> None:
    page = _november(qtbot, bench)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("custom"))
    page.compute_button.click()  # a good range: its report is on the way …
    page.to_edit.setDate(page.from_edit.date().addDays(-1))
    page.compute_button.click()  # … when the officer picks an end before the start
    bench.settle(qtbot)
    assert "结束日期不能早于开始日期" in page.status.text()
    assert page.report is not None and page.report.period == NOVEMBER
