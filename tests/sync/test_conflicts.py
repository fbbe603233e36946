"""The conflict matrix (sync-anchors §9 test 15): each cell has the outcome of the §8.6 table.

Every scenario runs through the real client (write path, outbox, SyncEngine) against the real
server; "two PCs" are two enrolled computers of the same village, each with its own database.
"""

from __future__ import annotations

from collections.abc import Callable

from sync_support import VILLAGE_A, CountyServer, VillagePC

from desktop.models.demand import Demand
from desktop.models.demands import delete_demand


def _two_pcs(
    county: CountyServer, make_village: Callable[..., VillagePC], title: str
) -> tuple[VillagePC, VillagePC, str]:
    """PC 1 files a demand and syncs; PC 2 of the same village pulls it."""
    pc1 = make_village(county)
    demand_id = pc1.register(title)
    pc1.sync()
    pc2 = make_village(county, with_station=False)
    pc2.sync()
    assert pc2.demand(demand_id).title == title
    return pc1, pc2, demand_id


def test_county_dispatch_and_village_description_edit_both_survive(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    demand_id = pc.register("村东头路灯坏了三盏")
    pc.sync()

    county.dispatch(demand_id, "县供电服务队")
    # Offline, the officer adds detail to the description before seeing the dispatch.
    pc.edit(demand_id, description="路灯坏了三盏，晚上老人出门不方便")
    report = pc.sync()

    assert report.conflicts == 0 and report.rejected == 0
    at_county = county.demand(demand_id)
    assert at_county["status"] == "DISPATCHED"
    assert at_county["assigned_team_name"] == "县供电服务队"
    assert at_county["description"] == "路灯坏了三盏，晚上老人出门不方便"
    local = pc.demand(demand_id)
    assert local.status == "DISPATCHED"
    assert local.assigned_team_name == "县供电服务队"
    assert local.description == "路灯坏了三盏，晚上老人出门不方便"
    assert pc.conflicts() == [] and county.admin_conflicts() == []


def test_two_pcs_edit_the_same_field_last_arrival_wins_and_the_loser_is_kept(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1, pc2, demand_id = _two_pcs(county, make_village, "想办一场广场舞培训")
    pc1.edit(demand_id, description="每周六晚上，二十人左右")
    pc2.edit(demand_id, description="每周日上午，三十人左右")

    first = pc1.sync()
    second = pc2.sync()

    assert first.conflicts == 0
    assert second.conflicts == 1 and second.rejected == 0
    assert county.demand(demand_id)["description"] == "每周日上午，三十人左右"
    [conflict] = pc2.conflicts()
    assert (conflict.record_id, conflict.field) == (demand_id, "description")
    assert conflict.local_value == "每周日上午，三十人左右"
    assert conflict.server_value == "每周六晚上，二十人左右"

    expected = {
        "entity": "demand",
        "record_id": demand_id,
        "field": "description",
        "winning_value": "每周日上午，三十人左右",
        "losing_value": "每周六晚上，二十人左右",
    }
    [listed] = county.admin_conflicts()
    assert {k: listed[k] for k in expected} == expected
    for pc in (pc1, pc2):
        transport_answer = _device_conflicts(county, pc)
        assert [{k: c[k] for k in expected} for c in transport_answer] == [expected]

    # Both PCs converge on the winning value.
    pc1.sync()
    assert pc1.demand(demand_id).description == "每周日上午，三十人左右"
    assert pc2.demand(demand_id).description == "每周日上午，三十人左右"


def _device_conflicts(county: CountyServer, pc: VillagePC) -> list[dict[str, object]]:
    from desktop.sync.setup import transport_for

    transport = transport_for(pc.data_dir)
    try:
        conflicts: list[dict[str, object]] = transport.request(
            "GET", "/api/v1/sync/conflicts"
        ).body["conflicts"]
    finally:
        transport.close()
    return conflicts


def test_two_pcs_edit_different_fields_both_survive(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1, pc2, demand_id = _two_pcs(county, make_village, "需要修缮村活动室")
    pc1.edit(demand_id, description="屋顶漏雨")
    pc2.edit(demand_id, title="需要修缮村文化活动室")

    assert pc1.sync().conflicts == 0
    assert pc2.sync().conflicts == 0
    pc1.sync()

    at_county = county.demand(demand_id)
    assert (at_county["title"], at_county["description"]) == ("需要修缮村文化活动室", "屋顶漏雨")
    for pc in (pc1, pc2):
        local = pc.demand(demand_id)
        assert (local.title, local.description) == ("需要修缮村文化活动室", "屋顶漏雨")
        assert pc.conflicts() == []
    assert county.admin_conflicts() == []


def test_village_delete_after_county_dispatch_is_refused_and_restored(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    demand_id = pc.register("五保户家中水管冻裂")
    pc.sync()
    county.dispatch(demand_id, "县水务服务队")

    # Not yet pulled: locally it still looks untouched, so the officer may delete it.
    with pc.db.writing() as session:
        delete_demand(session, session.get_one(Demand, demand_id))
    assert pc.demand(demand_id).deleted_at is not None

    report = pc.sync()

    assert report.rejected == 1
    local = pc.demand(demand_id)
    assert local.deleted_at is None
    assert local.status == "DISPATCHED"
    [rejection] = pc.rejections()
    assert rejection.record_id == demand_id
    assert "不能删除" in rejection.reason
    assert pc.outbox() == []
    at_county = county.demand(demand_id)
    assert at_county["status"] == "DISPATCHED"
    assert demand_id in {d["id"] for d in county.demands()}


def test_edit_after_delete_is_refused_and_the_delete_wins(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1, pc2, demand_id = _two_pcs(county, make_village, "登记错了的需求")
    with pc1.db.writing() as session:
        delete_demand(session, session.get_one(Demand, demand_id))
    pc2.edit(demand_id, description="补充说明")

    assert pc1.sync().rejected == 0
    report = pc2.sync()

    assert report.rejected == 1
    [rejection] = pc2.rejections()
    assert rejection.record_id == demand_id and "删除" in rejection.reason
    assert pc2.demand(demand_id).deleted_at is not None
    assert demand_id not in {d["id"] for d in county.demands()}
    [record] = [r for r in county.records(VILLAGE_A) if r.id == demand_id]
    assert record.deleted_at is not None and record.data["description"] != "补充说明"


def test_delete_after_edit_applies_both_and_the_delete_wins(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc1, pc2, demand_id = _two_pcs(county, make_village, "重复登记的需求")
    pc1.edit(demand_id, description="其实是重复的")
    with pc2.db.writing() as session:
        delete_demand(session, session.get_one(Demand, demand_id))

    assert pc1.sync().rejected == 0
    assert pc2.sync().rejected == 0
    pc1.sync()

    assert demand_id not in {d["id"] for d in county.demands()}
    assert pc1.demand(demand_id).deleted_at is not None
    assert pc2.demand(demand_id).deleted_at is not None


def test_a_push_touching_a_county_field_is_rejected_and_changes_nothing(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    demand_id = pc.register("想给自己的需求直接改成已办结")
    pc.sync()
    before = county.demand(demand_id)
    version = pc.demand(demand_id).server_version

    op_id = pc.add_raw_op(
        "demand",
        demand_id,
        "update",
        {"status": "RESOLVED", "description": "顺手改的描述"},
        base_version=version,
    )
    report = pc.sync()

    assert report.rejected == 1
    [rejection] = pc.rejections()
    assert (
        rejection.op_id == op_id and "县中心" in rejection.reason and "status" in rejection.reason
    )
    after = county.demand(demand_id)
    assert after == before
    assert (after["status"], after["version"]) == ("SUBMITTED", 1)
    assert pc.outbox() == []
