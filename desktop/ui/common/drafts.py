"""Drafts of half-filled forms, kept on disk so a closed window, a crash or a power cut never
loses what the officer typed.

A draft is a small JSON file under ``<data dir>/drafts``. It is replaced whole
(``write_atomically``), so a reader finds either the previous draft or the new one, never half
a file. Only the UI
keeps drafts; they are not records and never sync.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from liaison_wire.files import remove_leftovers, write_atomically

log = logging.getLogger(__name__)

DEMAND_FORM = "demand_form"


class DraftStore:
    def __init__(self, data_dir: Path, name: str = DEMAND_FORM) -> None:
        self.path = Path(data_dir) / "drafts" / f"{name}.json"

    def save(self, content: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.path)
        write_atomically(self.path, json.dumps(content, ensure_ascii=False, indent=1).encode())

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
        remove_leftovers(self.path)
