"""Photos: preparing them on the village PC and moving their bytes to and from the county.

**Adding** (:func:`add_photo`). The picture is opened with Pillow, turned upright from its EXIF
orientation, scaled down so its long side is at most 1600 px (never up), and re-encoded as an
RGB JPEG. Only the pixels (and the colour profile, which says nothing about the place) are
kept: EXIF, GPS, XMP and comments are dropped, because these are photos of villagers' homes.
The file is stored content-addressed in ``<data folder>/photos/<sha[:2]>/<sha>.jpg`` and an
:class:`Attachment` record is created through the write path (so its create op lands in the
outbox in the same transaction).

The blob file is written (temp file, fsync, rename) *before* the caller's database transaction
commits. If that transaction then rolls back, the file stays behind as an orphan; that is
harmless: it is named by its content, so adding the same photo again simply reuses it, and no
record points at a file that is missing. The reverse order could leave a committed record
whose file never reached the disk.

**Uploading** (:func:`upload_pending_photos`), run by the sync engine *before* the outbox is
pushed, so an attachment's metadata never reaches the county ahead of its bytes. Uploads are
resumable (docs/sync-protocol.md, "Photos"): ``HEAD`` asks how much the server already has,
``PATCH`` appends chunks from there. Any disagreement about the offset (a lost answer, a retry
of a chunk that did arrive) is settled by asking the server again, so an upload cut at any
byte resumes where the server's disk really is.

**Downloading** (:func:`download_photo_blobs`), run by the sync engine *after* the pull: the
files of attachments this PC has no file for (photos taken on another PC of the village, or a
PC set up again) are fetched with ``GET`` in ``Range`` chunks into a partial file, so a cut
download resumes; the whole file must match its SHA-256 before it is moved into place. A
photo the county does not have completely yet is simply tried again next round.

Qt-free: the sync runs headless too (``liaison sync --once``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.activity import Attachment
from desktop.models.db import Database
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.errors import ValidationError
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath
from desktop.sync.transport import Answer, Cancelled, ServerRefused, SyncError, Transport
from liaison_wire.files import replace_durably, write_atomically

PHOTOS_DIR = "photos"
MIME = "image/jpeg"
MAX_LONG_SIDE = 1600
JPEG_QUALITY = 85
# Tried in turn when a photo is still over the limit after downscaling (noise-like pictures).
FALLBACK_QUALITIES = (75, 60)
# The largest photo the client stores; the server refuses more (413).
MAX_PHOTO_BYTES = wire.MAX_BLOB_BYTES
CHUNK_BYTES = 256 * 1024
# How often in a row the server may move the offset without the upload getting further.
MAX_RESYNCS = 8

Progress = Callable[[str, int, int], None]


# --- storing ------------------------------------------------------------------------------


def photos_dir(data_dir: Path) -> Path:
    """The folder holding this data folder's photo files."""
    return Path(data_dir) / PHOTOS_DIR


def blob_path(root: Path, sha256: str) -> Path:
    """Where the photo with this SHA-256 lives under the photos folder ``root``."""
    return Path(root) / sha256[:2] / f"{sha256}.jpg"


def photo_path(data_dir: Path, sha256: str) -> Path:
    return blob_path(photos_dir(data_dir), sha256)


def keep_blob(root: Path, sha256: str, data: bytes) -> Path:
    """Keep a photo's bytes (checked against ``sha256`` by the caller) under ``root``."""
    return _store(root, sha256, data)


def _store(root: Path, sha256: str, data: bytes) -> Path:
    """Write ``data`` at its content address crash-safely; reuse an intact existing copy."""
    final = blob_path(root, sha256)
    if final.is_file() and hashlib.sha256(final.read_bytes()).hexdigest() == sha256:
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(final, data)
    return final


# --- preparing ----------------------------------------------------------------------------


def _target_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    long_side = max(width, height)
    if long_side <= MAX_LONG_SIDE:
        return width, height
    scale = MAX_LONG_SIDE / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (not the black JPEG would otherwise show)."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit / float greyscale: stretch to 8 bit instead of clipping everything to white.
        floats = image.convert("F")
        low, high = cast(tuple[float, float], floats.getextrema())
        scale = 255.0 / ((high - low) or 1.0)
        image = floats.point(lambda v: v * scale - low * scale).convert("L")
    return image.convert("RGB")


def _rgb_profile(icc: object) -> bytes | None:
    """The colour profile, if it describes RGB (a CMYK or grey profile would garble colours)."""
    if isinstance(icc, bytes) and len(icc) >= 20 and icc[16:20] == b"RGB ":
        return icc
    return None


def prepare_jpeg(source: Path) -> bytes:
    """The upright, downscaled, metadata-free JPEG bytes of the picture at ``source``.

    Raises :class:`ValidationError` (field ``photo``) with a message for the officer.
    """
    source = Path(source)
    name = source.name
    with warnings.catch_warnings():
        # Phone cameras of 100+ megapixels trip Pillow's decompression-bomb *warning*; such
        # photos are legitimate and are shrunk at once. Real bombs still raise the error.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return _encode(source)
        except FileNotFoundError as error:
            raise ValidationError("photo", f"找不到照片文件“{name}”。") from error
        except IsADirectoryError as error:
            raise ValidationError("photo", f"“{name}”是文件夹，不是照片。") from error
        except PermissionError as error:
            raise ValidationError("photo", f"没有权限读取照片“{name}”，请检查文件权限。") from error
        except UnidentifiedImageError as error:
            raise ValidationError(
                "photo", f"“{name}”不是能识别的图片文件，请选择 JPG 或 PNG 格式的照片。"
            ) from error
        except (Image.DecompressionBombError, MemoryError) as error:
            raise ValidationError(
                "photo", f"照片“{name}”的像素太多，无法处理，请换一张或先用手机压缩后再添加。"
            ) from error
        except _TooLarge as error:
            limit = MAX_PHOTO_BYTES // (1024 * 1024)
            raise ValidationError(
                "photo", f"照片“{name}”缩小后仍超过 {limit} MB，无法保存，请换一张照片。"
            ) from error
        except Exception as error:
            # Pillow's decoders answer damaged or hostile files with a zoo of exceptions
            # (OSError "truncated", SyntaxError, struct.error, ValueError …).
            raise ValidationError("photo", f"照片“{name}”已损坏或不完整，无法打开。") from error


class _TooLarge(Exception):
    pass


def _encode(source: Path) -> bytes:
    with Image.open(source) as opened:
        # JPEG decodes at 1/2, 1/4 or 1/8 scale directly: far less memory and time.
        opened.draft("RGB", _target_size(opened.size))
        upright = ImageOps.exif_transpose(opened)
        upright.load()
    image = _flatten(upright)
    # Never upscales; LANCZOS keeps text on notices and banners legible.
    image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    # A fresh image carries no metadata at all (EXIF, GPS, XMP, comments, DPI …).
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    icc = _rgb_profile(upright.info.get("icc_profile"))
    for quality in (JPEG_QUALITY, *FALLBACK_QUALITIES):
        buffer = io.BytesIO()
        options: dict[str, object] = {"quality": quality, "optimize": True}
        if icc:
            options["icc_profile"] = icc
        clean.save(buffer, "JPEG", **options)
        data = buffer.getvalue()
        if len(data) <= MAX_PHOTO_BYTES:
            return data
    raise _TooLarge


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    size: int
    path: Path


def store_photo(data_dir: Path, source: Path) -> StoredPhoto:
    """Prepare the picture at ``source`` and store it content-addressed (no database work).

    The slow part of :func:`add_photo`; a window may run it before opening its write
    transaction so the database is not locked while a large photo is scaled.
    """
    data = prepare_jpeg(Path(source))
    sha256 = hashlib.sha256(data).hexdigest()
    path = _store(photos_dir(data_dir), sha256, data)
    return StoredPhoto(sha256, len(data), path)


def add_photo(
    session: Session,
    data_dir: Path,
    owner_entity: str,
    owner_id: str,
    source: Path,
    note: str = "",
) -> Attachment:
    """Attach the picture at ``source`` to the record ``owner_entity``/``owner_id``.

    Runs inside the caller's write transaction (``db.writing()``). The photo file is stored
    before that transaction commits; see the module docstring for why an orphan file left by a
    rollback is harmless.
    """
    owner_type = SYNCED_ENTITIES.get(owner_entity)
    if owner_type is None:
        raise ValidationError("owner_entity", f"不能给“{owner_entity}”类型的记录添加照片。")
    owner = session.get(owner_type, owner_id)
    if owner is None or owner.deleted_at is not None:
        raise ValidationError("owner_id", "要添加照片的记录不存在或已删除。")
    stored = store_photo(data_dir, source)
    return WritePath(session).create(
        Attachment(
            owner_entity=owner_entity,
            owner_id=owner_id,
            sha256=stored.sha256,
            size=stored.size,
            mime=MIME,
            file_name=Path(source).name[:200],
            note=note,
        )
    )


# --- uploading ----------------------------------------------------------------------------


class PhotoUploadError(SyncError):
    """A photo could not be uploaded (missing or damaged locally, refused by the server)."""


@dataclass(frozen=True)
class PendingBlob:
    """A photo blob the outbox is about to reference."""

    sha256: str
    label: str
    deleted: bool


def pending_blobs(session: Session) -> list[PendingBlob]:
    """The blobs named by attachment ops still in the outbox, once each, oldest op first.

    Only ops that carry ``sha256`` (creates, and updates that replace the file) need their
    blob on the server; a note edited on a photo another PC took needs nothing uploaded.
    """
    ops = session.scalars(
        select(OutboxOp)
        .where(OutboxOp.entity == Attachment.SYNC_ENTITY)
        .order_by(OutboxOp.device_seq)
    )
    found: dict[str, tuple[str, str]] = {}
    for op in ops:
        sha256 = op.fields.get("sha256")
        if isinstance(sha256, str) and sha256 not in found:
            found[sha256] = (op.record_id, str(op.fields.get("file_name") or ""))
    if not found:
        return []
    records = {
        a.id: a
        for a in session.scalars(
            select(Attachment).where(Attachment.id.in_([rid for rid, _ in found.values()]))
        )
    }
    result = []
    for sha256, (record_id, file_name) in found.items():
        record = records.get(record_id)
        name = (record.file_name if record is not None else file_name) or sha256[:12]
        deleted = record is None or record.deleted_at is not None
        result.append(PendingBlob(sha256, f"照片“{name}”", deleted))
    return result


class _Upload:
    """One blob's resumable upload."""

    def __init__(
        self,
        transport: Transport,
        sha256: str,
        data: bytes,
        label: str,
        chunk_size: int,
        check_cancel: Callable[[], None],
    ) -> None:
        self.transport = transport
        self.sha256 = sha256
        self.data = data
        self.label = label
        self.chunk_size = max(1, chunk_size)
        self.check_cancel = check_cancel
        self.path = f"/api/v1/blobs/{sha256}"

    def _refused(self, error: SyncError) -> PhotoUploadError:
        return PhotoUploadError(f"{self.label}上传失败：{error.message}")

    def server_offset(self) -> int | None:
        """Bytes the server already holds; None when it has the whole blob."""
        try:
            answer = self.transport.request("HEAD", self.path)
        except ServerRefused as error:
            if error.status == 404:
                return 0
            raise self._refused(error) from error
        if answer.header("Upload-Complete") == "1":
            return None
        declared = answer.header("Upload-Length")
        if declared is not None and declared.isdigit() and int(declared) != len(self.data):
            raise PhotoUploadError(
                f"{self.label}上传失败：服务器上有一份长度不同的未完成上传，请联系县中心清理。"
            )
        raw = answer.header("Upload-Offset") or "0"
        return int(raw) if raw.isdigit() else 0

    def run(self) -> bool:
        """Make sure the server has the blob. Returns True if bytes had to be sent."""
        offset = self.server_offset()
        if offset is None:
            return False
        restarted = False
        resyncs = 0
        while True:
            self.check_cancel()
            if offset > len(self.data):
                offset = 0
            chunk = self.data[offset : offset + self.chunk_size]
            try:
                answer = self.transport.request(
                    "PATCH",
                    self.path,
                    data=chunk,
                    headers={
                        "Upload-Offset": str(offset),
                        "Upload-Length": str(len(self.data)),
                        "Content-Type": "application/offset+octet-stream",
                    },
                )
            except ServerRefused as error:
                if error.status == 409 and resyncs < MAX_RESYNCS:
                    # Our idea of the offset is stale (a retried chunk that had arrived, an
                    # answer lost on the way): continue from what the server really holds.
                    resyncs += 1
                    server = self.server_offset()
                    if server is None:
                        return True
                    offset = server
                    continue
                if error.status == 422 and not restarted:
                    # The assembled file did not match its hash (bytes damaged on the way);
                    # the server discarded it. Start over once.
                    restarted = True
                    offset = 0
                    continue
                if error.status == 422:
                    raise PhotoUploadError(
                        f"{self.label}上传后校验两次都失败（内容与编号不符），"
                        "可能是网络传输出错，请稍后重试同步。"
                    ) from error
                raise self._refused(error) from error
            resyncs = 0
            if answer.header("Upload-Complete") == "1":
                return True
            raw = answer.header("Upload-Offset")
            received = int(raw) if raw is not None and raw.isdigit() else offset + len(chunk)
            if received >= len(self.data):
                # Everything was sent but the server did not say "complete".
                raise PhotoUploadError(
                    f"{self.label}上传失败：服务器收下了全部内容却没有确认完成，请稍后重试同步。"
                )
            offset = received


def _cancel_check(cancelled: Callable[[], bool]) -> Callable[[], None]:
    """A function that raises :class:`Cancelled` once ``cancelled()`` is true."""

    def check_cancel() -> None:
        if cancelled():
            raise Cancelled("同步已取消；已完成的部分不受影响，下次继续")

    return check_cancel


def upload_photo_blobs(
    db: Database,
    transport: Transport,
    root: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    chunk_size: int | None = None,
) -> int:
    """Like :func:`upload_pending_photos`, with ``root`` the photos folder itself."""
    report = progress or (lambda _phase, _done, _total: None)
    check_cancel = _cancel_check(cancelled)
    with db.reading() as session:
        pending = pending_blobs(session)
    uploaded = 0
    for done, blob in enumerate(pending, start=1):
        check_cancel()
        path = blob_path(root, blob.sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if blob.deleted:
                # Deleted before it was ever synced: nobody will ever show it.
                report("photos", done, len(pending))
                continue
            raise PhotoUploadError(
                f"{blob.label}的文件在本机找不到（{path}），无法上传。"
                "请检查数据文件夹是否完整，或删除这张照片后重新添加。"
            ) from None
        if hashlib.sha256(data).hexdigest() != blob.sha256:
            raise PhotoUploadError(
                f"{blob.label}的文件在本机已损坏（内容与编号不符，{path}），无法上传。"
                "请删除这张照片后重新添加。"
            )
        upload = _Upload(
            transport, blob.sha256, data, blob.label, chunk_size or CHUNK_BYTES, check_cancel
        )
        if upload.run():
            uploaded += 1
        report("photos", done, len(pending))
    return uploaded


def upload_pending_photos(
    db: Database,
    transport: Transport,
    data_dir: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    chunk_size: int | None = None,
) -> int:
    """Make sure the server holds the blob of every attachment not yet synced.

    Returns how many photos had to be (partly) uploaded; those the server already had
    completely are skipped after one ``HEAD``. Raises :class:`PhotoUploadError` (a
    :class:`SyncError`) naming the photo when its file is missing or damaged locally, when the
    server refuses it (e.g. too large) or when it fails verification twice; other sync errors
    (offline, unauthorized …) pass through unchanged. Safe to interrupt at any point and run
    again: the next run resumes each upload from the server's offset.
    """
    return upload_photo_blobs(
        db,
        transport,
        photos_dir(data_dir),
        progress=progress,
        cancelled=cancelled,
        chunk_size=chunk_size,
    )


# --- downloading --------------------------------------------------------------------------

DOWNLOAD_CHUNK_BYTES = 1024 * 1024


class PhotoDownloadError(SyncError):
    """A photo could not be downloaded (refused by the server, or damaged twice on the way)."""


@dataclass
class DownloadReport:
    downloaded: int = 0
    waiting: int = 0  # photos the county does not have (completely) yet: tried again next round
    failed: list[str] = field(default_factory=list)  # a message per photo that failed


def missing_blobs(session: Session, root: Path) -> list[tuple[str, str]]:
    """``(sha256, label)`` of the live attachments whose file is not in the photos folder
    ``root`` (taken on another PC of the village, or lost here), once per file, oldest first."""
    rows = session.execute(
        select(Attachment.sha256, Attachment.file_name)
        .where(Attachment.deleted_at.is_(None))
        .order_by(Attachment.created_at, Attachment.id)
    )
    missing: dict[str, str] = {}
    for sha256, file_name in rows:
        if sha256 not in missing and not blob_path(root, sha256).is_file():
            missing[sha256] = f"照片“{file_name or sha256[:12]}”"
    return list(missing.items())


def _content_range(value: str | None) -> tuple[int, int] | None:
    """``(first byte, total length)`` of a ``Content-Range: bytes a-b/total`` header."""
    if value is None or not value.startswith("bytes "):
        return None
    span, _, total = value[6:].partition("/")
    first = span.partition("-")[0]
    if not (first.isdigit() and total.isdigit()):
        return None
    return int(first), int(total)


class _Download:
    """One blob's resumable download into ``.<sha256>.part`` beside its final place.

    The partial file is not fsynced chunk by chunk: after a power cut its tail may be garbage,
    which the SHA-256 check at the end catches (the download then starts over once). The
    complete file is fsynced and renamed into place, like a photo taken on this PC.
    """

    def __init__(
        self,
        transport: Transport,
        root: Path,
        sha256: str,
        label: str,
        chunk_size: int,
        check_cancel: Callable[[], None],
    ) -> None:
        self.transport = transport
        self.sha256 = sha256
        self.label = label
        self.chunk_size = max(1, chunk_size)
        self.check_cancel = check_cancel
        self.final = blob_path(root, sha256)
        self.partial = self.final.with_name(f".{sha256}.part")
        self.path = f"/api/v1/blobs/{sha256}"

    def _fetch(self, offset: int) -> Answer | None:
        """The answer to a request for the chunk at ``offset``; None when the county has no
        complete copy (404)."""
        try:
            return self.transport.request(
                "GET",
                self.path,
                headers={
                    "Range": f"bytes={offset}-{offset + self.chunk_size - 1}",
                    "Accept": "application/octet-stream",
                },
            )
        except ServerRefused as error:
            if error.status == 404:
                return None
            if error.status == 416 and offset > 0:
                # The partial file is longer than the photo: it is not this photo's start.
                raise _StartOver from error
            raise PhotoDownloadError(f"{self.label}下载失败：{error.message}") from error

    def _receive(self) -> bool:
        """Fill the partial file from where it stops. False when the county has no copy."""
        offset = self.partial.stat().st_size if self.partial.is_file() else 0
        while True:
            self.check_cancel()
            answer = self._fetch(offset)
            if answer is None:
                return False
            if answer.status == 200:  # the whole file (a server that ignores Range)
                start, total = 0, len(answer.content)
            else:
                found = _content_range(answer.header("Content-Range"))
                if found is None or found[0] != offset:
                    raise PhotoDownloadError(f"{self.label}下载失败：服务器返回的范围不对。")
                start, total = found
            if total > MAX_PHOTO_BYTES or not answer.content:
                raise PhotoDownloadError(f"{self.label}下载失败：服务器返回的文件长度不对。")
            with self.partial.open("r+b" if self.partial.exists() else "wb") as fh:
                fh.seek(start)
                fh.truncate()
                fh.write(answer.content)
            offset = start + len(answer.content)
            if offset >= total:
                return True

    def run(self) -> bool:
        """Fetch the blob into place. Returns False when the county has no complete copy yet."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        retried = False
        while True:
            try:
                if not self._receive():
                    return False
            except _StartOver:
                self.partial.unlink(missing_ok=True)
                continue  # from byte 0, where a 416 cannot mean a stale partial file
            data = self.partial.read_bytes()
            if hashlib.sha256(data).hexdigest() == self.sha256:
                replace_durably(self.partial, self.final)
                return True
            self.partial.unlink()
            if retried:
                raise PhotoDownloadError(
                    f"{self.label}下载后校验两次都失败（内容与编号不符），"
                    "可能是网络传输出错，下次同步会再试。"
                )
            retried = True


class _StartOver(Exception):
    pass


def download_photo_blobs(
    db: Database,
    transport: Transport,
    root: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    chunk_size: int | None = None,
) -> DownloadReport:
    """Fetch the file of every live attachment this PC lacks (``root``: the photos folder).

    A photo the county does not have completely yet is counted as waiting; one it refuses or
    that arrives damaged twice is reported in ``failed`` with a message naming it, and the
    others go on. Connection problems, a revoked device or a cancel end the whole download
    (as :class:`SyncError`); what was received so far is kept and resumed next time.
    """
    report_progress = progress or (lambda _phase, _done, _total: None)
    check_cancel = _cancel_check(cancelled)
    with db.reading() as session:
        missing = missing_blobs(session, root)
    report = DownloadReport()
    for done, (sha256, label) in enumerate(missing, start=1):
        check_cancel()
        download = _Download(
            transport, root, sha256, label, chunk_size or DOWNLOAD_CHUNK_BYTES, check_cancel
        )
        try:
            if download.run():
                report.downloaded += 1
            else:
                report.waiting += 1
        except PhotoDownloadError as error:
            report.failed.append(error.message)
        report_progress("photos-down", done, len(missing))
    return report
