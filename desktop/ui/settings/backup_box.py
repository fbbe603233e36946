"""设置 → 备份与恢复."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMetaMethod,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop import paths
from desktop.models.backup import backup_to_file, check_restorable, list_backups
from desktop.models.errors import LiaisonError
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp
from desktop.ui.common.taskman import OpContext
from desktop.ui.settings.first_run_dialog import ERROR_STYLE, HINT_STYLE
from desktop.ui.settings.parts import OK_STYLE, show
from desktop.ui.sync.controller import SyncController

CONTEXT = "BackupBox"
# File name prefixes of backup_database() and restore_database(), and what they mean.
BACKUP_KINDS = {
    "auto": QT_TRANSLATE_NOOP("BackupBox", "自动备份"),
    "manual": QT_TRANSLATE_NOOP("BackupBox", "手动备份"),
    "pre-migrate": QT_TRANSLATE_NOOP("BackupBox", "升级前的备份"),
    "pre-restore": QT_TRANSLATE_NOOP("BackupBox", "恢复前的数据库"),
    "damaged": QT_TRANSLATE_NOOP("BackupBox", "移开的损坏数据库"),
}


def backup_label(path: Path) -> str:
    """``自动备份 · 2026-11-29 08:00 · 1.2 MB`` for the list of backups."""
    kind = next(
        (label for prefix, label in BACKUP_KINDS.items() if path.name.startswith(prefix + "-")),
        QT_TRANSLATE_NOOP("BackupBox", "备份"),
    )
    kind = QCoreApplication.translate(CONTEXT, str(kind))
    try:
        info = path.stat()
    except OSError:
        return f"{kind} · {path.name}"
    when = dt.datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M")
    return f"{kind} · {when} · {info.st_size / 1_048_576:.1f} MB"


class BackupBox(QGroupBox):
    """备份与恢复: back up now, the backups kept, restore one."""

    # The officer confirmed restoring this backup (a Path): the program's start-up code closes
    # the database, restores and opens it again.
    restore_requested = Signal(object)

    def __init__(
        self, app: AppContext, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.sync = sync
        self.prompt: DialogSlot[QMessageBox] = DialogSlot()
        self.setTitle(self.tr("备份与恢复"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份…"), self)
        self.restore_file_button = QPushButton(self.tr("从备份文件恢复…"), self)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_file_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.backup_status = QLabel(self)
        self.backup_status.hide()
        self.backup_status.setWordWrap(True)
        self.backup_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.backup_status)
        about = QLabel(
            self.tr(
                "程序每天自动备份一次，保留最近 14 份，存放在：{0}。"
                "建议再定期用“立即备份”复制一份到 U 盘。"
            ).format(paths.backup_dir(self.app.data_dir)),
            self,
        )
        about.setWordWrap(True)
        about.setStyleSheet(HINT_STYLE)
        about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(about)
        self.backup_list = QListWidget(self)
        self.backup_list.setMaximumHeight(150)
        layout.addWidget(self.backup_list)
        self.restore_selected_button = QPushButton(self.tr("从选中的备份恢复…"), self)
        self.restore_selected_button.setEnabled(False)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_selected_button)
        restore_row.addStretch(1)
        layout.addLayout(restore_row)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_file_button.clicked.connect(self._choose_restore_file)
        self.restore_selected_button.clicked.connect(self._restore_selected)
        self.backup_list.currentRowChanged.connect(
            lambda _row: self.restore_selected_button.setEnabled(
                self._selected_backup() is not None
            )
        )

    def show_backups(self) -> None:
        self.backup_list.clear()
        backups = list_backups(paths.backup_dir(self.app.data_dir))
        for path in backups:
            item = QListWidgetItem(backup_label(path), self.backup_list)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
        if not backups:
            empty = QListWidgetItem(self.tr("（还没有备份）"), self.backup_list)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        self.restore_selected_button.setEnabled(False)

    def backup_now(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = self.tr("联络员工作台备份-{0}.db").format(dt.datetime.now().strftime("%Y%m%d-%H%M"))
        out, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("备份到"),
            str(Path(folder) / name),
            self.tr("数据库备份 (*.db)"),
        )
        if out:
            self.backup_to(Path(out))

    def backup_to(self, out: Path) -> None:
        db_path = self.app.db.path

        # On the database worker: the copy then never races with a save from this window.
        def copy(_session: Session, ctx: OpContext) -> Path:
            return backup_to_file(
                db_path, out, progress=lambda done, total: ctx.report(done, total)
            )

        self.backup_button.setEnabled(False)
        self.backup_status.setStyleSheet("")
        show(self.backup_status, self.tr("正在备份…"))
        DbOp(self, self.app, copy).with_progress(self.tr("正在备份…"), cancellable=False).success(
            self._backed_up
        ).failure(self._backup_failed).run_in_background()

    def _backed_up(self, out: Path) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setStyleSheet(OK_STYLE)
        show(self.backup_status, self.tr("已备份到 {0}（已通过完整性检查）").format(out))
        self.show_backups()

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(error, LiaisonError):
            self.backup_status.setStyleSheet(ERROR_STYLE)
            show(self.backup_status, error.message)
        else:
            show(self.backup_status, None)
            self.app.report_bug(error)

    def _choose_restore_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要恢复的备份文件"),
            str(paths.backup_dir(self.app.data_dir)),
            self.tr("数据库备份 (*.db);;所有文件 (*)"),
        )
        if chosen:
            self.restore_from(Path(chosen))

    def _selected_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(str(value)) if value else None

    def _restore_selected(self) -> None:
        chosen = self._selected_backup()
        if chosen is not None:
            self.restore_from(chosen)

    def restore_command(self, candidate: Path) -> str:
        return f'liaison restore "{candidate}" --data-dir "{self.app.data_dir}"'

    def restore_from(self, candidate: Path) -> None:
        """Check the file, confirm, then hand over to the start-up code, which closes the
        database, restores and opens it again (restoring under an open database is unsafe)."""
        if self.sync.running:
            dialogs.notify(
                self,
                self.app.title,
                self.tr("正在与县中心同步，请等同步结束后再恢复。"),
                icon=QMessageBox.Icon.Information,
            )
            return

        def check(_session: Session, _ctx: OpContext) -> Path:
            check_restorable(candidate)
            return candidate

        DbOp(self, self.app, check).with_progress(
            self.tr("正在检查备份文件…"), cancellable=False
        ).success(self._confirm_restore).run_in_background()

    def _confirm_restore(self, candidate: Path) -> None:
        command = self.restore_command(candidate)
        text = self.tr("用备份“{0}”替换现在的数据吗？").format(candidate.name)
        if not self.isSignalConnected(QMetaMethod.fromSignal(self.restore_requested)):
            # Nobody can restart the program from here (the self-test window): the command.
            dialogs.notify(
                self,
                self.app.title,
                text,
                informative=self.tr("请关闭程序，然后在命令行运行：\n{0}").format(command),
            )
            return

        def make() -> QMessageBox:
            box = dialogs.question(
                self,
                self.app.title,
                text,
                [
                    ("restore", self.tr("恢复"), QMessageBox.ButtonRole.DestructiveRole),
                    ("cancel", self.tr("取消"), QMessageBox.ButtonRole.RejectRole),
                ],
                informative=self.tr(
                    "程序会关闭数据库、恢复这个备份，然后重新打开。备份之后在本机新做的修改会被替换；"
                    "恢复前的数据库会先另存一份到备份文件夹，需要时可以找回。"
                ),
                default="cancel",
                escape="cancel",
                icon=QMessageBox.Icon.Warning,
            )
            box.setDetailedText(self.tr("也可以关闭程序后在命令行运行：\n{0}").format(command))
            return box

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) == "restore" and not self.sync.running:
                self.restore_requested.emit(candidate)

        self.prompt.open(make, answered)
