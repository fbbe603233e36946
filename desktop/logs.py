"""The rotating log file in the data folder (named in the crash dialog and the sync page)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop import paths

LOG_FILE = "liaison.log"


def setup_logging(data_dir: Path) -> Path:
    """Log to ``data_dir/logs/liaison.log`` (1 MB × 5 files). Returns the log path."""
    folder = paths.log_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # One log file at a time: switching to another data folder (the demo) moves the log too.
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
