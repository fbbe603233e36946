"""Uploading photo blobs to a real county server: resumable, verified, before the metadata.

DESIGN §9 test 22 is :func:`test_an_upload_cut_at_random_byte_offsets_resumes_to_the_same_file`
(and, with a real process kill, :func:`test_a_killed_upload_process_resumes`).
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import liaison_wire as wire
from desktop.models.activity import Attachment
from desktop.models.photos import add_photo, photo_path
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath
from desktop.sync import photos, state
from desktop.sync.engine import SyncEngine
from desktop.sync.photos import PhotoUploadError, upload_pending_photos
from desktop.sync.transport import Answer, Cancelled, Offline, ServerRefused, Transport

MakeImage = Callable[..., Path]
REPO = Path(__file__).resolve().parents[2]


# --- helpers ------------------------------------------------------------------------------


class RecordingTransport(Transport):
    """Remembers every request's method and path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, str]] = []

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        self.calls.append((method, path))
        return super().request(method, path, **kwargs)


class CuttingTransport(Transport):
    """Loses the connection when the upload reaches byte ``cut_at``.

    ``partial``: the server got the bytes up to ``cut_at`` (the body was cut there);
    ``before``: the chunk holding ``cut_at`` never left; ``lost_answer``: the chunk arrived
    but its answer was lost.
    """

    cut_at: int | None = None
    mode = "partial"

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        data = kwargs.get("data")
        if method == "PATCH" and self.cut_at is not None and data is not None:
            offset = int(kwargs["headers"]["Upload-Offset"])
            if offset <= self.cut_at < offset + len(data):
                cut, self.cut_at = self.cut_at, None
                if self.mode == "partial":
                    super().request(method, path, **{**kwargs, "data": data[: cut - offset]})
                elif self.mode == "lost_answer":
                    super().request(method, path, **kwargs)
                raise Offline("模拟：上传途中网络断开")
        return super().request(method, path, **kwargs)


class CorruptingTransport(Transport):
    """Flips a byte of the first chunk, ``times`` times (bytes damaged on the way)."""

    times = 1

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        data = kwargs.get("data")
        if method == "PATCH" and self.times and data and kwargs["headers"]["Upload-Offset"] == "0":
            self.times -= 1
            kwargs["data"] = bytes([data[0] ^ 0xFF]) + data[1:]
        return super().request(method, path, **kwargs)


class DuplicatingTransport(Transport):
    """Sends the first chunk twice, as a retry after a lost answer would: the second is a 409."""

    duplicated = False

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        if method == "PATCH" and not self.duplicated:
            self.duplicated = True
            super().request(method, path, **kwargs)
        return super().request(method, path, **kwargs)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(village: Any, source: Path, note: str = "") -> Attachment:
    with village.db.writing() as session:
        return add_photo(session, village.data_dir, "station", village.station_id, source, note)


def _outbox(village: Any) -> list[tuple[str, str]]:
    with village.db.reading() as session:
        return [
            (op.entity, op.record_id)
            for op in session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq))
        ]


def _server_version(village: Any, attachment_id: str) -> int | None:
    with village.db.reading() as session:
        return session.get_one(Attachment, attachment_id).server_version


def _sync(village: Any, transport: Transport | None = None, **options: Any) -> Any:
    own = transport is None
    transport = transport or village.transport()
    try:
        return SyncEngine(village.db, transport, photos_dir=village.photos, **options).run()
    finally:
        if own:
            transport.close()


def _assert_server_has(village: Any, sha256: str) -> None:
    stored = village.server.stored_blob(sha256)
    assert stored is not None, "the server has no completed file"
    assert _sha(stored.read_bytes()) == sha256
    assert stored.read_bytes() == photo_path(village.data_dir, sha256).read_bytes()
    assert village.server.partial_blob(sha256) is None
    head = village.head(sha256)
    assert head is not None and head["upload-complete"] == "1"
    assert head["upload-offset"] == str(stored.stat().st_size)


def _assert_server_has_nothing(village: Any, sha256: str) -> None:
    assert village.head(sha256) is None
    assert village.server.stored_blob(sha256) is None
    assert village.server.partial_blob(sha256) is None


# --- the happy path -----------------------------------------------------------------------


def test_sync_uploads_photos_before_pushing_their_metadata(
    village: Any, make_image: MakeImage
) -> None:
    first = _add(village, make_image((2000, 1500), noise=10), note="活动现场")
    second = _add(village, make_image((640, 480), noise=11))
    again = _add(village, make_image((2000, 1500), noise=10))  # same picture, second record
    assert again.sha256 == first.sha256
    transport = village.transport(RecordingTransport)
    try:
        report = _sync(village, transport)
    finally:
        transport.close()

    assert report.photos == 2
    assert "上传照片 2 张" in report.summary()
    methods = [method for method, _path in transport.calls]
    push_at = methods.index("POST")
    assert set(methods[:push_at]) == {"HEAD", "PATCH"}
    assert "PATCH" not in methods[push_at:] and "HEAD" not in methods[push_at:]
    assert _outbox(village) == []
    for attachment in (first, second, again):
        assert _server_version(village, attachment.id) == 1
    _assert_server_has(village, first.sha256)
    _assert_server_has(village, second.sha256)

    # Nothing pending: the next round asks nothing about photos.
    transport = village.transport(RecordingTransport)
    try:
        assert _sync(village, transport).photos == 0
    finally:
        transport.close()
    assert not {"HEAD", "PATCH"} & {method for method, _path in transport.calls}


def test_a_blob_the_server_already_has_is_not_sent_again(
    village: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((800, 600), noise=12))
    data = photo_path(village.data_dir, attachment.sha256).read_bytes()
    transport = village.transport()
    try:
        transport.request(
            "PATCH",
            f"/api/v1/blobs/{attachment.sha256}",
            data=data,
            headers={"Upload-Offset": "0", "Upload-Length": str(len(data))},
        )
    finally:
        transport.close()

    transport = village.transport(RecordingTransport)
    try:
        report = _sync(village, transport)
    finally:
        transport.close()

    assert report.photos == 0
    assert ("PATCH", f"/api/v1/blobs/{attachment.sha256}") not in transport.calls
    assert _server_version(village, attachment.id) == 1
    _assert_server_has(village, attachment.sha256)


def test_the_engine_without_a_photos_folder_does_not_touch_photos(
    village: Any, make_image: MakeImage
) -> None:
    _add(village, make_image((300, 200)))
    transport = village.transport(RecordingTransport)
    try:
        report = SyncEngine(village.db, transport).run()
    finally:
        transport.close()

    assert report.photos == 0
    assert not {"HEAD", "PATCH"} & {method for method, _path in transport.calls}


# --- interruptions ------------------------------------------------------------------------


def test_an_upload_cut_at_random_byte_offsets_resumes_to_the_same_file(
    village: Any, make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunk = 16 * 1024
    monkeypatch.setattr(photos, "CHUNK_BYTES", chunk)
    rng = random.Random(22)
    modes = ["partial", "before", "lost_answer"]
    for round_no in range(20):
        attachment = _add(village, make_image((320, 240), noise=2200 + round_no))
        sha256 = attachment.sha256
        size = len(photo_path(village.data_dir, sha256).read_bytes())
        cut, mode = rng.randrange(1, size), modes[round_no % 3]
        where = f"round {round_no}: cut at byte {cut} of {size} ({mode})"

        transport = village.transport(CuttingTransport)
        assert isinstance(transport, CuttingTransport)
        transport.cut_at, transport.mode = cut, mode
        try:
            with pytest.raises(Offline):
                _sync(village, transport)
        finally:
            transport.close()

        # The metadata waits in the outbox until its blob is complete on the server.
        assert ("attachment", attachment.id) in _outbox(village), where
        assert _server_version(village, attachment.id) is None, where
        start = cut // chunk * chunk
        expected = {
            "partial": cut,
            "before": start,
            "lost_answer": min(start + chunk, size),
        }[mode]
        head = village.head(sha256)
        if expected == size:
            assert head is not None and head["upload-complete"] == "1", where
        elif expected == 0:
            assert head is None or head["upload-offset"] == "0", where
        else:
            assert head is not None and head["upload-complete"] == "0", where
            assert head["upload-offset"] == str(expected), where
            partial = village.server.partial_blob(sha256)
            assert partial is not None and partial.stat().st_size == expected, where

        report = _sync(village)

        assert report.photos == (0 if expected == size else 1), where
        _assert_server_has(village, sha256)
        assert _outbox(village) == [], where
        assert _server_version(village, attachment.id) == 1, where


CHILD = """
import sys, time
from pathlib import Path
from desktop.models.db import open_database
from desktop.sync.photos import upload_pending_photos
from desktop.sync.transport import Transport

class Slow(Transport):
    def request(self, method, path, **kwargs):
        if method == "PATCH":
            time.sleep(0.05)
        return super().request(method, path, **kwargs)

url, token, data_dir = sys.argv[1:4]
db = open_database(Path(data_dir) / "workbench.db")
upload_pending_photos(db, Slow(url, token=token), Path(data_dir), chunk_size=8192)
print("finished before it was killed")
"""


def test_a_killed_upload_process_resumes(village: Any, make_image: MakeImage) -> None:
    attachment = _add(village, make_image((1200, 900), noise=23))
    sha256 = attachment.sha256
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, village.server.url, village.token, str(village.data_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            head = village.head(sha256)
            if head is not None and int(head["upload-offset"]) > 0:
                break
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never started uploading"
            time.sleep(0.02)
    finally:
        child.kill()
        out, _err = child.communicate(timeout=30)
    assert b"finished" not in out

    head = village.head(sha256)
    assert head is not None and head["upload-complete"] == "0"
    assert 0 < int(head["upload-offset"]) < attachment.size
    assert ("attachment", attachment.id) in _outbox(village)

    report = _sync(village)

    assert report.photos == 1
    _assert_server_has(village, sha256)
    assert _outbox(village) == []
    assert _server_version(village, attachment.id) == 1


def test_a_repeated_chunk_is_answered_409_and_the_upload_continues(
    village: Any, make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "CHUNK_BYTES", 8 * 1024)
    attachment = _add(village, make_image((320, 240), noise=24))
    transport = village.transport(DuplicatingTransport)
    try:
        report = _sync(village, transport)
    finally:
        transport.close()

    assert isinstance(transport, DuplicatingTransport) and transport.duplicated
    assert report.photos == 1
    _assert_server_has(village, attachment.sha256)
    assert _outbox(village) == []


def test_a_cancelled_upload_resumes_next_round(
    village: Any, make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "CHUNK_BYTES", 8 * 1024)
    attachment = _add(village, make_image((320, 240), noise=25))
    transport = village.transport(RecordingTransport)
    assert isinstance(transport, RecordingTransport)
    try:
        with pytest.raises(Cancelled):
            _sync(
                village,
                transport,
                cancelled=lambda: [m for m, _p in transport.calls].count("PATCH") >= 2,
            )
    finally:
        transport.close()
    head = village.head(attachment.sha256)
    assert head is not None and int(head["upload-offset"]) == 2 * 8 * 1024

    _sync(village)

    _assert_server_has(village, attachment.sha256)
    assert _outbox(village) == []


def test_a_photo_added_during_the_round_waits_for_the_next_one(
    village: Any, make_image: MakeImage
) -> None:
    early = _add(village, make_image((320, 240), noise=26))
    late_source = make_image((320, 240), noise=27)
    added: list[Attachment] = []

    def progress(phase: str, _done: int, _total: int) -> None:
        if phase == "photos" and not added:
            added.append(_add(village, late_source))  # the officer adds one meanwhile

    _sync(village, progress=progress)

    late = added[0]
    assert _server_version(village, early.id) == 1
    assert _outbox(village) == [("attachment", late.id)]  # not pushed without its blob
    assert village.server.stored_blob(late.sha256) is None

    _sync(village)

    _assert_server_has(village, late.sha256)
    assert _outbox(village) == []
    assert _server_version(village, late.id) == 1


# --- refusals -----------------------------------------------------------------------------


def test_a_blob_declared_over_the_limit_is_refused_413(village: Any) -> None:
    sha256 = _sha(b"x")
    transport = village.transport()
    try:
        with pytest.raises(ServerRefused) as caught:
            transport.request(
                "PATCH",
                f"/api/v1/blobs/{sha256}",
                data=b"x",
                headers={"Upload-Offset": "0", "Upload-Length": str(wire.MAX_BLOB_BYTES + 1)},
            )
    finally:
        transport.close()
    assert caught.value.status == 413
    assert caught.value.message == "照片不能超过 10 MB"
    _assert_server_has_nothing(village, sha256)


def test_a_photo_file_over_the_limit_stops_the_round_with_a_clear_error(
    village: Any,
) -> None:
    data = random.Random(413).randbytes(wire.MAX_BLOB_BYTES + 1)
    sha256 = _sha(data)
    path = photo_path(village.data_dir, sha256)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    with village.db.writing() as session:
        attachment = WritePath(session).create(
            Attachment(
                owner_entity="station",
                owner_id=village.station_id,
                sha256=sha256,
                size=len(data),
                mime="image/jpeg",
                file_name="超大照片.jpg",
            )
        )

    with pytest.raises(PhotoUploadError) as caught:
        _sync(village)

    assert "超大照片.jpg" in caught.value.message
    assert "10 MB" in caught.value.message
    assert ("attachment", attachment.id) in _outbox(village)
    with village.db.reading() as session:
        assert state.get_state(session, state.LAST_ERROR) == caught.value.message
    _assert_server_has_nothing(village, sha256)


def test_wrong_bytes_are_refused_422_and_nothing_is_kept(village: Any) -> None:
    good = random.Random(422).randbytes(50_000)
    sha256 = _sha(good)
    bad = good[:30_000] + bytes(20_000)
    path = f"/api/v1/blobs/{sha256}"
    transport = village.transport()
    try:
        first = transport.request(
            "PATCH",
            path,
            data=bad[:30_000],
            headers={"Upload-Offset": "0", "Upload-Length": str(len(bad))},
        )
        assert first.status == 204
        assert village.server.partial_blob(sha256) is not None
        with pytest.raises(ServerRefused) as caught:
            transport.request(
                "PATCH",
                path,
                data=bad[30_000:],
                headers={"Upload-Offset": "30000", "Upload-Length": str(len(bad))},
            )
    finally:
        transport.close()
    assert caught.value.status == 422
    assert "校验失败" in caught.value.message
    _assert_server_has_nothing(village, sha256)


def test_bytes_damaged_on_the_way_are_uploaded_again_once(
    village: Any, make_image: MakeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "CHUNK_BYTES", 8 * 1024)
    attachment = _add(village, make_image((320, 240), noise=28))
    transport = village.transport(CorruptingTransport)
    try:
        report = _sync(village, transport)
    finally:
        transport.close()

    assert report.photos == 1
    _assert_server_has(village, attachment.sha256)
    assert _outbox(village) == []


def test_bytes_damaged_twice_stop_the_round_and_keep_nothing(
    village: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((320, 240), noise=29), note="损坏测试")
    transport = village.transport(CorruptingTransport)
    assert isinstance(transport, CorruptingTransport)
    transport.times = 10
    try:
        with pytest.raises(PhotoUploadError) as caught:
            upload_pending_photos(village.db, transport, village.data_dir)
    finally:
        transport.close()

    assert attachment.file_name in caught.value.message
    assert "校验两次都失败" in caught.value.message
    _assert_server_has_nothing(village, attachment.sha256)
    assert ("attachment", attachment.id) in _outbox(village)


def test_a_missing_photo_file_names_the_photo(village: Any, make_image: MakeImage) -> None:
    attachment = _add(village, make_image((320, 240), name="敬老院慰问.jpg"))
    photo_path(village.data_dir, attachment.sha256).unlink()

    with pytest.raises(PhotoUploadError) as caught:
        _sync(village)

    assert "敬老院慰问.jpg" in caught.value.message
    assert "找不到" in caught.value.message
    assert ("attachment", attachment.id) in _outbox(village)  # metadata not pushed


def test_a_photo_deleted_before_sync_without_its_file_does_not_block(
    village: Any, make_image: MakeImage
) -> None:
    attachment = _add(village, make_image((320, 240), noise=30))
    with village.db.writing() as session:
        WritePath(session).delete(session.get_one(Attachment, attachment.id))
    photo_path(village.data_dir, attachment.sha256).unlink()

    report = _sync(village)

    assert report.photos == 0
    assert _outbox(village) == []


def test_a_damaged_local_file_is_reported_not_uploaded(village: Any, make_image: MakeImage) -> None:
    attachment = _add(village, make_image((320, 240), name="村委会.jpg"))
    photo_path(village.data_dir, attachment.sha256).write_bytes(b"damaged")

    with pytest.raises(PhotoUploadError) as caught:
        _sync(village)

    assert "村委会.jpg" in caught.value.message
    assert "损坏" in caught.value.message
    _assert_server_has_nothing(village, attachment.sha256)
    with village.db.reading() as session:
        pending = session.scalar(
            select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "attachment")
        )
    assert pending == 1
