"""Helpers of the 首次使用 / 设置 / 同步 tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ui_support import VILLAGE, County

__all__ = ["ROOT", "VILLAGE", "County", "MessageBoxes"]

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class MessageBoxes:
    """Message boxes the code under test opened, answered at once instead of blocking:
    ``answer`` names the button to press (default: none, as if the box were closed)."""

    shown: list[str] = field(default_factory=list)
    answer: str | None = None
