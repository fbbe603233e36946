"""Command line of the workbench: ``liaison`` starts the window; subcommands run headless.

    liaison [--data-dir D] [--demo] [--lang en]     the program window
    liaison demo --data-dir D [--demands N] …       fill a database with realistic demo data
    liaison self-test [--data-dir D]                open, migrate, check, build the window, exit
    liaison backup --out FILE [--data-dir D]        a verified copy of the database
    liaison restore FILE [--data-dir D]             replace the database with a checked backup
    liaison enrol --server URL --code CODE [--ca FILE] [--data-dir D]
    liaison sync --once [--data-dir D]              one sync round, for a scheduled task
    liaison sync --export FILE | --import FILE      同步包 by USB stick: write one, take an answer
    liaison import contacts FILE [--dry-run] [--on-duplicate skip|update] [--custom-tag 类别]
                                 [--problems FILE.xlsx] [--all-rows] [--data-dir D]
    liaison station set --name N --division-code C [--township T] [--county X] [--phone P]

Exit codes: 0 success, 1 a failure explained on stderr (one line; an unexpected error is
logged with its traceback in the data folder's ``logs/liaison.log``, which the line names),
2 wrong usage; ``sync --once`` also 3 offline (try later), 4 this PC must be enrolled again,
5 this program must be updated. A pulled record the PC cannot take in yet is not a failure:
it is held (the 同步 page lists it) and the round succeeds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import paths
from desktop.models.errors import LiaisonError


def _data_dir_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="数据文件夹（默认：当前用户的应用数据文件夹）",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _data_dir_parent()
    parser = argparse.ArgumentParser(
        prog="liaison", description="联络员工作台（新时代文明实践站）", parents=[common]
    )
    parser.add_argument("--demo", action="store_true", help="打开演示数据库（没有就自动生成）")
    parser.add_argument("--lang", default="zh_CN", help="界面语言：zh_CN（默认）或 en")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", parents=[common], help="生成演示数据")
    demo.add_argument("--demands", type=int, default=2000)
    demo.add_argument("--contacts", type=int, default=800)
    demo.add_argument("--activities", type=int, default=120)
    demo.add_argument("--volunteers", type=int, default=60)
    demo.add_argument("--seed", type=int, default=20261129)
    demo.add_argument(
        "--unsynced", action="store_true", help="只生成首次同步前村里自己登记的数据（用于联调）"
    )

    sub.add_parser("self-test", parents=[common], help="自检：打开数据库、迁移、检查、构建窗口")

    backup = sub.add_parser("backup", parents=[common], help="备份数据库到指定文件")
    backup.add_argument("--out", type=Path, required=True)

    restore = sub.add_parser("restore", parents=[common], help="从备份文件恢复数据库")
    restore.add_argument("file", type=Path)

    enrol = sub.add_parser("enrol", parents=[common], help="用注册码在县中心注册本机")
    enrol.add_argument(
        "--server", required=True, help="县中心服务器地址，如 https://wmsj.example.gov.cn"
    )
    enrol.add_argument("--code", required=True, help="县中心提供的一次性注册码")
    enrol.add_argument("--ca", default="", help="县中心的 CA 证书文件（使用自建证书时）")
    enrol.add_argument("--proxy", default="")
    enrol.add_argument("--device-name", default="")

    sync = sub.add_parser("sync", parents=[common], help="与县中心同步")
    how = sync.add_mutually_exclusive_group(required=True)
    how.add_argument("--once", action="store_true", help="联网同步一轮后退出")
    how.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="没有网络时：把待上报的记录写成同步包（用U盘交给县中心）",
    )
    how.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="导入县中心给的回执包",
    )

    imports = sub.add_parser("import", help="导入数据").add_subparsers(dest="what", required=True)
    contacts = imports.add_parser(
        "contacts", parents=[common], help="导入村民花名册（.xlsx、.xls 或 .csv）"
    )
    contacts.add_argument("file", type=Path)
    contacts.add_argument("--dry-run", action="store_true", help="只检查、显示结果，不写入数据库")
    contacts.add_argument(
        "--on-duplicate",
        choices=("skip", "update"),
        default="skip",
        help="通讯录里已有的村民：skip 跳过（默认）或 update 用表格内容更新",
    )
    contacts.add_argument(
        "--custom-tag",
        action="append",
        default=[],
        metavar="类别",
        help="把不在类别表里的这个人员类别作为自定义类别导入（可多次使用）",
    )
    contacts.add_argument(
        "--problems", type=Path, metavar="FILE.xlsx", help="把需要修改的行另存为 Excel 表格"
    )
    contacts.add_argument("--all-rows", action="store_true", help="在报告里列出每一行")

    exports = sub.add_parser("export", help="导出台账（.xlsx）").add_subparsers(
        dest="what", required=True
    )
    for what, text in (
        ("demands", "群众需求台账：每条需求一行"),
        ("activities", "实践活动台账：每场活动一行"),
        ("volunteers", "志愿者花名册：每位志愿者一行"),
        ("hours", "志愿服务台账：每条服务时长记录一行"),
    ):
        ledger = exports.add_parser(what, parents=[common], help=text)
        ledger.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
        ledger.add_argument("--from", dest="date_from", type=_day, metavar="YYYY-MM-DD")
        ledger.add_argument("--to", dest="date_to", type=_day, metavar="YYYY-MM-DD")

    report = sub.add_parser("report", parents=[common], help="统计报表（.xlsx 或 PDF）")
    report.add_argument(
        "--period", required=True, metavar="2026-11|2026Q4|2026", help="月（2026-11）、季度（2026Q4）或年（2026）"
    )
    report.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx|FILE.pdf")

    certificates = sub.add_parser("certificate", help="出具证明（PDF）").add_subparsers(
        dest="what", required=True
    )
    hours = certificates.add_parser("hours", parents=[common], help="志愿服务时长证明（一页 A4）")
    hours.add_argument("--volunteer", required=True, metavar="姓名或编号")
    hours.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    station = sub.add_parser("station", help="本站信息").add_subparsers(dest="what", required=True)
    station_set = station.add_parser(
        "set", parents=[common], help="设置本站信息（与窗口里“设置本站”相同）"
    )
    station_set.add_argument("--name", required=True, help="站点名称，如 陈家店村新时代文明实践站")
    station_set.add_argument("--division-code", required=True, help="12 位统计用区划代码")
    station_set.add_argument("--township", default="", help="所属乡镇")
    station_set.add_argument("--county", default="", help="所属县（市、区）")
    station_set.add_argument("--phone", default="", help="站点电话（印在回执上）")
    return parser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise argparse.ArgumentTypeError(f"没有“{text}”这一天，请检查月份和日期") from None
        raise argparse.ArgumentTypeError(f"日期“{text}”的格式应为 YYYY-MM-DD，如 2026-11-01") from None


def _data_dir(args: argparse.Namespace) -> Path:
    explicit: Path | None = getattr(args, "data_dir", None)
    if explicit is not None:
        return explicit.expanduser().resolve()
    if getattr(args, "demo", False):
        return paths.default_data_dir() / "demo"
    return paths.default_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = _data_dir(args)
    try:
        if args.command is None:
            from desktop.ui.app import run_app

            return run_app(data_dir, demo=args.demo, lang=args.lang)
        if args.command == "demo":
            from desktop.cli import run_demo

            return run_demo(data_dir, args)
        if args.command == "self-test":
            from desktop.cli import run_self_test

            return run_self_test(data_dir)
        if args.command == "backup":
            from desktop.cli import run_backup

            return run_backup(data_dir, args.out)
        if args.command == "restore":
            from desktop.cli import run_restore

            return run_restore(data_dir, args.file)
        if args.command == "enrol":
            from desktop.cli import run_enrol

            return run_enrol(data_dir, args)
        if args.command == "sync":
            from desktop.cli import run_sync_export, run_sync_import, run_sync_once

            if args.export is not None:
                return run_sync_export(data_dir, args.export)
            if args.import_file is not None:
                return run_sync_import(data_dir, args.import_file)
            return run_sync_once(data_dir)
        if args.command == "import":
            from desktop.cli import run_import_contacts

            return run_import_contacts(data_dir, args)
        if args.command == "export":
            from desktop.cli import run_export

            return run_export(data_dir, args)
        if args.command == "report":
            from desktop.cli import run_report

            return run_report(data_dir, args)
        if args.command == "certificate":
            from desktop.cli import run_certificate

            return run_certificate(data_dir, args)
        if args.command == "station":
            from desktop.cli import run_station_set

            return run_station_set(data_dir, args)
    except LiaisonError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 1
    except Exception:
        # Never a traceback on the console (a scheduled task's output is read by people):
        # one line, and the traceback in the data folder's log.
        print(_logged_unexpected(data_dir), file=sys.stderr)
        return 1
    raise AssertionError(args.command)


def _logged_unexpected(data_dir: Path) -> str:
    """Log the exception being handled with its traceback; the line to print about it."""
    import logging

    from desktop.logs import setup_logging

    try:
        path = setup_logging(data_dir)
        logging.getLogger("liaison").exception("unexpected error")
    except OSError:
        return "出错了：程序遇到意外错误（日志文件也无法写入，请检查数据文件夹）。"
    return f"出错了：程序遇到意外错误，详情已写入日志 {path}"


if __name__ == "__main__":
    sys.exit(main())
