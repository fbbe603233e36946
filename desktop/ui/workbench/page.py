"""工作台: today's figures, what waits for sync, and the quick actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models.beijing import beijing_time, today
from desktop.models.changes import Changes
from desktop.models.summary import WorkbenchSummary, workbench_summary
from desktop.sync import state
from desktop.ui.app_context import AppContext
from desktop.ui.common.operations import DbOp
from desktop.ui.common.page import Page
from desktop.ui.common.taskman import OpContext
from liaison_wire import parse_utc
from liaison_wire.statistics import format_value

# The week's activities listed on the page; the rest are counted.
WEEK_LINES = 6


class _Figure(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("—", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption, self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class WorkbenchPage(Page):
    register_demand_requested = Signal()
    find_contact_requested = Signal()

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        grid = QGridLayout()
        self.figures = {
            "new_today": _Figure(self.tr("今日新登记"), self),
            "open": _Figure(self.tr("办理中"), self),
            "overdue": _Figure(self.tr("已超期"), self),
            "awaiting_evaluation": _Figure(self.tr("待评价"), self),
            "unreported": _Figure(self.tr("需求待上报"), self),
            "contacts": _Figure(self.tr("通讯录村民"), self),
        }
        self.rates = (_Figure(self.tr("本月办结率"), self), _Figure(self.tr("本月满意率"), self))
        for index, figure in enumerate([*self.figures.values(), *self.rates]):
            grid.addWidget(figure, index // 4, index % 4)
        layout.addLayout(grid)

        self.last_sync = QLabel(self)
        layout.addWidget(self.last_sync)

        lists = QHBoxLayout()
        week_box = QGroupBox(self.tr("本周实践活动"), self)
        self.week_list = QLabel(week_box)
        self.week_list.setWordWrap(True)
        QVBoxLayout(week_box).addWidget(self.week_list)
        star_box = QGroupBox(self.tr("快到下一星级的志愿者"), self)
        self.star_list = QLabel(star_box)
        self.star_list.setWordWrap(True)
        QVBoxLayout(star_box).addWidget(self.star_list)
        for box in (week_box, star_box):
            lists.addWidget(box, 1)
        layout.addLayout(lists)

        actions = QHBoxLayout()
        self.register_button = QPushButton(self.tr("登记需求"), self)
        self.find_button = QPushButton(self.tr("查找村民"), self)
        for button in (self.register_button, self.find_button):
            button.setMinimumHeight(48)
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addStretch(1)
        self.register_button.clicked.connect(self.register_demand_requested)
        self.find_button.clicked.connect(self.find_contact_requested)

    def title(self) -> str:
        return self.tr("工作台")

    def refresh(self) -> None:
        def load(session: Session, _ctx: OpContext) -> tuple[WorkbenchSummary, str]:
            return workbench_summary(session, today()), state.get_state(session, state.LAST_SUCCESS)

        DbOp(self, self.app, load).success(self._show).run_in_background()

    def _show(self, result: tuple[WorkbenchSummary, str]) -> None:
        summary, last_success = result
        station = summary.station_name or self.tr("（尚未设置站点）")
        self.heading.setText(self.tr("{0} · 今日工作台").format(station))
        for key, figure in self.figures.items():
            figure.value.setText(str(getattr(summary, key)))
        self.figures["overdue"].value.setStyleSheet("color: #b00020;" if summary.overdue else "")
        this_month, last_month = summary.month_rates
        for index, (figure, caption) in enumerate(
            zip(self.rates, (self.tr("本月办结率"), self.tr("本月满意率")), strict=True)
        ):
            figure.value.setText(format_value(this_month[index], "%"))
            figure.caption.setText(
                self.tr("{0}（上月 {1}）").format(caption, format_value(last_month[index], "%"))
            )
        self.last_sync.setText(
            self.tr("上次成功同步：{0}").format(last_sync_text(last_success))
            if last_success
            else self.tr("尚未与县中心同步过")
        )
        week = summary.week_activities
        lines = [f"{beijing_time(when)}　{title}" for title, when in week[:WEEK_LINES]]
        if len(week) > WEEK_LINES:
            # A busy week must not stretch the page (and the window) past the screen.
            lines.append(self.tr("……另有 {0} 场，见“实践活动”").format(len(week) - WEEK_LINES))
        self.week_list.setText("\n".join(lines) or self.tr("本周还没有登记实践活动。"))
        self.star_list.setText(
            "\n".join(
                self.tr("{0}：再服务 {1} 小时可达 {2} 星").format(name, f"{missing:g}", level)
                for name, level, missing in summary.near_star
            )
            or self.tr("暂时没有快到下一星级的志愿者。")
        )

    def on_changes(self, changes: Changes) -> None:
        # The figures count demands and villagers; the station's name and the last sync show;
        # the lists show activities and volunteers.
        shown = (
            changes.demands
            or changes.contacts
            or changes.station
            or changes.sync_state
            or changes.activities
            or changes.volunteers
        )
        if shown and self.isVisible():
            self.refresh()


def last_sync_text(iso: str) -> str:
    """When the last sync succeeded (stored as UTC text), in Beijing time."""
    return beijing_time(parse_utc(iso))
