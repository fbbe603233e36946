"""Following up a demand the county has not closed, across the wire: 补充说明 and 催办 reach the
county (which sees how often and when it was urged), 撤回 makes it 已撤回 there with its step in
the timeline, and a withdrawal the county can no longer accept is refused and undone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sync_support import CountyServer, VillagePC

from county.__main__ import main as county_main
from desktop.models.demand import Demand, DemandEvent
from desktop.models.demands import add_note, urge_demand, withdraw_demand
from desktop.models.errors import ValidationError


def _timeline(pc: VillagePC, demand_id: str) -> list[tuple[str, str, str]]:
    with pc.db.reading() as session:
        rows = session.scalars(
            select(DemandEvent)
            .where(DemandEvent.demand_id == demand_id)
            .order_by(DemandEvent.occurred_at, DemandEvent.id)
        )
        return [(e.kind, e.actor, e.note) for e in rows]


def _show(county: CountyServer, demand_id: str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    """``liaison-county show``, as the county's staff run it."""
    args = ["--data-dir", str(county.data_dir)]
    if county.database_url:
        args += ["--database-url", county.database_url]
    capsys.readouterr()
    assert county_main([*args, "show", demand_id]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_notes_and_urges_reach_the_county(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = make_village(county)
    demand_id = pc.register("三组路灯坏了")
    pc.sync()
    due = pc.demand(demand_id).due_date
    assert due is not None
    # Noon (Beijing) of the day after the deadline, and of the day after that.
    noon = dt.datetime.combine(due, dt.time(4), tzinfo=dt.UTC)
    overdue, next_day = noon + dt.timedelta(days=1), noon + dt.timedelta(days=2)

    with pc.db.writing() as session:
        demand = session.get_one(Demand, demand_id)
        add_note(session, demand, "群众又来电话，说晚上摔了一跤")
        urge_demand(session, demand, "已经超期一天", now=overdue)
        with pytest.raises(ValidationError, match="已经催办过了"):
            urge_demand(session, demand, now=overdue + dt.timedelta(hours=3))  # once a day
    with pc.db.writing() as session:
        urge_demand(session, session.get_one(Demand, demand_id), now=next_day)
    report = pc.sync()
    assert report.rejected == 0 and not pc.outbox()

    shown = _show(county, demand_id, capsys)
    follow_up = shown["follow_up"]
    assert follow_up["urged"] == 2
    assert follow_up["last_urged_at"] == max(
        e["occurred_at"] for e in shown["events"] if e["kind"] == "URGED"
    )
    assert follow_up["notes"] == ["群众又来电话，说晚上摔了一跤"]
    kinds = [(e["kind"], e["actor"]) for e in shown["events"]]
    assert ("NOTE", "VILLAGE") in kinds and kinds.count(("URGED", "VILLAGE")) == 2
    assert shown["status"] == "SUBMITTED"  # following up changes nothing of the county's


def test_a_withdrawal_makes_it_withdrawn_at_the_county(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pc = make_village(county)
    demand_id = pc.register("想请人来修自来水管")
    pc.sync()
    with pc.db.writing() as session:
        withdraw_demand(session, session.get_one(Demand, demand_id), "群众已自行修好")
    assert pc.demand(demand_id).status == "CANCELLED"  # shown at once, before any sync
    report = pc.sync()
    assert report.rejected == 0 and not pc.outbox()

    shown = _show(county, demand_id, capsys)
    assert shown["status"] == "CANCELLED"
    assert shown["follow_up"]["withdraw_reason"] == "群众已自行修好"
    assert ("WITHDRAWN", "VILLAGE", "群众已自行修好") in [
        (e["kind"], e["actor"], e["note"]) for e in shown["events"]
    ]
    # The county's record of the step comes back to the village's timeline, once.
    pc.sync()
    assert _timeline(pc, demand_id).count(("WITHDRAWN", "VILLAGE", "群众已自行修好")) == 1
    assert pc.demand(demand_id).status == "CANCELLED"


def test_a_withdrawal_after_the_county_acted_is_refused_and_undone(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    demand_id = pc.register("希望组织义诊")
    pc.sync()
    county.dispatch(demand_id)  # meanwhile at the county: the village has not pulled it yet
    with pc.db.writing() as session:
        withdraw_demand(session, session.get_one(Demand, demand_id), "不需要了")
    report = pc.sync()
    assert report.rejected == 1
    [rejection] = pc.rejections()
    assert rejection.reason == "县中心已经受理这条需求，不能再撤回；如需撤回请联系县中心"
    assert county.demand(demand_id)["status"] == "DISPATCHED"
    # The pull brings the county's status back; no withdrawal step anywhere.
    local = pc.demand(demand_id)
    assert local.status == "DISPATCHED"
    assert "WITHDRAWN" not in [kind for kind, _actor, _note in _timeline(pc, demand_id)]


def test_the_village_cannot_withdraw_what_the_county_has_taken(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    """Checked here first: a demand already shown as 已派单 offers no 撤回."""
    pc = make_village(county)
    demand_id = pc.register("申请理发服务")
    pc.sync()
    county.dispatch(demand_id)
    pc.sync()
    with pc.db.writing() as session, pytest.raises(ValidationError, match="不能再撤回"):
        withdraw_demand(session, session.get_one(Demand, demand_id), "不需要了")
    assert not pc.outbox()
