"""统计报表: every figure of docs/statistics.md on a small hand-built station with known answers.

November 2026 is the period. Its demands include one registered in November and resolved in
December, one reopened after a resolution, a withdrawn one, a rejected one, a merged one, a
draft, a deleted one, one without evaluation, and one registered at 23:30 Beijing time on the
last day of the month (still November in Beijing, not yet in UTC terms the next day's).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from statistics_station import NOVEMBER, TODAY, BuiltStation, build_station

from desktop.__main__ import main
from desktop.models.db import Database, open_database
from desktop.models.errors import ValidationError
from desktop.models.statistics import (
    Drill,
    activities_behind,
    demands_behind,
    period_figures,
    station_report,
)
from liaison_wire.statistics import ReportPeriod, format_value, parse_period, quantile


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> BuiltStation:
    return build_station(tmp_path_factory.mktemp("statistics") / "workbench.db")


@pytest.fixture
def db(station: BuiltStation) -> Iterator[Database]:
    database = open_database(station.path)
    yield database
    database.close()


def _figures(db: Database, period: ReportPeriod = NOVEMBER) -> dict[str, object]:
    with db.reading() as session:
        report = station_report(session, period, TODAY)
    return {line.name: line.value for line in report.lines}


def test_demand_figures_of_the_month(db: Database) -> None:
    figures = _figures(db)
    # 受理: every November demand but the withdrawn, rejected, merged, draft and deleted ones;
    # 12-01 00:30 Beijing is December.
    assert figures["受理量"] == 6
    # 办结 now: the reopened one is not, the one resolved in December is.
    assert figures["办结量"] == 4
    assert figures["办结率"] == pytest.approx(4 / 6)
    # Late: resolved 12-02 against a 12-01 deadline; resolved on the due day counts as on time.
    assert figures["按期办结量"] == 3
    assert figures["按期办结率"] == pytest.approx(3 / 4)
    assert figures["评价数"] == 3
    assert figures["满意率"] == pytest.approx(2 / 3)
    assert (figures["非常满意"], figures["满意"], figures["基本满意"]) == (1, 1, 0)
    assert (figures["不满意"], figures["非常不满意"]) == (1, 0)
    # Claims after 1.0, 1.0, 1.5, 0.25 and 0.5 days; resolutions after 3, 4, 5 and 3 days.
    assert figures["登记至接单中位数"] == 1.0
    assert figures["登记至接单P90"] == 1.5
    assert figures["登记至办结中位数"] == 3.5
    assert figures["登记至办结P90"] == 5.0
    assert figures["超期未办结"] == 1


def test_breakdowns_by_channel_category_and_grid(db: Database) -> None:
    with db.reading() as session:
        report = station_report(session, NOVEMBER, TODAY)
    tables = {table.title: {row.label: row.values for row in table.rows} for table in report.breakdowns}
    assert tables["按来源渠道"] == {"问需台": (4, 2, 0.5, 1), "文明实践110": (2, 2, 1.0, 0)}
    assert tables["按需求类别"]["便民服务"] == (5, 3, 0.6, 1)
    assert tables["按需求类别"]["关爱帮扶"] == (1, 1, 1.0, 0)
    assert tables["按网格"] == {"东片网格": (4, 2, 0.5, 1), "西片网格": (1, 1, 1.0, 0),
                               "未分网格": (1, 1, 1.0, 0)}  # fmt: skip
    assert report.category_shares == [("便民服务", 5), ("关爱帮扶", 1)]


def test_activity_and_volunteer_figures(db: Database) -> None:
    figures = _figures(db)
    assert figures["活动场次"] == 2  # 12-01 01:00 Beijing is December
    assert figures["身边人讲身边事"] == 1
    assert figures["参与群众"] == 80
    # 李国强's hour was corrected away: he did not serve.
    assert figures["参与志愿者"] == 1
    assert figures["志愿服务时长"] == 2.0
    # 王新来 registered in December, 赵退出 no longer serves.
    assert figures["志愿者总数"] == 2
    assert figures["新注册志愿者"] == 1
    assert figures["活跃志愿者"] == 1
    # 李国强's second star came on 12-01.
    assert figures["1星志愿者"] == 1
    assert figures["2星志愿者"] == 0
    assert figures["未评星志愿者"] == 1
    assert (figures["获得积分"], figures["扣减积分"], figures["兑换积分"]) == (23, 5, 10)


def test_each_figure_beside_the_previous_month_and_a_year_before(db: Database) -> None:
    with db.reading() as session:
        report = station_report(session, NOVEMBER, TODAY)
    assert report.previous == ReportPeriod.month(2026, 10)
    assert report.year_before == ReportPeriod.month(2025, 11)
    accepted = report.line("受理量")
    assert (accepted.previous, accepted.year_before) == (1, 0)
    # October's one evaluation was 基本满意, which is not 满意.
    assert report.line("满意率").previous == 0.0
    assert report.line("满意率").year_before is None
    assert format_value(report.line("满意率").year_before, "%") == "—"
    assert report.line("获得积分").previous == 7


def test_monthly_series_runs_twelve_months_up_to_a_month(db: Database) -> None:
    with db.reading() as session:
        report = station_report(session, NOVEMBER, TODAY)
    assert next(point.month.code for point in report.months) == "2025-12"
    assert [point.month.code for point in report.months][-1] == "2026-11"
    november = report.months[-1]
    assert (november.accepted, november.resolved, november.activities) == (6, 4, 2)
    assert november.satisfaction_rate == pytest.approx(2 / 3)
    assert report.months[-2].accepted == 1


def test_a_period_with_no_data_is_an_empty_report(db: Database) -> None:
    with db.reading() as session:
        report = station_report(session, ReportPeriod.month(2024, 3), TODAY)
    assert report.empty
    assert report.line("办结率").value is None
    assert report.line("登记至办结中位数").value is None
    assert all(line.value in (0, None, 0.0) for line in report.lines)
    with db.reading() as session:
        assert not station_report(session, NOVEMBER, TODAY).empty


def _numbers(db: Database, drill: Drill, period: ReportPeriod = NOVEMBER) -> set[str]:
    with db.reading() as session:
        return {row.title for row in demands_behind(session, period, drill, TODAY)}


def test_the_demands_behind_a_figure(db: Database) -> None:
    assert _numbers(db, Drill("demands", "resolved")) == {
        "需求on_time_very_satisfied", "需求resolved_next_month_late",
        "需求closed_dissatisfied_due_day", "需求last_evening_satisfied",
    }  # fmt: skip
    assert _numbers(db, Drill("demands", "overdue")) == {"需求reopened_overdue"}
    assert _numbers(db, Drill("demands", "satisfied")) == {
        "需求on_time_very_satisfied", "需求last_evening_satisfied"
    }
    assert _numbers(db, Drill("demands", "accepted", ("channel", "HOTLINE"))) == {
        "需求resolved_next_month_late", "需求closed_dissatisfied_due_day"
    }
    assert _numbers(db, Drill("demands", "accepted", ("grid_id", None))) == {
        "需求closed_dissatisfied_due_day"
    }


def test_the_activities_behind_a_figure(db: Database) -> None:
    with db.reading() as session:
        every = activities_behind(session, NOVEMBER, Drill("activities", "all"))
        stories = activities_behind(session, NOVEMBER, Drill("activities", "stories"))
        festival = activities_behind(session, NOVEMBER, Drill("activities", "type", ("type", "FESTIVAL")))
    assert [row.title for row in every] == ["冬至包饺子", "身边人讲身边事：好婆婆"]
    assert [row.title for row in stories] == ["身边人讲身边事：好婆婆"]
    assert [row.title for row in festival] == ["冬至包饺子"]


# ---- periods -----------------------------------------------------------------------------------


def test_periods_parse_and_step() -> None:
    assert parse_period("2026-11") == ReportPeriod.month(2026, 11)
    assert parse_period("2026Q4") == ReportPeriod("quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert parse_period("2026") == ReportPeriod.year(2026)
    assert parse_period("2026-01").previous() == ReportPeriod.month(2025, 12)
    assert parse_period("2026Q1").previous() == ReportPeriod.quarter(2025, 4)
    assert parse_period("2026Q1").year_before() == ReportPeriod.quarter(2025, 1)
    assert parse_period("2026").previous() == parse_period("2025")
    custom = ReportPeriod.custom(dt.date(2024, 2, 20), dt.date(2024, 2, 29))
    assert custom.previous() == ReportPeriod.custom(dt.date(2024, 2, 10), dt.date(2024, 2, 19))
    assert custom.year_before() == ReportPeriod.custom(dt.date(2023, 2, 20), dt.date(2023, 2, 28))
    assert [m.code for m in parse_period("2026Q4").months()] == ["2026-10", "2026-11", "2026-12"]
    assert parse_period("2026Q4").label == "2026年第四季度"


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026Q5", "十一月", "", "1999"])
def test_a_period_that_cannot_be_read_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_period(text)
    assert raised.value.field == "period"


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        ReportPeriod.custom(dt.date(2026, 11, 30), dt.date(2026, 11, 1))


def test_quantiles() -> None:
    assert quantile([], 0.5) is None
    assert quantile([4.0], 0.9) == 4.0
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert quantile([float(n) for n in range(1, 12)], 0.9) == 10.0


# ---- files and the command line ----------------------------------------------------------------


def _data_dir(station: BuiltStation, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(station.path, folder / "workbench.db")
    return folder


def _rows(path: Path) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    book.close()
    return sheets


def _figure(sheets: dict[str, list[list[object]]], name: str) -> object:
    """The cell right of the first filled cell that holds ``name``, on any sheet."""
    for rows in sheets.values():
        for row in rows:
            filled = [(i, value) for i, value in enumerate(row) if value is not None]
            if filled and filled[0][1] == name:
                return row[filled[0][0] + 1]
    raise AssertionError(f"no row named {name}")


def test_report_command_writes_every_figure_by_name(
    station: BuiltStation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data_dir(station, tmp_path)
    out = tmp_path / "十一月.xlsx"
    assert main(["report", "--data-dir", str(data), "--period", "2026-11", "--out", str(out)]) == 0
    assert "2026年11月统计报表" in capsys.readouterr().out
    sheets = _rows(out)
    assert list(sheets) == ["需求办理", "实践活动", "志愿服务", "月度趋势"]
    assert _figure(sheets, "受理量") == 6
    assert _figure(sheets, "办结量") == 4
    assert _figure(sheets, "办结率") == pytest.approx(4 / 6)
    assert _figure(sheets, "按期办结率") == pytest.approx(0.75)
    assert _figure(sheets, "满意率") == pytest.approx(2 / 3)
    assert _figure(sheets, "登记至办结中位数") == 3.5
    assert _figure(sheets, "活动场次") == 2
    assert _figure(sheets, "志愿服务时长") == 2.0
    book = openpyxl.load_workbook(out)
    rate = next(row for row in book["需求办理"].iter_rows() if row[0].value == "办结率")
    assert rate[1].number_format == "0.0%"
    assert "A3:A4" in {str(r) for r in book["需求办理"].merged_cells.ranges}
    book.close()


def test_report_of_an_empty_period_says_so(
    station: BuiltStation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data_dir(station, tmp_path)
    out = tmp_path / "empty.xlsx"
    assert main(["report", "--data-dir", str(data), "--period", "2024Q1", "--out", str(out)]) == 0
    assert "本期没有记录" in capsys.readouterr().out
    sheets = _rows(out)
    assert _figure(sheets, "受理量") == 0
    assert _figure(sheets, "办结率") == "—"
    assert "本期没有需求" in str(sheets["需求办理"][1][0])


@pytest.mark.parametrize("period", ["2026-13", "明年", "2026Q0"])
def test_report_command_refuses_a_period_it_cannot_read(
    station: BuiltStation, tmp_path: Path, period: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data_dir(station, tmp_path)
    out = tmp_path / "r.xlsx"
    assert main(["report", "--data-dir", str(data), "--period", period, "--out", str(out)]) == 1
    assert "错误" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("name", ["r.xlsx", "r.pdf"])
def test_report_command_names_a_folder_that_does_not_exist(
    station: BuiltStation, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data_dir(station, tmp_path)
    out = tmp_path / "没有这个文件夹" / name
    assert main(["report", "--data-dir", str(data), "--period", "2026-11", "--out", str(out)]) == 1
    assert f"文件夹“{out.parent}”不存在" in capsys.readouterr().err


def test_export_refuses_a_day_that_does_not_exist(
    station: BuiltStation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data_dir(station, tmp_path)
    with pytest.raises(SystemExit):
        main(["export", "demands", "--data-dir", str(data), "--out", str(tmp_path / "d.xlsx"), "--from", "2026-02-30"])
    assert "没有“2026-02-30”这一天" in capsys.readouterr().err


def test_export_demands_has_a_row_per_demand_of_the_range(station: BuiltStation, tmp_path: Path) -> None:
    data = _data_dir(station, tmp_path)
    out = tmp_path / "需求台账.xlsx"
    args = ["export", "demands", "--data-dir", str(data), "--out", str(out)]
    assert main([*args, "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    rows = _rows(out)[next(iter(_rows(out)))]
    header = rows[2]
    for column in ("需求编号", "登记日期", "状态", "办理期限", "办结日期", "评价", "类别", "来源渠道"):
        assert column in header
    body = [dict(zip(header, row, strict=True)) for row in rows[3:]]
    # Every November demand but the deleted one, withdrawn and rejected ones included.
    assert len(body) == 10
    late = next(row for row in body if row["需求内容"] == "需求resolved_next_month_late")
    assert (late["登记日期"], late["状态"], late["办理期限"], late["办结日期"]) == (
        "2026-11-28", "已办结", "2026-12-01", "2026-12-02"
    )
    assert (late["来源渠道"], late["类别"]) == ("文明实践110", "关爱帮扶")
    evening = next(row for row in body if row["需求内容"] == "需求last_evening_satisfied")
    assert (evening["登记日期"], evening["评价"]) == ("2026-11-30", "满意")
    assert {row["状态"] for row in body} >= {"已撤回", "已退回", "已合并", "待提交"}


def test_the_workbench_shows_this_months_rates_beside_last_months(db: Database) -> None:
    from desktop.models.summary import workbench_summary

    with db.reading() as session:
        this_month, last_month = workbench_summary(session, TODAY).month_rates
    # December so far: one demand, not resolved, not evaluated.
    assert this_month == (0.0, None)
    assert last_month == (pytest.approx(4 / 6), pytest.approx(2 / 3))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo.generate import DemoSize, generate_demo

    path = tmp_path_factory.mktemp("demo") / "workbench.db"
    database = open_database(path)
    generate_demo(database, DemoSize(demands=3000, contacts=300, activities=200, volunteers=40))
    database.close()
    return path


@pytest.mark.parametrize("period", [ReportPeriod.year(TODAY.year), ReportPeriod.containing("month", TODAY).previous()])
def test_every_count_equals_the_records_a_click_lists(demo_db: Path, period: ReportPeriod) -> None:
    """The figures are counted in one pass over the statistics index, the records behind them
    by each figure's condition in SQL: on a demo station the two agree for every figure and
    every row of every breakdown."""
    database = open_database(demo_db)
    try:
        with database.reading() as session:
            report = station_report(session, period, TODAY)
            checked = 0
            for line in report.lines:
                if line.drill is None or line.unit not in ("件", "场"):
                    continue
                behind = (
                    demands_behind(session, period, line.drill, TODAY)
                    if line.drill.kind == "demands"
                    else activities_behind(session, period, line.drill)
                )
                assert len(behind) == line.value, line.name
                checked += 1
            for table in report.breakdowns:
                for row in table.rows:
                    assert row.drill is not None
                    if row.drill.kind == "demands":
                        assert len(demands_behind(session, period, row.drill, TODAY)) == row.values[0]
                    else:
                        assert len(activities_behind(session, period, row.drill)) == row.values[0]
                    checked += 1
    finally:
        database.close()
    assert report.line("受理量").value and report.line("办结量").value and report.line("活动场次").value
    assert checked > 30


@pytest.mark.parametrize(
    "period",
    [
        ReportPeriod.year(TODAY.year),
        # Long enough to be walked; its previous period overlaps its year before.
        ReportPeriod.custom(dt.date(2026, 3, 1), dt.date(2026, 8, 31)),
        ReportPeriod.containing("month", TODAY).previous(),
    ],
)
def test_a_report_holds_each_periods_figures_as_read_alone(demo_db: Path, period: ReportPeriod) -> None:
    """With ``alongside``, a report reads its activity and volunteer figures and its monthly
    series on a second connection while the demand figures are read: it is the report read in
    one transaction, and each column holds what that period's figures are when read alone."""
    database = open_database(demo_db)
    try:
        with database.reading() as session:
            serial = station_report(session, period, TODAY)
            alone = {p: period_figures(session, p, TODAY) for p in (period, period.previous(), period.year_before())}
        with database.reading() as session:
            together = station_report(session, period, TODAY, alongside=database)
        with database.reading() as session:
            assert period_figures(session, period, TODAY, alongside=database) == alone[period]
    finally:
        database.close()
    assert together == serial
    columns = {"value": period, "previous": period.previous(), "year_before": period.year_before()}
    for column, part in columns.items():
        figures = alone[part]
        assert getattr(serial.line("受理量"), column) == figures.demands.accepted
        assert getattr(serial.line("办结率"), column) == figures.demands.resolution_rate
        assert getattr(serial.line("超期未办结"), column) == figures.demands.count("overdue")
        assert getattr(serial.line("满意率"), column) == figures.demands.satisfaction_rate
        median = figures.demands.resolve_median
        assert getattr(serial.line("登记至办结中位数"), column) == (None if median is None else round(median, 1))
        assert getattr(serial.line("活动场次"), column) == figures.activities.count
        assert getattr(serial.line("参与志愿者"), column) == figures.activities.volunteers
        assert getattr(serial.line("获得积分"), column) == figures.volunteers.points_earned
    # The demo station has demands and activities in every column compared, and different
    # ones in each period (a year's previous period is its year before).
    assert all(getattr(serial.line("受理量"), column) for column in columns)
    accepted = [getattr(serial.line("受理量"), column) for column in columns]
    assert len(set(accepted)) == len(set(columns.values())), accepted
    assert all(getattr(serial.line("活动场次"), column) for column in columns)
    by_category = next(table for table in serial.breakdowns if table.title == "按需求类别")
    shown = {row.drill.group[1]: row.values[0] for row in by_category.rows if row.drill and row.drill.group}
    assert shown == {group.key or None: group.accepted for group in alone[period].demands.by_category}


def test_star_rows_add_up_to_the_total(station: BuiltStation, tmp_path: Path) -> None:
    """A volunteer entered late (registered 12-05) with a star awarded in June is not on June's
    roster: June's star rows still add up to June's 志愿者总数."""
    from sqlalchemy import select

    from desktop.models.activity import StarAward, Volunteer
    from desktop.models.entities import Station
    from desktop.models.writes import WritePath

    path = tmp_path / "workbench.db"
    shutil.copy(station.path, path)
    database = open_database(path)
    try:
        with database.writing() as session:
            station_id = session.scalars(select(Station.id)).one()
            late = WritePath(session).create(
                Volunteer(station_id=station_id, name="钱补录", registered_on=dt.date(2026, 12, 5))
            )
            WritePath(session).create(StarAward(volunteer_id=late.id, level=3, awarded_on=dt.date(2026, 6, 1),
                                                certified_by="镇志愿服务站"))  # fmt: skip
        figures = _figures(database, ReportPeriod.month(2026, 6))
    finally:
        database.close()
    stars = {name: value for name, value in figures.items() if name.endswith("志愿者") and "星" in name}
    assert figures["志愿者总数"] == 1  # 李国强 (registered in January)
    assert stars["3星志愿者"] == 0
    assert sum(stars.values()) == figures["志愿者总数"]


def test_a_custom_range_stays_within_the_calendar_an_officer_uses() -> None:
    with pytest.raises(ValidationError, match="2000 年至 2100 年"):
        ReportPeriod.custom(dt.date(2026, 11, 1), dt.date(9999, 12, 31))
    early = ReportPeriod.custom(dt.date(2000, 1, 1), dt.date(2000, 3, 31))
    assert early.previous().start == dt.date(1999, 10, 2)  # 91 days (2000 is a leap year)
    assert early.year_before().start == dt.date(1999, 1, 1)


def test_a_custom_ranges_trend_shows_whole_calendar_months(db: Database) -> None:
    with db.reading() as session:
        report = station_report(session, ReportPeriod.custom(dt.date(2026, 9, 15), dt.date(2026, 11, 20)), TODAY)
    assert [point.month for point in report.months] == [
        ReportPeriod.month(2026, 9), ReportPeriod.month(2026, 10), ReportPeriod.month(2026, 11)
    ]
    assert report.months[-1].accepted == 6  # the whole of November
