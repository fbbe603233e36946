"""同步包 at the county: a village's package brought on a USB stick is applied as its pushes
would be over the line, and answered with a 回执包 for the PC (docs/sync-protocol.md).

The package is checked first (liaison_wire.package): the device it names must be enrolled and
not revoked, its key (derived from the stored token hash) must verify the manifest, and the
manifest's village must be the device's. Its photos are kept, its ops go through
``sync_service.push`` in batches of ``wire.MAX_PUSH_OPS``, each batch in its own transaction
exactly as an HTTP push (so importing it twice, or after the same ops came over the line,
changes nothing: the stored answers come back as ``duplicate``). The answer carries one result
per op, every change of the village (and reference data) after the package's pull cursor, and
the photos of the attachments among them, signed with the same key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

import liaison_wire as wire
from county import blobs, sync_service
from county.db import CountyDatabase
from county.models import AuditLog, Device, FeedCounter, Village, utcnow
from county.sync_service import DeviceContext
from liaison_wire import package as pkg

# Photos the answer carries at most (those beyond come with a later answer or sync).
MAX_ANSWER_PHOTO_BYTES = 200 * 1024 * 1024


class PackageRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Imported:
    village_name: str
    device_name: str
    ops: int
    statuses: dict[str, int]
    photos: int
    changes: int
    answer: Path

    def summary(self) -> str:
        counted = "，".join(f"{_STATUS_WORDS.get(k, k)} {v} 条" for k, v in self.statuses.items())
        return (
            f"已导入{self.village_name}（{self.device_name}）的同步包：{self.ops} 条记录"
            + (f"（{counted}）" if counted else "")
            + (f"，照片 {self.photos} 张" if self.photos else "")
            + f"。回执包（含 {self.changes} 条县中心的更新）已写到 {self.answer}，"
            "请带回村里在联络员工作台导入。"
        )


_STATUS_WORDS = {
    "applied": "接收",
    "applied_with_conflict": "接收（有冲突）",
    "duplicate": "已接收过",
    "rejected": "退回",
}


def import_package(
    db: CountyDatabase, data_dir: Path, path: Path, answer_path: Path | None = None
) -> Imported:
    """Apply the village package at ``path`` and write its answer (next to it by default)."""
    device: dict[str, Any] = {}

    def key_for(manifest: dict[str, Any]) -> bytes:
        if manifest.get("kind") != pkg.PUSH:
            raise PackageRefused("这是县中心给村里的回执包，不是村里的同步包，应在村里的电脑上导入")
        with db.reading() as session:
            row = session.execute(
                select(Device, Village)
                .join(Village, Device.village_id == Village.id)
                .where(Device.id == str(manifest["device_id"]))
            ).first()
        if row is None:
            raise PackageRefused("同步包的设备没有在县中心注册，不能导入")
        found, village = row
        if found.revoked_at is not None:
            raise PackageRefused(f"同步包的设备“{found.name}”已被注销，不能导入")
        key = pkg.package_key(found.token_hash)
        device.update(
            context=DeviceContext(found.id, found.village_id),
            name=found.name,
            village_code=village.code,
            village_name=village.name,
            key=key,
        )
        return key

    try:
        _manifest, package = pkg.read(path, key_for)
    except pkg.PackageError as error:
        raise PackageRefused(error.message) from error
    if package.village_code != device["village_code"]:
        raise PackageRefused(
            f"同步包写的是“{package.village_name}”，但它的设备属于“{device['village_name']}”，不能导入"
        )
    context: DeviceContext = device["context"]
    ops = package.json_member("ops.json")
    if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
        raise PackageRefused("同步包的内容不完整")
    # Checked as a push request is: one malformed op refuses the package whole.
    from fastapi.exceptions import RequestValidationError

    from county.http import parse_push

    checked: list[dict[str, Any]] = []
    try:
        for start in range(0, len(ops), wire.MAX_PUSH_OPS):
            checked += parse_push(orjson.dumps({"ops": ops[start : start + wire.MAX_PUSH_OPS]}))
    except RequestValidationError as error:
        raise PackageRefused("同步包里的记录格式不对，不能导入") from error

    photos = 0
    blob_root = data_dir / "blobs"
    with db.writing() as session:
        for sha256, data in package.blobs():
            try:
                photos += blobs.store_complete(session, blob_root, context.village_id, sha256, data)
            except blobs.BlobError as error:
                raise PackageRefused(f"同步包里的照片有问题：{error.message}") from error

    results: list[dict[str, Any]] = []
    for start in range(0, len(checked), wire.MAX_PUSH_OPS):
        with db.writing() as session:
            results += sync_service.push(
                session, context, checked[start : start + wire.MAX_PUSH_OPS]
            )
    statuses: dict[str, int] = {}
    for result in results:
        status = str(result["status"])  # (a duplicate counts as such, whatever it was)
        statuses[status] = statuses.get(status, 0) + 1

    cursor = package.header.get("cursor")
    from_cursor = cursor if isinstance(cursor, int) and 0 <= cursor <= wire.INT_MAX else 0
    changes: list[dict[str, Any]] = []
    next_cursor, more = from_cursor, True
    with db.reading() as session:
        epoch = session.get_one(FeedCounter, 1).epoch or ""
        while more:
            page = sync_service.pull(session, context.village_id, next_cursor, wire.MAX_PULL_LIMIT)
            changes += page["changes"]
            next_cursor, more = page["next_cursor"], page["has_more"]
        answer_blobs = _answer_photos(session, blob_root, context.village_id, changes, package)

    answer = pkg.Package(
        kind=pkg.ANSWER,
        device_id=context.device_id,
        village_code=device["village_code"],
        village_name=device["village_name"],
        header={
            "answers_package": package.header.get("package_id"),
            "created_at": wire.utc_iso(utcnow()),
            "from_cursor": from_cursor,
            "next_cursor": next_cursor,
            "epoch": epoch,
            "results": len(results),
            "changes": len(changes),
        },
        members={
            "results.json": orjson.dumps(results),
            "changes.json": orjson.dumps(changes),
            **{pkg.BLOB_PREFIX + sha: data for sha, data in answer_blobs.items()},
        },
    )
    local = utcnow().astimezone(dt.timezone(dt.timedelta(hours=8)))
    target = answer_path or path.with_name(
        f"{device['village_name']}-回执包-{local:%Y%m%d-%H%M%S}{pkg.SUFFIX}"
    )
    pkg.write(target, answer, device["key"])
    with db.writing() as session:
        session.add(
            AuditLog(
                actor="cli",
                action="import-package",
                detail=f"{device['village_code']} {device['name']}：{len(ops)} 条，{statuses}",
            )
        )
    return Imported(
        device["village_name"], device["name"], len(ops), statuses, photos, len(changes), target
    )


def _answer_photos(
    session: Any,
    root: Path,
    village_id: int,
    changes: list[dict[str, Any]],
    package: pkg.Package,
) -> dict[str, bytes]:
    """The photo files of the attachments among ``changes`` that the county has whole, other
    than those the package brought itself, up to MAX_ANSWER_PHOTO_BYTES."""
    brought = {sha for sha, _ in package.blobs()}
    found: dict[str, bytes] = {}
    size = 0
    for change in changes:
        if change["entity"] != "attachment" or change["deleted"]:
            continue
        sha256 = change["fields"].get("sha256")
        if not isinstance(sha256, str) or sha256 in brought or sha256 in found:
            continue
        try:
            file = blobs.complete_file(session, root, village_id, sha256)
        except blobs.BlobError:
            continue
        if file is None:
            continue
        data = file.read_bytes()
        if size + len(data) > MAX_ANSWER_PHOTO_BYTES:
            break
        found[sha256] = data
        size += len(data)
    return found
