"""The 统计报表's charts (QtCharts): demands and activities per month as bars, the categories'
shares as a pie, and the trend of 办结率 and 满意率 as lines. The page shows them; the PDF
draws the same charts into images."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from desktop.models.statistics import StationReport

# Few, distinguishable colours that also print readably in grey.
PALETTE = ("#2f6db5", "#e08a1e", "#3f9b52", "#b23a48", "#7d5ba6", "#8c8c8c", "#1b9aaa", "#c7a21b")


CONTEXT = "StatisticsCharts"
# The texts _tr() looks up, for lupdate.
_TEXTS = (
    QT_TRANSLATE_NOOP("StatisticsCharts", "{0}月"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "月"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "每月需求与活动（{0}）"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "受理量"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "办结量"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "活动场次"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "需求类别占比（{0}）"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "其他"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "需求类别占比（{0}无需求）"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "办结率与满意率走势（{0}）"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "办结率"),
    QT_TRANSLATE_NOOP("StatisticsCharts", "满意率"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _month_label(code: str) -> str:
    return _tr("{0}月").format(int(code.split("-")[1]))


def _month_axis(report: StationReport) -> QBarCategoryAxis:
    """The months along the bottom: for more than six, their numbers under the title 月 (a
    half-width chart cuts twelve “10月” to “1…”)."""
    axis = QBarCategoryAxis()
    many = len(report.months) > 6
    axis.append([
        str(p.month.start.month) if many else _month_label(p.month.code) for p in report.months
    ])  # fmt: skip
    if many:
        axis.setTitleText(_tr("月"))
        font = QFont(axis.titleFont())
        font.setBold(False)
        axis.setTitleFont(font)
    return axis


def _count_range(axis: QValueAxis, top: int) -> None:
    """0 to a little above ``top`` in four whole, round steps (1, 2 or 5 times a power of ten;
    an empty period: 0 to 4)."""
    wanted = max(1.0, top * 1.1 / 4)
    power = 10 ** math.floor(math.log10(wanted))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= wanted)
    axis.setRange(0, step * 4)
    axis.setTickCount(5)
    axis.setLabelFormat("%d")


def _span(report: StationReport) -> str:
    """The months the series covers (the years show here, the axis names only months)."""
    first, last = report.months[0].month, report.months[-1].month
    return first.label if first == last else f"{first.label}—{last.label}"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def monthly_bars(report: StationReport) -> QChart:
    """受理量, 办结量 and 活动场次 of each month."""
    chart = _chart(_tr("每月需求与活动（{0}）").format(_span(report)))
    series = QBarSeries()
    for index, (name, values) in enumerate(
        (
            (_tr("受理量"), [p.accepted for p in report.months]),
            (_tr("办结量"), [p.resolved for p in report.months]),
            (_tr("活动场次"), [p.activities for p in report.months]),
        )
    ):
        bar = QBarSet(name)
        bar.append([float(v) for v in values])
        bar.setColor(QColor(PALETTE[index]))
        series.append(bar)
    chart.addSeries(series)
    axis_x = _month_axis(report)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    _count_range(axis_y, max([p.accepted for p in report.months] + [p.activities for p in report.months] + [0]))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    return chart


def category_pie(report: StationReport, slices: int = 7) -> QChart:
    """Each category's share of 受理量 (the smallest ones together as 其他)."""
    chart = _chart(_tr("需求类别占比（{0}）").format(report.period.label))
    series = QPieSeries()
    shares = list(report.category_shares)
    if len(shares) > slices:
        shares = [*shares[:slices - 1], (_tr("其他"), sum(n for _, n in shares[slices - 1:]))]
    total = sum(n for _, n in shares)
    for index, (name, count) in enumerate(shares):
        piece = series.append(f"{name} {count / total:.0%}" if total else name, float(count))
        piece.setColor(QColor(PALETTE[index % len(PALETTE)]))
    if not shares:
        chart.setTitle(_tr("需求类别占比（{0}无需求）").format(report.period.label))
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def rate_lines(report: StationReport) -> QChart:
    """办结率 and 满意率 month by month (a month without demands leaves a gap)."""
    chart = _chart(_tr("办结率与满意率走势（{0}）").format(_span(report)))
    axis_x = QValueAxis()
    axis_x.setRange(-0.5, len(report.months) - 0.5)
    axis_x.setVisible(False)
    labels = _month_axis(report)
    axis_y = QValueAxis()
    axis_y.setRange(0, 100)
    axis_y.setLabelFormat("%d%%")
    chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for index, (name, values) in enumerate(
        (
            (_tr("办结率"), [p.resolution_rate for p in report.months]),
            (_tr("满意率"), [p.satisfaction_rate for p in report.months]),
        )
    ):
        line = QLineSeries()
        line.setName(name)
        line.setColor(QColor(PALETTE[index]))
        line.setPointsVisible(True)
        for month, value in enumerate(values):
            if value is not None:
                line.append(float(month), value * 100)
        chart.addSeries(line)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
    return chart


CHARTS = (monthly_bars, category_pie, rate_lines)


def chart_view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(QSize(320, 220))
    return view


def chart_image(chart: QChart, size: QSize, scale: float = 2.0) -> QImage:
    """``chart`` laid out at ``size`` and drawn on a white image ``scale`` times as many pixels
    across (sharp on paper, with the text as large as on the screen)."""
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, size.width(), size.height()))
    scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
    layout = chart.layout()
    if layout is not None:
        layout.activate()
    image = QImage(size * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), scene.sceneRect())
    painter.end()
    scene.removeItem(chart)
    return image
