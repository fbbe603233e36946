"""A demo county: villages of two townships that pushed their demands the way a village PC does
(``sync_service.push``), the built-in catalog and a team tree published, and the county's
handling of part of them (受理, 派单, 清单认领, 接单, 办理中, 办结, 退回) through
county/actions.py. What ``liaison-county demo`` makes, and what the console's tests and
screenshots look at.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

import liaison_wire as wire
from county import accounts, actions, sync_service
from county.db import CountyDatabase
from county.models import Device, Record
from county.sync_service import DeviceContext
from liaison_wire.defaults import DEFAULT_CATALOG_FILE, load_reference

COUNTY_NAME = "农安县"
# (township code, name, villages): 12-digit codes are 6 county + 3 township + 3 village.
TOWNSHIPS = (
    ("220122102", "合隆镇", ("陈家店村", "红旗村", "太平村", "长发村", "前进村", "双山村")),
    ("220122103", "华家镇", ("华家村", "东安村", "西山村", "南岗村", "永兴村", "福顺村")),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["桂兰", "秀英", "玉珍", "淑芬", "建国", "志强", "海波", "春生", "德明", "凤霞", "国庆", "丽华", "永福", "长山", "金凤"]
TITLES: dict[str, tuple[str, ...]] = {
    "POLICY": ("咨询城乡居民医保缴费政策", "想了解耕地地力保护补贴怎么申请", "希望讲解高龄津贴申领条件"),
    "CULTURE_SPORTS": ("希望春节前组织一场文艺演出", "村民想请剧团来唱二人转", "广场舞音响坏了需要维修"),
    "EDU_SKILLS": ("想学手机上办理社保认证", "希望开设电商直播培训", "孩子放学后没人辅导作业"),
    "HEALTH": ("老人想请医生上门量血压", "希望组织一次免费体检", "慢性病用药咨询"),
    "LEGAL_SAFETY": ("邻里宅基地纠纷请求调解", "咨询土地流转合同怎么签", "村道缺少反光警示桩"),
    "CARE": ("独居老人冬季取暖需要帮助", "留守儿童需要课后看护", "残疾人家庭请求帮忙采购"),
    "CONVENIENCE": ("村口路灯不亮", "自来水管冻裂需要维修", "希望代办身份证换领"),
    "ENV_CIVILITY": ("村道旁垃圾堆放需清理", "希望组织移风易俗宣传", "河沟清淤"),
    "OTHER": ("其他需求",),
}
TEAMS = (
    ("农安县新时代文明实践志愿服务总队", "COUNTY", None),
    ("理论宣讲分队", "TOWNSHIP", 0),
    ("医疗卫生分队", "TOWNSHIP", 0),
    ("文化文艺分队", "TOWNSHIP", 0),
    ("法律服务分队", "TOWNSHIP", 0),
    ("便民服务分队", "TOWNSHIP", 0),
    ("生态环保分队", "TOWNSHIP", 0),
)
VOLUNTEERS_PER_VILLAGE = 8
CHANNELS = ("NEEDS_DESK", "NEEDS_DESK", "HOTLINE", "HOME_VISIT", "GRID_REPORT", "MICRO_WISH")


@dataclass
class DemoCounty:
    villages: list[tuple[str, str]] = field(default_factory=list)
    demands: int = 0
    handled: int = 0
    team_ids: list[str] = field(default_factory=list)


def fill(
    db: CountyDatabase,
    *,
    demands_per_village: int = 60,
    seed: int = 7,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoCounty:
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC)
    say = progress or (lambda _text: None)
    out = DemoCounty()
    catalog = load_reference(DEFAULT_CATALOG_FILE)
    due_days = {c["code"]: int(c.get("default_due_days", 7)) for c in catalog["categories"]}
    topics = {c["code"]: [code for code, _ in c["topics"]] for c in catalog["categories"]}
    with db.writing() as session:
        actions.publish_catalog(session, catalog, actor="demo")
        team_ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-team:{name}")) for name, _, _ in TEAMS]
        actions.publish(session, "team", [
            {"id": team_ids[i], "name": name, "level": level,
             "parent_id": team_ids[parent] if parent is not None else None}
            for i, (name, level, parent) in enumerate(TEAMS)
        ], actor="demo")  # fmt: skip
    out.team_ids = team_ids
    made: list[tuple[str, dict[str, Any]]] = []
    devices: dict[int, DeviceContext] = {}
    number = 0
    for township_code, township, names in TOWNSHIPS:
        for index, name in enumerate(names, start=1):
            code = f"{township_code}{200 + index:03d}"
            device = _enrolled(db, code, name)
            devices[device.village_id] = device
            station = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-station:{code}"))
            ops = [_op("station", station, {
                "name": f"{name}新时代文明实践站", "division_code": code, "township": township,
                "county": COUNTY_NAME, "phone": None,
            })]  # fmt: skip
            # The village's volunteers, each in one of the county's 分队.
            volunteers: list[str] = []
            for index in range(VOLUNTEERS_PER_VILLAGE):
                volunteers.append(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
                ops.append(_op("volunteer", volunteers[-1], {
                    "station_id": station, "contact_id": None, "team_id": rng.choice(team_ids[1:]),
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN), "gender": None, "phone": None,
                    "volunteer_no": f"{code[-6:]}-{index + 1:03d}",
                    "skills": rng.choice(("护理", "理发", "电工", "宣讲", "文艺", "法律咨询", "")),
                    "registered_on": (now - dt.timedelta(days=rng.randrange(30, 900))).date().isoformat(),
                    "active": rng.random() > 0.05,
                }))  # fmt: skip
            ops.extend(_practice(rng, station, volunteers, now))
            for _ in range(demands_per_village):
                number += 1
                category = rng.choice([c for c in TITLES if c != "OTHER"])
                registered = now - dt.timedelta(minutes=rng.randrange(60, 60 * 24 * 75))
                local = registered.astimezone(dt.timezone(dt.timedelta(hours=8)))
                due = local.date() + dt.timedelta(days=due_days.get(category, 7))
                anonymous = rng.random() < 0.05
                fields = {
                    "number": f"XQ-{local:%Y%m%d}-{number % 10000:04d}",
                    "station_id": station,
                    "requester_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "anonymous": anonymous,
                    "entered_by": "联络员",
                    "channel": rng.choice(CHANNELS),
                    "category_code": category,
                    "topic_code": rng.choice(topics.get(category) or [""]),
                    "catalog_version": catalog["catalog_version"],
                    "title": rng.choice(TITLES[category]),
                    "description": "",
                    "urgency": "URGENT" if rng.random() < 0.1 else "NORMAL",
                    "registered_at": wire.utc_iso(registered),
                    "due_date": due.isoformat(),
                    "evaluation_note": "",
                }
                demand_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                ops.append(_op("demand", demand_id, fields))
                ops.append(_op("demand_event", str(uuid.UUID(int=rng.getrandbits(128), version=4)), {
                    "demand_id": demand_id, "kind": "REGISTERED", "actor": "VILLAGE",
                    "occurred_at": fields["registered_at"], "note": "",
                }))  # fmt: skip
                made.append((demand_id, fields))
                if due < now.date() and rng.random() < 0.3:
                    ops.append(_op("demand_event", str(uuid.UUID(int=rng.getrandbits(128), version=4)), {
                        "demand_id": demand_id, "kind": "URGED", "actor": "VILLAGE",
                        "occurred_at": wire.utc_iso(now - dt.timedelta(days=rng.randrange(1, 5))),
                        "note": "群众又来问了",
                    }))  # fmt: skip
            for start in range(0, len(ops), wire.MAX_PUSH_OPS):
                with db.writing() as session:
                    sync_service.push(session, device, ops[start : start + wire.MAX_PUSH_OPS])
            out.villages.append((code, name))
            say(f"{township}{name}：{demands_per_village} 条需求已上报")
    out.demands = len(made)
    resolved = _handle(db, rng, made, team_ids, now)
    out.handled = int(len(made) * HANDLED)
    _evaluate(db, rng, devices, resolved, now)
    with db.writing() as session:
        # The villages' PCs last synced in the past hours; one has been silent for ten days.
        for index, device in enumerate(devices.values()):
            quiet = dt.timedelta(days=10) if index == len(devices) - 1 else dt.timedelta(hours=rng.uniform(0.2, 20))
            session.get_one(Device, device.device_id).last_seen_at = now - quiet
    say(f"县中心已办理 {out.handled} 条，村里评价了 {len(resolved) * 7 // 10} 条")
    return out


# (type, five task, title) of the demo's activities.
ACTIVITIES = (
    ("THEORY_LECTURE", "STUDY_THEORY", "党的二十届三中全会精神宣讲"),
    ("NEIGHBOR_STORIES", "PROMOTE_POLICY", "身边人讲身边事：好婆婆的故事"),
    ("POLICY_BRIEFING", "PROMOTE_POLICY", "城乡居民医保政策解读"),
    ("ARTS_CULTURE", "ENRICH_CULTURE", "二人转小剧场"),
    ("FESTIVAL", "ENRICH_CULTURE", "我们的节日·重阳敬老"),
    ("CUSTOM_REFORM", "REFORM_CUSTOMS", "红白喜事简办宣传"),
    ("NEIGHBOR_AID", "CULTIVATE_VALUES", "帮独居老人备冬菜"),
)


def _practice(rng: random.Random, station: str, volunteers: list[str], now: dt.datetime) -> list[dict[str, Any]]:
    """A village's practice of the last 75 days as its PC pushes it: activities (身边人讲身边事
    among them), the hours of the volunteers who served, the points they earned, and a star
    for some."""
    ops: list[dict[str, Any]] = []

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    for type_code, task, title in rng.sample(ACTIVITIES, rng.randrange(3, len(ACTIVITIES) + 1)):
        start = (now - dt.timedelta(days=rng.randrange(1, 75))).replace(hour=1, minute=0, second=0, microsecond=0)
        end = start + dt.timedelta(hours=2)
        activity = new_id()
        ops.append(_op("activity", activity, {
            "station_id": station, "title": title, "activity_type_code": type_code, "five_task_code": task,
            "starts_at": wire.utc_iso(start), "ends_at": wire.utc_iso(end), "place": "村文化广场",
            "team_id": None, "audience_count": rng.randrange(20, 120), "summary": "", "linked_demand_ids": [],
        }))  # fmt: skip
        for volunteer in rng.sample(volunteers, rng.randrange(2, 6)):
            ops.append(_op("service_record", new_id(), {
                "activity_id": activity, "volunteer_id": volunteer, "start_at": wire.utc_iso(start),
                "end_at": wire.utc_iso(end), "break_minutes": 0, "credited_minutes": 120,
                "corrects_id": None, "reason": "",
            }))  # fmt: skip
            ops.append(_op("points_entry", new_id(), {
                "volunteer_id": volunteer, "kind": "EARN", "amount": 4, "reason": "参加志愿服务 2 小时",
                "activity_id": activity, "occurred_at": wire.utc_iso(end),
            }))  # fmt: skip
    for volunteer in rng.sample(volunteers, 2):
        ops.append(_op("star_award", new_id(), {
            "volunteer_id": volunteer, "level": rng.choice((1, 1, 2, 3)),
            "awarded_on": (now - dt.timedelta(days=rng.randrange(1, 60))).date().isoformat(),
            "certified_by": "镇志愿服务站", "scheme_code": "", "note": "",
        }))  # fmt: skip
    return ops


_LEVELS = (("VERY_SATISFIED", 45), ("SATISFIED", 38), ("BASICALLY_SATISFIED", 12),
           ("DISSATISFIED", 4), ("VERY_DISSATISFIED", 1))  # fmt: skip


def _evaluate(
    db: CountyDatabase, rng: random.Random, devices: dict[int, DeviceContext], resolved: list[str],
    now: dt.datetime,
) -> None:
    """评单: the villages evaluate seven in ten of the resolved demands, as their PCs push it."""
    levels = [level for level, weight in _LEVELS for _ in range(weight)]
    with db.reading() as session:
        owners = {r.id: (r.village_id, r.version, r.data.get("resolved_at"))
                  for r in session.scalars(select(Record).where(Record.id.in_(resolved)))}  # fmt: skip
    for demand_id in rng.sample(resolved, len(resolved) * 7 // 10):
        village_id, version, resolved_at = owners[demand_id]
        if village_id is None or not resolved_at:
            continue
        at = min(now, wire.parse_utc(str(resolved_at)) + dt.timedelta(hours=rng.uniform(2, 72)))
        op = {**_op("demand", demand_id, {"evaluation": rng.choice(levels), "evaluation_note": "",
                                          "evaluated_at": wire.utc_iso(at)}),
              "op": "update", "base_version": version}  # fmt: skip
        with db.writing() as session:
            sync_service.push(session, devices[village_id], [op])


def _enrolled(db: CountyDatabase, code: str, name: str) -> DeviceContext:
    with db.writing() as session:
        enrol_code, _ = accounts.create_enrol_code(session, code, name)
    with db.writing() as session:
        token = accounts.enrol(session, enrol_code, f"{name}一号机").token
    with db.reading() as session:
        device = accounts.authenticate_device(session, token)
    assert device is not None
    return device


def _op(entity: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {"op_id": str(uuid.uuid4()), "device_seq": 0, "entity": entity, "record_id": record_id,
            "op": "create", "fields": fields, "base_version": None}  # fmt: skip


# The county's handling of a demand, by how far it got: (share of the handled, steps).
_PATHS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.05, ("reject",)),
    (0.05, ("accept",)),
    (0.08, ("list",)),
    (0.10, ("dispatch",)),
    (0.12, ("dispatch", "claim", "start")),
    (0.60, ("dispatch", "claim", "resolve")),
)
# The share of the demands (the oldest) the county has taken up; the newest wait in 已上报.
HANDLED = 0.85


def _step(session: Any, step: str, demand_id: str, team: str, at: dt.datetime) -> None:
    if step == "reject":
        actions.reject_demand(session, demand_id, "不属于服务范围，已告知村里", actor="demo", now=at)
    elif step == "accept":
        actions.accept_demand(session, demand_id, actor="demo", now=at)
    elif step == "list":
        actions.list_demand(session, demand_id, actor="demo", now=at)
    elif step == "dispatch":
        actions.dispatch_demand(session, demand_id, team, actor="demo", now=at)
    elif step == "claim":
        actions.claim_demand(session, demand_id, actor="demo", now=at)
    elif step == "start":
        actions.start_demand(session, demand_id, "已联系群众，约定上门时间", actor="demo", now=at)
    else:
        actions.resolve_demand(session, demand_id, "志愿者已上门办理完毕", actor="demo", now=at)


# Hours after registration each step is taken (a range; never later than now).
_DELAYS = {"reject": (2, 30), "accept": (1, 20), "list": (2, 30), "dispatch": (2, 40),
           "claim": (3, 60), "start": (5, 80), "resolve": (24, 24 * 9)}  # fmt: skip


def _handle(
    db: CountyDatabase, rng: random.Random, made: list[tuple[str, dict[str, Any]]], teams: list[str],
    now: dt.datetime,
) -> list[str]:
    """The county's work on the oldest demands (the newest wait in 已上报), each step some hours
    after the one before, as a centre works; returns the demands it resolved."""
    ordered = sorted(made, key=lambda item: item[1]["registered_at"])
    shares = [share for share, _ in _PATHS]
    resolved = []
    for demand_id, fields in ordered[: int(len(ordered) * HANDLED)]:
        [(_, steps)] = rng.choices(_PATHS, weights=shares)
        team = rng.choice(teams[1:])
        at = wire.parse_utc(fields["registered_at"])
        with db.writing() as session:
            for step in steps:
                low, high = _DELAYS[step]
                at = min(now, at + dt.timedelta(hours=rng.uniform(low, high)))
                _step(session, step, demand_id, team, at)
        if steps[-1] == "resolve":
            resolved.append(demand_id)
    return resolved
