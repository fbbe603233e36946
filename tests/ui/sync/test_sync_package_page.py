"""同步 page without a line: 导出同步包 writes what waits to a file for the USB stick, the
county imports it (``liaison-county import-package``, as its staff do) and 导入回执包 takes
the answer in; each button works again after it has been used, and a wrong file is refused in
plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from settings_support import MessageBoxes
from ui_support import VILLAGE, Workbench, running_county, workbench

from desktop.models.demands import DemandInput, register_demand
from desktop.models.station_setup import StationInput, save_station
from desktop.models.sync_tables import OutboxOp
from desktop.sync.history import read_sync_runs
from desktop.sync.setup import enrol_device
from desktop.ui.sync.page import SyncPage


def _message(qtbot: QtBot, boxes: MessageBoxes) -> str:
    """The next message box the page shows (answered at once, see conftest)."""
    seen = len(boxes.shown)
    qtbot.waitUntil(lambda: len(boxes.shown) > seen, timeout=20_000)
    return boxes.shown[-1]


def _waiting(bench: Workbench) -> int:
    with bench.context.db.reading() as session:
        return session.query(OutboxOp).count()


def test_a_package_out_and_its_answer_in_from_the_sync_page(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: MessageBoxes
) -> None:
    folder = tmp_path / "村电脑"
    stick = tmp_path / "U盘"
    stick.mkdir()
    county_dir = tmp_path / "县中心"
    county_dir.mkdir()
    with running_county(county_dir) as county:
        enrol_device(folder, county.url, county.enrol_code())
    # The line is gone from here on (the server has stopped).
    with workbench(qtbot, folder, empty=True) as bench:
        with bench.context.db.writing() as session:
            station = save_station(session, StationInput("测试村新时代文明实践站", VILLAGE[0])).value
            for title in ("三组路灯坏了", "想学智能手机"):
                register_demand(
                    session,
                    station.id,
                    DemandInput(
                        channel="NEEDS_DESK", category_code="HEALTH", title=title, anonymous=True
                    ),
                )
        waiting = _waiting(bench)
        page = bench.page(SyncPage)
        bench.settle(qtbot)
        assert page.export_button.isEnabled() and page.import_button.isEnabled()

        for turn in range(2):  # the buttons work again after they have been used
            package = stick / f"同步包{turn}.lwsync"
            monkeypatch.setattr(
                QFileDialog,
                "getSaveFileName",
                staticmethod(lambda *_a, p=package, **_k: (str(p), "")),
            )
            qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
            said = _message(qtbot, message_boxes)
            assert "已导出同步包" in said and str(package) in said
            assert _waiting(bench) == (waiting if turn == 0 else 0)

            answer = stick / f"回执包{turn}.lwsync"
            imported = county.command("import-package", str(package), "--answer", str(answer))
            assert "已导入" in imported

            monkeypatch.setattr(
                QFileDialog,
                "getOpenFileName",
                staticmethod(lambda *_a, p=answer, **_k: (str(p), "")),
            )
            qtbot.waitUntil(lambda: not bench.window.sync.running)  # (an automatic round)
            qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
            said = _message(qtbot, message_boxes)
            assert said.startswith("已导入回执包") and "来自回执包" in said
            bench.settle(qtbot)
            assert _waiting(bench) == 0

        # The rounds are in the sync log; the county's own package is no answer.
        assert len([r for r in read_sync_runs(folder) if r.ok]) == 2
        monkeypatch.setattr(
            QFileDialog,
            "getOpenFileName",
            staticmethod(lambda *_a, **_k: (str(stick / "同步包0.lwsync"), "")),
        )
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert "不是县中心的回执包" in _message(qtbot, message_boxes)
        assert page.import_button.isEnabled()
