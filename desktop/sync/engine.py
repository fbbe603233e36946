"""One sync round: upload pending photos, push the outbox in batches, then pull page by page.

Photo blobs go first, so an attachment's metadata never reaches the county ahead of its bytes;
the push then stops at the last op that existed when the photos were checked (a photo added
while the round runs waits for the next round, together with its blob).

Push comes first so that what is pulled already reflects this device's own writes. Each batch
result and each pulled page is applied in its own local transaction together with its
bookkeeping, so the round can be interrupted anywhere (power cut, killed process, lost
connection) and simply run again. The client's clock is only compared with the server's, to
warn about a skew; it never orders anything.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from sqlalchemy import func, select

import liaison_wire as wire
from desktop.models.base import new_uuid, utcnow
from desktop.models.changes import Changes
from desktop.models.db import Database
from desktop.models.rows.driver import read_all, read_one
from desktop.models.sync_tables import OutboxOp
from desktop.models.sync_views import held_count
from desktop.sync import state
from desktop.sync.apply import apply_changes, apply_push_results, retry_held
from desktop.sync.transport import Answer, Cancelled, SyncError, Transport

# The most ops per push request this client sends: as many as its protocol allows (1,000),
# once the server has said it takes them (wire.HEADER_MAX_PUSH_OPS; until then
# wire.PUSH_OPS_ANY_SERVER). A request, its transaction and its commit cost the county about
# a seventh of a 500-op batch's work.
PUSH_BATCH = wire.MAX_PUSH_OPS
# As many changes per page as the protocol allows (1,000): each page costs the county and
# this PC a request, a transaction and its commit, about a tenth of a page's whole work at 500.
PULL_PAGE = wire.MAX_PULL_LIMIT
# The first page is smaller, and each next one twice the last up to PULL_PAGE: this PC starts
# applying while the county still builds the bigger pages, instead of idling through a whole
# 1,000-change page first (and the progress shows sooner).
PULL_FIRST_PAGE = 250
PULL_AHEAD = 2  # fetched pages that may wait while an earlier one is being applied
# A push request's body stays under this (the server refuses more than wire.MAX_BODY_BYTES);
# each op takes its fields plus about this much for ids and keys.
_PUSH_BODY_BUDGET = wire.MAX_BODY_BYTES * 3 // 4
_OP_ENVELOPE_BYTES = 400

Progress = Callable[[str, int, int], None]


class PendingOp(NamedTuple):
    """An outbox row as pushed (plain columns: cheaper to read than an ORM object)."""

    op_id: str
    device_seq: int
    entity: str
    record_id: str
    op: str
    fields: dict[str, object]
    base_version: int | None


_OUTBOX = OutboxOp.__tablename__
_OUTBOX_SQL = (
    "SELECT op_id, device_seq, entity, record_id, op, fields, base_version,"
    " length(CAST(fields AS BLOB))"
    f" FROM {_OUTBOX} WHERE device_seq > ? AND device_seq <= ? ORDER BY device_seq LIMIT ?"
)
_COUNT_SQL = f"SELECT count(*) FROM {_OUTBOX} WHERE device_seq <= ?"
_NO_LIMIT = 2**63 - 1  # the largest device_seq SQLite can store
_JSON_TYPE = "application/json; charset=utf-8"


def _decode_all(texts: list[str]) -> list[dict[str, object]]:
    """The stored JSON texts of a batch's fields, decoded in one call (as one array)."""
    if not texts:
        return []
    try:
        values: list[dict[str, object]] = orjson.loads("[" + ",".join(texts) + "]")
    except orjson.JSONDecodeError:
        values = []
    if len(values) != len(texts):  # a damaged text: decode one by one, so it fails alone
        values = [_decode(text) for text in texts]
    return values


def _decode(text: str) -> dict[str, object]:
    """One stored text. The ORM writes JSON columns with ``json.dumps``, which also writes
    NaN and infinity: orjson refuses to read those, ``json`` reads them (they would travel as
    null; no field a village writes holds a float)."""
    try:
        value: dict[str, object] = orjson.loads(text)
    except orjson.JSONDecodeError:
        value = json.loads(text)
    return value


def wire_op(op: PendingOp | OutboxOp) -> dict[str, object]:
    """An outbox op as one entry of a push request's ``ops`` (keys in wire order)."""
    return {
        "op_id": op.op_id,
        "device_seq": op.device_seq,
        "entity": op.entity,
        "record_id": op.record_id,
        "op": op.op,
        "fields": op.fields,
        "base_version": op.base_version,
    }


def _push_body(ops: list[PendingOp]) -> bytes:
    """A push request's body, encoded as the transport encodes JSON (UTF-8, Chinese as is,
    compact)."""
    return orjson.dumps({"batch_id": new_uuid(), "ops": [wire_op(op) for op in ops]})


class CountyRestored(SyncError):
    """The county database is not the one this PC last synced with: it was restored from a
    backup (``liaison-county after-restore`` gave it a new epoch). :meth:`SyncEngine.run`
    answers it by sending this PC's records again."""

    def __init__(self, epoch: str) -> None:
        super().__init__("县中心恢复了数据备份，需要重新上报本机的记录，请再同步一次")
        self.epoch = epoch


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    photos: int = 0
    photos_downloaded: int = 0
    photos_waiting: int = 0  # files the county does not have yet: fetched in a later round
    resynced: int = 0  # records sent again because the county restored a backup
    held: int = 0  # pulled records this PC could not take in yet (the 同步 page lists them)
    clock_skew: dt.timedelta | None = None
    messages: list[str] = field(default_factory=list)
    # The synced entities whose local records the round changed (pushed ones are stamped with
    # the county's version, pulled ones written): what the pages must show anew.
    changed_entities: set[str] = field(default_factory=set)

    @property
    def changes(self) -> Changes:
        """What the round changed for the window: the kinds of the records it touched, and the
        sync's own state (pending counts, notices, the last round) always."""
        return Changes.of_entities(self.changed_entities) | Changes(sync_state=True)

    def note_pushed(self, ops: Sequence[PendingOp]) -> None:
        self.changed_entities.update(op.entity for op in ops)

    def note_pulled(self, changes: Sequence[dict[str, Any]], applied: int) -> None:
        """A page was applied (``applied`` records changed locally)."""
        self.pulled += applied
        if applied:
            self.changed_entities.update(str(change.get("entity")) for change in changes)

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew is not None and abs(self.clock_skew) > wire.CLOCK_SKEW_WARNING

    def summary(self) -> str:
        parts = [f"上报 {self.pushed} 条", f"收到 {self.pulled} 条更新"]
        if self.resynced:
            parts.insert(0, f"县中心恢复了数据备份，本机重新上报了 {self.resynced} 条记录")
        if self.photos:
            parts.append(f"上传照片 {self.photos} 张")
        if self.photos_downloaded:
            parts.append(f"下载照片 {self.photos_downloaded} 张")
        if self.photos_waiting:
            parts.append(f"{self.photos_waiting} 张照片县中心还没有收全，下次同步再取")
        if self.duplicates:
            parts.append(f"重复 {self.duplicates} 条（已忽略）")
        if self.conflicts:
            parts.append(f"冲突 {self.conflicts} 处")
        if self.rejected:
            parts.append(f"被退回 {self.rejected} 条")
        if self.held:
            parts.append(f"县中心的 {self.held} 条记录暂时无法接收（见“同步”页）")
        if self.clock_warning and self.clock_skew is not None:
            minutes = round(self.clock_skew.total_seconds() / 60)
            parts.append(f"本机时钟与服务器相差约 {abs(minutes)} 分钟，请校准电脑时间")
        parts.extend(self.messages)  # e.g. a photo that could not be downloaded
        return "，".join(parts)


class SyncEngine:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        clock: Callable[[], dt.datetime] = utcnow,
        photos_dir: Path | None = None,
    ) -> None:
        """``photos_dir``: the data folder's photos folder (``photos.photos_dir(data_dir)``);
        None skips the photo upload and download."""
        self.db = db
        self.photos_dir = photos_dir
        self.transport = transport
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.cancelled = cancelled
        self.clock = clock
        self.report = SyncReport()
        # Ops per push request the server takes, as far as this round knows.
        self.server_push_ops = wire.PUSH_OPS_ANY_SERVER
        self._epoch: str | None = None  # the county database's identity, once checked

    def _note_server_time(self, server_time: str | None) -> None:
        if server_time:
            self.report.clock_skew = self.clock() - wire.parse_utc(server_time)

    def _note_epoch(self, answer: Answer) -> None:
        """Remember the county database's epoch; raise :class:`CountyRestored` when it is not
        the one this PC last synced with (the county restored a backup)."""
        epoch = answer.header(wire.HEADER_FEED_EPOCH)
        if not epoch or epoch == self._epoch:
            return  # an older server sends none
        with self.db.reading() as session:
            known = state.get_state(session, state.FEED_EPOCH)
        if known and known != epoch:
            raise CountyRestored(epoch)
        if not known:  # the first answer this PC gets (a write only then)
            with self.db.writing() as session:
                state.set_state(session, state.FEED_EPOCH, epoch)
        self._epoch = epoch

    def resync(self, epoch: str) -> None:
        """Queue this PC's records to be sent again to a restored county (desktop.sync.resync)."""
        from desktop.sync.resync import queue_resync

        with self.db.writing() as session:
            self.report.resynced += queue_resync(session, epoch, self.photos_dir)
        self._epoch = epoch

    def _note_push_limit(self, announced: str | None) -> None:
        """The ops per push request the server announces (an older server announces none)."""
        if announced is not None and announced.isascii() and announced.isdigit():
            self.server_push_ops = max(1, int(announced))

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise Cancelled()

    def upload_photos(self) -> int | None:
        """Upload the blobs the outbox references. Returns the outbox's last ``device_seq``
        seen before looking (the push must stop there), or None when photos are off."""
        if self.photos_dir is None:
            return None
        from desktop.sync.photos import upload_photo_blobs

        with self.db.reading() as session:
            last_seq = int(session.scalar(select(func.max(OutboxOp.device_seq))) or 0)
        self.report.photos += upload_photo_blobs(
            self.db,
            self.transport,
            self.photos_dir,
            progress=self.progress,
            cancelled=self.cancelled,
        )
        return last_seq

    def download_photos(self) -> None:
        """Fetch the files of attachments this PC has none for (after a pull brought them).
        A photo that fails is named in the report's messages; the round still succeeds."""
        if self.photos_dir is None:
            return
        from desktop.sync.photos import download_photo_blobs

        result = download_photo_blobs(
            self.db,
            self.transport,
            self.photos_dir,
            progress=self.progress,
            cancelled=self.cancelled,
        )
        self.report.photos_downloaded += result.downloaded
        self.report.photos_waiting += result.waiting
        self.report.messages.extend(result.failed)

    def _outbox_batch(self, up_to: int | None, after: int) -> list[PendingOp]:
        """The next ops to push (those after ``device_seq`` ``after``, up to ``up_to``): at
        most ``PUSH_BATCH`` and what the server takes, and fewer if their fields are large,
        so the request stays well under the server's body limit.

        One plain query on the driver connection (the ORM's or Core's result handling costs
        more than the query), and the batch's stored JSON decoded in one call."""
        kept: list[tuple[str, int, str, str, str, int | None]] = []
        texts: list[str] = []
        size = 0
        with self.db.reading() as session:
            rows = read_all(
                session.connection(),
                _OUTBOX_SQL,
                (after, _NO_LIMIT if up_to is None else up_to, min(PUSH_BATCH, self.server_push_ops)),
            )
        for op_id, device_seq, entity, record_id, kind, text, base_version, stored_bytes in rows:
            # The stored JSON's bytes: no fewer than the fields take in the request.
            size += int(stored_bytes or 0) + _OP_ENVELOPE_BYTES
            if kept and size > _PUSH_BODY_BUDGET:
                break
            kept.append((op_id, device_seq, entity, record_id, kind, base_version))
            texts.append("null" if text is None else text)
        return [
            PendingOp(op_id, device_seq, entity, record_id, kind, fields, base_version)
            for (op_id, device_seq, entity, record_id, kind, base_version), fields in zip(
                kept, _decode_all(texts), strict=True
            )
        ]

    def _send_push(self, body: bytes) -> Answer:
        return self.transport.request(
            "POST", "/api/v1/sync/push", data=body, headers={"Content-Type": _JSON_TYPE}
        )

    def push(self, up_to: int | None = None) -> None:
        """Push the outbox; with ``up_to``, only ops up to that ``device_seq``.

        Batches go out one at a time, in ``device_seq`` order, each once the previous one has
        been answered. While the county works on batch N, this PC records the answer to batch
        N-1 and reads and encodes batch N+1; a thread of its own sends N+1 as soon as N is
        answered (the county's work and this PC's overlap). A crash in between loses nothing:
        unrecorded answers come back as ``duplicate`` with the next round. A cancel stops
        before the next batch is sent.
        """
        with self.db.reading() as session:
            counted = read_one(
                session.connection(), _COUNT_SQL, (_NO_LIMIT if up_to is None else up_to,)
            )
            total = int(counted[0]) if counted else 0
        done = 0
        self._check_cancel()
        ops = self._outbox_batch(up_to, 0)
        if not ops:
            return
        with _PushSender(self._send_push, self.cancelled) as sender:
            sender.put(_push_body(ops))
            while ops:
                following = (
                    [] if self.cancelled() else self._outbox_batch(up_to, ops[-1].device_seq)
                )
                if following:
                    sender.put(_push_body(following))  # sent as soon as ``ops`` are answered
                answer = sender.answer()
                self._note_server_time(answer.server_time)
                self._note_push_limit(answer.header(wire.HEADER_MAX_PUSH_OPS))
                with self.db.writing() as session:
                    counts = apply_push_results(session, ops, answer.body.get("results") or [])
                self.report.note_pushed(ops)
                self._note_epoch(answer)
                self.report.pushed += counts["applied"]
                self.report.duplicates += counts["duplicate"]
                self.report.conflicts += counts["conflicts"]
                self.report.rejected += counts["rejected"]
                done += len(ops)
                self.progress("push", done, max(total, done))
                ops = following
        self._check_cancel()

    def _fetch_page(self, cursor: int, limit: int) -> Answer:
        return self.transport.request(
            "GET", "/api/v1/sync/pull", params={"cursor": cursor, "limit": limit}
        )

    def pull(self) -> None:
        """Pull page by page. A thread fetches the pages one after another while earlier ones
        are applied (up to ``PULL_AHEAD`` fetched pages wait), so the county's work, the
        network and this PC's apply overlap and one slow page does not stall the others.
        Each page's cursor is stored with it: a crash, a cancel or an error simply leaves the
        pages fetched but not applied to be fetched again."""
        with self.db.writing() as session:
            # What earlier rounds held back may go in now (the program was updated, the
            # county sent the record it waited for).
            retried = retry_held(session)
            if retried:  # records of any kind may have gone in
                self.report.pulled += retried
                self.report.changed_entities.update(wire.ENTITIES)
            cursor = int(state.get_state(session, state.PULL_CURSOR, "0"))
        self._check_cancel()
        more = True
        with _PageFetcher(self._fetch_page, cursor, self.cancelled, PULL_AHEAD) as pages:
            for answer in pages:
                if self.cancelled():
                    break
                self._note_server_time(answer.server_time)
                page = answer.body
                next_cursor = int(page["next_cursor"])
                more = bool(page.get("has_more"))
                # Before applying: a restored county's copies must not replace what this PC
                # has to send it again.
                self._note_epoch(answer)
                changes = page.get("changes") or []
                with self.db.writing() as session:
                    self.report.note_pulled(changes, apply_changes(session, changes))
                    cursor = next_cursor
                    state.set_state(session, state.PULL_CURSOR, str(cursor))
                self.progress("pull", self.report.pulled, self.report.pulled)
        with self.db.reading() as session:
            self.report.held = held_count(session)
        if more:  # stopped by a cancel, not at the end of the feed
            self._check_cancel()

    def _round(self) -> None:
        self.push(self.upload_photos())
        self.pull()
        self.download_photos()

    def run(self) -> SyncReport:
        """Photos up, push, pull, photos down. Records the outcome in ``sync_state`` for the
        status bar."""
        started = self.clock()
        try:
            try:
                self._round()
            except CountyRestored as restored:
                self.resync(restored.epoch)
                self._round()  # the records go out again, photos first
        except SyncError as error:
            with self.db.writing() as session:
                state.set_state(session, state.LAST_ATTEMPT, wire.utc_iso(started))
                state.set_state(session, state.LAST_ERROR, error.message)
            raise
        with self.db.writing() as session:
            state.set_state(session, state.LAST_ATTEMPT, wire.utc_iso(started))
            state.set_state(session, state.LAST_SUCCESS, wire.utc_iso(self.clock()))
            state.set_state(session, state.LAST_ERROR, "")
            if self.report.clock_skew is not None:
                state.set_state(
                    session, state.CLOCK_OFFSET, str(self.report.clock_skew.total_seconds())
                )
        return self.report


class _PushSender:
    """Sends push bodies in a thread of its own, one after another: each once the previous
    one has been answered, and not at all after ``cancelled()`` or after a failed request.
    :meth:`answer` gives the answers in order, and raises a failed request's error. Leaving
    the ``with`` block sends nothing more and waits for a request under way."""

    def __init__(self, send: Callable[[bytes], Answer], cancelled: Callable[[], bool]) -> None:
        self._send = send
        self._cancelled = cancelled
        self._bodies: queue.Queue[bytes | None] = queue.Queue()
        self._answers: queue.Queue[Answer | BaseException | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-push", daemon=True)

    def __enter__(self) -> _PushSender:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._bodies.put(None)
        self._thread.join()

    def put(self, body: bytes) -> None:
        """Send ``body`` once everything put before it has been answered."""
        self._bodies.put(body)

    def answer(self) -> Answer:
        """The answer to the oldest body put and not answered yet; raises the request's error,
        or :class:`Cancelled` when a cancel stopped it from being sent."""
        item = self._answers.get()
        if item is None:
            raise Cancelled()
        if isinstance(item, BaseException):
            raise item
        return item

    def _run(self) -> None:
        while True:
            body = self._bodies.get()
            if body is None or self._stop.is_set():
                return
            if self._cancelled():
                self._answers.put(None)
                return
            try:
                answer = self._send(body)
            except BaseException as error:  # handed to the consuming thread, raised there
                self._answers.put(error)
                return
            self._answers.put(answer)


class _PageFetcher:
    """Fetches pull pages in a thread of its own, one request after another (each page's
    ``next_cursor`` is the next request's cursor; the first asks for ``PULL_FIRST_PAGE``
    changes, each next one for twice as many, up to ``PULL_PAGE``); at most ``ahead`` fetched
    pages wait to be consumed, and the next request waits for room. Iterating gives the pages
    in order, and raises a failed request's error where its page would have been; it ends
    after the last page (``has_more`` false) or a page fetched after ``cancelled()``. Leaving
    the ``with`` block stops the thread (after a request under way) and waits for it."""

    def __init__(
        self,
        fetch: Callable[[int, int], Answer],
        cursor: int,
        cancelled: Callable[[], bool],
        ahead: int,
    ) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._cancelled = cancelled
        self._pages: queue.Queue[Answer | BaseException | None] = queue.Queue(max(1, ahead))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-pull", daemon=True)

    def __enter__(self) -> _PageFetcher:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def __iter__(self) -> Iterator[Answer]:
        while True:
            item = self._pages.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self) -> None:
        cursor, limit = self._cursor, min(PULL_FIRST_PAGE, PULL_PAGE)
        try:
            while True:
                answer = self._fetch(cursor, limit)
                if not self._put(answer):
                    return
                if not answer.body.get("has_more") or self._cancelled():
                    break
                cursor, limit = int(answer.body["next_cursor"]), min(2 * limit, PULL_PAGE)
        except BaseException as error:  # handed to the consuming thread, raised there
            self._put(error)
            return
        self._put(None)

    def _put(self, item: Answer | BaseException | None) -> bool:
        """Queue ``item``, waiting for room; False once the consumer has left."""
        while not self._stop.is_set():
            try:
                self._pages.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False
