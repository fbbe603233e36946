"""Adding a photo: upright, at most 1600 px, JPEG without EXIF/GPS, stored by its SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from desktop.models import photos
from desktop.models.activity import Attachment
from desktop.models.db import Database, open_database
from desktop.models.entities import Station
from desktop.models.errors import ValidationError
from desktop.models.photos import add_photo, photo_path, photos_dir
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath

MakeImage = Callable[..., Path]


@pytest.fixture
def local(tmp_path: Path) -> Iterator[tuple[Path, Database, str]]:
    """A data folder with a station to attach photos to (no server needed)."""
    data_dir = tmp_path / "数据"
    db = open_database(data_dir / "workbench.db")
    with db.writing() as session:
        station_id = (
            WritePath(session).create(Station(name="红旗村实践站", division_code="220102001001")).id
        )
    yield data_dir, db, station_id
    db.close()


def _add(local: tuple[Path, Database, str], source: Path, note: str = "") -> Attachment:
    data_dir, db, station_id = local
    with db.writing() as session:
        return add_photo(session, data_dir, "station", station_id, source, note)


def _stored(local: tuple[Path, Database, str], attachment: Attachment) -> Path:
    return photo_path(local[0], attachment.sha256)


def _exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "VillageCam"
    exif[ExifTags.Base.Model] = "SecretModel-9"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 52.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (125.0, 19.0, 44.25)
    return exif


def test_a_large_photo_is_scaled_to_1600_and_stored_as_jpeg(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    source = make_image((4000, 3000), name="村口活动.jpg", quality=95)

    attachment = _add(local, source, note="重阳节活动")

    stored = _stored(local, attachment)
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.mode == "RGB"
        assert image.size == (1600, 1200)
    data = stored.read_bytes()
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert attachment.mime == "image/jpeg"
    assert attachment.file_name == "村口活动.jpg"
    assert attachment.note == "重阳节活动"
    assert stored == photos_dir(local[0]) / attachment.sha256[:2] / f"{attachment.sha256}.jpg"


def test_a_portrait_photo_keeps_its_aspect_with_the_long_side_1600(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    attachment = _add(local, make_image((1000, 5000)))

    with Image.open(_stored(local, attachment)) as image:
        assert image.size == (320, 1600)


def test_a_small_photo_is_not_upscaled(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    attachment = _add(local, make_image((800, 600), fmt="PNG"))

    with Image.open(_stored(local, attachment)) as image:
        assert image.format == "JPEG"
        assert image.size == (800, 600)


def test_exif_orientation_is_applied(local: tuple[Path, Database, str], tmp_path: Path) -> None:
    # Stored sideways (red left, blue right) with "rotate 90° clockwise to view" (6):
    # upright, the red half is on top.
    image = Image.new("RGB", (400, 200), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 200, 200))
    source = tmp_path / "sideways.jpg"
    image.save(source, "JPEG", exif=_exif_with_gps(orientation=6), quality=95)

    attachment = _add(local, source)

    with Image.open(_stored(local, attachment)) as upright:
        assert upright.size == (200, 400)
        top = upright.getpixel((100, 50))
        bottom = upright.getpixel((100, 350))
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[0] > 200 and top[2] < 60, top
        assert bottom[2] > 200 and bottom[0] < 60, bottom
        # Orientation is applied once and not left in the file to be applied again.
        assert ExifTags.Base.Orientation not in upright.getexif()


def test_exif_and_gps_are_removed(local: tuple[Path, Database, str], make_image: MakeImage) -> None:
    source = make_image((2400, 1800), exif=_exif_with_gps())
    with Image.open(source) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "test picture lacks GPS"

    attachment = _add(local, source)

    stored = _stored(local, attachment)
    data = stored.read_bytes()
    with Image.open(stored) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info
        assert "xmp" not in image.info
    assert b"Exif\x00\x00" not in data
    assert b"VillageCam" not in data
    assert b"SecretModel-9" not in data


def test_transparent_png_becomes_rgb_on_white(
    local: tuple[Path, Database, str], tmp_path: Path
) -> None:
    source = tmp_path / "logo.png"
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(source)

    attachment = _add(local, source)

    with Image.open(_stored(local, attachment)) as image:
        assert image.mode == "RGB"
        pixel = image.getpixel((10, 10))
        assert isinstance(pixel, tuple) and min(pixel) > 240


def test_not_an_image_is_refused_in_chinese(
    local: tuple[Path, Database, str], tmp_path: Path
) -> None:
    source = tmp_path / "照片.jpg"
    source.write_text("这不是图片", encoding="utf-8")

    with pytest.raises(ValidationError) as caught:
        _add(local, source)

    assert caught.value.field == "photo"
    assert "照片.jpg" in caught.value.message
    assert "图片" in caught.value.message
    _assert_nothing_added(local)


def test_a_truncated_photo_is_refused(
    local: tuple[Path, Database, str], make_image: MakeImage, tmp_path: Path
) -> None:
    whole = make_image((1200, 900), noise=1).read_bytes()
    source = tmp_path / "cut.jpg"
    source.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(ValidationError) as caught:
        _add(local, source)

    assert caught.value.field == "photo"
    assert "损坏" in caught.value.message
    _assert_nothing_added(local)


def test_a_missing_file_is_refused(local: tuple[Path, Database, str], tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        _add(local, tmp_path / "不存在.jpg")

    assert caught.value.field == "photo"
    assert "找不到" in caught.value.message


def test_a_photo_too_large_even_after_downscaling_is_refused(
    local: tuple[Path, Database, str], make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 20_000)
    source = make_image((1600, 1200), noise=2)

    with pytest.raises(ValidationError) as caught:
        _add(local, source)

    assert caught.value.field == "photo"
    assert "缩小后仍超过" in caught.value.message
    _assert_nothing_added(local)


def test_a_photo_for_an_unknown_record_is_refused(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    data_dir, db, _station_id = local
    with pytest.raises(ValidationError) as caught, db.writing() as session:
        add_photo(session, data_dir, "station", "0" * 36, make_image())
    assert caught.value.field == "owner_id"


def test_the_same_photo_twice_is_stored_once(
    local: tuple[Path, Database, str], make_image: MakeImage, tmp_path: Path
) -> None:
    source = make_image((2000, 1500), noise=3)
    copy = tmp_path / "另存的一份.jpg"
    copy.write_bytes(source.read_bytes())

    first = _add(local, source)
    second = _add(local, copy, note="第二次")

    assert first.id != second.id
    assert first.sha256 == second.sha256
    assert second.file_name == "另存的一份.jpg"
    files = [p for p in photos_dir(local[0]).rglob("*") if p.is_file()]
    assert files == [_stored(local, first)]  # one file, and no temp files left behind
    with local[1].reading() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 2
        ops = session.scalars(select(OutboxOp).where(OutboxOp.entity == "attachment")).all()
    assert [op.op for op in ops] == ["create", "create"]
    assert ops[0].fields["sha256"] == first.sha256
    assert ops[0].fields["size"] == first.size


def test_a_rolled_back_photo_leaves_a_harmless_file_that_is_reused(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    data_dir, db, station_id = local
    source = make_image((900, 700), noise=4)

    with pytest.raises(RuntimeError), db.writing() as session:
        orphan = add_photo(session, data_dir, "station", station_id, source)
        raise RuntimeError("the officer's save failed later in the same action")

    stored = photo_path(data_dir, orphan.sha256)
    assert stored.is_file()  # the orphan file
    _assert_nothing_added(local)

    attachment = _add(local, source)
    assert attachment.sha256 == orphan.sha256
    assert [p for p in photos_dir(data_dir).rglob("*") if p.is_file()] == [stored]


def test_a_damaged_stored_copy_is_replaced(
    local: tuple[Path, Database, str], make_image: MakeImage
) -> None:
    source = make_image((900, 700), noise=5)
    first = _add(local, source)
    stored = _stored(local, first)
    stored.write_bytes(b"bit rot")

    second = _add(local, source)

    assert second.sha256 == first.sha256
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == first.sha256


def _assert_nothing_added(local: tuple[Path, Database, str]) -> None:
    with local[1].reading() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0
        assert (
            session.scalar(
                select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "attachment")
            )
            == 0
        )


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("CMYK", "JPEG"), ("L", "PNG"), ("I;16", "PNG"), ("P", "GIF"), ("LA", "PNG"), ("1", "BMP")],
)
def test_unusual_colour_modes_become_rgb_jpeg(
    local: tuple[Path, Database, str], tmp_path: Path, mode: str, fmt: str
) -> None:
    source = tmp_path / f"picture.{fmt.lower()}"
    Image.new("RGB", (300, 200), (30, 140, 90)).convert(mode).save(source, fmt)

    attachment = _add(local, source)

    with Image.open(_stored(local, attachment)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (300, 200))


def test_a_very_large_camera_photo_is_accepted_but_a_pixel_bomb_is_not(
    local: tuple[Path, Database, str], make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scaled down: Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)

    attachment = _add(local, make_image((2000, 600)))  # warned about, but legitimate
    with Image.open(_stored(local, attachment)) as image:
        assert image.size == (1600, 480)

    with pytest.raises(ValidationError) as caught:
        _add(local, make_image((2000, 1100)))
    assert caught.value.field == "photo"
    assert "像素太多" in caught.value.message
