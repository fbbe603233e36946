"""Where the device's enrolment lives: settings in a JSON file, the token kept secret.

The token never goes into the database file (a copied or backed-up database must not carry
the key to the county server). It goes into the OS keyring where one works (Windows Credential
Manager, macOS Keychain, Secret Service), otherwise into a file only the user can read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from liaison_wire.files import write_atomically

KEYRING_SERVICE = "LiaisonWorkbench"
SETTINGS_FILE = "sync.json"
TOKEN_FILE = "device-token"


@dataclass(frozen=True)
class SyncSettings:
    server_url: str = ""
    device_id: str = ""
    village_code: str = ""
    village_name: str = ""
    ca_file: str = ""
    proxy: str = ""

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.device_id)


def _usable_keyring() -> object | None:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
        return None
    return keyring


class CredentialStore:
    """Settings and token of one data folder (the demo folder has its own)."""

    def __init__(self, data_dir: Path, *, use_keyring: bool = True) -> None:
        self.data_dir = data_dir
        self._keyring = _usable_keyring() if use_keyring else None
        # One keyring entry per data folder, so a demo folder never overwrites the real one.
        self._account = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:32]
        # The settings as last read or saved through this store (the window's one store reads
        # the file once; its saves keep the copy current).
        self._settings: SyncSettings | None = None

    @property
    def settings_path(self) -> Path:
        return self.data_dir / SETTINGS_FILE

    def load_settings(self) -> SyncSettings:
        if self._settings is None:
            try:
                raw = json.loads(self.settings_path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raw = {}
            known = {k: v for k, v in raw.items() if k in SyncSettings.__dataclass_fields__}
            self._settings = SyncSettings(**known)
        return self._settings

    def remember(self, settings: SyncSettings) -> None:
        """Take ``settings`` as current: another store of this folder saved them (the
        enrolment, in a worker thread)."""
        self._settings = settings

    def save_settings(self, settings: SyncSettings) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
        write_atomically(self.settings_path, text.encode(), private=True)
        self._settings = settings

    def load_token(self) -> str | None:
        if self._keyring is not None:
            token = self._keyring.get_password(KEYRING_SERVICE, self._account)  # type: ignore[attr-defined]
            if token:
                return str(token)
        try:
            return (self.data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def save_token(self, token: str) -> str:
        """Store the token; returns where ("keyring" or the file path)."""
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, self._account, token)  # type: ignore[attr-defined]
            except Exception:
                pass
            else:
                (self.data_dir / TOKEN_FILE).unlink(missing_ok=True)
                return "keyring"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / TOKEN_FILE
        write_atomically(path, token.encode(), private=True)
        return str(path)

    def forget_token(self) -> None:
        if self._keyring is not None:
            with contextlib.suppress(Exception):
                self._keyring.delete_password(KEYRING_SERVICE, self._account)  # type: ignore[attr-defined]
        (self.data_dir / TOKEN_FILE).unlink(missing_ok=True)
