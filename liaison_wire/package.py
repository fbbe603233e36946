"""同步包: a village's sync carried on a USB stick, for a village without a line for weeks.

A package is a ZIP file. Its ``manifest.json`` says what it is (``kind``: ``push`` from a
village PC, ``answer`` from the county), for which device and village, and the SHA-256 of
every other member; its ``mac`` authenticates the manifest, and so the whole package:

    key = HMAC-SHA256(key = SHA-256(device token), message = "liaison-sync-package/1")
    mac = HMAC-SHA256(key, the manifest as canonical JSON without "mac")

The county keeps only the SHA-256 of each device token (``device.token_hash``), so it can
derive the key of any enrolled device and check a package, and sign its answer with the same
key, which the PC checks in turn; nobody without the token (or the county's database) can
make a package the county takes or an answer the PC takes. The manifest names the device and
its village, so a package checked with another device's key fails, and the county also
refuses a package naming another village than the device's.

Members: ``ops.json`` (push: the outbox ops as a push request carries them), ``results.json``
and ``changes.json`` (answer: one push result per op, the pulled changes in ``seq`` order),
``blobs/<sha256>`` (photo files). Reading checks every size against a limit before unpacking
it and every member against its SHA-256, so a damaged or doctored file is refused whole and a
"zip bomb" is never unpacked. Shared by both sides; standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from liaison_wire.files import write_atomically

FORMAT = "liaison-sync-package"
VERSION = 1
PUSH = "push"
ANSWER = "answer"
SUFFIX = ".lwsync"
MANIFEST = "manifest.json"
BLOB_PREFIX = "blobs/"
_KEY_LABEL = b"liaison-sync-package/1"

# Limits on what a package may unpack to: the manifest, one member, all of them together.
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class PackageError(ValueError):
    """A package that cannot be used, with the reason in words for the officer or clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    """What the county stores of a device token (and derives the package key from)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def package_key(stored_hash: str) -> bytes:
    """The key that signs a device's packages, from the SHA-256 of its token (hex)."""
    return hmac.new(bytes.fromhex(stored_hash), _KEY_LABEL, hashlib.sha256).digest()


def _canonical(manifest: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def mac_of(manifest: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()


@dataclass
class Package:
    """A package being written or one that was read (members by name, as bytes)."""

    kind: str
    device_id: str
    village_code: str
    village_name: str
    header: dict[str, Any] = field(default_factory=dict)  # the kind's own manifest entries
    members: dict[str, bytes] = field(default_factory=dict)

    def json_member(self, name: str) -> Any:
        data = self.members.get(name)
        if data is None:
            raise PackageError(f"同步包缺少“{name}”，文件不完整")
        try:
            return json.loads(data)
        except ValueError as error:
            raise PackageError(f"同步包里的“{name}”已损坏") from error

    def blobs(self) -> Iterator[tuple[str, bytes]]:
        for name, data in self.members.items():
            if name.startswith(BLOB_PREFIX):
                yield name.removeprefix(BLOB_PREFIX), data


def write(path: Path, package: Package, key: bytes) -> None:
    """Write ``package`` to ``path``, whole or not at all (``write_atomically``: a
    half-written package never carries the final name)."""
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kind": package.kind,
        "device_id": package.device_id,
        "village": {"code": package.village_code, "name": package.village_name},
        **package.header,
        "members": {
            name: hashlib.sha256(data).hexdigest() for name, data in package.members.items()
        },
    }
    manifest["mac"] = mac_of(manifest, key)

    def write_zip(fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in package.members.items():
                # Photos are JPEGs already: stored as they are.
                kind = zipfile.ZIP_STORED if name.startswith(BLOB_PREFIX) else zipfile.ZIP_DEFLATED
                archive.writestr(name, data, compress_type=kind)

    write_atomically(Path(path), write_zip)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the package at ``path``, checked for its format (not yet its mac)."""
    with _open(path) as archive:
        return _manifest(archive)


def read(path: Path, key_for: Any) -> tuple[dict[str, Any], Package]:
    """Read and check the package at ``path``: ``key_for(manifest)`` gives the key of the
    device the manifest names (raising PackageError if there is none). Returns the manifest
    and the package; raises PackageError for anything wrong."""
    with _open(path) as archive:
        manifest = _manifest(archive)
        key = key_for(manifest)
        if not hmac.compare_digest(str(manifest.get("mac", "")), mac_of(manifest, key)):
            raise PackageError("同步包校验失败：文件被改动过，或者不是这台设备的同步包，不能使用")
        listed = manifest.get("members")
        if not isinstance(listed, dict):
            raise PackageError("同步包的清单不完整")
        infos = {info.filename: info for info in archive.infolist()}
        total = 0
        for name in listed:
            info = infos.get(name)
            if info is None:
                raise PackageError(f"同步包缺少“{name}”，文件不完整")
            if info.file_size > MAX_MEMBER_BYTES:
                raise PackageError(f"同步包里的“{name}”太大，不能使用")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError("同步包太大，不能使用")
        members: dict[str, bytes] = {}
        for name, digest in listed.items():
            data = _read_member(archive, infos[name])
            if hashlib.sha256(data).hexdigest() != digest:
                raise PackageError(f"同步包里的“{name}”已损坏（校验不符），不能使用")
            if name.startswith(BLOB_PREFIX) and not _SHA256.fullmatch(
                name.removeprefix(BLOB_PREFIX)
            ):
                raise PackageError(f"同步包里的“{name}”名称不对")
            members[name] = data
    village = manifest.get("village") or {}
    known = {"format", "version", "kind", "device_id", "village", "members", "mac"}
    return manifest, Package(
        kind=str(manifest["kind"]),
        device_id=str(manifest["device_id"]),
        village_code=str(village.get("code", "")),
        village_name=str(village.get("name", "")),
        header={k: v for k, v in manifest.items() if k not in known},
        members=members,
    )


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise PackageError(f"找不到文件“{path}”") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise PackageError(f"“{Path(path).name}”不是同步包，或者文件已损坏") from error


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError as error:
        raise PackageError("这个文件不是联络员工作台的同步包") from error
    if info.file_size > MAX_MANIFEST_BYTES:
        raise PackageError("同步包的清单太大，不能使用")
    try:
        manifest = json.loads(_read_member(archive, info))
    except (ValueError, PackageError) as error:
        raise PackageError("同步包的清单已损坏") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError("这个文件不是联络员工作台的同步包")
    if manifest.get("version") != VERSION:
        raise PackageError(
            f"同步包的格式版本是 {manifest.get('version')}，本程序只认识 {VERSION}，请更新程序"
        )
    if manifest.get("kind") not in (PUSH, ANSWER) or not isinstance(manifest.get("device_id"), str):
        raise PackageError("同步包的清单不完整")
    return manifest


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than it declares (zipfile checks its CRC too)."""
    out = io.BytesIO()
    try:
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > info.file_size:
                    raise PackageError(f"同步包里的“{info.filename}”已损坏")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise PackageError(f"同步包里的“{info.filename}”已损坏") from error
    return out.getvalue()
