"""活动台账, 志愿者花名册 and 志愿服务台账 as .xlsx: from the command line (``liaison export``), a
header row where county templates have it, one row per record of the period, phones masked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.models.activity import Activity, Volunteer
from desktop.models.beijing import CHINA_TZ
from desktop.models.db import open_database
from desktop.models.entities import Station
from desktop.models.errors import ValidationError
from desktop.models.ledgers import HEADER_ROW, Period
from desktop.models.volunteering import correct_service, record_service
from desktop.models.writes import WritePath


def beijing(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    db = open_database(folder / "workbench.db")
    with db.writing() as session:
        writes = WritePath(session)
        station = writes.create(Station(name="红旗村新时代文明实践站", division_code="220102001001"))
        zhang = writes.create(Volunteer(station_id=station.id, name="张凤兰", phone="13812345678"))
        for month, title in ((10, "重阳节敬老文艺演出"), (11, "身边人讲身边事")):
            activity = writes.create(
                Activity(station_id=station.id, title=title, activity_type_code="FESTIVAL",
                         five_task_code="ENRICH_CULTURE", starts_at=beijing(month, 9, 9),
                         ends_at=beijing(month, 9, 11), audience_count=40)
            )  # fmt: skip
            session.flush()
            record = record_service(session, activity, zhang, beijing(month, 9, 9), beijing(month, 9, 11))
        session.flush()
        correct_service(session, record, -30, "提前离场")
    db.close()
    return folder


def _sheet(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.fixture
def data_dir(tmp_path: Path, template: Path) -> Path:
    shutil.copytree(template, tmp_path / "data")
    return tmp_path / "data"


def test_the_activity_ledger_has_a_row_per_activity_of_the_period(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "活动台账.xlsx"
    assert main(["export", "activities", "--data-dir", str(data_dir), "--out", str(out),
                 "--from", "2026-11-01", "--to", "2026-11-30"]) == 0  # fmt: skip
    assert "已导出 1 场活动" in capsys.readouterr().out
    rows = _sheet(out)
    assert rows[0][0] == "红旗村新时代文明实践站实践活动台账"
    assert "统计期间：2026-11-01 至 2026-11-30" in str(rows[1][0])
    header = rows[HEADER_ROW - 1]
    assert header[:3] == ["序号", "活动名称", "活动类型"]
    [row] = rows[HEADER_ROW:]
    values = dict(zip(header, row, strict=True))
    assert values["活动名称"] == "身边人讲身边事"
    assert values["开始时间"] == "2026-11-09 09:00"
    assert (values["参与群众（人）"], values["志愿者（人）"], values["志愿服务时长（小时）"]) == (40, 1, 1.5)


def test_the_roster_and_the_hours_ledger(data_dir: Path, tmp_path: Path) -> None:
    roster, hours = tmp_path / "花名册.xlsx", tmp_path / "时长.xlsx"
    assert main(["export", "volunteers", "--data-dir", str(data_dir), "--out", str(roster)]) == 0
    rows = _sheet(roster)
    values = dict(zip(rows[HEADER_ROW - 1], rows[HEADER_ROW], strict=True))
    assert (values["姓名"], values["联系电话"], values["累计服务时长（小时）"]) == ("张凤兰", "138****5678", 3.5)
    assert main(["export", "hours", "--data-dir", str(data_dir), "--out", str(hours)]) == 0
    body = _sheet(hours)[HEADER_ROW:]
    assert [(r[2], r[7], r[8]) for r in body] == [
        ("重阳节敬老文艺演出", 2, None),
        ("身边人讲身边事", 2, None),
        ("身边人讲身边事", -0.5, "更正：提前离场"),
    ]


def test_bad_input_gets_a_plain_message(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        Period(dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    assert main(["export", "activities", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.xlsx"),
                 "--from", "2026-11-30", "--to", "2026-11-01"]) == 1  # fmt: skip
    assert "结束日期不能早于开始日期" in capsys.readouterr().err
    assert main(["export", "hours", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.csv")]) == 1
    assert not (tmp_path / "x.xlsx").exists()
    with pytest.raises(SystemExit):
        main(["export", "hours", "--data-dir", str(data_dir), "--out", "y.xlsx", "--from", "11月1日"])
    db = open_database(data_dir / "workbench.db")
    try:
        with db.reading() as session:  # nothing was changed by the refusals
            assert len(session.scalars(select(Activity.title)).all()) == 2
    finally:
        db.close()
