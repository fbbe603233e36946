"""The county's demand queue (county/queue.py), on SQLite and PostgreSQL: it follows every write
of a demand (a village's push, a county action, a tombstone, a 催办), filters in SQL before the
page is cut (the 299-SUBMITTED case that once showed 197), counts the total with the same
filters, names villages, categories and teams; migration c0003's rebuild gives the same rows.
Dispatch names a real team; ``liaison-county demands`` pages and prints a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import sync_support
from sqlalchemy import select
from sync_support import VILLAGE_A, VILLAGE_B

from county import accounts, actions, queue, sync_service
from county.__main__ import main as county_main
from county.db import CountyDatabase
from county.models import DemandQueue
from county.sync_service import DeviceContext

TODAY = dt.date(2026, 12, 7)


class Village:
    """A device of one village pushing ops into the county database in-process."""

    def __init__(self, db: CountyDatabase, village: tuple[str, str]) -> None:
        self.db = db
        with db.writing() as session:
            code, _ = accounts.create_enrol_code(session, *village)
        with db.writing() as session:
            token = accounts.enrol(session, code, "一号机").token
        with db.reading() as session:
            device = accounts.authenticate_device(session, token)
        assert device is not None
        self.device: DeviceContext = device
        self.station = str(uuid.uuid4())
        self.push(self.station, "create", sync_support.station_fields(village), entity="station")

    def push(
        self, record_id: str, kind: str, fields: dict[str, Any], *, entity: str = "demand",
        base: int | None = None,
    ) -> None:  # fmt: skip
        op = {
            "op_id": str(uuid.uuid4()),
            "device_seq": 0,
            "entity": entity,
            "record_id": record_id,
            "op": kind,
            "fields": fields,
            "base_version": base,
        }
        with self.db.writing() as session:
            [result] = sync_service.push(session, self.device, [op])
        assert result["status"] == "applied", result

    def demand(self, title: str, **fields: Any) -> str:
        demand_id = str(uuid.uuid4())
        self.push(demand_id, "create", sync_support.demand_fields(title, self.station, **fields))
        return demand_id

    def urge(self, demand_id: str, when: str) -> None:
        fields = {"demand_id": demand_id, "kind": "URGED", "actor": "VILLAGE",
                  "occurred_at": when, "note": "群众又来问了"}  # fmt: skip
        self.push(str(uuid.uuid4()), "create", fields, entity="demand_event")


def _publish(db: CountyDatabase, entity: str, rows: list[dict[str, Any]]) -> None:
    with db.writing() as session:
        actions.publish(session, entity, rows, actor="测试")


def _page(db: CountyDatabase, limit: int = 50, offset: int = 0, **filters: Any) -> queue.QueuePage:
    with db.reading() as session:
        return queue.list_queue(
            session, queue.QueueFilter(**filters), limit=limit, offset=offset, today=TODAY
        )


def _stamp(day: int, hour: int = 1) -> str:
    return f"2026-11-{day:02d}T{hour:02d}:00:00Z"


def test_the_filter_runs_before_the_page_and_the_total_counts_every_page(
    county_db: CountyDatabase,
) -> None:
    """299 submitted demands and 60 others: the first page of 已上报 holds 200 of 299, the
    oldest come on the second page, and oldest-first starts with them."""
    village = Village(county_db, VILLAGE_A)
    submitted = [
        village.demand(f"路灯坏了 {n}", registered_at=f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}T02:00:00Z")
        for n in range(299)
    ]
    rejected = [village.demand(f"重复 {n}", registered_at="2026-11-30T02:00:00Z") for n in range(60)]
    for demand_id in rejected:
        with county_db.writing() as session:
            actions.reject_demand(session, demand_id, "重复上报", actor="测试")
    first = _page(county_db, limit=200, statuses=("SUBMITTED",))
    second = _page(county_db, limit=200, offset=200, statuses=("SUBMITTED",))
    assert (first.total, len(first.rows), second.total, len(second.rows)) == (299, 200, 299, 99)
    assert {r.id for r in first.rows + second.rows} == set(submitted)
    assert second.rows[-1].id == submitted[0]  # the oldest, last when newest come first
    oldest = _page(county_db, limit=1, statuses=("SUBMITTED",), descending=False)
    assert oldest.rows[0].id == submitted[0]
    assert _page(county_db, statuses=("REJECTED",)).total == 60
    assert _page(county_db).total == 359


def test_the_queue_follows_pushes_actions_urges_and_tombstones(county_db: CountyDatabase) -> None:
    village = Village(county_db, VILLAGE_A)
    lamp = village.demand("村口路灯不亮", registered_at=_stamp(20), due_date="2026-11-27")
    water = village.demand("自来水管冻裂", registered_at=_stamp(25))
    mistake = village.demand("误登记的需求", registered_at=_stamp(26))
    village.push(lamp, "update", {"title": "村口两盏路灯不亮"}, base=1)
    village.urge(lamp, "2026-11-28T03:00:00Z")
    village.urge(lamp, "2026-11-30T03:00:00Z")
    _publish(county_db, "team", [{"id": (team := str(uuid.uuid4())), "name": "县供电志愿服务队",
                                  "level": "COUNTY"}])  # fmt: skip
    with county_db.writing() as session:
        actions.dispatch_demand(session, water, "县供电志愿服务队", actor="测试")
    village.push(mistake, "delete", {}, base=None)
    rows = {row.id: row for row in _page(county_db).rows}
    assert set(rows) == {lamp, water}  # the tombstoned one left the queue
    assert rows[lamp].title == "村口两盏路灯不亮"
    assert (rows[lamp].urged, rows[lamp].overdue) == (2, True)
    assert (rows[water].status_label, rows[water].assigned_team_id) == ("已派单", team)
    assert rows[water].assigned_team_name == "县供电志愿服务队"
    assert [r.id for r in _page(county_db, urged=True).rows] == [lamp]
    assert [r.id for r in _page(county_db, overdue=True).rows] == [lamp]
    assert [r.id for r in _page(county_db, team_id=team).rows] == [water]
    with county_db.reading() as session:
        last = session.get_one(DemandQueue, lamp).last_urged_at
    assert last == dt.datetime(2026, 11, 30, 3, tzinfo=dt.UTC)
    # Resolved in time is no longer overdue, whatever its due date.
    with county_db.writing() as session:
        actions.dispatch_demand(session, lamp, team, actor="测试")
        actions.claim_demand(session, lamp, actor="测试")
        actions.resolve_demand(session, lamp, "已更换灯泡", actor="测试")
    assert _page(county_db, overdue=True).total == 0


def test_filters_by_village_township_category_channel_dates_and_search(
    county_db: CountyDatabase,
) -> None:
    a, b = Village(county_db, VILLAGE_A), Village(county_db, VILLAGE_B)
    _publish(county_db, "demand_category", [
        {"catalog_version": "2026.1", "code": "HEALTH", "name": "医疗健康", "sort_order": 1,
         "default_due_days": 7},
        {"catalog_version": "2026.1", "code": "ROADS", "name": "道路交通", "sort_order": 2,
         "default_due_days": 15},
    ])  # fmt: skip
    health = a.demand("量血压", registered_at=_stamp(3), requester_name="张桂兰")
    road = a.demand("修补村道坑洼", category_code="ROADS", registered_at=_stamp(10),
                    channel="HOTLINE")  # fmt: skip
    other = b.demand("送药上门", registered_at=_stamp(20), anonymous=True, requester_name="李明")

    def ids(**filters: Any) -> set[str]:
        return {row.id for row in _page(county_db, **filters).rows}

    assert ids(village="陈家店村") == ids(village=VILLAGE_A[0]) == {health, road}
    assert ids(township=VILLAGE_A[0][:9]) == {health, road, other}
    assert ids(township="合隆镇") == {health, road, other}
    assert ids(category="道路交通") == ids(category="ROADS") == {road}
    assert ids(channel="文明实践110") == ids(channel="HOTLINE") == {road}
    assert ids(registered_from=dt.date(2026, 11, 10), registered_to=dt.date(2026, 11, 19)) == {road}
    # 09:00 Beijing on the 3rd is still the 3rd; the 2nd ends before it.
    assert ids(registered_to=dt.date(2026, 11, 2)) == set()
    assert ids(search="坑洼") == {road}
    assert ids(search="zgl") == {health}
    assert ids(search="lm") == set()  # an anonymous requester is not findable by name
    number = _page(county_db, search="坑洼").rows[0].number
    assert ids(search=number) == {road}
    row = _page(county_db, category="ROADS").rows[0]
    assert (row.village_name, row.category_name, row.channel_label) == ("陈家店村", "道路交通", "文明实践110")
    for bad, message in (({"village": "不存在村"}, "没有村名"), ({"category": "星际旅行"}, "需求类别"),
                         ({"statuses": ("LOST",)}, "状态"), ({"channel": "飞鸽"}, "来源渠道")):  # fmt: skip
        with pytest.raises(queue.QueueError, match=message):
            _page(county_db, **bad)


def test_the_rebuild_gives_the_rows_the_writes_kept(county_db: CountyDatabase) -> None:
    village = Village(county_db, VILLAGE_A)
    demands = [village.demand(f"需求 {n}", registered_at=_stamp(1 + n)) for n in range(5)]
    village.urge(demands[0], "2026-11-29T03:00:00Z")
    with county_db.writing() as session:
        actions.reject_demand(session, demands[1], "不属于服务范围", actor="测试")

    def rows() -> list[tuple[Any, ...]]:
        with county_db.reading() as session:
            return [
                tuple(getattr(r, c.name) for c in queue.QUEUE.c if c.name != "updated_at")
                for r in session.scalars(select(DemandQueue).order_by(DemandQueue.id))
            ]

    kept = rows()
    with county_db.writing() as session:
        assert queue.rebuild(session.connection(), dt.datetime.now(dt.UTC)) == 5
    assert rows() == kept and len(kept) == 5


def test_dispatch_names_a_real_team(county_db: CountyDatabase) -> None:
    a, b = Village(county_db, VILLAGE_A), Village(county_db, VILLAGE_B)
    lamp, pipe, roof = (a.demand(title) for title in ("路灯", "水管", "屋顶"))
    county_team, squad_a, squad_b, twin_1, twin_2 = (str(uuid.uuid4()) for _ in range(5))
    _publish(county_db, "team", [
        {"id": county_team, "name": "县供电志愿服务队", "level": "COUNTY"},
        {"id": twin_1, "name": "医疗服务队", "level": "TOWNSHIP"},
        {"id": twin_2, "name": "医疗服务队", "level": "TOWNSHIP"},
    ])  # fmt: skip
    a.push(squad_a, "create", {"name": "陈家店村志愿服务队", "level": "VILLAGE", "owner": "VILLAGE",
                               "station_id": a.station, "active": True}, entity="team")  # fmt: skip
    b.push(squad_b, "create", {"name": "红旗村志愿服务队", "level": "VILLAGE", "owner": "VILLAGE",
                               "station_id": b.station, "active": True}, entity="team")  # fmt: skip

    def dispatch(demand_id: str, team: str) -> dict[str, Any]:
        with county_db.writing() as session:
            actions.dispatch_demand(session, demand_id, team, actor="测试")
        with county_db.reading() as session:
            return actions.demand_detail(session, demand_id)

    by_name = dispatch(lamp, "县供电志愿服务队")
    assert (by_name["assigned_team_id"], by_name["assigned_team_name"]) == (county_team, "县供电志愿服务队")
    # A team's id given where a name was expected names the team, not a team called so.
    by_id = dispatch(pipe, squad_a)
    assert (by_id["assigned_team_id"], by_id["assigned_team_name"]) == (squad_a, "陈家店村志愿服务队")
    for team, message in (("冒名的队伍", "没有“冒名的队伍”这支服务队伍"), (squad_b, "没有"),
                          ("医疗服务队", "有 2 支队伍都叫“医疗服务队”")):  # fmt: skip
        with pytest.raises(actions.ActionError, match=message), county_db.writing() as session:
            actions.dispatch_demand(session, roof, team, actor="测试")
    assert dispatch(roof, twin_2)["assigned_team_id"] == twin_2


def test_the_command_line_pages_with_a_total_and_names(
    county_db: CountyDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    village = Village(county_db, VILLAGE_A)
    _publish(county_db, "demand_category", [{"catalog_version": "2026.1", "code": "HEALTH",
                                             "name": "医疗健康", "sort_order": 1, "default_due_days": 7}])  # fmt: skip
    made = [village.demand(f"上门量血压 {n}", registered_at=_stamp(1 + n)) for n in range(7)]
    if county_db.is_sqlite:
        base = ["--data-dir", str(Path(county_db.url.removeprefix("sqlite:///")).parent)]
    else:
        base = ["--data-dir", str(tmp_path), "--database-url", county_db.url]
    assert county_main(["demands", *base, "--limit", "3", "--offset", "3", "--format", "json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert (page["total"], page["offset"], len(page["demands"])) == (7, 3, 3)
    assert [d["id"] for d in page["demands"]] == made[::-1][3:6]
    assert {(d["village_name"], d["category_name"]) for d in page["demands"]} == {("陈家店村", "医疗健康")}
    assert county_main(["demands", *base, "--limit", "5"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:5] == ["需求编号", "村", "标题", "类别", "状态"]
    assert len(table) == 1 + 5 + 1 and "陈家店村" in table[1] and "医疗健康" in table[1]
    assert table[-1] == "共 7 条，显示第 1–5 条（下一页：--offset 5）"
    assert county_main(["demands", *base, "--village", "不存在村"]) == 1
    assert "没有村名或区划代码为“不存在村”的村" in capsys.readouterr().err
