"""参考数据: the county's reference data edited in validated forms — teams, the service menu,
activity types, 重点人群, star schemes, points rules and rewards — and the demand catalog
published from a file. Every save goes through ``actions.publish`` (``publish_catalog``), the
validation the admin API and ``liaison-county publish`` use; the villages get the change on
their next sync.

The rows every station has built in (liaison_wire/reference) are listed with them, under the
ids the stations know them by: editing one, or retiring it, publishes it as the county's.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from county import actions
from county.models import Record
from liaison_wire.defaults import DEFAULT_CATALOG_FILE, catalog_rows, load_reference, reference_id


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # text, int, bool, date, lines (one text per line), numbers (comma-separated whole
    # numbers), choice (one of ``choices``), team (a county team, or none)
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Resource:
    key: str
    entity: str
    title: str
    fields: tuple[Field, ...]
    columns: tuple[str, ...]
    # What every new row of the entity carries without a field for it.
    fixed: dict[str, Any] = field(default_factory=dict)
    builtin: Callable[[], list[dict[str, Any]]] | None = None
    hint: str = ""


def _five_tasks() -> tuple[tuple[str, str], ...]:
    return tuple((code, name) for code, name in load_reference("activity_types.json")["five_tasks"])


def _builtin_activity_types() -> list[dict[str, Any]]:
    return [
        {"id": reference_id("activity_type", code), "code": code, "name": name,
         "five_task_code": task, "sort_order": order, "active": True}
        for order, (code, name, task) in enumerate(load_reference("activity_types.json")["activity_types"])
    ]  # fmt: skip


def _builtin_star_schemes() -> list[dict[str, Any]]:
    return [
        {"id": reference_id("star_scheme", s["code"]), "code": s["code"], "name": s["name"],
         "thresholds": s["thresholds"], "active": s["active"], "effective_from": None}
        for s in load_reference("star_schemes.json")["star_schemes"]
    ]  # fmt: skip


def _builtin_points_rules() -> list[dict[str, Any]]:
    return [
        {"id": reference_id("points_rule", code), "code": code, "name": name, "basis": basis,
         "points": points, "active": True, "sort_order": order}
        for order, (code, name, basis, points) in enumerate(load_reference("points.json")["rules"])
    ]  # fmt: skip


def _builtin_rewards() -> list[dict[str, Any]]:
    return [
        {"id": reference_id("reward", code), "code": code, "name": name, "kind": kind,
         "cost": cost, "active": True, "sort_order": order}
        for order, (code, name, kind, cost) in enumerate(load_reference("points.json")["rewards"])
    ]  # fmt: skip


ACTIVE = Field("active", "在用", "bool", required=False)
ORDER = Field("sort_order", "排序", "int", hint="小的在前")
CODE = Field("code", "代码", hint="英文大写字母、数字和下划线，发布后不要再改")

RESOURCES: dict[str, Resource] = {
    resource.key: resource
    for resource in (
        Resource(
            "teams", "team", "服务队伍",
            (Field("name", "队伍名称"),
             Field("level", "层级", "choice", choices=(("COUNTY", "总队"), ("TOWNSHIP", "分队"))),
             Field("parent_id", "上级队伍", "team", required=False), ACTIVE),
            ("name", "level", "parent_id", "active"),
            fixed={"owner": "COUNTY", "station_id": None},
            hint="县中心的总队、分队；各村的小队由村里登记。停用的队伍不再出现在派单的选择里。",
        ),
        Resource(
            "menu", "service_menu_item", "服务菜单",
            (Field("title", "服务项目"), Field("category_code", "需求类别", "choice"),
             Field("topic_code", "需求主题代码", required=False),
             Field("description", "说明", required=False),
             Field("provider", "提供队伍", "provider"), ORDER, ACTIVE),
            ("title", "category_code", "provider", "active"),
            hint="群众点单时看到的服务项目。撤下一项：取消“在用”后保存。",
        ),
        Resource(
            "activity-types", "activity_type", "活动类型",
            (CODE, Field("name", "名称"), Field("five_task_code", "五项工作", "choice"), ORDER, ACTIVE),
            ("code", "name", "five_task_code", "active"),
            builtin=_builtin_activity_types,
        ),
        Resource(
            "priority-groups", "priority_group", "重点人群",
            (CODE, Field("name", "名称"), Field("aliases", "别称", "lines", required=False,
                                                 hint="一行一个，花名册导入时认得这些写法"),
             ORDER, ACTIVE),
            ("code", "name", "aliases", "active"),
            hint="各村已内置常见的重点人群；同一代码再发布即改名或补充别称。",
        ),
        Resource(
            "star-schemes", "star_scheme", "星级标准",
            (CODE, Field("name", "名称"),
             Field("thresholds", "各星级时长（小时）", "numbers", hint="一星至五星，逗号隔开，如 100,300,600,1000,1500"),
             Field("effective_from", "起用日期", "date", required=False), ACTIVE),
            ("code", "name", "thresholds", "active"),
            builtin=_builtin_star_schemes,
        ),
        Resource(
            "points-rules", "points_rule", "积分规则",
            (CODE, Field("name", "名称"),
             Field("basis", "计分依据", "choice", choices=(("HOUR", "每小时服务"), ("ACTIVITY", "每场活动"), ("MANUAL", "逐项认定"))),
             Field("points", "积分", "int"), ORDER, ACTIVE),
            ("code", "name", "basis", "points", "active"),
            builtin=_builtin_points_rules,
        ),
        Resource(
            "rewards", "reward", "礼遇兑换",
            (CODE, Field("name", "名称"),
             Field("kind", "类别", "choice", choices=(("SERVICE", "优先服务"), ("GOODS", "实物"), ("HONOR", "荣誉"))),
             Field("cost", "所需积分", "int"), ORDER, ACTIVE),
            ("code", "name", "kind", "cost", "active"),
            builtin=_builtin_rewards,
        ),
    )
}


@dataclass
class Row:
    id: str
    data: dict[str, Any]
    version: int | None  # None: a built-in row the county never published
    builtin: bool


def rows(session: Session, resource: Resource) -> list[Row]:
    """The county's rows of the resource and the built-in ones it has not published."""
    stored = {
        record.id: record
        for record in session.scalars(
            select(Record).where(Record.entity == resource.entity, Record.village_id.is_(None),
                                 Record.deleted_at.is_(None))
        )
    }  # fmt: skip
    found = [Row(r.id, dict(r.data), r.version, False) for r in stored.values()]
    for row in resource.builtin() if resource.builtin else []:
        if row["id"] in stored:
            found_row = next(f for f in found if f.id == row["id"])
            found_row.builtin = True
        else:
            found.append(Row(row["id"], {k: v for k, v in row.items() if k != "id"}, None, True))
    return sorted(found, key=lambda r: (not r.data.get("active", True), r.data.get("sort_order", 0),
                                        str(r.data.get("code") or r.data.get("name") or r.data.get("title"))))  # fmt: skip


def choices(session: Session, resource: Resource, item: Field) -> tuple[tuple[str, str], ...]:
    """The options of a choice, team or provider field."""
    if item.choices:
        return item.choices
    if item.kind in ("team", "provider"):
        teams = [t for t in actions.teams(session) if t.village_id is None]
        return tuple((t.name if item.kind == "provider" else t.id, t.name) for t in teams)
    if item.name == "five_task_code":
        return _five_tasks()
    if item.name == "category_code":
        active = next((r.data for r in rows(session, CATALOG_VERSIONS) if r.data.get("active")), {})
        version = active.get("catalog_version")
        return tuple(
            (str(r.data["code"]), str(r.data["name"]))
            for r in rows(session, CATEGORIES) if r.data.get("catalog_version") == version
        )  # fmt: skip
    return ()


def parse(resource: Resource, form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields of a submitted form, and a Chinese message for each field that is wrong."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in resource.fields:
        raw = form.get(item.name, "").strip()
        if item.kind == "bool":
            values[item.name] = raw in ("1", "on", "true")
            continue
        if not raw:
            if item.required:
                errors[item.name] = f"请填写{item.label}"
            values[item.name] = [] if item.kind in ("lines", "numbers") else (None if item.kind in ("date", "team") else "")
            continue
        try:
            values[item.name] = _value(item, raw)
        except ValueError as error:
            errors[item.name] = str(error)
    return values, errors


def _value(item: Field, raw: str) -> Any:
    if item.kind == "int":
        if not raw.lstrip("-").isdigit() or len(raw) > 9:
            raise ValueError(f"{item.label}应为整数")
        return int(raw)
    if item.kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError(f"{item.label}应为日期，如 2026-12-01") from None
    if item.kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if item.kind == "numbers":
        parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            raise ValueError(f"{item.label}应为逗号隔开的整数")
        numbers = [int(p) for p in parts]
        if numbers != sorted(set(numbers)):
            raise ValueError(f"{item.label}应从小到大、不重复")
        return numbers
    if item.name == "code" and not all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in raw):
        raise ValueError("代码只能用英文字母、数字和下划线")
    return raw


def save(session: Session, resource: Resource, record_id: str | None, values: dict[str, Any],
         seen: int | None, actor: str) -> str:  # fmt: skip
    """Publish the row (new: ``record_id`` None); refused if someone saved it since ``seen``."""
    stored = session.get(Record, record_id, with_for_update=True) if record_id else None
    if stored is not None and seen is not None and stored.version != seen:
        raise actions.StaleForm("这一项在您打开页面之后已被他人修改，刚才的修改没有保存，请看过最新内容后再改")
    row: dict[str, Any] = {**values, "id": record_id or str(uuid.uuid4())}
    if stored is None:
        # A new row, or a built-in one published for the first time (with its other fields).
        builtin = next((b for b in (resource.builtin() if resource.builtin else []) if b["id"] == record_id), {})
        row = {**builtin, **resource.fixed, **row}
    if resource.entity == "team" and record_id and row.get("parent_id") == record_id:
        raise actions.ActionError("队伍的上级不能是它自己")
    actions.publish(session, resource.entity, [row], actor=actor)
    return str(row["id"])


# ---- the demand catalog ------------------------------------------------------------------------

CATALOG_VERSIONS = Resource("catalog", "catalog_version", "需求目录", (), ("catalog_version", "label", "active"),
                            builtin=lambda: catalog_rows(load_reference(DEFAULT_CATALOG_FILE))["catalog_version"])  # fmt: skip
CATEGORIES = Resource("categories", "demand_category", "需求类别", (), (),
                      builtin=lambda: catalog_rows(load_reference(DEFAULT_CATALOG_FILE))["demand_category"])  # fmt: skip


def catalog_versions(session: Session) -> list[tuple[Row, int]]:
    """Every catalog version with how many categories it has."""
    categories = rows(session, CATEGORIES)
    return [
        (version, sum(1 for c in categories if c.data.get("catalog_version") == version.data.get("catalog_version")))
        for version in rows(session, CATALOG_VERSIONS)
    ]


def read_catalog(content: bytes) -> dict[str, Any]:
    """A catalog file's content, or ActionError saying what is wrong with it."""
    try:
        catalog = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise actions.ActionError(f"目录文件不是 UTF-8 的 JSON：{error}") from error
    if not isinstance(catalog, dict):
        raise actions.ActionError("目录文件应为一个 JSON 对象（含 catalog_version、label、categories）")
    return catalog
