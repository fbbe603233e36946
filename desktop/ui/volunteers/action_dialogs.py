"""The small forms of 志愿者与队伍: give or deduct points, 兑换礼遇, 星级认定, 表彰, a new 小队 and a
squad's 队长. Each is a few fields and 保存/取消; the domain action's errors appear at their
fields (a refused action changes nothing), Enter saves and Esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.models import beijing
from desktop.models.changes import Changed
from desktop.models.errors import ValidationError
from desktop.models.rules.stars import STAR_COUNT
from desktop.models.volunteers import (
    COMMENDATION_LEVELS,
    REASON_MAX,
    CommendationInput,
    RewardChoice,
    award_star,
    change_points,
    commend,
    create_squad,
    redeem,
    set_team_leader,
)
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.fields import DateField, FieldErrors, error_label, field_row
from desktop.ui.common.operations import WriteOp, report_failure
from desktop.ui.common.taskman import OpContext

Work = Callable[[Session], Changed[Any]]


class ActionDialog(QDialog):
    """A titled form of ``rows`` whose 保存 runs ``work()`` (built from the fields) as one
    write; ``done_ok`` is emitted once it has been saved."""

    done_ok = Signal()

    def __init__(self, app: AppContext, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.app = app
        self._saving = False
        self.setWindowTitle(title)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error, self)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add_rows(self, rows: list[tuple[str, str, QWidget]]) -> None:
        for label, key, widget in rows:
            error = error_label(self)
            self.form.addRow(label, field_row(self, widget, error=error))
            self.errors.add(key, widget, error)
        dialogs.tab_order(self, [widget for _label, _key, widget in rows], self.buttons)
        if rows:
            rows[0][2].setFocus()

    def work(self) -> Work:
        raise NotImplementedError

    def accept(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        work = self.work()

        def run(session: Session, _ctx: OpContext) -> Changed[Any]:
            try:
                return work(session)
            except ValidationError as error:
                # Raised before anything was written: shown at its field.
                return Changed([error])

        WriteOp(self, self.app, run).success(self._done).failure(self._failed).run_in_background()

    def _done(self, result: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(result, list) and all(isinstance(e, ValidationError) for e in result):
            first = self.errors.show(result)
            if first is not None:
                first.setFocus()
            return
        self.done_ok.emit()
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        report_failure(self, self.app, error)


class PointsDialog(ActionDialog):
    """加分 or 扣分 by hand, with the reason (recorded in the ledger for everyone to see)."""

    def __init__(
        self, app: AppContext, volunteer_id: str, name: str, deduct: bool, parent: QWidget | None
    ) -> None:
        title = self.tr("扣减积分") if deduct else self.tr("增加积分")
        super().__init__(app, title, self.tr("志愿者：{0}").format(name), parent)
        self.volunteer_id, self.deduct = volunteer_id, deduct
        self.amount_spin = QSpinBox(self)
        self.amount_spin.setRange(1, 100_000)
        self.amount_spin.setSuffix(self.tr(" 分"))
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(REASON_MAX)
        self.reason_edit.setPlaceholderText(
            self.tr("如：违反志愿服务约定") if deduct else self.tr("如：帮助组织重阳节活动")
        )
        self.add_rows(
            [(self.tr("分值"), "amount", self.amount_spin), (self.tr("原因"), "reason", self.reason_edit)]
        )

    def work(self) -> Work:
        volunteer_id, reason = self.volunteer_id, self.reason_edit.text()
        amount = -self.amount_spin.value() if self.deduct else self.amount_spin.value()
        return lambda session: change_points(session, volunteer_id, amount, reason)


class RedeemDialog(ActionDialog):
    """兑换礼遇: one of the county's 礼遇, for its cost."""

    def __init__(
        self,
        app: AppContext,
        volunteer_id: str,
        name: str,
        balance: int,
        rewards: list[RewardChoice],
        parent: QWidget | None,
    ) -> None:
        super().__init__(
            app,
            self.tr("兑换礼遇"),
            self.tr("志愿者：{0}，积分余额 {1} 分").format(name, balance),
            parent,
        )
        self.volunteer_id = volunteer_id
        self.reward_combo = QComboBox(self)
        self.reward_combo.addItem(self.tr("请选择礼遇"), "")
        for reward in rewards:
            self.reward_combo.addItem(
                self.tr("{0}（{1} 分）").format(reward.name, reward.cost), reward.code
            )
        # A short balance (field ``amount``) shows above the form.
        self.add_rows([(self.tr("礼遇"), "reward", self.reward_combo)])

    def work(self) -> Work:
        volunteer_id, code = self.volunteer_id, self.reward_combo.currentData() or ""
        return lambda session: redeem(session, volunteer_id, code)


class StarAwardDialog(ActionDialog):
    """星级认定: the level certified, the date and who certified it."""

    def __init__(
        self, app: AppContext, volunteer_id: str, name: str, eligible: int, parent: QWidget | None
    ) -> None:
        super().__init__(
            app,
            self.tr("星级认定"),
            self.tr("志愿者：{0}。按服务时长可认定到 {1} 星；认定后记录在案。").format(
                name, eligible
            ),
            parent,
        )
        self.volunteer_id = volunteer_id
        self.level_combo = QComboBox(self)
        for level in range(1, STAR_COUNT + 1):
            self.level_combo.addItem("★" * level, level)
        self.level_combo.setCurrentIndex(max(0, eligible - 1))
        self.date_edit = DateField(self.tr("今天"), self)
        self.date_edit.set_day(beijing.today())
        self.by_edit = QLineEdit(self)
        self.by_edit.setMaxLength(100)
        self.by_edit.setPlaceholderText(self.tr("如：合隆镇新时代文明实践所"))
        self.note_edit = QLineEdit(self)
        self.add_rows(
            [
                (self.tr("星级"), "level", self.level_combo),
                (self.tr("认定日期"), "awarded_on", self.date_edit),
                (self.tr("认定单位"), "certified_by", self.by_edit),
                (self.tr("备注"), "note", self.note_edit),
            ]
        )

    def work(self) -> Work:
        volunteer_id, level = self.volunteer_id, int(self.level_combo.currentData())
        day, by, note = self.date_edit.day() or beijing.today(), self.by_edit.text(), self.note_edit.text()
        today = beijing.today()
        return lambda session: award_star(session, volunteer_id, level, day, by, note, today=today)


class CommendationDialog(ActionDialog):
    """表彰: title, date, level and issuing body, for a volunteer or a team."""

    def __init__(
        self,
        app: AppContext,
        name: str,
        parent: QWidget | None,
        *,
        volunteer_id: str | None = None,
        team_id: str | None = None,
    ) -> None:
        super().__init__(app, self.tr("登记表彰"), self.tr("表彰对象：{0}").format(name), parent)
        self.volunteer_id, self.team_id = volunteer_id, team_id
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(self.tr("如：优秀志愿者、最美志愿服务队伍"))
        self.date_edit = DateField(self.tr("今天"), self)
        self.date_edit.set_day(beijing.today())
        self.level_combo = QComboBox(self)
        self.level_combo.addItem(self.tr("请选择"), "")
        for level in COMMENDATION_LEVELS:
            self.level_combo.addItem(level, level)
        self.body_edit = QLineEdit(self)
        self.body_edit.setMaxLength(100)
        self.body_edit.setPlaceholderText(self.tr("如：农安县文明办"))
        self.add_rows(
            [
                (self.tr("表彰名称"), "title", self.title_edit),
                (self.tr("表彰日期"), "awarded_on", self.date_edit),
                (self.tr("表彰级别"), "level", self.level_combo),
                (self.tr("颁发单位"), "issuing_body", self.body_edit),
            ]
        )

    def work(self) -> Work:
        data = CommendationInput(
            title=self.title_edit.text(),
            awarded_on=self.date_edit.day() or beijing.today(),
            level=self.level_combo.currentData() or "",
            issuing_body=self.body_edit.text(),
            volunteer_id=self.volunteer_id,
            team_id=self.team_id,
        )
        return lambda session: commend(session, data)


class SquadDialog(ActionDialog):
    """新建小队: the village's own squad, under a team of the tree."""

    def __init__(
        self, app: AppContext, parents: list[tuple[str, str]], parent: QWidget | None
    ) -> None:
        super().__init__(app, self.tr("新建小队"), "", parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("如：红旗村文艺志愿服务小队"))
        self.parent_combo = QComboBox(self)
        self.parent_combo.addItem(self.tr("（不属于上级队伍）"), None)
        for team_id, name in parents:
            self.parent_combo.addItem(name, team_id)
        self.add_rows(
            [
                (self.tr("队伍名称"), "name", self.name_edit),
                (self.tr("上级队伍"), "parent_id", self.parent_combo),
            ]
        )

    def work(self) -> Work:
        name, parent_id = self.name_edit.text(), self.parent_combo.currentData()
        return lambda session: create_squad(session, name, parent_id)


class LeaderDialog(ActionDialog):
    """队长 of a squad: one of its members, or nobody."""

    def __init__(
        self,
        app: AppContext,
        team_id: str,
        team_name: str,
        members: list[tuple[str, str]],
        parent: QWidget | None,
    ) -> None:
        super().__init__(app, self.tr("设置队长"), self.tr("队伍：{0}").format(team_name), parent)
        self.team_id = team_id
        self.leader_combo = QComboBox(self)
        self.leader_combo.addItem(self.tr("（不设队长）"), None)
        for volunteer_id, name in members:
            self.leader_combo.addItem(name, volunteer_id)
        self.add_rows([(self.tr("队长"), "leader_volunteer_id", self.leader_combo)])

    def work(self) -> Work:
        team_id, leader = self.team_id, self.leader_combo.currentData()
        return lambda session: set_team_leader(session, team_id, leader)

