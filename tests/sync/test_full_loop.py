"""The whole 五单 loop across the wire, as the officer and the county centre live it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from sqlalchemy import select
from sync_support import VILLAGE_A, CountyServer, VillagePC, basic_auth

from county.__main__ import main as county_main
from desktop.__main__ import main
from desktop.models.demand import Demand, DemandEvent
from desktop.models.demands import evaluate_demand
from desktop.models.sync_tables import OutboxOp, SyncRejection


def _events(pc: VillagePC, demand_id: str) -> list[str]:
    with pc.db.reading() as session:
        rows = session.scalars(
            select(DemandEvent)
            .where(DemandEvent.demand_id == demand_id)
            .order_by(DemandEvent.occurred_at, DemandEvent.id)
        )
        return [e.kind for e in rows]


def test_register_dispatch_resolve_evaluate_round_trip(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    demand_id = pc.register("想请医生来村里给老人量血压")

    report = pc.sync()
    assert report.rejected == 0 and not pc.outbox()
    at_county = county.demand(demand_id)
    assert at_county["status"] == "SUBMITTED"
    assert at_county["title"] == "想请医生来村里给老人量血压"
    assert [d["id"] for d in county.demands()] == [demand_id]

    county.dispatch(demand_id, "县卫健志愿服务队")
    county.claim(demand_id)
    county.resolve(demand_id, "已安排医生于周六上门量血压，共服务 12 位老人")

    report = pc.sync()
    assert report.pulled >= 1
    local = pc.demand(demand_id)
    assert local.status == "RESOLVED"
    assert local.assigned_team_name == "县卫健志愿服务队"
    assert local.result == "已安排医生于周六上门量血压，共服务 12 位老人"
    assert local.resolved_at is not None and local.dispatched_at is not None
    events = _events(pc, demand_id)
    assert events[0] == "REGISTERED"
    for kind in ("TRIAGED", "LISTED", "DISPATCHED", "CLAIMED", "IN_PROGRESS", "RESOLVED"):
        assert kind in events, events

    with pc.db.writing() as session:
        demand = session.get_one(Demand, demand_id)
        evaluate_demand(session, demand, "VERY_SATISFIED", "医生很耐心")
    report = pc.sync()
    assert report.rejected == 0 and report.conflicts == 0
    assert not pc.outbox()

    at_county = county.demand(demand_id)
    assert at_county["status"] == "FEEDBACK_GIVEN"
    assert at_county["evaluation"] == "VERY_SATISFIED"
    assert at_county["evaluation_note"] == "医生很耐心"
    assert at_county["evaluated_at"]
    assert pc.demand(demand_id).status == "FEEDBACK_GIVEN"
    # The village's own EVALUATED event reached the county too.
    assert any(r.data.get("kind") == "EVALUATED" for r in county.records(VILLAGE_A))

    # The county can now close it, and the village sees that as well.
    county.admin_ok("POST", f"/api/v1/admin/demands/{demand_id}/close")
    pc.sync()
    assert pc.demand(demand_id).status == "CLOSED"


def test_demo_enrol_and_sync_once_from_the_command_line(
    county: CountyServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "演示村"
    args = ["--data-dir", str(data_dir)]
    assert (
        main(
            [
                "demo",
                *args,
                "--unsynced",
                "--demands",
                "40",
                "--contacts",
                "30",
                "--activities",
                "6",
                "--volunteers",
                "8",
            ]
        )
        == 0
    )
    # The county side from its command line too: an enrolment code, a second administrator.
    capsys.readouterr()
    county_args = ["--data-dir", str(county.data_dir)]
    if county.database_url:
        county_args += ["--database-url", county.database_url]
    assert (
        county_main([*county_args, "enrol-code", "--village", VILLAGE_A[0], "--name", VILLAGE_A[1]])
        == 0
    )
    code = capsys.readouterr().out.splitlines()[0].strip()
    monkeypatch.setattr("sys.stdin", io.StringIO("第二位管理员的登录密码\n"))
    assert county_main([*county_args, "admin-add", "值班员", "--password-stdin"]) == 0
    capsys.readouterr()

    assert main(["enrol", *args, "--server", county.url, "--code", code]) == 0
    assert "注册成功" in capsys.readouterr().out

    assert main(["sync", "--once", *args]) == 0
    out = capsys.readouterr().out
    assert "同步完成" in out

    from desktop.models.db import open_database

    db = open_database(data_dir / "workbench.db")
    try:
        with db.reading() as session:
            local = set(session.scalars(select(Demand.id).where(Demand.deleted_at.is_(None))))
            waiting = list(session.scalars(select(OutboxOp)))
            rejected = list(session.scalars(select(SyncRejection)))
    finally:
        db.close()
    assert len(local) == 40
    assert waiting == []
    assert [(r.entity, r.reason) for r in rejected] == []
    assert {d["id"] for d in county.demands()} == local
    with requests.get(
        county.url + "/api/v1/admin/demands",
        params={"village": VILLAGE_A[0], "limit": 1000},
        headers={"Authorization": basic_auth("值班员", "第二位管理员的登录密码")},
        timeout=30,
    ) as answer:
        assert answer.status_code == 200
        assert {d["id"] for d in answer.json()["demands"]} == local
    # A second round has nothing to send and changes nothing at the county.
    before = county.snapshot()
    assert main(["sync", "--once", *args]) == 0
    assert county.snapshot()["records"] == before["records"]
    # The scheduled rounds show in the 同步 page's history, newest first.
    from desktop.sync.history import read_sync_runs

    runs = read_sync_runs(data_dir)
    assert [run.ok for run in runs] == [True, True]
    assert runs[0].pushed == 0 and runs[1].pushed > 0 and not runs[0].user_started
