"""liaison_wire.files: a file is written whole or not at all, by the workbench and the county."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from liaison_wire.files import remove_leftovers, replace_durably, write_atomically


def test_a_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "草稿.json"
    target.write_bytes(b"old")
    write_atomically(target, "新的内容".encode())
    assert target.read_bytes() == "新的内容".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["草稿.json"]


def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "roster.xlsx"
    target.write_bytes(b"the old workbook")

    def half_then_fail(fh: BinaryIO) -> None:
        fh.write(b"half of a new workb")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]


def test_a_private_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "token"
    write_atomically(target, b"secret", private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_atomically(tmp_path / "shared", b"x")
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o666 & ~_umask()


def test_leftovers_of_a_crash_are_removed_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "demand_form.json"
    target.write_bytes(b"{}")
    crashed = tmp_path / ".demand_form.json.0123456789ab.tmp"
    crashed.write_bytes(b"{")
    other = tmp_path / ".other.json.0123456789ab.tmp"
    other.write_bytes(b"{")
    remove_leftovers(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, target.name]


def test_a_finished_file_is_moved_into_place(tmp_path: Path) -> None:
    written = tmp_path / "photo.partial"
    written.write_bytes(b"jpeg")
    replace_durably(written, tmp_path / "photo.jpg")
    assert (tmp_path / "photo.jpg").read_bytes() == b"jpeg" and not written.exists()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
