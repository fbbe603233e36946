"""Drafts on disk: written whole or not at all, readable after the writer was killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.ui.common.drafts import DraftStore

ROOT = Path(__file__).resolve().parents[3]


def test_save_load_clear(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    assert store.load() is None
    store.save({"title": "路灯坏了", "requester": {"name": "张三"}})
    assert DraftStore(tmp_path).load() == {"title": "路灯坏了", "requester": {"name": "张三"}}
    store.save({"title": "改过的"})
    assert store.load() == {"title": "改过的"}
    store.clear()
    store.clear()
    assert store.load() is None


def test_a_damaged_draft_is_ignored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b'{"title": "\xe8\xb7')
    assert store.load() is None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_draft_written_by_a_killed_process_is_recovered(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from desktop.ui.common.drafts import DraftStore

        store = DraftStore(Path(sys.argv[1]))
        store.save({"title": "断电前写好的需求", "description": "第一稿"})
        print("saved", flush=True)
        # Keep rewriting until killed: the kill lands in the middle of some write.
        n = 0
        while True:
            n += 1
            store.save({"title": "断电前写好的需求", "description": "x" * 200_000, "n": n})
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"saved"
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    draft = DraftStore(tmp_path).load()
    assert draft is not None
    assert draft["title"] == "断电前写好的需求"
    # A temporary file the kill left behind is swept away by the next write.
    DraftStore(tmp_path).save({"title": "恢复后继续写"})
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["demand_form.json"]
