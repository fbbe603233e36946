"""The sync history (同步记录): newest first, a torn line skipped, trimmed, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.sync import history
from desktop.sync.history import SyncRun, append_sync_run, history_path, read_sync_runs


def _run(minute: int, ok: bool = True, summary: str = "上报 1 条，收到 0 条更新") -> SyncRun:
    at = f"2026-11-29T01:{minute:02d}:00Z"
    return SyncRun(started_at=at, finished_at=at, ok=ok, user_started=False, summary=summary)


def test_history_is_newest_first_and_survives_a_torn_line(tmp_path: Path) -> None:
    assert read_sync_runs(tmp_path) == []
    append_sync_run(tmp_path, _run(1))
    # A power cut in the middle of a write leaves half a line; it is skipped, not fatal.
    with history_path(tmp_path).open("a", encoding="utf-8") as fh:
        fh.write('{"started_at": "2026-11-29T01:0')
        fh.write("\n")
    append_sync_run(tmp_path, _run(2, ok=False, summary="连不上县中心服务器"))
    runs = read_sync_runs(tmp_path)
    assert [(r.started_at, r.ok, r.summary) for r in runs] == [
        ("2026-11-29T01:02:00Z", False, "连不上县中心服务器"),
        ("2026-11-29T01:01:00Z", True, "上报 1 条，收到 0 条更新"),
    ]
    line = history_path(tmp_path).read_text(encoding="utf-8").splitlines()[0]
    assert "连不上" not in line and "上报" in json.loads(line)["summary"]  # UTF-8, not \\u escapes


def test_history_is_trimmed_to_the_newest_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "HISTORY_TRIM_BYTES", 2000)
    monkeypatch.setattr(history, "HISTORY_KEEP", 5)
    for minute in range(30):
        append_sync_run(tmp_path, _run(minute))
    runs = read_sync_runs(tmp_path)
    assert len(runs) <= 15
    assert runs[0].started_at == "2026-11-29T01:29:00Z"
    assert history_path(tmp_path).stat().st_size <= 2000 + 400


def test_history_write_failure_is_not_fatal(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "logs").write_text("a file where the logs folder should be")
    append_sync_run(blocked, _run(1))  # logged, not raised
    assert read_sync_runs(blocked) == []
