"""No record can stop a village: the county takes a record only if every record it points at
exists (in the village, or in the county's reference data), and publishes only rows that a
village could store. Each case first reproduces a defect that used to stop every other PC of
the village on every pull (``FOREIGN KEY constraint failed`` / ``NOT NULL constraint failed``,
for good), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sync_support import (
    VILLAGE_B,
    CountyServer,
    RawDevice,
    VillagePC,
    demand_fields,
    has_cjk,
)

from desktop.models.demand import Demand, DemandEvent, ServiceMenuItem
from desktop.models.entities import Team
from desktop.models.rules.demand_status import Channel


def _publish(county: CountyServer, entity: str, rows: Any) -> Any:
    return county.admin("POST", f"/api/v1/admin/publish/{entity}", json=rows)


def test_a_menu_order_for_an_item_the_county_lacks_is_refused_with_its_timeline(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    """A 点单 for a menu item the county does not have: the demand is refused, and so is its
    REGISTERED step in the same batch (a child never outlives its parent); a PC enrolled
    afterwards pulls everything and stops at nothing."""
    first = make_village(county)
    item = str(uuid.uuid4())
    with first.db.writing() as session:
        # On this PC only (the demo made it, or the county's database lost it in a restore).
        session.add(ServiceMenuItem(id=item, title="上门理发", category_code="HEALTH"))
    ordered = first.register(
        "给卧床老人上门理发", channel=Channel.MENU_ORDER.value, menu_item_id=item
    )
    plain = first.register("路灯不亮")
    first.sync()

    reasons = {r.entity: r.reason for r in first.rejections()}
    assert set(reasons) == {"demand", "demand_event"}, reasons
    assert "menu_item_id" in reasons["demand"] and has_cjk(reasons["demand"])
    assert "demand_id" in reasons["demand_event"]
    assert [d["id"] for d in county.demands()] == [plain]
    assert first.outbox() == []

    second = make_village(county, with_station=False)
    report = second.sync()
    assert report.pulled > 0
    with second.db.reading() as session:
        assert [d.id for d in session.query(Demand)] == [plain]
        events = session.query(DemandEvent).all()
    assert {e.demand_id for e in events} == {plain}
    assert ordered not in {d["id"] for d in county.demands()}
    # And it stays so round after round.
    assert second.sync().pulled == 0


def test_references_must_name_an_existing_record_of_the_right_kind_in_the_village(
    county: CountyServer, raw_device: Callable[..., RawDevice]
) -> None:
    device = raw_device(county)
    other = raw_device(county, VILLAGE_B)
    contact = str(uuid.uuid4())
    contact_fields = {
        "station_id": device.station_id,
        "name": "赵大爷",
        "group_name": "一组",
        "address": "村东",
        "tags": [],
        "consent_contact": True,
        "consent_sensitive": False,
        "guardian_consent": False,
        "note": "",
    }
    demand, own_demand, foreign_demand = (str(uuid.uuid4()) for _ in range(3))
    assert other.push_ok([other.op("demand", foreign_demand, "create", other.demand_fields("B"))])
    assert device.push_ok([device.op("demand", own_demand, "create", device.demand_fields("A"))])
    before = county.snapshot()

    def event(demand_id: str) -> dict[str, Any]:
        return {
            "demand_id": demand_id,
            "kind": "NOTE",
            "actor": "VILLAGE",
            "occurred_at": "2026-12-07T02:00:00Z",
            "note": "电话回访",
        }

    missing = str(uuid.uuid4())
    cases = [
        # A demand of a station the county does not have.
        (
            "station_id",
            device.op("demand", str(uuid.uuid4()), "create", demand_fields("x", missing)),
        ),
        # A record of the village, but of the wrong kind: a demand is not a station.
        (
            "station_id",
            device.op("contact", contact, "create", {**contact_fields, "station_id": own_demand}),
        ),
        (
            "requester_contact_id",
            device.op(
                "demand",
                demand,
                "create",
                device.demand_fields("有人求助", requester_contact_id=missing),
            ),
        ),
        # Its parent was refused just before, in the same batch.
        ("demand_id", device.op("demand_event", str(uuid.uuid4()), "create", event(demand))),
        # Another village's demand.
        (
            "demand_id",
            device.op("demand_event", str(uuid.uuid4()), "create", event(foreign_demand)),
        ),
        (
            "linked_demand_ids",
            device.op(
                "activity",
                str(uuid.uuid4()),
                "create",
                {
                    "station_id": device.station_id,
                    "title": "义诊",
                    "activity_type_code": "CARE",
                    "five_task_code": "",
                    "starts_at": "2026-12-07T01:00:00Z",
                    "ends_at": "2026-12-07T03:00:00Z",
                    "place": "村部",
                    "audience_count": 3,
                    "summary": "",
                    "linked_demand_ids": [missing],
                },
            ),
        ),
        (
            "owner_entity",
            device.op(
                "attachment",
                str(uuid.uuid4()),
                "create",
                {
                    "owner_entity": "village",
                    "owner_id": device.station_id,
                    "sha256": "a" * 64,
                    "size": 1,
                    "mime": "image/jpeg",
                    "file_name": "a.jpg",
                    "note": "",
                },
            ),
        ),
        (
            "owner_id",
            device.op(
                "attachment",
                str(uuid.uuid4()),
                "create",
                {
                    "owner_entity": "demand",
                    "owner_id": device.station_id,
                    "sha256": "a" * 64,
                    "size": 1,
                    "mime": "image/jpeg",
                    "file_name": "a.jpg",
                    "note": "",
                },
            ),
        ),
        # An id must be a UUID as the protocol writes it, whatever its length.
        (
            "menu_item_id",
            device.op(
                "demand",
                str(uuid.uuid4()),
                "create",
                device.demand_fields("点单", menu_item_id="m-1"),
            ),
        ),
        (
            "grid_id",
            device.op(
                "demand", str(uuid.uuid4()), "create", device.demand_fields("x", grid_id="G" * 36)
            ),
        ),
    ]
    results = device.push_ok([op for _, op in cases])
    for (field, op), result in zip(cases, results, strict=True):
        assert result["status"] == "rejected", (field, op["fields"], result)
        assert field in result["reason"] and has_cjk(result["reason"]), (field, result)
    assert county.snapshot()["records"] == before["records"]

    # Made in order in one batch, parent first, all is taken.
    good = [
        device.op("contact", contact, "create", contact_fields),
        device.op(
            "demand",
            demand,
            "create",
            device.demand_fields("有人求助", requester_contact_id=contact),
        ),
        device.op("demand_event", str(uuid.uuid4()), "create", event(demand)),
    ]
    assert [r["status"] for r in device.push_ok(good)] == ["applied"] * 3


def test_a_publish_is_checked_row_by_row_and_refused_whole(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    """``publish team`` without ``level`` used to be stored, and every PC of every village
    then failed every round with ``NOT NULL constraint failed: team.level``; an id such as
    ``5`` was stored (and a 100,000-character one was a 500 on PostgreSQL)."""
    pc = make_village(county)
    parent = str(uuid.uuid4())
    good = {"id": parent, "name": "县志愿服务总队", "level": "COUNTY"}
    before = county.snapshot()
    cases = [
        ([good, {"id": str(uuid.uuid4()), "name": "合隆镇分队"}], "第 2 行", "level"),
        ([{"name": "无名分队", "level": "TOWNSHIP"}, {"level": "TOWNSHIP"}], "第 2 行", "name"),
        ([{"id": "5", "name": "五队", "level": "TOWNSHIP"}], "第 1 行", "id"),
        ([{"id": "x" * 100_000, "name": "长队", "level": "TOWNSHIP"}], "第 1 行", "id"),
        (
            [
                good,
                {
                    "id": str(uuid.uuid4()),
                    "name": "分队",
                    "level": "TOWNSHIP",
                    "parent_id": str(uuid.uuid4()),
                },
            ],
            "第 2 行",
            "parent_id",
        ),
        ([{**good, "level": 3}], "第 1 行", "level"),
        ([{**good, "color": "红"}], "第 1 行", "color"),
        (["一行文字"], "第 1 行", ""),
    ]
    for rows, where, field in cases:
        answer = _publish(county, "team", rows)
        assert answer.status_code == 400, (rows, answer.text[:300])
        body = answer.json()
        assert body["error"] == "publish_refused", body
        assert where in body["message"] and field in body["message"], body
        assert has_cjk(body["message"])
    nul = _publish(county, "team", [{**good, "name": "总队\x00"}])
    assert nul.status_code == 400 and "空字符" in nul.json()["message"]
    menu = _publish(county, "service_menu_item", [{"id": "m-1", "title": "理发"}])
    assert menu.status_code == 400 and "UUID" in menu.json()["message"]
    bad_entity = _publish(county, "demand", [])
    assert bad_entity.status_code == 400 and bad_entity.json()["error"] == "publish_refused"
    assert county.snapshot() == before

    # A well-formed publish, a child after its parent in the same list, is taken; published
    # again without its optional fields, a team keeps them.
    child = str(uuid.uuid4())
    rows = [good, {"id": child, "name": "合隆镇分队", "level": "TOWNSHIP", "parent_id": parent}]
    assert _publish(county, "team", rows).status_code == 200
    again = _publish(county, "team", [{"id": child, "name": "合隆镇志愿服务分队"}])
    assert again.status_code == 200, again.text
    pc.sync()
    with pc.db.reading() as session:
        team = session.get_one(Team, child)
        assert (team.name, team.level, team.parent_id) == ("合隆镇志愿服务分队", "TOWNSHIP", parent)
    assert pc.rejections() == []
