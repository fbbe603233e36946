"""One volunteer's record: hours (in all, this year, each service and correction), the star the
hours qualify for beside the one certified and what the next needs, the points ledger, stars
and honours; and from here 加分, 扣分, 兑换礼遇, 星级认定 and 表彰."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.beijing import beijing_date, beijing_time
from desktop.models.errors import LiaisonError
from desktop.models.rules.masking import mask_phone
from desktop.models.volunteers import (
    HoursCertificate,
    RewardChoice,
    VolunteerDetail,
    hours_certificate,
    reward_choices,
    volunteer_detail,
)
from desktop.ui.activities.table_model import hours_text
from desktop.ui.app_context import AppContext
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, report_failure
from desktop.ui.common.taskman import OpContext
from desktop.ui.volunteers.action_dialogs import (
    ActionDialog,
    CommendationDialog,
    PointsDialog,
    RedeemDialog,
    StarAwardDialog,
)
from desktop.ui.volunteers.certificate import write_certificate_pdf


def stars_text(level: int) -> str:
    return "★" * level if level else "—"


def _table(parent: QWidget, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))


class VolunteerDialog(QDialog):
    loaded = Signal()
    certificate_written = Signal(str)  # the PDF's path

    def __init__(self, app: AppContext, volunteer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.volunteer_id = volunteer_id
        self.detail: VolunteerDetail | None = None
        self.rewards: list[RewardChoice] = []
        self.action: DialogSlot[ActionDialog] = DialogSlot()
        self.setWindowTitle(self.tr("志愿者"))
        self.resize(960, 620)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.figures = QLabel(self)
        self.figures.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.hours_table = _table(
            self, [self.tr("时间"), self.tr("活动"), self.tr("计入时长（小时）"), self.tr("说明")]
        )
        self.ledger_table = _table(
            self, [self.tr("时间"), self.tr("类型"), self.tr("分值"), self.tr("原因")]
        )
        self.awards_table = _table(
            self, [self.tr("认定日期"), self.tr("星级"), self.tr("认定单位"), self.tr("备注")]
        )
        self.honours_table = _table(
            self, [self.tr("日期"), self.tr("表彰名称"), self.tr("级别"), self.tr("颁发单位")]
        )
        self.earn_button = QPushButton(self.tr("加分…"), self)
        self.deduct_button = QPushButton(self.tr("扣分…"), self)
        self.redeem_button = QPushButton(self.tr("兑换礼遇…"), self)
        self.award_button = QPushButton(self.tr("星级认定…"), self)
        self.commend_button = QPushButton(self.tr("登记表彰…"), self)
        self.certificate_button = QPushButton(self.tr("时长证明（PDF）…"), self)
        self.certificate_button.setToolTip(self.tr("保存一页 A4 的志愿服务时长证明，打印后签字盖章"))
        for button in (
            self.earn_button,
            self.deduct_button,
            self.redeem_button,
            self.award_button,
            self.commend_button,
            self.certificate_button,
        ):
            button.setAutoDefault(False)
        self.tabs.addTab(
            self._with_buttons(self.hours_table, [self.certificate_button]), self.tr("服务记录")
        )
        self.tabs.addTab(
            self._with_buttons(self.ledger_table, [self.earn_button, self.deduct_button, self.redeem_button]),
            self.tr("积分"),
        )
        honours = QWidget(self)
        honours_layout = QVBoxLayout(honours)
        honours_layout.setContentsMargins(0, 0, 0, 0)
        honours_layout.addWidget(QLabel(self.tr("星级认定"), honours))
        honours_layout.addWidget(self.awards_table, 1)
        honours_layout.addWidget(QLabel(self.tr("表彰"), honours))
        honours_layout.addWidget(self.honours_table, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.award_button)
        buttons_row.addWidget(self.commend_button)
        buttons_row.addStretch(1)
        honours_layout.addLayout(buttons_row)
        self.tabs.addTab(honours, self.tr("星级与表彰"))

        self.buttons = QDialogButtonBox(self)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.figures)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.earn_button.clicked.connect(lambda: self._points(deduct=False))
        self.deduct_button.clicked.connect(lambda: self._points(deduct=True))
        self.redeem_button.clicked.connect(self._redeem)
        self.award_button.clicked.connect(self._award)
        self.commend_button.clicked.connect(self._commend)
        self.certificate_button.clicked.connect(self.save_certificate)
        self._set_buttons(False)
        self.reload()

    def _with_buttons(self, table: QTableWidget, buttons: list[QPushButton]) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(table, 1)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _set_buttons(self, enabled: bool) -> None:
        for button in (
            self.earn_button,
            self.deduct_button,
            self.redeem_button,
            self.award_button,
            self.commend_button,
        ):
            button.setEnabled(enabled)

    # ---- showing ---------------------------------------------------------------------------

    def reload(self) -> None:
        volunteer_id, today = self.volunteer_id, beijing.today()

        def load(session: Session, _ctx: OpContext) -> tuple[VolunteerDetail, list[RewardChoice]]:
            return volunteer_detail(session, volunteer_id, today), reward_choices(session)

        def failed(error: BaseException) -> None:
            report_failure(self.parentWidget() or self, self.app, error)
            super(VolunteerDialog, self).reject()

        DbOp(self, self.app, load).success(self.show_detail).failure(failed).run_in_background()

    def show_detail(self, loaded: tuple[VolunteerDetail, list[RewardChoice]]) -> None:
        detail, self.rewards = loaded
        self.detail = detail
        self.setWindowTitle(self.tr("志愿者：{0}").format(detail.name))
        phone = mask_phone(detail.phone) if detail.phone else "—"
        self.heading.setText(
            self.tr("<b>{0}</b>　电话 {1}　队伍 {2}　特长 {3}").format(
                detail.name, phone, detail.team_name or "—", detail.skills or "—"
            )
        )
        progress = detail.progress
        next_text = (
            self.tr("已达五星")
            if progress.to_next is None
            else self.tr("距下一星还差 {0} 小时").format(f"{progress.to_next:g}")
        )
        self.figures.setText(
            self.tr(
                "累计服务 {0} 小时（今年 {1} 小时）　可认定 {2}　已认定 {3}　{4}　积分 {5} 分"
                "\n星级标准：{6}"
            ).format(
                hours_text(detail.total_minutes),
                hours_text(detail.year_minutes),
                stars_text(progress.eligible),
                stars_text(progress.awarded),
                next_text,
                detail.points,
                detail.scheme_name,
            )
        )
        _fill(
            self.hours_table,
            [
                (
                    beijing_time(line.start_at),
                    line.activity_title,
                    hours_text(line.credited_minutes),
                    self.tr("更正：{0}").format(line.reason) if line.correction else "",
                )
                for line in detail.hours
            ],
        )
        _fill(
            self.ledger_table,
            [
                (beijing_date(line.occurred_at), self._kind_text(line.kind),
                 f"{line.amount:+d}", line.reason)
                for line in detail.ledger
            ],
        )  # fmt: skip
        _fill(
            self.awards_table,
            [(a.awarded_on.isoformat(), stars_text(a.level), a.certified_by, a.note) for a in detail.awards],
        )
        _fill(
            self.honours_table,
            [(h.awarded_on.isoformat(), h.title, h.level, h.issuing_body) for h in detail.honours],
        )
        self._set_buttons(True)
        self.award_button.setEnabled(progress.eligible > progress.awarded)
        self.award_button.setToolTip(
            "" if progress.eligible > progress.awarded else self.tr("服务时长还不够认定更高的星级")
        )
        self.redeem_button.setEnabled(detail.points > 0 and bool(self.rewards))
        self.loaded.emit()

    def _kind_text(self, kind: str) -> str:
        texts = {"EARN": self.tr("获得"), "REDEEM": self.tr("兑换"), "ADJUST": self.tr("调整")}
        return texts.get(kind, kind)

    # ---- actions ---------------------------------------------------------------------------

    def _open(self, make: Callable[[], ActionDialog]) -> None:
        def built() -> ActionDialog:
            dialog = make()
            dialog.done_ok.connect(self.reload)
            return dialog

        self.action.open(built)

    def _points(self, *, deduct: bool) -> None:
        detail = self.detail
        if detail is not None:
            self._open(lambda: PointsDialog(self.app, detail.id, detail.name, deduct, self))

    def _redeem(self) -> None:
        detail = self.detail
        if detail is not None:
            self._open(
                lambda: RedeemDialog(self.app, detail.id, detail.name, detail.points, self.rewards, self)
            )

    def _award(self) -> None:
        detail = self.detail
        if detail is not None:
            self._open(
                lambda: StarAwardDialog(self.app, detail.id, detail.name, detail.progress.eligible, self)
            )

    def _commend(self) -> None:
        detail = self.detail
        if detail is not None:
            self._open(lambda: CommendationDialog(self.app, detail.name, self, volunteer_id=detail.id))

    def save_certificate(self) -> None:
        """Ask where, then write the certificate (the file dialog blocks, as the OS's does)."""
        detail = self.detail
        if detail is None:
            return
        suggested = Path.home() / self.tr("志愿服务时长证明-{0}.pdf").format(detail.name)
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存志愿服务时长证明"), str(suggested), self.tr("PDF 文件 (*.pdf)")
        )
        if name:
            self.write_certificate(Path(name))

    def write_certificate(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        volunteer_id, today = self.volunteer_id, beijing.today()

        def load(session: Session, _ctx: OpContext) -> HoursCertificate:
            return hours_certificate(session, volunteer_id, today)

        def loaded(cert: HoursCertificate) -> None:
            try:
                write_certificate_pdf(cert, path)
            except LiaisonError as error:
                report_failure(self, self.app, error)
                return
            self.certificate_written.emit(str(path))

        DbOp(self, self.app, load).success(loaded).run_in_background()
