"""Downloading photo blobs from a real county server: another PC of the village gets the
photos its pulled attachments name, resumably and verified; no other village's photo is ever
served."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models.activity import Attachment
from desktop.models.photos import MAX_PHOTO_BYTES, add_photo, photo_path
from desktop.models.writes import WritePath
from desktop.sync.engine import SyncEngine
from desktop.sync.photos import download_photo_blobs
from desktop.sync.transport import Answer, Cancelled, Offline, ServerRefused, Transport

MakeImage = Callable[..., Path]


class RecordingTransport(Transport):
    """Remembers the method, path and ``Range`` header of every request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, str, str | None]] = []

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        self.calls.append((method, path, (kwargs.get("headers") or {}).get("Range")))
        return super().request(method, path, **kwargs)

    def downloads(self) -> list[str | None]:
        return [rng for method, path, rng in self.calls if method == "GET" and "/blobs/" in path]


class CuttingTransport(RecordingTransport):
    """Loses the connection on the ``cut_at``-th blob download request (1-based)."""

    cut_at: int | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        if method == "GET" and "/blobs/" in path and self.cut_at is not None:
            self.cut_at -= 1
            if self.cut_at == 0:
                self.cut_at = None
                raise Offline("模拟：下载途中网络断开")
        return super().request(method, path, **kwargs)


class CorruptingTransport(RecordingTransport):
    """Flips the first byte of the first ``times`` answers that start a file."""

    times = 1

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        answer = super().request(method, path, **kwargs)
        starts = (kwargs.get("headers") or {}).get("Range", "").startswith("bytes=0-")
        if method == "GET" and starts and self.times and answer.content:
            self.times -= 1
            answer.content = bytes([answer.content[0] ^ 0xFF]) + answer.content[1:]
        return answer


def _add(pc: Any, source: Path) -> Attachment:
    with pc.db.writing() as session:
        return add_photo(session, pc.data_dir, "station", pc.station_id, source)


def _sync(pc: Any, transport: Transport | None = None) -> Any:
    """One round with photos (with ``transport``, which is closed afterwards)."""
    transport = transport or pc.transport()
    try:
        return SyncEngine(pc.db, transport, photos_dir=pc.photos).run()
    finally:
        transport.close()


def _records_only(pc: Any) -> None:
    """A round without photos: the records (and so the attachments) only."""
    transport = pc.transport()
    try:
        SyncEngine(pc.db, transport).run()
    finally:
        transport.close()


def _download(pc: Any, transport: Transport, chunk_size: int | None = None) -> Any:
    """Only the photo download (with ``transport``, which is closed afterwards)."""
    try:
        return download_photo_blobs(pc.db, transport, pc.photos, chunk_size=chunk_size)
    finally:
        transport.close()


def _leftovers(pc: Any) -> list[Path]:
    return sorted(pc.photos.rglob(".*.part"))


def test_a_photo_taken_on_one_pc_reaches_the_other_pcs_of_the_village(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    first = _add(village, make_image((1200, 900), noise=31))
    second = _add(village, make_image((640, 480), noise=32))
    _sync(village)

    transport = second_pc.transport(RecordingTransport)
    report = _sync(second_pc, transport)

    assert report.photos_downloaded == 2
    assert "下载照片 2 张" in report.summary()
    for attachment in (first, second):
        got = photo_path(second_pc.data_dir, attachment.sha256).read_bytes()
        assert got == photo_path(village.data_dir, attachment.sha256).read_bytes()
    # Downloads come after the pull that brought the attachments.
    paths = [path for _method, path, _range in transport.calls]
    last_pull = max(i for i, path in enumerate(paths) if path == "/api/v1/sync/pull")
    assert min(i for i, path in enumerate(paths) if "/blobs/" in path) > last_pull
    assert all(rng is not None for rng in transport.downloads())
    assert _leftovers(second_pc) == []

    # Nothing missing any more: the next round downloads nothing.
    transport = second_pc.transport(RecordingTransport)
    assert _sync(second_pc, transport).photos_downloaded == 0
    assert transport.downloads() == []


def test_a_cut_download_resumes_where_the_partial_file_stops(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((800, 600), noise=33))
    _sync(village)
    size = photo_path(village.data_dir, attachment.sha256).stat().st_size
    chunk = size // 5 + 1  # five requests for the whole file

    _records_only(second_pc)
    transport = second_pc.transport(CuttingTransport)
    transport.cut_at = 3  # the third request never gets an answer
    with pytest.raises(Offline):
        _download(second_pc, transport, chunk)
    (partial,) = _leftovers(second_pc)
    assert partial.stat().st_size == 2 * chunk
    assert not photo_path(second_pc.data_dir, attachment.sha256).exists()

    transport = second_pc.transport(RecordingTransport)
    result = _download(second_pc, transport, chunk)
    assert result.downloaded == 1
    assert transport.downloads()[0] == f"bytes={2 * chunk}-{3 * chunk - 1}"
    assert len(transport.downloads()) == 3
    data = photo_path(second_pc.data_dir, attachment.sha256).read_bytes()
    assert hashlib.sha256(data).hexdigest() == attachment.sha256
    assert _leftovers(second_pc) == []


def test_a_cancelled_download_keeps_its_partial_file_and_resumes(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((640, 480), noise=40))
    _sync(village)
    size = photo_path(village.data_dir, attachment.sha256).stat().st_size
    chunk = size // 4 + 1
    _records_only(second_pc)
    transport = second_pc.transport(RecordingTransport)
    try:
        with pytest.raises(Cancelled):
            download_photo_blobs(
                second_pc.db,
                transport,
                second_pc.photos,
                chunk_size=chunk,
                cancelled=lambda: len(transport.downloads()) >= 2,
            )
    finally:
        transport.close()
    (partial,) = _leftovers(second_pc)
    assert partial.stat().st_size == 2 * chunk

    transport = second_pc.transport(RecordingTransport)
    assert _download(second_pc, transport, chunk).downloaded == 1
    assert transport.downloads()[0] == f"bytes={2 * chunk}-{3 * chunk - 1}"
    assert (
        photo_path(second_pc.data_dir, attachment.sha256).read_bytes()
        == photo_path(village.data_dir, attachment.sha256).read_bytes()
    )


def test_a_partial_file_longer_than_the_photo_starts_over(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((320, 240), noise=34))
    _sync(village)
    _records_only(second_pc)
    final = photo_path(second_pc.data_dir, attachment.sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{attachment.sha256}.part")
    partial.write_bytes(b"x" * (MAX_PHOTO_BYTES // 2))

    assert _download(second_pc, second_pc.transport()).downloaded == 1
    assert hashlib.sha256(final.read_bytes()).hexdigest() == attachment.sha256
    assert not partial.exists()


def test_bytes_damaged_on_the_way_are_fetched_again_once(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((640, 480), noise=35))
    _sync(village)
    transport = second_pc.transport(CorruptingTransport)
    report = _sync(second_pc, transport)
    assert report.photos_downloaded == 1
    data = photo_path(second_pc.data_dir, attachment.sha256).read_bytes()
    assert hashlib.sha256(data).hexdigest() == attachment.sha256


def test_a_photo_damaged_twice_is_named_and_the_others_still_arrive(
    village: Any, second_pc: Any, make_image: MakeImage
) -> None:
    damaged = _add(village, make_image((640, 480), noise=36, name="村口.jpg"))
    intact = _add(village, make_image((640, 480), noise=37))
    _sync(village)
    transport = second_pc.transport(CorruptingTransport)
    transport.times = 2  # both tries of the first photo (the oldest attachment)
    report = _sync(second_pc, transport)
    assert report.photos_downloaded == 1
    assert "照片“村口.jpg”下载后校验两次都失败" in report.summary()
    assert not photo_path(second_pc.data_dir, damaged.sha256).exists()
    assert photo_path(second_pc.data_dir, intact.sha256).is_file()
    assert _leftovers(second_pc) == []
    # The round succeeded; the next one fetches the damaged photo.
    assert _sync(second_pc).photos_downloaded == 1
    assert photo_path(second_pc.data_dir, damaged.sha256).is_file()


def test_a_photo_the_county_does_not_have_waits_for_a_later_round(
    second_pc: Any,
) -> None:
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    _sync(second_pc)  # the station
    with second_pc.db.writing() as session:
        WritePath(session).create(
            Attachment(
                owner_entity="station",
                owner_id=second_pc.station_id,
                sha256=missing,
                size=14,
                mime="image/jpeg",
                file_name="丢失.jpg",
            )
        )
    transport = second_pc.transport()
    result = _download(second_pc, transport)
    assert (result.downloaded, result.waiting, result.failed) == (0, 1, [])
    assert not photo_path(second_pc.data_dir, missing).exists()
    assert _leftovers(second_pc) == []
    with second_pc.db.reading() as session:
        assert session.scalars(select(Attachment.sha256)).all() == [missing]


def test_another_villages_photo_is_never_served(
    village: Any, make_image: MakeImage, county_server: Any, enrol: Callable[[str, str], str]
) -> None:
    attachment = _add(village, make_image((320, 240), noise=38))
    _sync(village)
    stranger = Transport(county_server.url, token=enrol("220102099999", "别村"))
    try:
        for headers in ({}, {"Range": "bytes=0-99"}):
            with pytest.raises(ServerRefused) as refused:
                stranger.request("GET", f"/api/v1/blobs/{attachment.sha256}", headers=headers)
            assert refused.value.status == 404
            assert "还没有这张照片" in refused.value.message
    finally:
        stranger.close()


def test_the_server_answers_whole_files_ranges_and_bad_ranges(
    village: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((320, 240), noise=39))
    _sync(village)
    data = photo_path(village.data_dir, attachment.sha256).read_bytes()
    path = f"/api/v1/blobs/{attachment.sha256}"
    transport = village.transport()
    try:
        whole = transport.request("GET", path)
        assert (whole.status, whole.content) == (200, data)
        part = transport.request("GET", path, headers={"Range": "bytes=10-19"})
        assert (part.status, part.content) == (206, data[10:20])
        assert part.header("Content-Range") == f"bytes 10-19/{len(data)}"
        tail = transport.request("GET", path, headers={"Range": f"bytes=5-{len(data) * 2}"})
        assert tail.content == data[5:]
        for bad in (f"bytes={len(data)}-", "bytes=9-3", "items=0-1", "bytes=-5"):
            with pytest.raises(ServerRefused) as refused:
                transport.request("GET", path, headers={"Range": bad})
            assert refused.value.status == 416, bad
            assert "下载范围" in refused.value.message
        with pytest.raises(ServerRefused) as refused:
            transport.request("GET", "/api/v1/blobs/not-a-hash")
        assert refused.value.status == 400
    finally:
        transport.close()
