"""The error hierarchy shared by the domain layer, the sync client and the UI.

Environmental failures (a damaged file, a full disk, a read-only folder, bad input) carry a
plain-Chinese message meant for the officer; anything else that escapes is a bug.
"""

from __future__ import annotations

from liaison_wire.errors import LiaisonError, ValidationError

__all__ = ["LiaisonError", "ValidationError"]


class StorageError(LiaisonError):
    """The database file cannot be used as it is (damaged, foreign, unwritable, disk full)."""


class DatabaseDamagedError(StorageError):
    """``quick_check`` / ``integrity_check`` failed: offer a backup, never overwrite the file."""

    def __init__(self, message: str, path: str, details: list[str]) -> None:
        super().__init__(message)
        self.path = path
        self.details = details


class ForeignDatabaseError(StorageError):
    """The file is not a workbench database (another program's SQLite file, or not SQLite)."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path
