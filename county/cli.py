"""The ``liaison-county`` subcommands; each runs against the county database directly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from county import accounts, actions
from county.db import open_county_database


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
    from county.__main__ import load_rows, read_password

    command = args.command
    actor = "cli"
    if command == "serve":
        import uvicorn

        from county.api import create_app

        app = create_app(db, data_dir, max_in_flight=args.max_in_flight)
        print(f"县中心服务器已启动：http://{args.host}:{args.port}/ （接口说明 /docs）", flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    with db.writing() as session:
        if command == "enrol-code":
            code, expires = accounts.create_enrol_code(
                session, args.village, args.name, args.device_name
            )
            print(code)
            print(f"有效期至 {expires:%Y-%m-%d %H:%M} UTC，只能使用一次。", flush=True)
        elif command == "devices":
            from county.api import device_rows

            _print_json(device_rows(session))
        elif command == "revoke":
            device = accounts.revoke_device(session, args.device)
            print(f"已注销设备 {device.id}（{device.name}）")
        elif command == "admin-add":
            accounts.set_admin(session, args.username, read_password(args.password_stdin))
            print(f"管理员 {args.username} 已保存")
        elif command == "demands":
            rows = actions.list_demands(session, status=args.status, village_code=args.village)
            _print_json([r.__dict__ for r in rows])
        elif command == "show":
            _print_json(actions.demand_detail(session, args.demand))
        elif command == "reject":
            actions.reject_demand(session, args.demand, args.reason, actor=actor)
        elif command == "dispatch":
            actions.dispatch_demand(session, args.demand, args.team, actor=actor)
        elif command == "claim":
            actions.claim_demand(session, args.demand, args.team, actor=actor)
        elif command == "resolve":
            actions.resolve_demand(session, args.demand, args.result, actor=actor)
        elif command == "close":
            actions.close_demand(session, args.demand, actor=actor)
        elif command == "publish":
            changed = actions.publish(session, args.entity, load_rows(args.file), actor=actor)
            print(f"已发布 {changed} 条")
        else:
            raise AssertionError(command)
    return 0
