"""Helpers of the 首次使用 / 设置 / 同步 tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VILLAGE = ("220122102203", "测试村")


@dataclass
class MessageBoxes:
    """Message boxes the code under test opened, answered at once instead of blocking:
    ``answer`` names the button to press (default: none, as if the box were closed)."""

    shown: list[str] = field(default_factory=list)
    answer: str | None = None


@dataclass
class County:
    url: str
    data_dir: Path

    def command(self, *args: str) -> str:
        """Run a ``liaison-county`` command the way the county's staff do; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "county", "--data-dir", str(self.data_dir), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=True,
        )
        return done.stdout

    def enrol_code(self, village: tuple[str, str] = VILLAGE) -> str:
        """A one-time enrolment code for ``village``."""
        output = self.command("enrol-code", "--village", village[0], "--name", village[1])
        return output.splitlines()[0].strip()
