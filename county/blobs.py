"""Resumable, content-addressed photo uploads (tus-style offsets), verified by SHA-256.

Bytes are appended to a partial file and fsynced before the received offset is recorded, so an
interrupted upload resumes from what really reached the disk. A completed file whose SHA-256
does not match its name is discarded.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sqlalchemy.orm import Session

import liaison_wire as wire
from county.models import Blob
from liaison_wire.files import replace_durably, write_atomically

_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobError(Exception):
    def __init__(self, status: int, code: str, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.offset = status, code, message, offset


def is_name(sha256: str) -> bool:
    return _SHA256.fullmatch(sha256) is not None


def check_name(sha256: str) -> None:
    if not is_name(sha256):
        raise BlobError(400, "bad_hash", "文件编号应为 64 位小写十六进制 SHA-256")


def _paths(root: Path, village_id: int, sha256: str) -> tuple[Path, Path]:
    base = root / str(village_id)
    return base / "partial" / sha256, base / sha256[:2] / sha256


def status(session: Session, village_id: int, sha256: str) -> Blob | None:
    check_name(sha256)
    return session.get(Blob, (village_id, sha256))


def append(
    session: Session,
    root: Path,
    village_id: int,
    sha256: str,
    offset: int,
    length: int,
    chunk: bytes,
) -> Blob | None:
    """Append ``chunk`` at ``offset`` of the upload of ``sha256`` (total ``length`` bytes).

    Returns None when the completed file did not match its SHA-256 and was discarded (the
    caller commits that and answers 422).
    """
    check_name(sha256)
    if length <= 0 or length > wire.MAX_BLOB_BYTES:
        raise BlobError(413, "too_large", f"照片不能超过 {wire.MAX_BLOB_BYTES // (1024 * 1024)} MB")
    blob = session.get(Blob, (village_id, sha256), with_for_update=True)
    if blob is None:
        blob = Blob(village_id=village_id, sha256=sha256, length=length, received=0, complete=False)
        session.add(blob)
    if blob.complete:
        return blob
    if blob.length != length:
        raise BlobError(409, "length_mismatch", "文件总长度与先前上传的不一致", blob.received)
    if offset != blob.received:
        raise BlobError(
            409, "offset_mismatch", "续传位置不对，请从服务器记录的位置继续", blob.received
        )
    if offset + len(chunk) > length:
        raise BlobError(400, "too_long", "上传的内容超过了声明的文件长度", blob.received)
    partial, final = _paths(root, village_id, sha256)
    partial.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("ab") as fh:
        fh.truncate(offset)
        fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    blob.received = offset + len(chunk)
    if blob.received == length:
        digest = hashlib.sha256(partial.read_bytes()).hexdigest()
        if digest != sha256:
            partial.unlink()
            if blob in session.new:
                session.expunge(blob)
            else:
                session.delete(blob)
            return None
        final.parent.mkdir(parents=True, exist_ok=True)
        replace_durably(partial, final)
        blob.complete = True
    return blob


def store_complete(session: Session, root: Path, village_id: int, sha256: str, data: bytes) -> bool:
    """Keep a whole photo that came in a 同步包 (checked against its name); False if the
    village had it already."""
    check_name(sha256)
    if len(data) > wire.MAX_BLOB_BYTES:
        raise BlobError(413, "too_large", f"照片不能超过 {wire.MAX_BLOB_BYTES // (1024 * 1024)} MB")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobError(422, "hash_mismatch", "照片校验失败（内容与编号不符）")
    blob = session.get(Blob, (village_id, sha256), with_for_update=True)
    if blob is not None and blob.complete:
        return False
    partial, final = _paths(root, village_id, sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(final, data)
    partial.unlink(missing_ok=True)
    if blob is None:
        session.add(
            Blob(
                village_id=village_id,
                sha256=sha256,
                length=len(data),
                received=len(data),
                complete=True,
            )
        )
    else:
        blob.length = blob.received = len(data)
        blob.complete = True
    return True


def complete_file(session: Session, root: Path, village_id: int, sha256: str) -> Path | None:
    """The file of a completely uploaded blob of ``village_id``; None when that village has no
    complete upload of ``sha256`` (another village's copy is never looked at)."""
    check_name(sha256)
    blob = session.get(Blob, (village_id, sha256))
    if blob is None or not blob.complete:
        return None
    final = _paths(root, village_id, sha256)[1]
    return final if final.is_file() else None


# Byte positions of at most 18 digits: a file is at most wire.MAX_BLOB_BYTES.
_RANGE = re.compile(r"bytes=([0-9]{1,18})-([0-9]{0,18})")


def byte_range(header: str | None, length: int) -> tuple[int, int] | None:
    """The ``(first, last)`` byte positions asked for by a ``Range`` header (one range, as the
    workbench asks: ``bytes=a-b`` or ``bytes=a-``), clamped to the file; None for the whole
    file. Raises :class:`BlobError` 416 for a range that starts past the end or is malformed."""
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        raise BlobError(416, "bad_range", "下载范围的格式不对，应为 bytes=起点-终点")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else length - 1
    if last < first:
        raise BlobError(416, "bad_range", "下载范围的终点在起点之前")
    if first >= length:
        raise BlobError(416, "bad_range", f"下载范围超出了文件长度（{length} 字节）")
    return first, min(last, length - 1)
