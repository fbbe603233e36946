"""设置: the station's details, the connection to the county server and this PC's enrolment,
backups and restore, and where the data and the log file are."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMetaMethod,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop import paths
from desktop.models.backup import backup_to_file, check_restorable, list_backups
from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.station_setup import StationDetails, load_station, save_station
from desktop.sync.credentials import CredentialStore, SyncSettings
from desktop.sync.setup import enrol_device
from desktop.sync.transport import Cancelled, Offline, SyncError
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import DbOp, NetOp, WriteOp
from desktop.ui.common.page import Page
from desktop.ui.common.preferences import PUBLIC_PLACE_MODE
from desktop.ui.common.taskman import OpContext
from desktop.ui.settings.first_run_dialog import ERROR_STYLE, HINT_STYLE, StationForm
from desktop.ui.sync.controller import SyncController

OK_STYLE = "color: #1b5e20;"
CONTEXT = "SettingsPage"
# File name prefixes of backup_database() and restore_database(), and what they mean.
# The preferences' labels (desktop.ui.common.preferences) reach self.tr() as variables; for lupdate.
_PREFERENCES_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP(
        "SettingsPage",
        "公共场所模式：列表中的姓名只显示姓（如 张**），屏幕可能被群众看到时使用",
    ),
)
BACKUP_KINDS = {
    "auto": QT_TRANSLATE_NOOP("SettingsPage", "自动备份"),
    "manual": QT_TRANSLATE_NOOP("SettingsPage", "手动备份"),
    "pre-migrate": QT_TRANSLATE_NOOP("SettingsPage", "升级前的备份"),
    "pre-restore": QT_TRANSLATE_NOOP("SettingsPage", "恢复前的数据库"),
    "damaged": QT_TRANSLATE_NOOP("SettingsPage", "移开的损坏数据库"),
}


def server_url_problem(url: str) -> str | None:
    if not url:
        return QCoreApplication.translate(
            "SettingsPage", "请填写县中心服务器地址，如 https://wmsj.example.gov.cn"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return QCoreApplication.translate(
            "SettingsPage", "服务器地址应以 https:// 开头，如 https://wmsj.example.gov.cn"
        )
    return None


def proxy_problem(proxy: str) -> str | None:
    if not proxy:
        return None
    parts = urlsplit(proxy)
    if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
        return QCoreApplication.translate(
            "SettingsPage", "代理地址应类似 http://10.0.0.1:8080（不用代理请留空）"
        )
    return None


def ca_file_problem(ca_file: str) -> str | None:
    if ca_file and not Path(ca_file).is_file():
        return QCoreApplication.translate("SettingsPage", "找不到这个证书文件，请重新选择")
    return None


def backup_label(path: Path) -> str:
    """``自动备份 · 2026-11-29 08:00 · 1.2 MB`` for the list of backups."""
    kind = next(
        (label for prefix, label in BACKUP_KINDS.items() if path.name.startswith(prefix + "-")),
        QT_TRANSLATE_NOOP("SettingsPage", "备份"),
    )
    kind = QCoreApplication.translate(CONTEXT, str(kind))
    try:
        info = path.stat()
    except OSError:
        return f"{kind} · {path.name}"
    when = dt.datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M")
    return f"{kind} · {when} · {info.st_size / 1_048_576:.1f} MB"


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def _with_error(editor: QWidget, error: QLabel, *extra: QWidget) -> QVBoxLayout:
    cell = QVBoxLayout()
    cell.setSpacing(2)
    row = QHBoxLayout()
    row.addWidget(editor, 1)
    for widget in extra:
        row.addWidget(widget)
    cell.addLayout(row)
    cell.addWidget(error)
    return cell


class SettingsPage(Page):
    # The officer confirmed restoring this backup (a Path): the program's start-up code closes
    # the database, restores and opens it again.
    restore_requested = Signal(object)

    def __init__(
        self, app: AppContext, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(app, parent)
        self.sync = sync
        self.prompt: DialogSlot[QMessageBox] = DialogSlot()
        self._station: StationDetails | None = None
        self._station_edited = False

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        content.setMaximumWidth(1000)
        layout = QVBoxLayout(content)
        heading = QLabel(self.tr("设置"), content)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(self._build_station_box(content))
        layout.addWidget(self._build_display_box(content))
        layout.addWidget(self._build_sync_box(content))
        layout.addWidget(self._build_backup_box(content))
        layout.addWidget(self._build_folders_box(content))
        layout.addStretch(1)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        sync.status_changed.connect(lambda _status: self._show_enrolment())

    def title(self) -> str:
        return self.tr("设置")

    # --- 本站信息 ------------------------------------------------------------------------

    def _build_station_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("本站信息"), parent)
        layout = QVBoxLayout(box)
        self.station_form = StationForm(box)
        layout.addWidget(self.station_form)
        row = QHBoxLayout()
        self.station_save = QPushButton(self.tr("保存本站信息"), box)
        self.station_status = QLabel(box)
        row.addWidget(self.station_save)
        row.addWidget(self.station_status, 1)
        layout.addLayout(row)
        self.station_save.clicked.connect(self.save_station)
        for key in StationForm.FIELDS:
            editor: QLineEdit = getattr(self.station_form, key)
            editor.textEdited.connect(self._station_changed)
            editor.returnPressed.connect(self.save_station)
        return box

    def _station_changed(self) -> None:
        self._station_edited = True
        self.station_status.clear()

    def save_station(self) -> None:
        if not self.station_form.validate():
            self.station_status.clear()
            return
        data = self.station_form.values()

        def write(session: Session, _ctx: OpContext) -> Changed[StationDetails]:
            return save_station(session, data)

        self.station_save.setEnabled(False)
        WriteOp(self, self.app, write).success(self._station_saved).failure(
            self._station_failed
        ).run_in_background()

    def _station_saved(self, station: StationDetails) -> None:
        self.station_save.setEnabled(True)
        self._station, self._station_edited = station, False
        self.station_form.set_station(station)
        self.station_status.setStyleSheet(OK_STYLE)
        self.station_status.setText(self.tr("已保存，下次同步时报送县中心。"))

    def _station_failed(self, error: BaseException) -> None:
        self.station_save.setEnabled(True)
        if isinstance(error, ValidationError):
            self.station_form.show_errors([error])
        elif isinstance(error, LiaisonError):
            self.station_status.setStyleSheet(ERROR_STYLE)
            self.station_status.setText(error.message)
        else:
            self.app.report_bug(error)

    # --- 显示 ------------------------------------------------------------------------------

    def _build_display_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("显示"), parent)
        layout = QVBoxLayout(box)
        self.public_place_box = QCheckBox(self.tr(PUBLIC_PLACE_MODE.label), box)
        self.public_place_box.setChecked(self.app.preferences.flag(PUBLIC_PLACE_MODE))
        self.public_place_box.toggled.connect(
            lambda on: self.app.preferences.set_flag(PUBLIC_PLACE_MODE, on)
        )
        note = QLabel(
            self.tr(
                "电话和身份证号码在列表中总是只显示部分数字；回执等交给群众的纸张上，姓名也只显示姓。"
            ),
            box,
        )
        note.setStyleSheet(HINT_STYLE)
        note.setWordWrap(True)
        layout.addWidget(self.public_place_box)
        layout.addWidget(note)
        return box

    # --- 与县中心同步 ----------------------------------------------------------------------

    def _build_sync_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("与县中心同步"), parent)
        layout = QVBoxLayout(box)
        # The enrolment state stands above the form, full width: a wrapped label inside a form
        # row does not get the height it needs once the text changes.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.server_url = QLineEdit(box)
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText(
            self.tr("县中心提供的地址，如 https://wmsj.example.gov.cn")
        )
        self.server_url_error = _error_label(box, "server_url_error")
        self.ca_file = QLineEdit(box)
        self.ca_file.setObjectName("ca_file")
        self.ca_file.setPlaceholderText(self.tr("县中心使用自建证书时才需要"))
        self.ca_browse = QPushButton(self.tr("选择…"), box)
        self.ca_browse.clicked.connect(self._choose_ca_file)
        self.ca_file_error = _error_label(box, "ca_file_error")
        self.proxy = QLineEdit(box)
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText(
            self.tr("一般不用填；单位网络要求时填写，如 http://10.0.0.1:8080")
        )
        self.proxy_error = _error_label(box, "proxy_error")
        self.connection_save = QPushButton(self.tr("保存连接设置"), box)
        self.connection_status = QLabel(box)
        self.connection_save.clicked.connect(self.save_connection)

        self.enrolment_status = QLabel(box)
        self.enrolment_status.setObjectName("enrolment_status")
        self.enrolment_status.setWordWrap(True)
        self.enrolment_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLineEdit(box)
        self.code.setObjectName("code")
        self.code.setPlaceholderText(self.tr("县中心给的一次性注册码，如 ABCD-EFGH-JKLM"))
        self.enrol_button = QPushButton(self.tr("注册"), box)
        self.enrol_button.setObjectName("enrol_button")
        self.code_error = _error_label(box, "code_error")
        self.enrol_button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)

        form.addRow(self.tr("服务器地址"), _with_error(self.server_url, self.server_url_error))
        form.addRow(
            self.tr("CA 证书文件"), _with_error(self.ca_file, self.ca_file_error, self.ca_browse)
        )
        form.addRow(self.tr("代理服务器"), _with_error(self.proxy, self.proxy_error))
        save_row = QHBoxLayout()
        save_row.addWidget(self.connection_save)
        save_row.addWidget(self.connection_status, 1)
        form.addRow("", save_row)
        form.addRow(self.tr("注册码"), _with_error(self.code, self.code_error, self.enrol_button))
        layout.addWidget(self.enrolment_status)
        layout.addLayout(form)
        return box

    def _store(self) -> CredentialStore:
        return self.app.credentials

    def _choose_ca_file(self) -> None:
        start = self.ca_file.text() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择县中心的 CA 证书文件"),
            start,
            self.tr("证书文件 (*.pem *.crt *.cer);;所有文件 (*)"),
        )
        if chosen:
            self.ca_file.setText(chosen)
            _show(self.ca_file_error, ca_file_problem(chosen))

    def _connection_values(self) -> tuple[str, str, str] | None:
        """Server URL, CA file and proxy, or None after showing what is wrong."""
        url = self.server_url.text().strip()
        ca_file = self.ca_file.text().strip()
        proxy = self.proxy.text().strip()
        problems = (server_url_problem(url), ca_file_problem(ca_file), proxy_problem(proxy))
        for label, problem in zip(
            (self.server_url_error, self.ca_file_error, self.proxy_error), problems, strict=True
        ):
            _show(label, problem)
        for editor, problem in zip(
            (self.server_url, self.ca_file, self.proxy), problems, strict=True
        ):
            if problem:
                editor.setFocus()
                return None
        return url.rstrip("/"), ca_file, proxy

    def save_connection(self) -> None:
        values = self._connection_values()
        if values is None:
            return
        store = self._store()
        url, ca_file, proxy = values
        settings = replace(store.load_settings(), server_url=url, ca_file=ca_file, proxy=proxy)
        try:
            store.save_settings(settings)
        except OSError as error:
            self.connection_status.setStyleSheet(ERROR_STYLE)
            self.connection_status.setText(self.tr("没有保存：{0}").format(error.strerror))
            return
        self.connection_status.setStyleSheet(OK_STYLE)
        self.connection_status.setText(self.tr("已保存"))
        self.sync.refresh_status()

    def enrol(self) -> None:
        if not self.enrol_button.isEnabled():
            return
        values = self._connection_values()
        code = self.code.text().strip()
        _show(self.code_error, None if code else self.tr("请填写县中心提供的注册码"))
        if values is None:
            return
        if not code:
            self.code.setFocus()
            return
        current = self._store().load_settings()
        if not current.enrolled or self.sync.needs_enrolment:
            self._enrol(values, code)
            return

        def make() -> QMessageBox:
            return dialogs.question(
                self,
                self.app.title,
                self.tr(
                    "本机已经注册为“{0}”的设备。用新的注册码重新注册后，本机将作为一台新设备"
                    "与县中心同步，原来的注册作废。继续吗？"
                ).format(current.village_name),
                [
                    ("enrol", self.tr("重新注册"), QMessageBox.ButtonRole.AcceptRole),
                    ("cancel", self.tr("取消"), QMessageBox.ButtonRole.RejectRole),
                ],
                default="cancel",
                escape="cancel",
            )

        def answered(box: QMessageBox) -> None:
            if dialogs.answer_of(box) == "enrol":
                self._enrol(values, code)

        self.prompt.open(make, answered)

    def _enrol(self, values: tuple[str, str, str], code: str) -> None:
        url, ca_file, proxy = values
        data_dir = self.app.data_dir

        def run(_ctx: OpContext) -> SyncSettings:
            return enrol_device(data_dir, url, code, ca_file=ca_file, proxy=proxy)

        self.enrol_button.setEnabled(False)
        NetOp(self, self.app, run).with_progress(
            self.tr("正在向县中心注册…"), cancellable=False
        ).success(self._enrolled).failure(self._enrol_failed).run_in_background()

    def _enrolled(self, settings: SyncSettings) -> None:
        self.enrol_button.setEnabled(True)
        self.code.clear()
        _show(self.code_error, None)
        self.connection_status.clear()
        self.app.credentials.remember(settings)
        self.sync.enrolment_changed()
        self.app.signals.sync_state_changed.emit()
        self._show_enrolment(settings)

    def _enrol_failed(self, error: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        if isinstance(error, Cancelled):
            return
        if isinstance(error, Offline):
            _show(self.server_url_error, error.message)
            self.server_url.setFocus()
        elif isinstance(error, SyncError):
            # The county's own words: the code is wrong, used or expired, or this program is old.
            _show(self.code_error, error.message)
            self.code.setFocus()
            self.code.selectAll()
        elif isinstance(error, LiaisonError | OSError):
            message = error.message if isinstance(error, LiaisonError) else str(error)
            _show(self.code_error, self.tr("注册信息没有保存：{0}").format(message))
        else:
            self.app.report_bug(error)

    def _show_enrolment(self, settings: SyncSettings | None = None) -> None:
        settings = settings or self._store().load_settings()
        if not settings.enrolled:
            self.enrolment_status.setStyleSheet("")
            self.enrolment_status.setText(
                self.tr(
                    "本机还没有在县中心注册。填好服务器地址，再输入县中心给的注册码，点“注册”。"
                )
            )
            self.enrol_button.setText(self.tr("注册"))
            return
        self.enrol_button.setText(self.tr("重新注册"))
        text = self.tr("本机已注册为“{0}”（{1}）的设备，设备编号 {2}。").format(
            settings.village_name, settings.village_code, settings.device_id
        )
        if self.sync.needs_enrolment:
            self.enrolment_status.setStyleSheet(ERROR_STYLE)
            text += self.tr(
                "但县中心不再接受本机的注册（可能已被注销）。本机数据都还在；"
                "请向县中心申请新的注册码，填入下面后点“重新注册”。"
            )
        else:
            self.enrolment_status.setStyleSheet(OK_STYLE)
            station = self._station
            if station is not None and station.division_code != settings.village_code:
                self.enrolment_status.setStyleSheet(ERROR_STYLE)
                text += self.tr(
                    "注意：本站填写的区划代码 {0} 与县中心登记的村不一致，请核对。"
                ).format(station.division_code)
        self.enrolment_status.setText(text)

    # --- 备份与恢复 ------------------------------------------------------------------------

    def _build_backup_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("备份与恢复"), parent)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份…"), box)
        self.restore_file_button = QPushButton(self.tr("从备份文件恢复…"), box)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_file_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.backup_status = QLabel(box)
        self.backup_status.hide()
        self.backup_status.setWordWrap(True)
        self.backup_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.backup_status)
        about = QLabel(
            self.tr(
                "程序每天自动备份一次，保留最近 14 份，存放在：{0}。"
                "建议再定期用“立即备份”复制一份到 U 盘。"
            ).format(paths.backup_dir(self.app.data_dir)),
            box,
        )
        about.setWordWrap(True)
        about.setStyleSheet(HINT_STYLE)
        about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(about)
        self.backup_list = QListWidget(box)
        self.backup_list.setMaximumHeight(150)
        layout.addWidget(self.backup_list)
        self.restore_selected_button = QPushButton(self.tr("从选中的备份恢复…"), box)
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
        return box

    def _show_backups(self) -> None:
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
        _show(self.backup_status, self.tr("正在备份…"))
        DbOp(self, self.app, copy).with_progress(self.tr("正在备份…"), cancellable=False).success(
            self._backed_up
        ).failure(self._backup_failed).run_in_background()

    def _backed_up(self, out: Path) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setStyleSheet(OK_STYLE)
        _show(self.backup_status, self.tr("已备份到 {0}（已通过完整性检查）").format(out))
        self._show_backups()

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(error, LiaisonError):
            self.backup_status.setStyleSheet(ERROR_STYLE)
            _show(self.backup_status, error.message)
        else:
            _show(self.backup_status, None)
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

    # --- 文件夹 ----------------------------------------------------------------------------

    def _build_folders_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("数据与日志"), parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, path, folder in (
            (self.tr("数据文件夹"), self.app.data_dir, self.app.data_dir),
            (self.tr("日志文件"), self.app.log_path, self.app.log_path.parent),
        ):
            label = QLabel(str(path), box)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            button = QPushButton(self.tr("打开文件夹"), box)
            button.clicked.connect(
                lambda _checked=False, f=folder: QDesktopServices.openUrl(
                    QUrl.fromLocalFile(str(f))
                )
            )
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            form.addRow(caption, row)
        return box

    # --- page ------------------------------------------------------------------------------

    def refresh(self) -> None:
        settings = self._store().load_settings()
        if not self.server_url.isModified():
            self.server_url.setText(settings.server_url)
            self.ca_file.setText(settings.ca_file)
            self.proxy.setText(settings.proxy)
        self._show_enrolment(settings)
        self._show_backups()

        def load(session: Session, _ctx: OpContext) -> StationDetails | None:
            return load_station(session)

        DbOp(self, self.app, load).success(self._show_station).run_in_background()

    def _show_station(self, station: StationDetails | None) -> None:
        self._station = station
        if not self._station_edited:
            self.station_form.set_station(station)
        self._show_enrolment()

    def on_changes(self, changes: Changes) -> None:
        if changes.station and self.isVisible():
            self.refresh()
