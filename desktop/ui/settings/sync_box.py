"""设置 → 与县中心同步: the connection to the county server and this PC's enrolment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.errors import LiaisonError
from desktop.models.station_setup import StationDetails
from desktop.sync.credentials import SyncSettings
from desktop.sync.setup import enrol_device
from desktop.sync.transport import Cancelled, Offline, SyncError
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot
from desktop.ui.common.operations import NetOp
from desktop.ui.common.taskman import OpContext
from desktop.ui.settings.first_run_dialog import ERROR_STYLE
from desktop.ui.settings.parts import OK_STYLE, error_label, show, with_error
from desktop.ui.sync.controller import SyncController


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


class SyncBox(QGroupBox):
    """与县中心同步: the server's address, CA file and proxy, and this PC's enrolment."""

    def __init__(
        self, app: AppContext, sync: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.sync = sync
        self.prompt: DialogSlot[QMessageBox] = DialogSlot()
        # The station as last loaded: its division code is checked against the enrolment.
        self.station: StationDetails | None = None
        self.setTitle(self.tr("与县中心同步"))
        layout = QVBoxLayout(self)
        # The enrolment state stands above the form, full width: a wrapped label inside a form
        # row does not get the height it needs once the text changes.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.server_url = QLineEdit(self)
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText(
            self.tr("县中心提供的地址，如 https://wmsj.example.gov.cn")
        )
        self.server_url_error = error_label(self, "server_url_error")
        self.ca_file = QLineEdit(self)
        self.ca_file.setObjectName("ca_file")
        self.ca_file.setPlaceholderText(self.tr("县中心使用自建证书时才需要"))
        self.ca_browse = QPushButton(self.tr("选择…"), self)
        self.ca_browse.clicked.connect(self._choose_ca_file)
        self.ca_file_error = error_label(self, "ca_file_error")
        self.proxy = QLineEdit(self)
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText(
            self.tr("一般不用填；单位网络要求时填写，如 http://10.0.0.1:8080")
        )
        self.proxy_error = error_label(self, "proxy_error")
        self.connection_save = QPushButton(self.tr("保存连接设置"), self)
        self.connection_status = QLabel(self)
        self.connection_save.clicked.connect(self.save_connection)

        self.enrolment_status = QLabel(self)
        self.enrolment_status.setObjectName("enrolment_status")
        self.enrolment_status.setWordWrap(True)
        self.enrolment_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.code.setPlaceholderText(self.tr("县中心给的一次性注册码，如 ABCD-EFGH-JKLM"))
        self.enrol_button = QPushButton(self.tr("注册"), self)
        self.enrol_button.setObjectName("enrol_button")
        self.code_error = error_label(self, "code_error")
        self.enrol_button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)

        form.addRow(self.tr("服务器地址"), with_error(self.server_url, self.server_url_error))
        form.addRow(
            self.tr("CA 证书文件"), with_error(self.ca_file, self.ca_file_error, self.ca_browse)
        )
        form.addRow(self.tr("代理服务器"), with_error(self.proxy, self.proxy_error))
        save_row = QHBoxLayout()
        save_row.addWidget(self.connection_save)
        save_row.addWidget(self.connection_status, 1)
        form.addRow("", save_row)
        form.addRow(self.tr("注册码"), with_error(self.code, self.code_error, self.enrol_button))
        layout.addWidget(self.enrolment_status)
        layout.addLayout(form)

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
            show(self.ca_file_error, ca_file_problem(chosen))

    def _connection_values(self) -> tuple[str, str, str] | None:
        """Server URL, CA file and proxy, or None after showing what is wrong."""
        url = self.server_url.text().strip()
        ca_file = self.ca_file.text().strip()
        proxy = self.proxy.text().strip()
        problems = (server_url_problem(url), ca_file_problem(ca_file), proxy_problem(proxy))
        for label, problem in zip(
            (self.server_url_error, self.ca_file_error, self.proxy_error), problems, strict=True
        ):
            show(label, problem)
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
        store = self.app.credentials
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
        show(self.code_error, None if code else self.tr("请填写县中心提供的注册码"))
        if values is None:
            return
        if not code:
            self.code.setFocus()
            return
        current = self.app.credentials.load_settings()
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
        show(self.code_error, None)
        self.connection_status.clear()
        self.app.credentials.remember(settings)
        self.sync.enrolment_changed()
        self.app.signals.sync_state_changed.emit()
        self.show_enrolment(settings)

    def _enrol_failed(self, error: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        if isinstance(error, Cancelled):
            return
        if isinstance(error, Offline):
            show(self.server_url_error, error.message)
            self.server_url.setFocus()
        elif isinstance(error, SyncError):
            # The county's own words: the code is wrong, used or expired, or this program is old.
            show(self.code_error, error.message)
            self.code.setFocus()
            self.code.selectAll()
        elif isinstance(error, LiaisonError | OSError):
            message = error.message if isinstance(error, LiaisonError) else str(error)
            show(self.code_error, self.tr("注册信息没有保存：{0}").format(message))
        else:
            self.app.report_bug(error)

    def show_enrolment(self, settings: SyncSettings | None = None) -> None:
        settings = settings or self.app.credentials.load_settings()
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
            station = self.station
            if station is not None and station.division_code != settings.village_code:
                self.enrolment_status.setStyleSheet(ERROR_STYLE)
                text += self.tr(
                    "注意：本站填写的区划代码 {0} 与县中心登记的村不一致，请核对。"
                ).format(station.division_code)
        self.enrolment_status.setText(text)

    def show_settings(self) -> None:
        """The stored connection settings (unless the officer is typing an address)."""
        settings = self.app.credentials.load_settings()
        if not self.server_url.isModified():
            self.server_url.setText(settings.server_url)
            self.ca_file.setText(settings.ca_file)
            self.proxy.setText(settings.proxy)
        self.show_enrolment(settings)
