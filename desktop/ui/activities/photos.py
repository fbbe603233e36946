"""A record's photos inside its form: thumbnails, 添加照片… (downscaled and stored at once, off the
GUI thread), 查看 (full size, fitted to the screen) and 删除. Nothing reaches the database until
the form is saved (:class:`PhotoChanges`); 取消 leaves the record's photos as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.models.errors import LiaisonError
from desktop.models.photos import NewPhoto, PhotoChanges, PhotoView, photo_path, store_photo
from desktop.ui.app_context import AppContext
from desktop.ui.common import dialogs
from desktop.ui.common.dialogs import DialogSlot, usable_area
from desktop.ui.common.operations import NetOp
from desktop.ui.common.taskman import OpContext

THUMB = 96
IMAGE_PATTERNS = "(*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"


@dataclass(frozen=True)
class _Shown:
    """A photo in the strip: stored already (``attachment_id``) or added in this form."""

    path: Path
    file_name: str
    attachment_id: str | None = None
    added: NewPhoto | None = None


class PhotoViewDialog(QDialog):
    """One photo at full size (scaled down to fit the screen, never up)."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        image = QLabel(self)
        image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap(str(path))
        area = usable_area(parent or self).size() - QSize(40, 100)
        if pixmap.isNull():
            image.setText(self.tr("这张照片还没有从县中心下载到本机，同步后再看。"))
        else:
            if pixmap.width() > area.width() or pixmap.height() > area.height():
                pixmap = pixmap.scaled(
                    area, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            image.setPixmap(pixmap)
        scroll = QScrollArea(self)
        scroll.setWidget(image)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        if not pixmap.isNull():
            self.resize(pixmap.size() + QSize(40, 80))


class PhotoStrip(QGroupBox):
    """照片: the photos of one record in a form (``owner_id`` None for a record not saved yet)."""

    changed = Signal()

    def __init__(
        self, app: AppContext, owner_entity: str, owner_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.owner_entity = owner_entity
        self.owner_id = owner_id
        self.viewer: DialogSlot[PhotoViewDialog] = DialogSlot()
        self._removed: list[str] = []
        self._busy = 0
        self.setTitle(self.tr("照片"))
        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWrapping(True)
        self.list.setMinimumHeight(THUMB + 48)
        self.list.setToolTip(self.tr("双击或按 Enter 查看大图"))
        self.add_button = QPushButton(self.tr("添加照片…"), self)
        self.view_button = QPushButton(self.tr("查看"), self)
        self.remove_button = QPushButton(self.tr("删除照片"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        for button in (self.add_button, self.view_button, self.remove_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_files)
        self.view_button.clicked.connect(self.view_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.itemActivated.connect(lambda _item: self.view_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def focus_stops(self) -> list[QWidget]:
        return [self.list, self.add_button, self.view_button, self.remove_button]

    def busy(self) -> bool:
        """A photo is still being prepared."""
        return self._busy > 0

    # ---- content ---------------------------------------------------------------------------

    def show_photos(self, photos: list[PhotoView]) -> None:
        self.list.clear()
        self._removed = []
        for photo in photos:
            self._add_item(
                _Shown(photo_path(self.app.data_dir, photo.sha256), photo.file_name, photo.id)
            )
        self._update_buttons()

    def _add_item(self, shown: _Shown) -> None:
        pixmap = QPixmap(str(shown.path))
        if pixmap.isNull():
            item = QListWidgetItem(self.tr("未下载"))
        else:
            thumb = pixmap.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            item = QListWidgetItem(QIcon(thumb), "")
        item.setToolTip(shown.file_name)
        item.setData(Qt.ItemDataRole.UserRole, shown)
        self.list.addItem(item)

    def changes(self) -> PhotoChanges:
        added = []
        for row in range(self.list.count()):
            shown: _Shown = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if shown.added is not None:
                added.append(shown.added)
        return PhotoChanges(tuple(added), tuple(self._removed))

    # ---- actions ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("选择照片"), str(Path.home()), f"{self.tr('图片')} {IMAGE_PATTERNS}"
        )
        for name in files:
            self.add_file(Path(name))

    def add_file(self, source: Path) -> None:
        """Prepare (downscale, strip EXIF) and store one picture, off the GUI thread."""
        data_dir = self.app.data_dir
        self._busy += 1
        self.status.setText(self.tr("正在处理照片…"))
        self._update_buttons()

        def work(_ctx: OpContext) -> NewPhoto:
            return NewPhoto(store_photo(data_dir, source), source.name)

        def done(photo: NewPhoto) -> None:
            self._busy -= 1
            self._add_item(_Shown(photo.stored.path, photo.file_name, added=photo))
            self.list.setCurrentRow(self.list.count() - 1)
            self.status.clear()
            self._update_buttons()
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._busy -= 1
            self.status.clear()
            self._update_buttons()
            if isinstance(error, LiaisonError):
                dialogs.notify(
                    self,
                    self.tr("添加照片"),
                    self.tr("“{0}”不能添加：{1}").format(source.name, error.message),
                )
            else:
                self.app.report_bug(error)

        NetOp(self, self.app, work).success(done).failure(failed).run_in_background()

    def _current(self) -> _Shown | None:
        item = self.list.currentItem()
        if item is None:
            return None
        shown: _Shown = item.data(Qt.ItemDataRole.UserRole)
        return shown

    def view_current(self) -> None:
        shown = self._current()
        if shown is not None:
            self.viewer.open(lambda: PhotoViewDialog(shown.path, shown.file_name or self.tr("照片"), self))

    def remove_current(self) -> None:
        row = self.list.currentRow()
        shown = self._current()
        if shown is None:
            return
        if shown.attachment_id is not None:
            self._removed.append(shown.attachment_id)
        self.list.takeItem(row)
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.view_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
