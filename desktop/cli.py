"""The headless subcommands of ``liaison`` (demo, self-test, backup, restore)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from desktop import paths
from desktop.models.backup import backup_to_file, restore_database
from desktop.models.db import open_database, schema_revisions
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.sqlite_file import check_integrity


def _out_path(given: Path) -> Path:
    """Where a command writes its file: ``given`` made absolute, in a folder that exists (a
    plain message now, not an error after the work is done)."""
    out = given.expanduser().resolve()
    if not out.parent.is_dir():
        raise LiaisonError(f"无法保存“{out.name}”：文件夹“{out.parent}”不存在。请选一个已有的文件夹。")
    return out


def run_backup(data_dir: Path, out: Path) -> int:
    db_path = paths.database_path(data_dir)
    if not db_path.exists():
        print(f"错误：数据文件夹“{data_dir}”里没有数据库，无需备份。", file=sys.stderr)
        return 1
    backup_to_file(db_path, out.expanduser().resolve())
    print(f"已备份到 {out}（{out.stat().st_size // 1024} KB，已通过完整性检查）")
    return 0


def run_restore(data_dir: Path, file: Path) -> int:
    from desktop.ui.instance import WINDOW_LOCK, FolderLock

    db_path = paths.database_path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Replacing the file under an open window would lose what it saves next: the window's
    # lock is held for the whole restore.
    window = FolderLock(data_dir, WINDOW_LOCK)
    if not window.try_lock():
        raise LiaisonError("联络员工作台窗口正在使用这个数据文件夹，请先关闭窗口再恢复。")
    try:
        saved = restore_database(file.expanduser().resolve(), db_path, paths.backup_dir(data_dir))
        print(f"已从 {file} 恢复数据库。")
        if saved is not None:
            print(f"恢复前的数据库已另存为 {saved}")
        # Open once so an older backup is migrated (with its own backup) right away.
        open_database(db_path, backup_dir=paths.backup_dir(data_dir)).close()
    finally:
        window.unlock()
    return 0


def run_demo(data_dir: Path, args: argparse.Namespace) -> int:
    from desktop.demo.generate import DemoSize, generate_demo

    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        started = time.perf_counter()
        summary = generate_demo(
            db,
            DemoSize(
                demands=args.demands,
                contacts=args.contacts,
                activities=args.activities,
                volunteers=args.volunteers,
            ),
            seed=args.seed,
            unsynced=args.unsynced,
        )
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    print(f"演示数据已生成：{summary}，用时 {elapsed:.1f} 秒；数据文件夹 {data_dir}")
    return 0


def run_self_test(data_dir: Path) -> int:
    """Open or create the database, migrate, check it, build the main window offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db_path = paths.database_path(data_dir)
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    try:
        current, head = schema_revisions(db.engine)
        if current != head:
            print(f"自检失败：数据库结构版本 {current}，应为 {head}", file=sys.stderr)
            return 1
        problems = check_integrity(db_path)
        if problems:
            print("自检失败：完整性检查未通过：" + "；".join(problems[:3]), file=sys.stderr)
            return 1
        from desktop.models import beijing
        from desktop.models.summary import workbench_summary
        from desktop.models.sync_views import pending_records, pending_text
        from desktop.ui.app import build_self_test_window

        with db.reading() as session:
            figures = workbench_summary(session, beijing.today())
            pending = pending_text(pending_records(session)) or "无"
        window = build_self_test_window(db, data_dir)
    finally:
        db.close()
    station = figures.station_name or "尚未设置站点"
    print(
        f"自检通过：数据库 {db_path}（结构版本 {head}），站点：{station}；"
        f"需求 {figures.demands_total} 条，村民 {figures.contacts} 人，"
        f"待上报：{pending}；{window}"
    )
    return 0


# Exit codes of ``liaison sync --once`` (for a scheduled task to act on).
SYNC_OK, SYNC_FAILED, SYNC_OFFLINE, SYNC_REENROL, SYNC_UPDATE = 0, 1, 3, 4, 5


def run_enrol(data_dir: Path, args: argparse.Namespace) -> int:
    from desktop.sync.setup import enrol_device
    from desktop.sync.transport import SyncError

    try:
        settings = enrol_device(
            data_dir,
            args.server,
            args.code,
            ca_file=args.ca,
            proxy=args.proxy,
            device_name=args.device_name,
        )
    except SyncError as error:
        print(f"注册失败：{error.message}", file=sys.stderr)
        return 1
    print(f"注册成功：本机已登记为“{settings.village_name}”（{settings.village_code}）的设备。")
    return 0


def run_sync_once(data_dir: Path) -> int:
    """One round for a scheduled task; skipped while the window (or another task) syncs."""
    from desktop.ui.instance import SYNC_LOCK, FolderLock

    lock = FolderLock(data_dir, SYNC_LOCK)
    if not lock.try_lock():
        print("窗口或另一个计划任务正在同步这个数据文件夹，这一轮跳过。")
        return SYNC_OK
    try:
        return _sync_once(data_dir)
    finally:
        lock.unlock()


def _sync_once(data_dir: Path) -> int:
    from desktop.sync.history import run_round
    from desktop.sync.transport import Offline, SyncError, Unauthorized, UpdateRequired

    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        # Unattended rounds appear in the 同步 page's history like the window's own.
        report = run_round(db, data_dir, user_started=False)
    except SyncError as error:
        if isinstance(error, Unauthorized):
            print(f"需要重新注册：{error.message}（本机数据和待上报记录都已保留）", file=sys.stderr)
            return SYNC_REENROL
        if isinstance(error, UpdateRequired):
            print(f"需要更新：{error.message}", file=sys.stderr)
            return SYNC_UPDATE
        if isinstance(error, Offline):
            print(
                f"暂时无法同步：{error.message}（待上报记录已保留，下次自动继续）", file=sys.stderr
            )
            return SYNC_OFFLINE
        print(f"同步失败：{error.message}", file=sys.stderr)
        return SYNC_FAILED
    finally:
        db.close()
    print(f"同步完成：{report.summary()}")
    return SYNC_OK


def run_sync_export(data_dir: Path, file: Path) -> int:
    """``liaison sync --export FILE``: the 同步包 for a USB stick (a folder: a file in it named
    after the village and the time)."""
    from desktop.sync.credentials import CredentialStore
    from desktop.sync.package import default_name, export_package
    from liaison_wire import package as pkg

    target = file.expanduser()
    if target.is_dir():
        village = CredentialStore(data_dir, use_keyring=False).load_settings().village_name
        target = target / default_name(village, pkg.PUSH)
    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        exported = export_package(db, data_dir, target)
    finally:
        db.close()
    print(f"{exported.summary()}：{exported.path}")
    print("请把这个文件交给县中心导入，再把县中心给的回执包用 liaison sync --import 导入。")
    return SYNC_OK


def run_sync_import(data_dir: Path, file: Path) -> int:
    """``liaison sync --import FILE``: the county's 回执包, applied like a sync round."""
    from desktop.models.base import utcnow
    from desktop.sync.history import append_sync_run, finished_run
    from desktop.sync.package import import_answer

    started = utcnow()
    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        report = import_answer(db, data_dir, file.expanduser())
    finally:
        db.close()
    append_sync_run(data_dir, finished_run(started, report, user_started=True))
    print(f"已导入回执包：{report.summary()}")
    return SYNC_OK


def run_import_contacts(data_dir: Path, args: argparse.Namespace) -> int:
    """``liaison import contacts FILE``: the same report as the import dialog, the rows that
    need the officer first (``--all-rows`` lists every row after them).

    Exit 0 once the file was read (rejected rows are part of the report), 1 when it could not
    be used at all; a :class:`LiaisonError` raised here is printed by ``main``.
    """
    from desktop.models import beijing
    from desktop.models.roster_export import write_problem_rows
    from desktop.models.roster_import import import_roster, read_roster

    sheet = read_roster(args.file.expanduser().resolve())
    print(f"读取“{sheet.file_name}”的工作表“{sheet.sheet_name}”，表头在第 {sheet.header_row} 行。")
    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        with db.writing() as session:
            report = import_roster(
                session,
                sheet,
                sheet.suggested,
                today=beijing.today(),
                on_duplicate=args.on_duplicate,
                dry_run=args.dry_run,
                custom_tags=args.custom_tag,
            )
    finally:
        db.close()
    if report.dry_run:
        print("试运行：以下结果没有写入数据库。")
    print(report.totals())
    problems = report.lines(problems_only=True)
    print(f"需要处理的行（{len(problems)} 行）：" if problems else "没有需要处理的行。")
    for line in problems:
        print(line)
    if report.unknown_categories:
        found = "、".join(f"{word}（{n} 行）" for word, n in report.unknown_categories.items())
        print(
            f"不在类别表里的人员类别：{found}。要作为自定义类别导入，"
            "请加上 --custom-tag 类别名 再导入一次。"
        )
    if args.all_rows:
        print(f"全部 {len(report.rows)} 行：")
        for line in report.lines():
            print(line)
    if args.problems and problems:
        written = write_problem_rows(sheet, report, args.problems.expanduser().resolve())
        print(f"已把 {written} 行需要修改的保存到 {args.problems}，改好后可以再导入。")
    if not report.dry_run:
        print(report.summary())
    return 0


def run_station_set(data_dir: Path, args: argparse.Namespace) -> int:
    """``liaison station set``: this data folder's station, as the first-run form sets it."""
    from desktop.models.station_setup import StationInput, clean_station, save_station

    data = StationInput(args.name, args.division_code, args.township, args.county, args.phone)
    _values, errors = clean_station(data)
    if errors:
        for error in errors:
            print(f"错误：{error.message}", file=sys.stderr)
        return 1
    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        with db.writing() as session:
            station = save_station(session, data).value
    finally:
        db.close()
    print(f"已设置本站：{station.name}（{station.division_code}），下次同步时报送县中心。")
    return 0


def run_export(data_dir: Path, args: argparse.Namespace) -> int:
    """``liaison export demands|activities|volunteers|hours --out FILE.xlsx [--from D --to D]``."""
    import datetime as dt

    from desktop.models.ledgers import (
        Period,
        export_activities,
        export_demands,
        export_hours,
        export_volunteers,
    )

    db_path = paths.database_path(data_dir)
    if not db_path.exists():
        raise LiaisonError(f"数据文件夹“{data_dir}”里没有数据库。")
    out = _out_path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise LiaisonError("请用 .xlsx 作为导出文件的扩展名。")
    period = Period(args.date_from, args.date_to)
    now = dt.datetime.now(dt.UTC)
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    try:
        with db.reading() as session:
            if args.what == "demands":
                count, unit = export_demands(session, out, period, now), "条需求"
            elif args.what == "activities":
                count, unit = export_activities(session, out, period, now), "场活动"
            elif args.what == "volunteers":
                count, unit = export_volunteers(session, out, now), "位志愿者"
            else:
                count, unit = export_hours(session, out, period, now), "条服务记录"
    finally:
        db.close()
    print(f"已导出 {count} {unit}到 {out}")
    return 0


def run_report(data_dir: Path, args: argparse.Namespace) -> int:
    """``liaison report --period 2026-11|2026Q4|2026 --out FILE.xlsx|FILE.pdf``: the 统计报表."""
    import datetime as dt

    from desktop.models import beijing
    from desktop.models.statistics import station_report
    from liaison_wire.statistics import parse_period

    db_path = paths.database_path(data_dir)
    if not db_path.exists():
        raise LiaisonError(f"数据文件夹“{data_dir}”里没有数据库。")
    out = _out_path(args.out)
    kind = out.suffix.lower()
    if kind not in (".xlsx", ".pdf"):
        raise LiaisonError("请用 .xlsx 或 .pdf 作为统计报表的扩展名。")
    try:
        period = parse_period(args.period)
    except ValidationError as error:
        raise LiaisonError(error.message) from None
    now = dt.datetime.now(dt.UTC)
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    try:
        with db.reading() as session:
            report = station_report(session, period, beijing.today(), alongside=db)
    finally:
        db.close()
    if kind == ".xlsx":
        from desktop.models.statistics_export import write_report_xlsx

        write_report_xlsx(report, out, now)
        pages = ""
    else:
        # Drawing the charts needs Qt's widgets, not a screen.
        from PySide6.QtWidgets import QApplication

        from desktop.ui.statistics.report_pdf import write_report_pdf

        app = QApplication.instance() or QApplication(["liaison", "-platform", "offscreen"])
        pages = f"（{write_report_pdf(report, out, now)} 页）"
        del app
    empty = "；本期没有记录，报表注明为空" if report.empty else ""
    print(f"已生成 {report.station or '本站'}{period.label}统计报表{pages}：{out}{empty}")
    return 0


def run_certificate(data_dir: Path, args: argparse.Namespace) -> int:
    """``liaison certificate hours --volunteer NAME_OR_ID --out FILE.pdf``."""
    from PySide6.QtGui import QGuiApplication

    from desktop.models import beijing
    from desktop.models.volunteers import find_volunteer, hours_certificate
    from desktop.ui.volunteers.certificate import certificate_pages, write_certificate_pdf

    db_path = paths.database_path(data_dir)
    if not db_path.exists():
        raise LiaisonError(f"数据文件夹“{data_dir}”里没有数据库。")
    out = _out_path(args.out)
    if out.suffix.lower() != ".pdf":
        raise LiaisonError("请用 .pdf 作为证明文件的扩展名。")
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    try:
        with db.reading() as session:
            cert = hours_certificate(session, find_volunteer(session, args.volunteer), beijing.today())
    finally:
        db.close()
    # Laying out the page needs Qt's fonts, not a screen.
    app = QGuiApplication.instance() or QGuiApplication(["liaison", "-platform", "offscreen"])
    write_certificate_pdf(cert, out)
    pages = certificate_pages(cert)
    del app
    print(f"已出具 {cert.volunteer_name} 的志愿服务时长证明（{pages} 页）：{out}")
    return 0
