"""同步包 on this PC: what waits to be reported, written to a file for a USB stick, and the
county's answer to it (回执包) applied as a sync round would apply it.

``export_package`` writes every op the county has not acknowledged, with the photo files
they need, the pull cursor and the county's epoch, signed with this device's key
(liaison_wire.package). The ops stay in the outbox: an answer acknowledges them, or a later
sync over the line (the county answers ``duplicate`` for what it already took from the
package, and the other way round).

``import_answer`` checks that the answer is this device's, then in local transactions:
records the county's answer to each op still waiting (as a push answer), applies the
county's changes page by page (held records as in a pull), keeps the photos, and moves the
pull cursor on only when the answer's changes start at or before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

import liaison_wire as wire
from desktop.models.base import utcnow
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database
from desktop.models.errors import LiaisonError
from desktop.models.photos import blob_path, keep_blob, photos_dir
from desktop.models.sync_tables import OutboxOp
from desktop.models.sync_views import held_count
from desktop.sync import state
from desktop.sync.apply import apply_changes, apply_push_results
from desktop.sync.credentials import CredentialStore, SyncSettings
from desktop.sync.engine import PendingOp, SyncReport, wire_op
from desktop.sync.photos import pending_blobs
from desktop.sync.transport import Cancelled
from liaison_wire import package as pkg

Progress = Callable[[str, int, int], None]
# Changes applied per local transaction (as a pull page).
_PAGE = 1000


class PackageRefused(LiaisonError):
    """A package this PC cannot use, with the reason."""


@dataclass
class Exported:
    path: Path
    ops: int
    photos: int
    missing_photos: int
    bytes: int

    def summary(self) -> str:
        text = f"已导出同步包：{self.ops} 条待上报记录"
        if self.photos:
            text += f"、{self.photos} 张照片"
        if self.missing_photos:
            text += f"（{self.missing_photos} 张照片的文件不在本机，没有带上）"
        return text + f"，共 {self.bytes / 1024 / 1024:.1f} MB"


def _device(data_dir: Path) -> tuple[SyncSettings, bytes]:
    store = CredentialStore(data_dir)
    settings = store.load_settings()
    token = store.load_token() if settings.enrolled else None
    if not settings.enrolled or not token:
        raise PackageRefused(
            "本机还没有在县中心注册：同步包要用注册得到的设备身份签名，请先注册（注册要联网一次，"
            "或在县中心办理）"
        )
    return settings, pkg.package_key(pkg.token_hash(token))


def default_name(settings_village: str, kind: str, now: dt.datetime | None = None) -> str:
    """A file name that says whose package it is and when it was made."""
    moment = (now or utcnow()).astimezone(CHINA_TZ)
    word = "同步包" if kind == pkg.PUSH else "回执包"
    return f"{settings_village or '本村'}-{word}-{moment:%Y%m%d-%H%M}{pkg.SUFFIX}"


def export_package(db: Database, data_dir: Path, path: Path) -> Exported:
    """Write this PC's waiting ops (and their photos) to ``path``."""
    settings, key = _device(data_dir)
    photos = photos_dir(data_dir)
    with db.reading() as session:
        ops = [
            wire_op(op) for op in session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq))
        ]
        blobs = [b.sha256 for b in pending_blobs(session) if not b.deleted]
        cursor = int(state.get_state(session, state.PULL_CURSOR, "0"))
        epoch = state.get_state(session, state.FEED_EPOCH)
    members = {"ops.json": orjson.dumps(ops)}
    missing = 0
    for sha256 in blobs:
        file = blob_path(photos, sha256)
        data = file.read_bytes() if file.is_file() else b""
        if hashlib.sha256(data).hexdigest() != sha256:
            missing += 1  # the attachment goes; its file comes with a later package or sync
            continue
        members[pkg.BLOB_PREFIX + sha256] = data
    package = pkg.Package(
        kind=pkg.PUSH,
        device_id=settings.device_id,
        village_code=settings.village_code,
        village_name=settings.village_name,
        header={
            "package_id": _package_id(ops, cursor),
            "created_at": wire.utc_iso(utcnow()),
            "cursor": cursor,
            "epoch": epoch or None,
            "ops": len(ops),
        },
        members=members,
    )
    pkg.write(path, package, key)
    return Exported(Path(path), len(ops), len(members) - 1, missing, Path(path).stat().st_size)


def _package_id(ops: list[dict[str, object]], cursor: int) -> str:
    """The package's id: the same for the same waiting ops and cursor (so an answer names
    the package it answers)."""
    digest = hashlib.sha256(orjson.dumps([op["op_id"] for op in ops]) + str(cursor).encode())
    return digest.hexdigest()[:32]


def import_answer(
    db: Database,
    data_dir: Path,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """Apply the county's answer at ``path``; returns what it did, as a sync round's report."""
    settings, key = _device(data_dir)
    report_progress = progress or (lambda _phase, _done, _total: None)

    def key_for(manifest: dict[str, Any]) -> bytes:
        if manifest.get("kind") != pkg.ANSWER:
            raise PackageRefused(
                "这是本机导出的同步包，不是县中心的回执包：请把它交给县中心导入，"
                "再导入县中心给的回执包"
            )
        if manifest.get("device_id") != settings.device_id:
            raise PackageRefused("这个回执包是给另一台电脑的，不能在本机导入")
        return key

    try:
        _manifest, answer = pkg.read(path, key_for)
    except pkg.PackageError as error:
        raise PackageRefused(error.message) from error
    if answer.village_code != settings.village_code:
        raise PackageRefused("这个回执包是给另一个村的，不能在本机导入")
    report = SyncReport()
    header = answer.header
    epoch = str(header.get("epoch") or "")
    with db.reading() as session:
        known = state.get_state(session, state.FEED_EPOCH)
    if known and epoch and known != epoch:
        # The county restored a backup since this PC last heard from it: send everything
        # again first (as a sync round does), in the next package.
        from desktop.sync.resync import queue_resync

        with db.writing() as session:
            report.resynced = queue_resync(session, epoch, photos_dir(data_dir))
        report.messages.append(
            "县中心恢复过数据备份：请重新导出同步包交给县中心，本次回执包没有导入"
        )
        return report

    results = answer.json_member("results.json")
    changes = answer.json_member("changes.json")
    if not isinstance(results, list) or not isinstance(changes, list):
        raise PackageRefused("回执包的内容不完整")
    by_op = {r.get("op_id"): r for r in results if isinstance(r, dict)}
    with db.writing() as session:
        waiting = [
            PendingOp(
                op.op_id, op.device_seq, op.entity, op.record_id, op.op, op.fields, op.base_version
            )
            for op in session.scalars(
                select(OutboxOp)
                .where(OutboxOp.op_id.in_(list(by_op)))
                .order_by(OutboxOp.device_seq)
            )
        ]
        counts = apply_push_results(session, waiting, [by_op[op.op_id] for op in waiting])
        report.note_pushed(waiting)
    report.pushed, report.duplicates = counts["applied"], counts["duplicate"]
    report.conflicts, report.rejected = counts["conflicts"], counts["rejected"]

    for start in range(0, len(changes), _PAGE):
        if cancelled():
            raise Cancelled("已取消：已导入的部分保留，再次导入这个回执包会接着完成")
        page = changes[start : start + _PAGE]
        with db.writing() as session:
            report.note_pulled(page, apply_changes(session, page))
        report_progress("pull", min(start + _PAGE, len(changes)), len(changes))

    photos = photos_dir(data_dir)
    for sha256, data in answer.blobs():
        if hashlib.sha256(data).hexdigest() == sha256 and not blob_path(photos, sha256).is_file():
            keep_blob(photos, sha256, data)
            report.photos_downloaded += 1

    with db.writing() as session:
        cursor = int(state.get_state(session, state.PULL_CURSOR, "0"))
        start, end = int(header.get("from_cursor", 0)), int(header.get("next_cursor", 0))
        if start <= cursor < end:
            state.set_state(session, state.PULL_CURSOR, str(end))
        if epoch and not known:
            state.set_state(session, state.FEED_EPOCH, epoch)
        report.held = held_count(session)
    report.messages.append(f"来自回执包“{Path(path).name}”")
    return report
