"""Whole files or nothing: the one way the workbench and the county server write a file that
must survive a crash or a power cut (a draft, a receipt, a workbook, credentials, a photo, a
sync package, a backup).

The content goes to a temporary file beside the target (same folder, so the rename stays on
one file system), is flushed to the disk, renamed over the target, and the folder is flushed
too, so that the rename itself is on the disk. A reader sees the old file or the new one, never
half of one. Temporary names start with ``.`` and end in ``.tmp``; :func:`remove_leftovers`
clears those a crash left behind.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# The suffix of temporary files (written by :func:`write_atomically`).
TEMP_SUFFIX = ".tmp"


def temporary_path(path: Path) -> Path:
    """A fresh temporary name beside ``path`` (hidden; unique, so two writers never meet)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def write_atomically(
    path: Path,
    content: bytes | Callable[[BinaryIO], object],
    *,
    private: bool = False,
) -> None:
    """Write ``content`` (bytes, or a function writing to the open binary file, such as a
    workbook's ``save``) as the whole of ``path``. ``private``: readable by the owner only.
    Raises OSError (the target untouched, the temporary file removed)."""
    path = Path(path)
    temp = temporary_path(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, bytes):
                fh.write(content)
            else:
                content(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    sync_folder(path.parent)


def replace_durably(written: Path, path: Path) -> None:
    """Rename a file someone else wrote (SQLite's backup, a finished download) over ``path``:
    flushed first, the folder after."""
    fd = os.open(written, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(written, path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files of writes of ``path`` a crash interrupted (never ``path``)."""
    folder = path.parent
    if not folder.is_dir():
        return
    for leftover in folder.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
