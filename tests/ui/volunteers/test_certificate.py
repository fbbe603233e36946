"""志愿服务时长证明: one A4 page whatever the history (the latest twenty activities, earlier ones
summed), the ID number masked, the totals right; from the volunteer's record and from the
command line (``liaison certificate hours``), by name or by id, a namesake refused by name."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.activity import Activity, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database
from desktop.models.entities import Contact, Station
from desktop.models.errors import LiaisonError
from desktop.models.volunteering import record_service
from desktop.models.volunteers import find_volunteer, hours_certificate
from desktop.models.writes import WritePath
from desktop.ui.app_context import AppContext
from desktop.ui.volunteers.certificate import certificate_html, certificate_pages
from desktop.ui.volunteers.detail_dialog import VolunteerDialog

TODAY = dt.date(2026, 12, 7)
ROOT = Path(__file__).resolve().parents[3]


def test_one_page_with_a_long_history_and_the_id_masked(qtbot: QtBot, db: Database) -> None:
    with db.writing() as session:
        station = session.scalars(select(Station)).one()
        writes = WritePath(session)
        contact = writes.create(
            Contact(station_id=station.id, name="张凤兰", id_number="220122198001011234")
        )
        zhang = session.get_one(Volunteer, "v-zhang")
        writes.update(zhang, contact_id=contact.id)
        for n in range(60):  # 60 more activities of 2 hours with a long title
            start = dt.datetime(2025, 1, 1, 8, tzinfo=CHINA_TZ) + dt.timedelta(days=n)
            activity = writes.create(
                Activity(station_id=station.id, title=f"文明实践志愿服务：第{n + 1}次入户走访慰问独居老人和留守儿童",
                         activity_type_code="OTHER", five_task_code="CULTIVATE_VALUES",
                         starts_at=start, ends_at=start + dt.timedelta(hours=2))
            )  # fmt: skip
            session.flush()
            record_service(session, activity, zhang, start, start + dt.timedelta(hours=2))
    with db.reading() as session:
        cert = hours_certificate(session, "v-zhang", TODAY)
    assert (cert.activities, cert.total_minutes) == (71, (110 + 120) * 60)
    assert (len(cert.lines), cert.earlier) == (15, 56)
    assert cert.id_number == "**************1234"
    markup = certificate_html(cert)
    assert "220122198001011234" not in markup and "**************1234" in markup
    assert "累计服务 230 小时" in markup
    assert certificate_pages(cert) == 1


def test_from_the_record_and_from_the_command_line(
    qtbot: QtBot, app: AppContext, host: QWidget, db: Database, tmp_path: Path
) -> None:
    dialog = VolunteerDialog(app, "v-zhang", host)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    written: list[str] = []
    dialog.certificate_written.connect(written.append)
    dialog.write_certificate(tmp_path / "证明")
    qtbot.waitUntil(lambda: bool(written))
    assert written == [str(tmp_path / "证明.pdf")]
    assert (tmp_path / "证明.pdf").read_bytes().startswith(b"%PDF")
    dialog.close()

    out = tmp_path / "cli.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "certificate", "hours", "--volunteer", "张凤兰",
         "--out", str(out), "--data-dir", str(db.path.parent)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "张凤兰 的志愿服务时长证明（1 页）" in done.stdout
    assert out.read_bytes().startswith(b"%PDF")


def test_a_namesake_must_be_named_by_id(db: Database) -> None:
    with db.writing() as session:
        station_id = session.scalars(select(Station.id)).one()
        WritePath(session).create(Volunteer(station_id=station_id, name="张凤兰", phone="13900001111"))
    with pytest.raises(LiaisonError, match="有 2 位志愿者叫“张凤兰”"), db.reading() as session:
        find_volunteer(session, "张凤兰")
    with db.reading() as session:
        assert find_volunteer(session, "v-zhang") == "v-zhang"
    with pytest.raises(LiaisonError, match="没有找到志愿者“王五”"), db.reading() as session:
        find_volunteer(session, "王五")
