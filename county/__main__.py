"""``liaison-county``: run the county server and do the county's work from the command line.

Every command takes ``--data-dir`` (blobs, and the SQLite database by default) and
``--database-url`` (e.g. ``postgresql+psycopg://user@host/county``; also read from
``LIAISON_COUNTY_DATABASE_URL``). Exit codes: 0 success, 1 refused (reason on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from county import __version__


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 2026-11-01") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"“{text}”应为 0 或正整数")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"“{text}”应为 1 至 1000 的整数")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    common.add_argument("--database-url", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="liaison-county", description="县新时代文明实践中心服务器", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"liaison-county {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="运行同步服务器")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    # Same default as county.api.DEFAULT_MAX_IN_FLIGHT (not imported here: FastAPI is slow to
    # load and only ``serve`` needs it).
    serve.add_argument("--max-in-flight", type=int, default=16, help="同时处理的同步请求上限")

    code = sub.add_parser(
        "enrol-code", parents=[common], help="为一个村生成一次性注册码（72 小时有效）"
    )
    code.add_argument("--village", required=True, help="村的 12 位统计用区划代码")
    code.add_argument("--name", required=True, help="村（站）名称")
    code.add_argument("--device-name", default="")

    sub.add_parser("devices", parents=[common], help="列出已注册的设备")
    revoke = sub.add_parser("revoke", parents=[common], help="注销一台设备")
    revoke.add_argument("device")

    admin = sub.add_parser(
        "admin-add", parents=[common], help="添加或重设控制台账号（县中心、乡镇或服务队伍）"
    )
    admin.add_argument("username")
    admin.add_argument("--password-stdin", action="store_true")
    admin.add_argument(
        "--role",
        choices=["COUNTY", "TOWNSHIP", "TEAM"],
        default="COUNTY",
        help="COUNTY 县中心管理员（全部）；TOWNSHIP 乡镇管理员（本乡镇各村）；TEAM 服务队伍（本队清单）",
    )
    admin.add_argument("--township", default="", help="乡镇管理员：乡镇的 9 位区划代码")
    admin.add_argument("--team", default=None, help="服务队伍账号：队伍的编号或名称")
    admin.add_argument("--name", default="", help="显示的姓名或单位")

    demands = sub.add_parser(
        "demands",
        parents=[common],
        help="列出各村上报的需求（先按条件筛选，再分页；显示总数）",
    )
    demands.add_argument("--status", help="状态，多个用逗号隔开，如 SUBMITTED,TRIAGED")
    demands.add_argument("--village", help="村名或 12 位区划代码")
    demands.add_argument("--township", help="乡镇名或 9 位区划代码")
    demands.add_argument("--category", help="需求类别（名称或代码）")
    demands.add_argument("--topic", help="需求主题（名称或代码）")
    demands.add_argument("--channel", help="来源渠道（名称或代码）")
    demands.add_argument("--team", help="派给的队伍（编号或名称）")
    demands.add_argument("--overdue", action="store_true", help="只看超期未办结的")
    demands.add_argument("--urged", action="store_true", help="只看被催办过的")
    demands.add_argument("--from", dest="date_from", type=_date, help="登记日期起（含），如 2026-11-01")
    demands.add_argument("--to", dest="date_to", type=_date, help="登记日期止（含）")
    demands.add_argument("--search", default="", help="需求编号、标题或提出人姓名首字母")
    demands.add_argument(
        "--sort", default="registered", choices=["registered", "due", "updated", "number", "status", "urged"]
    )
    demands.add_argument("--oldest-first", action="store_true", help="从早到晚（默认从新到旧）")
    demands.add_argument("--limit", type=_positive, default=50, help="每页条数（默认 50，至多 1000）")
    demands.add_argument("--offset", type=_count, default=0, help="跳过前面多少条")
    demands.add_argument("--format", choices=["table", "json"], default="table")
    sub.add_parser("teams", parents=[common], help="列出服务队伍（派单时用其编号或名称）")
    show = sub.add_parser("show", parents=[common], help="查看一条需求及其时间线")
    show.add_argument("demand")
    reject = sub.add_parser("reject", parents=[common], help="退回需求")
    reject.add_argument("demand")
    reject.add_argument("--reason", required=True)
    dispatch = sub.add_parser("dispatch", parents=[common], help="派单给服务队伍")
    dispatch.add_argument("demand")
    dispatch.add_argument("--team", required=True)
    claim = sub.add_parser("claim", parents=[common], help="登记队伍接单")
    claim.add_argument("demand")
    claim.add_argument("--team")
    resolve = sub.add_parser("resolve", parents=[common], help="办结需求")
    resolve.add_argument("demand")
    resolve.add_argument("--result", required=True)
    close = sub.add_parser("close", parents=[common], help="关闭已评价的需求")
    close.add_argument("demand")

    demo = sub.add_parser(
        "demo", parents=[common], help="在空的县中心数据库里装入演示数据（两个乡镇、12 个村）"
    )
    demo.add_argument("--demands-per-village", type=_positive, default=60)
    catalog = sub.add_parser(
        "publish-catalog",
        parents=[common],
        help="发布新版需求目录（JSON 文件）：设为现行版本，并明确停用其他各版（含内置版）",
    )
    catalog.add_argument("file", type=Path)
    sub.add_parser(
        "after-restore",
        parents=[common],
        help="从备份恢复数据库之后、启动服务器之前运行一次：让各村收到恢复之后的变更",
    )
    publish = sub.add_parser(
        "publish", parents=[common], help="发布参考数据（JSON 文件，一个列表）"
    )
    from county.actions import PUBLISHABLE

    publish.add_argument("entity", choices=sorted(PUBLISHABLE))
    publish.add_argument("file", type=Path)
    package = sub.add_parser(
        "import-package",
        parents=[common],
        help="导入村里用U盘带来的同步包，并写出回执包（带回村里导入）",
    )
    package.add_argument("file", type=Path, help="村里导出的同步包（.lwsync）")
    package.add_argument(
        "--answer", type=Path, help="回执包写到哪里（默认：同步包旁边，文件名含村名和时间）"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = getattr(args, "data_dir", None) or Path(
        platformdirs.user_data_dir("LiaisonCounty", "CivilizationPractice")
    )
    url = getattr(args, "database_url", None) or os.environ.get("LIAISON_COUNTY_DATABASE_URL")
    from county import cli

    try:
        return cli.run(args, data_dir.expanduser().resolve(), url)
    except cli.CommandError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; the work itself was already committed.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
