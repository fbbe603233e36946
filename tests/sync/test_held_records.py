"""The village PC never stops on one record: what it cannot take in from the county is held
with its reason, the rest of the page applies, the cursor moves on, and the held records go
in by themselves once they can. Each bad record is one the county stored before it checked
everything (or a newer county's): it used to stop every pull of every PC of the village with
``FOREIGN KEY constraint failed`` or ``NOT NULL constraint failed``, exit 1 and a traceback.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_support import ROOT, VILLAGE_A, CountyServer, RawDevice, VillagePC, demand_fields

from county.feed import FeedEntry, append_feed, county_update
from county.models import Record, utcnow
from desktop import cli
from desktop.__main__ import main as liaison_main
from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import Team
from desktop.models.sync_tables import SyncHeld
from desktop.models.sync_views import list_held
from desktop.sync import state
from desktop.sync.apply import HELD_BAD, HELD_NEWER, HELD_WAITING


def _store(
    county: CountyServer, village: tuple[str, str] | None, entity: str, data: dict[str, Any]
) -> str:
    """A record written straight into the county's database, as an older server took it."""
    village_id = None if village is None else county.village_id(village)
    record_id = str(uuid.uuid4())
    now = utcnow()
    with county.db.writing() as session:
        session.add(
            Record(
                id=record_id,
                entity=entity,
                village_id=village_id,
                version=1,
                data=data,
                field_versions=dict.fromkeys(data, 1),
                field_writers={},
                created_at=now,
                updated_at=now,
            )
        )
        append_feed(session, [FeedEntry(village_id, entity, record_id, 1)])
    return record_id


def _event(demand_id: str) -> dict[str, Any]:
    return {
        "demand_id": demand_id,
        "kind": "REGISTERED",
        "actor": "VILLAGE",
        "occurred_at": "2026-12-07T01:00:00Z",
        "note": "",
    }


def _held(pc: VillagePC) -> dict[str, SyncHeld]:
    with pc.db.reading() as session:
        return {h.record_id: h for h in session.scalars(select(SyncHeld))}


def test_records_the_pc_cannot_take_are_held_and_go_in_once_they_can(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    raw_device: Callable[..., RawDevice],
) -> None:
    device = raw_device(county)
    lost_demand = str(uuid.uuid4())
    orphan = _store(county, VILLAGE_A, "demand_event", _event(lost_demand))
    no_level = _store(
        county,
        None,
        "team",
        {
            "name": "县志愿服务总队",
            "owner": "COUNTY",
            "parent_id": None,
            "station_id": None,
            "active": True,
        },
    )
    newer_kind = _store(county, VILLAGE_A, "village_notice", {"title": "停水通知"})
    newer_field = _store(
        county,
        VILLAGE_A,
        "demand",
        {
            **demand_fields("新字段的需求", device.station_id),
            "status": "SUBMITTED",
            "assigned_team_name": "",
            "result": "",
            "reject_reason": "",
            "satisfaction": 5,
        },
    )
    bad_time = _store(
        county,
        VILLAGE_A,
        "demand",
        {
            **demand_fields("时间不对的需求", device.station_id, registered_at="昨天下午"),
            "status": "SUBMITTED",
            "assigned_team_name": "",
            "result": "",
            "reject_reason": "",
        },
    )
    good = str(uuid.uuid4())
    device.push_ok([device.op("demand", good, "create", device.demand_fields("路灯不亮"))])

    pc = make_village(county, with_station=False)
    report = pc.sync()
    assert report.held == 5, report
    assert "5 条记录暂时无法接收" in report.summary()
    with pc.db.reading() as session:
        assert {d.id for d in session.scalars(select(Demand))} == {good}
        assert int(state.get_state(session, state.PULL_CURSOR, "0")) >= 7  # moved past all
        shown = {h.record_id: h for h in list_held(session)}
    held = _held(pc)
    assert {k: held[k].kind for k in held} == {
        orphan: HELD_WAITING,
        no_level: HELD_BAD,
        newer_kind: HELD_NEWER,
        newer_field: HELD_NEWER,
        bad_time: HELD_BAD,
    }
    assert held[orphan].waiting_for == lost_demand
    assert "还没有从县中心收到" in shown[orphan].reason
    assert "缺少“层级”" in shown[no_level].reason
    assert "请更新" in shown[newer_kind].reason and "village_notice" in shown[newer_kind].reason
    assert "satisfaction" in shown[newer_field].reason
    assert "“登记时间”应为 UTC 时间" in shown[bad_time].reason
    assert all(h.advice for h in shown.values())

    # Round after round: no error, nothing more held, each counted as tried once more.
    again = pc.sync()
    assert again.held == 5
    assert {h.attempts for h in _held(pc).values()} == {2}

    # The county sends what was missing: the demand the event waits for (a PC of the village
    # reports it), a level for the team.
    device.push_ok([device.op("demand", lost_demand, "create", device.demand_fields("水管漏了"))])
    with county.db.writing() as session:
        team = session.get_one(Record, no_level, with_for_update=True)
        entry = county_update(session, team, {"level": "COUNTY"})
        assert entry is not None
        append_feed(session, [entry])
    fixed = pc.sync()
    assert fixed.held == 3
    with pc.db.reading() as session:
        assert session.get_one(DemandEvent, orphan).demand_id == lost_demand
        assert session.get_one(Team, no_level).level == "COUNTY"
    assert set(_held(pc)) == {newer_kind, newer_field, bad_time}


def test_a_page_whose_bulk_apply_fails_is_applied_record_by_record(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    """Both a value the checks let through and a constraint only the database knows hold
    one record each; the others on the same page apply."""
    pc = make_village(county)
    for title in ("一号需求", "二号需求", "三号需求"):
        pc.register(title)
    pc.sync()
    # The same demand number twice (the county took a copy from a broken PC): the second
    # cannot be stored next to the first.
    first = county.demands()[0]
    clash = _store(
        county,
        VILLAGE_A,
        "demand",
        {
            **demand_fields("编号重复的需求", pc.station_id, number=first["number"]),
            "status": "SUBMITTED",
            "assigned_team_name": "",
            "result": "",
            "reject_reason": "",
        },
    )
    other = make_village(county, with_station=False)
    report = other.sync()
    assert report.held == 1
    with other.db.reading() as session:
        assert len(session.scalars(select(Demand)).all()) == 3
        [held] = list_held(session)
    assert held.record_id == clash and held.kind == HELD_BAD


def test_sync_once_never_ends_in_a_traceback(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = make_village(county)
    _store(county, VILLAGE_A, "demand_event", _event(str(uuid.uuid4())))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "sync", "--once", "--data-dir", str(pc.data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 条记录暂时无法接收" in done.stdout
    assert "Traceback" not in done.stderr

    # Something nobody foresaw: one line naming the log, exit 1; the traceback is in the log.
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("模拟的意外错误")

    monkeypatch.setattr(cli, "_sync_once", broken)
    assert liaison_main(["sync", "--once", "--data-dir", str(pc.data_dir)]) == 1
    err = capsys.readouterr().err
    log = Path(pc.data_dir) / "logs" / "liaison.log"
    assert str(log) in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert "RuntimeError: 模拟的意外错误" in log.read_text(encoding="utf-8")
