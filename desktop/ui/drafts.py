"""Drafts of half-filled forms, kept on disk so a closed window, a crash or a power cut never
loses what the officer typed.

A draft is a small JSON file under ``<data dir>/drafts``. It is replaced atomically (written
to a temporary file in the same folder, flushed to the disk, then renamed over the old one),
so a reader finds either the previous draft or the new one, never half a file. Only the UI
keeps drafts; they are not records and never sync.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEMAND_FORM = "demand_form"


class DraftStore:
    def __init__(self, data_dir: Path, name: str = DEMAND_FORM) -> None:
        self.path = Path(data_dir) / "drafts" / f"{name}.json"

    def save(self, content: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        data = json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.stem}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _sync_folder(folder)

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or None when there is none (or it cannot be read)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("cannot read draft %s: %s", self.path, error)
            return None
        try:
            content = json.loads(raw.decode("utf-8"))
        except ValueError:
            log.warning("ignoring unreadable draft %s", self.path)
            return None
        return content if isinstance(content, dict) else None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Temporary files of writes that a crash interrupted (never the draft itself)."""
        folder = self.path.parent
        if not folder.is_dir():
            return
        for leftover in folder.glob(f".{self.path.stem}-*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
