"""Photos: moving their bytes to and from the county (preparing and keeping them on the PC is
desktop/models/photos.py).

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.activity import Attachment
from desktop.models.db import Database
from desktop.models.photos import MAX_PHOTO_BYTES, blob_path, photos_dir
from desktop.models.sync_tables import OutboxOp
from desktop.sync.transport import Answer, Cancelled, ServerRefused, SyncError, Transport
from liaison_wire.files import replace_durably

CHUNK_BYTES = 256 * 1024
# How often in a row the server may move the offset without the upload getting further.
MAX_RESYNCS = 8

Progress = Callable[[str, int, int], None]


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
            raise Cancelled()

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
