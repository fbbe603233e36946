"""Photos on the village PC: preparing them and keeping their files (the sync moves them:
desktop/sync/photos.py).

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
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

import liaison_wire as wire
from desktop.models.activity import Attachment
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.errors import ValidationError
from desktop.models.writes import WritePath
from liaison_wire.files import write_atomically

PHOTOS_DIR = "photos"
MIME = "image/jpeg"
MAX_LONG_SIDE = 1600
JPEG_QUALITY = 85
# Tried in turn when a photo is still over the limit after downscaling (noise-like pictures).
FALLBACK_QUALITIES = (75, 60)
# The largest photo the client stores; the server refuses more (413).
MAX_PHOTO_BYTES = wire.MAX_BLOB_BYTES
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
    _owner(session, owner_entity, owner_id)
    stored = store_photo(data_dir, source)
    return attach_stored(session, owner_entity, owner_id, stored, Path(source).name, note)


def _owner(session: Session, owner_entity: str, owner_id: str) -> None:
    owner_type = SYNCED_ENTITIES.get(owner_entity)
    if owner_type is None:
        raise ValidationError("owner_entity", f"不能给“{owner_entity}”类型的记录添加照片。")
    owner = session.get(owner_type, owner_id)
    if owner is None or owner.deleted_at is not None:
        raise ValidationError("owner_id", "要添加照片的记录不存在或已删除。")


def attach_stored(
    session: Session,
    owner_entity: str,
    owner_id: str,
    stored: StoredPhoto,
    file_name: str,
    note: str = "",
) -> Attachment:
    """Attach a photo already prepared and stored (:func:`store_photo`) to a record."""
    _owner(session, owner_entity, owner_id)
    return WritePath(session).create(
        Attachment(
            owner_entity=owner_entity,
            owner_id=owner_id,
            sha256=stored.sha256,
            size=stored.size,
            mime=MIME,
            file_name=file_name[:200],
            note=note,
        )
    )


@dataclass(frozen=True)
class PhotoView:
    """A photo of a record, as a form shows it (the file may not be on this PC yet)."""

    id: str
    sha256: str
    file_name: str


def record_photos(session: Session, owner_entity: str, owner_id: str) -> list[PhotoView]:
    """The photos of a record, in the order they were added."""
    rows = session.execute(
        select(Attachment.id, Attachment.sha256, Attachment.file_name)
        .where(
            Attachment.owner_entity == owner_entity,
            Attachment.owner_id == owner_id,
            Attachment.deleted_at.is_(None),
        )
        .order_by(Attachment.created_at, Attachment.id)
    )
    return [PhotoView(*row) for row in rows]


@dataclass(frozen=True)
class NewPhoto:
    """A photo prepared and stored while a form is open, attached when the form is saved."""

    stored: StoredPhoto
    file_name: str


@dataclass(frozen=True)
class PhotoChanges:
    """What a form did to a record's photos: added (prepared) and removed (attachment ids)."""

    added: tuple[NewPhoto, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def change_photos(
    session: Session, owner_entity: str, owner_id: str, changes: PhotoChanges
) -> None:
    """Attach the added photos and remove (tombstone) the removed ones of a record."""
    writes = WritePath(session)
    for attachment_id in changes.removed:
        attachment = session.get(Attachment, attachment_id)
        if attachment is not None and attachment.owner_id == owner_id:
            writes.delete(attachment)
    for photo in changes.added:
        attach_stored(session, owner_entity, owner_id, photo.stored, photo.file_name)
