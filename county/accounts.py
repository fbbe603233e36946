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

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from county.models import (
    Admin,
    ConsoleSession,
    Device,
    EnrolCode,
    LoginThrottle,
    Record,
    Village,
    utcnow,
)
from county.sync_service import DeviceContext

ENROL_CODE_LIFETIME = dt.timedelta(hours=72)
# Codes are read over the phone and typed by hand: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_PBKDF2_ITERATIONS = 240_000


class AccountError(Exception):
    """A refused enrolment or login, with a plain-Chinese reason (``locked``: refused because of
    earlier failures, not counted as one)."""

    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.locked = locked


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


# New passwords: Argon2id (argon2-cffi's recommended parameters). A hash names its own
# parameters, so a stored one keeps verifying if these change; older PBKDF2 hashes verify too
# and are replaced by an Argon2 one at the next successful login.
PASSWORDS = PasswordHasher()
ROLE_LABELS = {"COUNTY": "县中心管理员", "TOWNSHIP": "乡镇管理员", "TEAM": "服务队伍"}
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


def legacy_hash(password: str, salt: bytes | None = None) -> str:
    """A PBKDF2 hash as accounts were made before Argon2 (the tests make one to check the
    upgrade at login)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, _PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${_PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def _password_matches(password: str, stored: str) -> bool:
    if stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$")
        candidate = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations)
        )
        return hmac.compare_digest(candidate.hex(), digest)
    try:
        return PASSWORDS.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A hash of a password nobody has: a wrong user name costs as much time as a wrong password.
_NOBODY = PASSWORDS.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    username: str
    role: str  # COUNTY, TOWNSHIP or TEAM
    township_code: str  # a TOWNSHIP account's 9-digit division code
    team_id: str | None  # a TEAM account's team
    display_name: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_county(self) -> bool:
        return self.role == "COUNTY"


def _account(admin: Admin) -> Account:
    return Account(admin.username, admin.role, admin.township_code, admin.team_id,
                   admin.display_name or admin.username)  # fmt: skip


def set_admin(
    session: Session,
    username: str,
    password: str,
    *,
    role: str = "COUNTY",
    township: str = "",
    team_id: str | None = None,
    display_name: str = "",
) -> Account:
    """Create an account, or set an existing one's password and role."""
    username = username.strip()
    if not username or len(username) > 50:
        raise AccountError("用户名应为 1 至 50 个字")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 位")
    if role not in ROLE_LABELS:
        raise AccountError("角色应为 COUNTY（县中心管理员）、TOWNSHIP（乡镇管理员）或 TEAM（服务队伍）")
    if role == "TOWNSHIP" and not (len(township) == 9 and township.isdigit()):
        raise AccountError("乡镇管理员须指定乡镇的 9 位区划代码（村区划代码的前 9 位）")
    if role == "TEAM":
        team = session.get(Record, team_id) if team_id else None
        if team is None or team.entity != "team" or team.deleted_at is not None:
            raise AccountError("服务队伍账号须指定一支已有队伍的编号（liaison-county teams 可查）")
        if team.village_id is not None:
            raise AccountError("服务队伍账号只能开给县中心的队伍；村里的小队在村里的工作台上办理")
    admin = session.get(Admin, username)
    if admin is None:
        admin = Admin(username=username, password_hash="")
        session.add(admin)
    admin.password_hash = hash_password(password)
    # A new password ends the account's console sessions (a stolen one among them).
    for row in session.scalars(select(ConsoleSession).where(ConsoleSession.username == username)):
        session.delete(row)
    admin.role = role
    admin.township_code = township if role == "TOWNSHIP" else ""
    admin.team_id = team_id if role == "TEAM" else None
    admin.display_name = display_name.strip()[:50]
    session.flush()
    return _account(admin)


def check_admin(session: Session, username: str, password: str) -> bool:
    """Whether ``username`` is a 县中心 account with this password (the admin JSON API's
    Basic authentication: scripts act for the whole county)."""
    admin = session.get(Admin, username)
    if admin is None:
        _password_matches(password, _NOBODY)
        return False
    return _password_matches(password, admin.password_hash) and admin.role == "COUNTY"


# Login throttling: this many failures within the window lock the user name until the window
# has passed since the last failure; an address (a whole office behind one router) is locked
# after more, so one clerk's typos do not lock out the others.
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
FAILURE_WINDOW = dt.timedelta(minutes=15)
SESSION_IDLE = dt.timedelta(hours=8)
SESSION_LONGEST = dt.timedelta(days=7)


def _throttle_keys(username: str, address: str) -> list[str]:
    name = username.strip().lower().replace("\x00", "")
    return [f"user:{name}"[:120], f"addr:{address}"[:120]]


def locked_until(
    session: Session, username: str, address: str, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Until when logins as ``username`` or from ``address`` are refused (None: they are not)."""
    return _locked(session, _throttle_keys(username, address), now or utcnow())


def _locked(session: Session, keys: list[str], now: dt.datetime) -> dt.datetime | None:
    until = [
        row.locked_until
        for row in session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
        if row.locked_until is not None and row.locked_until > now
    ]
    return max(until) if until else None


def record_failure(session: Session, username: str, address: str, now: dt.datetime) -> None:
    """Count a failed login against the user name and the address (a transaction of its own,
    so the count survives the refusal)."""
    for key in _throttle_keys(username, address):
        row = session.get(LoginThrottle, key, with_for_update=True)
        if row is None:
            row = LoginThrottle(key=key, failures=0, window_start=now)
            session.add(row)
        if now - row.window_start > FAILURE_WINDOW:
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= (MAX_FAILURES if key.startswith("user:") else MAX_ADDRESS_FAILURES):
            row.locked_until = now + FAILURE_WINDOW


def check_login(
    session: Session, username: str, password: str, address: str, now: dt.datetime | None = None
) -> tuple[Account, str | None]:
    """The account, if the password is right and neither the user name nor the address is
    locked, with a new hash of the password if the stored one is older or weaker (None: it is
    fine); else AccountError (the caller records the failure). Reads only: the slow hash is
    checked outside any writing transaction (on SQLite one would hold up every push)."""
    now = now or utcnow()
    username = username.strip()
    if not username or len(username) > 50 or "\x00" in username or "\x00" in password:
        raise AccountError("用户名或密码不对")
    locked = _locked(session, _throttle_keys(username, address), now)
    if locked is not None:
        minutes = max(1, int((locked - now).total_seconds() + 59) // 60)
        raise AccountError(f"登录失败次数过多，请 {minutes} 分钟后再试", locked=True)
    admin = session.get(Admin, username)
    if admin is None:
        _password_matches(password, _NOBODY)
        raise AccountError("用户名或密码不对")
    if not _password_matches(password, admin.password_hash):
        raise AccountError("用户名或密码不对")
    stale = admin.password_hash.startswith("pbkdf2_sha256$") or PASSWORDS.check_needs_rehash(
        admin.password_hash
    )
    return _account(admin), hash_password(password) if stale else None


def logged_in(session: Session, account: Account, new_hash: str | None, address: str) -> str:
    """After :func:`check_login`: the failures of the user name forgotten, a stale hash
    replaced, a new console session; returns its token."""
    if new_hash is not None:
        session.get_one(Admin, account.username).password_hash = new_hash
    key = _throttle_keys(account.username, address)[0]
    for row in session.scalars(select(LoginThrottle).where(LoginThrottle.key == key)):
        session.delete(row)
    return start_session(session, account, address)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(
    session: Session, account: Account, address: str, now: dt.datetime | None = None
) -> str:
    """A new console session for ``account``; returns the cookie's token."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=_token_hash(token),
            username=account.username,
            csrf=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LONGEST,
            address=address[:64],
        )
    )
    return token


def session_account(
    session: Session, token: str, now: dt.datetime | None = None
) -> tuple[Account, str] | None:
    """The account and CSRF token of a live console session (it is kept alive), or None."""
    now = now or utcnow()
    row = session.get(ConsoleSession, _token_hash(token))
    if row is None:
        return None
    if row.expires_at <= now or now - row.last_seen_at > SESSION_IDLE:
        session.delete(row)
        return None
    admin = session.get(Admin, row.username)
    if admin is None:
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=1):
        row.last_seen_at = now
    return _account(admin), row.csrf


def end_session(session: Session, token: str) -> None:
    row = session.get(ConsoleSession, _token_hash(token))
    if row is not None:
        session.delete(row)
