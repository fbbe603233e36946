"""The ``liaison-county`` subcommands; each runs against the county database directly."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import select

from county import accounts, actions, queue
from county.db import open_county_database
from liaison_wire import beijing


class CommandError(Exception):
    pass


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def run(args: argparse.Namespace, data_dir: Path, url: str | None) -> int:
    db = open_county_database(data_dir, url)
    try:
        return _run(args, db, data_dir)
    except (accounts.AccountError, actions.ActionError) as error:
        raise CommandError(error.message) from error
    finally:
        db.close()


def _run(args: argparse.Namespace, db: Any, data_dir: Path) -> int:
    command = args.command
    actor = "cli"
    if command == "serve":
        import uvicorn

        from county.api import create_app

        app = create_app(db, data_dir, max_in_flight=args.max_in_flight)
        print(f"县中心服务器已启动：http://{args.host}:{args.port}/ （接口说明 /docs）", flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    if command == "demo":
        from county import demo
        from county.models import Village

        with db.reading() as session:
            if session.scalar(select(Village.id).limit(1)) is not None:
                raise CommandError("这个县中心数据库里已有村的数据；演示数据只能装入空的数据库")
        made = demo.fill(db, demands_per_village=args.demands_per_village,
                         progress=lambda text: print(text, flush=True))  # fmt: skip
        print(f"演示数据已装入：{len(made.villages)} 个村，{made.demands} 条需求，"
              f"县中心已办理 {made.handled} 条。", flush=True)  # fmt: skip
        return 0
    if command == "import-package":
        from county.packages import PackageRefused, import_package

        try:
            imported = import_package(db, data_dir, args.file.expanduser(), args.answer)
        except PackageRefused as error:
            raise CommandError(error.message) from error
        print(imported.summary(), flush=True)
        return 0
    password = read_password(args.password_stdin) if command == "admin-add" else ""
    # Output is printed only after the commit: a closed pipe must not roll back the work.
    output: Any
    with db.writing() as session:
        if command == "enrol-code":
            code, expires = accounts.create_enrol_code(
                session, args.village, args.name, args.device_name
            )
            output = f"{code}\n有效期至 {expires:%Y-%m-%d %H:%M} UTC，只能使用一次。"
        elif command == "devices":
            from county.http import device_rows

            output = device_rows(session)
        elif command == "revoke":
            device = accounts.revoke_device(session, args.device)
            output = f"已注销设备 {device.id}（{device.name}）"
        elif command == "admin-add":
            team = actions.find_team(session, args.team, None).id if args.team else None
            account = accounts.set_admin(
                session, args.username, password, role=args.role, township=args.township,
                team_id=team, display_name=args.name,
            )  # fmt: skip
            output = f"账号 {account.username}（{account.role_label}）已保存"
        elif command == "demands":
            output = _demands(session, args)
        elif command == "teams":
            output = [team.__dict__ for team in actions.teams(session)]
        elif command == "show":
            output = actions.demand_detail(session, args.demand)
        elif command in _DEMAND_ACTIONS:
            _DEMAND_ACTIONS[command](session, args, actor)
            output = "已办理"
        elif command == "after-restore":
            from county.feed import after_restore

            report = after_restore(session)
            output = _AFTER_RESTORE.format(
                old=report.old_seq, new=report.new_seq, records=report.records
            )
        elif command == "publish-catalog":
            changed = actions.publish_catalog(session, load_catalog(args.file), actor=actor)
            output = f"已发布需求目录，{changed} 条记录有变化；其他版本已停用"
        elif command == "publish":
            changed = actions.publish(session, args.entity, load_rows(args.file), actor=actor)
            output = f"已发布 {changed} 条"
        else:
            raise AssertionError(command)
    if isinstance(output, str):
        print(output, flush=True)
    else:
        _print_json(output)
    return 0


_AFTER_RESTORE = """已处理恢复后的数据库：变更序号从 {old} 调到 {new}，{records} 条记录的版本号各加一百万，各村下次同步就能收到之后的所有变更。
还请注意：
- 备份之后注销的设备又能用了，请用 liaison-county devices 核对，重新注销；
- 备份之后注册的设备需要重新注册（生成新的注册码）；
- 备份之后县中心的办理（派单、接单、办结等）已丢失，需要重新办理；
- 备份之后各村上报的记录还在村里电脑上：各村电脑下次同步时会自动重新上报，县中心只收下比恢复的数据新的部分。"""


_DEMAND_ACTIONS: dict[str, Any] = {
    "reject": lambda s, a, who: actions.reject_demand(s, a.demand, a.reason, actor=who),
    "dispatch": lambda s, a, who: actions.dispatch_demand(s, a.demand, a.team, actor=who),
    "claim": lambda s, a, who: actions.claim_demand(s, a.demand, a.team, actor=who),
    "resolve": lambda s, a, who: actions.resolve_demand(s, a.demand, a.result, actor=who),
    "close": lambda s, a, who: actions.close_demand(s, a.demand, actor=who),
}


def _demands(session: Any, args: argparse.Namespace) -> Any:
    team = ""
    if args.team:
        team = actions.find_team(session, args.team, None).id
    filters = queue.QueueFilter(
        statuses=tuple(s.strip().upper() for s in (args.status or "").split(",") if s.strip()),
        village=args.village or "",
        township=args.township or "",
        category=args.category or "",
        topic=args.topic or "",
        channel=args.channel or "",
        team_id=team,
        overdue=args.overdue,
        urged=args.urged,
        registered_from=args.date_from,
        registered_to=args.date_to,
        search=args.search,
        sort=args.sort,
        descending=not args.oldest_first,
    )
    try:
        page = queue.list_queue(session, filters, limit=args.limit, offset=args.offset)
    except queue.QueueError as error:
        raise CommandError(error.message) from error
    if args.format == "json":
        return {
            "total": page.total,
            "offset": page.offset,
            "limit": page.limit,
            "demands": [row.__dict__ for row in page.rows],
        }
    return queue_table(page)


_QUEUE_COLUMNS = (
    ("需求编号", "number"),
    ("村", "village_name"),
    ("标题", "title"),
    ("类别", "category_name"),
    ("状态", "status_label"),
    ("登记", "registered_at"),
    ("办理期限", "due_date"),
    ("超期", "overdue"),
    ("催办", "urged"),
    ("队伍", "assigned_team_name"),
    ("编号", "id"),
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(row: queue.QueueRow, name: str) -> str:
    value = getattr(row, name)
    if name == "overdue":
        return "超期" if value else ""
    if name == "urged":
        return str(value) if value else ""
    if name == "registered_at":
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(beijing.CHINA_TZ)
        return f"{moment:%Y-%m-%d %H:%M}"
    if name == "title" and _width(value) > 30:
        title = str(value)
        while _width(title) > 28:
            title = title[:-1]
        return title + "…"
    return "" if value is None else str(value)


def queue_table(page: queue.QueuePage) -> str:
    """A page of the queue as aligned columns (Chinese characters count two), with the total."""
    if page.total == 0:
        return "没有符合条件的需求（共 0 条）"
    cells = [[_cell(row, name) for _, name in _QUEUE_COLUMNS] for row in page.rows]
    widths = [
        max([_width(title), *(_width(line[i]) for line in cells)])
        for i, (title, _) in enumerate(_QUEUE_COLUMNS)
    ]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    first = page.offset + 1 if page.rows else page.offset
    last = page.offset + len(page.rows)
    summary = f"共 {page.total} 条，显示第 {first}–{last} 条"
    if not page.rows:
        summary = f"共 {page.total} 条；第 {page.offset + 1} 条之后没有了"
    elif last < page.total:
        summary += f"（下一页：--offset {last}）"
    return "\n".join([line([title for title, _ in _QUEUE_COLUMNS]), *map(line, cells), summary])


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码：")
    if first != getpass.getpass("再输入一次："):
        raise SystemExit("两次输入的密码不一致")
    return first


def load_catalog(path: Path) -> dict[str, Any]:
    try:
        catalog = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"读不了目录文件 {path}：{error}") from error
    if not isinstance(catalog, dict):
        raise CommandError(f"{path} 应为一个 JSON 对象（含 catalog_version、label、categories）")
    return catalog


def load_rows(path: Path) -> list[dict[str, object]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise SystemExit(f"{path} 应为 JSON 列表")
    return rows
