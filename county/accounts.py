"""Devices, enrolment codes and county administrators.

Only hashes of enrolment codes, device tokens and passwords are stored. A device's village is
looked up from its token on every request; a request body never names the village.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from county.models import Admin, Device, EnrolCode, Village, utcnow
from county.sync_service import DeviceContext

ENROL_CODE_LIFETIME = dt.timedelta(hours=72)
# Codes are read over the phone and typed by hand: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_PBKDF2_ITERATIONS = 240_000


class AccountError(Exception):
    """A refused enrolment or login, with a plain-Chinese reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def ensure_village(session: Session, code: str, name: str) -> Village:
    if len(code) != 12 or not code.isdigit():
        raise AccountError("村的统计用区划代码应为 12 位数字")
    village = session.scalar(select(Village).where(Village.code == code))
    if village is None:
        village = Village(code=code, name=name)
        session.add(village)
        session.flush()
    elif name and village.name != name:
        village.name = name
    return village


def create_enrol_code(
    session: Session,
    village_code: str,
    village_name: str,
    device_name: str = "",
    now: dt.datetime | None = None,
) -> tuple[str, dt.datetime]:
    """A new single-use code for one village, and when it expires."""
    now = now or utcnow()
    village = ensure_village(session, village_code, village_name)
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    expires = now + ENROL_CODE_LIFETIME
    session.add(
        EnrolCode(
            code_hash=_digest(raw),
            village_id=village.id,
            device_name=device_name or village_name,
            created_at=now,
            expires_at=expires,
        )
    )
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4)), expires


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    token: str
    village_code: str
    village_name: str


def enrol(
    session: Session, code: str, device_name: str, now: dt.datetime | None = None
) -> Enrolment:
    now = now or utcnow()
    entry = session.scalar(
        select(EnrolCode)
        .where(EnrolCode.code_hash == _digest(normalise_code(code)))
        .with_for_update()
    )
    if entry is None:
        raise AccountError("注册码不正确，请核对后重新输入（注册码由县中心提供）")
    if entry.used_at is not None:
        raise AccountError("这个注册码已经用过了，每个注册码只能用一次，请向县中心申请新的")
    if entry.expires_at <= now:
        raise AccountError("这个注册码已过期（有效期 72 小时），请向县中心申请新的")
    village = session.get_one(Village, entry.village_id)
    device_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    session.add(
        Device(
            id=device_id,
            village_id=village.id,
            name=device_name.strip() or entry.device_name,
            token_hash=_digest(token),
            enrolled_at=now,
        )
    )
    entry.used_at = now
    entry.device_id = device_id
    return Enrolment(device_id, token, village.code, village.name)


def authenticate_device(session: Session, token: str) -> DeviceContext | None:
    """The device behind ``token``, or None if unknown or revoked."""
    device = session.scalar(select(Device).where(Device.token_hash == _digest(token)))
    if device is None or device.revoked_at is not None:
        return None
    return DeviceContext(device.id, device.village_id)


def revoke_device(session: Session, device_id: str, now: dt.datetime | None = None) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise AccountError(f"没有编号为 {device_id} 的设备")
    if device.revoked_at is None:
        device.revoked_at = now or utcnow()
    return device


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, _PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${_PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def _password_matches(password: str, stored: str) -> bool:
    _, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations)
    )
    return hmac.compare_digest(candidate.hex(), digest)


def set_admin(session: Session, username: str, password: str) -> None:
    if len(password) < 10:
        raise AccountError("管理员密码至少 10 位")
    admin = session.get(Admin, username)
    if admin is None:
        session.add(Admin(username=username, password_hash=hash_password(password)))
    else:
        admin.password_hash = hash_password(password)


def check_admin(session: Session, username: str, password: str) -> bool:
    admin = session.get(Admin, username)
    if admin is None:
        # Spend the same time as a real check so a wrong user name is not faster to find out.
        _password_matches(password, hash_password("x" * 10, b"0" * 16))
        return False
    return _password_matches(password, admin.password_hash)
