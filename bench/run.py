"""Performance benchmark of the workbench's storage layer on a large demo database.

    python bench/run.py                      full run: 100,000 demands, 20,000 contacts
    python bench/run.py --quick              CI: same database size, fewer repetitions
    python bench/run.py --data-dir D         reuse (or create, then keep) the database in D
    python bench/run.py --json out.json      also write every figure as JSON

Every figure is printed next to a baseline measured in the same run on the same disk (raw
``sqlite3``, no ORM, no full-text index) and the ratio ours/baseline, with PASS/MISS against
the target. It is a benchmark, not a test: a MISS still exits 0; an error exits non-zero.
For a MISS (or with ``--explain``) the SQL behind the figure is captured and each statement is
timed and shown with its ``EXPLAIN QUERY PLAN``.

Qt-free: imports only the models layer.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import math
import os
import platform
import pstats
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.models.beijing import CHINA_TZ  # noqa: E402
from desktop.models.db import Database, open_database  # noqa: E402
from desktop.models.demands import DemandInput, register_demand  # noqa: E402
from desktop.models.queries import (  # noqa: E402
    ContactFilter,
    DemandFilter,
    count_contacts,
    count_demands,
    list_contacts,
    list_demands,
)
from desktop.models.rules.demand_status import OPEN_STATUSES, Channel, Urgency  # noqa: E402

PAGE = 50
SAVE_TARGET_MS = 2.0
LIST_TARGET_MS = 5.0
SEARCH_TARGET_MS = 20.0
STATISTICS_TARGET_MS = 300.0
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Plan:
    """How much to repeat; ``quick`` only repeats less, the database is the same size."""

    demands: int
    contacts: int
    activities: int | None
    volunteers: int | None
    saves: int
    list_reps: int
    search_reps: int
    warmup: int


def make_plan(args: argparse.Namespace) -> Plan:
    if args.quick:
        saves, list_reps, search_reps, warmup = 60, 20, 10, 3
    else:
        saves, list_reps, search_reps, warmup = 300, 100, 60, 5
    return Plan(
        demands=args.demands,
        contacts=args.contacts,
        activities=args.activities,
        volunteers=args.volunteers,
        saves=args.saves or saves,
        list_reps=args.reps or list_reps,
        search_reps=args.reps or search_reps,
        warmup=warmup,
    )


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True)
class Stats:
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    n: int

    @staticmethod
    def of(samples_s: Sequence[float]) -> Stats:
        ms = sorted(s * 1000.0 for s in samples_s)
        # Nearest-rank p95: with 50 samples this is the 48th value.
        p95 = ms[max(0, math.ceil(0.95 * len(ms)) - 1)]
        return Stats(statistics.median(ms), p95, ms[0], ms[-1], len(ms))


def measure_pair(
    ours: Callable[[], object],
    base: Callable[[], object],
    reps: int,
    warmup: int,
) -> tuple[Stats, Stats]:
    """Time ``ours`` and ``base`` alternately, so both see the same disk and cache weather."""
    for _ in range(warmup):
        ours()
        base()
    ours_s: list[float] = []
    base_s: list[float] = []
    clock = time.perf_counter
    for _ in range(reps):
        t0 = clock()
        ours()
        t1 = clock()
        base()
        t2 = clock()
        ours_s.append(t1 - t0)
        base_s.append(t2 - t1)
    return Stats.of(ours_s), Stats.of(base_s)


@dataclass
class Result:
    group: str
    name: str
    detail: str
    ours: Stats
    base: Stats
    target_ms: float
    hits: int | None = None
    base_hits: int | None = None
    analysis: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.ours.median_ms / self.base.median_ms if self.base.median_ms else math.inf

    @property
    def verdict(self) -> str:
        return "PASS" if self.ours.median_ms <= self.target_ms else "MISS"

    def line(self) -> str:
        hits = "" if self.hits is None else f"  hits {self.hits:,} (baseline {self.base_hits:,})"
        return (
            f"  {self.name:<30} {self.ours.median_ms:8.2f} ms  p95 {self.ours.p95_ms:8.2f}  "
            f"| baseline {self.base.median_ms:8.2f} ms  p95 {self.base.p95_ms:8.2f}  "
            f"| x{self.ratio:5.2f}  target <= {self.target_ms:g} ms  {self.verdict}{hits}"
        )


# ---------------------------------------------------------------------------------------------
# SQL capture, for explaining a slow figure


@dataclass
class Captured:
    sql: str
    params: Any
    many: bool
    durations_s: list[float] = field(default_factory=list)


@contextmanager
def capture_sql(engine: sqlalchemy.Engine) -> Iterator[tuple[dict[str, Captured], list[float]]]:
    """Record every statement the engine runs (with its duration) and every commit's duration."""
    statements: dict[str, Captured] = {}
    commits: list[float] = []
    started: dict[int, float] = {}
    commit_started: list[float] = []

    def before(conn: Any, cursor: Any, stmt: str, params: Any, context: Any, many: bool) -> None:
        started[id(cursor)] = time.perf_counter()

    def after(conn: Any, cursor: Any, stmt: str, params: Any, context: Any, many: bool) -> None:
        elapsed = time.perf_counter() - started.pop(id(cursor), time.perf_counter())
        entry = statements.setdefault(stmt, Captured(stmt, params, many))
        entry.durations_s.append(elapsed)

    def on_commit(conn: Any) -> None:
        commit_started.append(time.perf_counter())

    def after_commit(session: Any) -> None:
        if commit_started:
            commits.append(time.perf_counter() - commit_started.pop())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "commit", on_commit)
    event.listen(Session, "after_commit", after_commit)
    try:
        yield statements, commits
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        event.remove(engine, "commit", on_commit)
        event.remove(Session, "after_commit", after_commit)


def explain(
    conn: sqlite3.Connection, fn: Callable[[], object], engine: sqlalchemy.Engine, runs: int = 5
) -> list[str]:
    """Run ``fn`` a few times under capture: per-statement median time and query plans."""
    t0 = time.perf_counter()
    with capture_sql(engine) as (statements, commits):
        for _ in range(runs):
            fn()
    total_ms = (time.perf_counter() - t0) * 1000 / runs
    lines: list[str] = []
    sql_ms = sum(sum(c.durations_s) for c in statements.values()) * 1000 / runs
    commit_ms = sum(commits) * 1000 / runs
    lines.append(
        f"per call: {total_ms:.2f} ms = SQL to first row {sql_ms:.2f} ms + commit "
        f"{commit_ms:.2f} ms + the rest {total_ms - sql_ms - commit_ms:.2f} ms (Python/ORM, and "
        f"fetching rows after the first) ({runs} runs)"
    )
    ranked = sorted(statements.values(), key=lambda c: -sum(c.durations_s))
    for entry in ranked:
        per_call = sum(entry.durations_s) * 1000 / runs
        per_exec = statistics.median(entry.durations_s) * 1000
        sql = " ".join(entry.sql.split())
        lines.append(
            f"{per_call:7.2f} ms/call ({len(entry.durations_s) / runs:g}x, "
            f"median {per_exec:.2f} ms){' [executemany]' if entry.many else ''}: {sql}"
        )
        if entry.params and not entry.many:
            lines.append(f"        params: {_short(entry.params)}")
        if sql.upper().startswith("SELECT") and not entry.many:
            try:
                plan = conn.execute("EXPLAIN QUERY PLAN " + entry.sql, entry.params).fetchall()
                full_ms = _time_raw(conn, entry.sql, entry.params)
            except sqlite3.Error as error:
                lines.append(f"        (no plan: {error})")
            else:
                lines.append(f"        raw sqlite3, all rows fetched: {full_ms:.2f} ms")
                lines.extend(f"        plan: {'  ' * _depth(plan, row)}{row[3]}" for row in plan)
    return lines


def _time_raw(conn: sqlite3.Connection, sql: str, params: Any, runs: int = 3) -> float:
    """Median milliseconds of running ``sql`` and fetching every row (sqlite3 steps lazily)."""
    samples: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        conn.execute(sql, params).fetchall()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def hotspots(fn: Callable[[], object], runs: int = 20, top: int = 10) -> list[str]:
    """The workbench's own functions that take the most time per call (under cProfile)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        fn()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.values()) * 1000 / runs
    own = [
        (ct, nc, func)
        for func, (_cc, nc, _tt, ct, _callers) in stats.items()
        if f"{os.sep}desktop{os.sep}" in func[0]
    ]
    own.sort(key=lambda item: -item[0])
    lines = [f"hotspots (cProfile, {runs} calls, {total:.2f} ms/call with profiler overhead):"]
    for ct, nc, (filename, lineno, name) in own[:top]:
        where = os.path.relpath(filename, ROOT)
        lines.append(
            f"  {ct * 1000 / runs:7.2f} ms/call cumulative, {nc / runs:g}x  {where}:{lineno} {name}"
        )
    return lines


def _depth(plan: list[Any], row: Any) -> int:
    parents = {r[0]: r[1] for r in plan}
    depth, parent = 0, row[1]
    while parent in parents:
        depth += 1
        parent = parents[parent]
    return depth


def _short(params: Any) -> str:
    text = repr(params)
    return text if len(text) <= 200 else text[:197] + "..."


# ---------------------------------------------------------------------------------------------
# The database


def build_database(data_dir: Path, plan: Plan, seed: int) -> float | None:
    """Create the demo database in ``data_dir`` unless it already holds one.

    Returns the generation time in seconds, or None when an existing database was reused.
    """
    db_path = paths.database_path(data_dir)
    if db_path.exists() and db_path.stat().st_size > 0:
        return None
    from desktop.demo.generate import DemoSize, generate_demo

    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    try:
        extra = {"activities": plan.activities, "volunteers": plan.volunteers}
        size = DemoSize(
            demands=plan.demands,
            contacts=plan.contacts,
            **{k: v for k, v in extra.items() if v is not None},
        )
        started = time.perf_counter()
        summary = generate_demo(db, size, seed=seed)
        elapsed = time.perf_counter() - started
    except BaseException:
        # Never leave a half-made database behind for a later --data-dir run to "reuse".
        db.close()
        for leftover in data_dir.glob(paths.DB_FILE + "*"):
            leftover.unlink()
        raise
    db.close()
    print(f"  generate_demo: {elapsed:.1f} s  ({summary})")
    return elapsed


def raw_connection(db_path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the workbench's pragmas, for baselines and plans."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _scalar(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    return conn.execute(sql, params).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# Choosing the search words from the data itself


@dataclass(frozen=True)
class Keywords:
    one: str
    two: str
    four: str
    initials: str
    initials_name: str
    phone4: str
    contact_initials: str
    contact_initials_name: str
    contact_phone4: str
    category: str
    doc_freq: dict[str, int]


def _most_common(counter: Counter[str]) -> str:
    """The most frequent key; ties go to the smallest, so the choice never depends on order."""
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def choose_keywords(conn: sqlite3.Connection) -> Keywords:
    """The most frequent 1-, 2- and 4-character strings of the demands (by number of demands
    containing them), initials of the most common name, and real phone tails."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    quad: Counter[str] = Counter()
    title_quad: Counter[str] = Counter()
    rows = conn.execute(
        "SELECT title, description, requester_name FROM demand WHERE deleted_at IS NULL"
    )
    for title, description, name in rows:
        runs = _CJK_RUN.findall(f"{title} {description} {name}")
        uni.update({ch for run in runs for ch in run})
        bi.update({run[i : i + 2] for run in runs for i in range(len(run) - 1)})
        quad.update({run[i : i + 4] for run in runs for i in range(len(run) - 3)})
        title_quad.update(
            {run[i : i + 4] for run in _CJK_RUN.findall(title) for i in range(len(run) - 3)}
        )
    if not uni or not bi or not title_quad:
        raise RuntimeError("the demo demands hold no Chinese text to search for")
    # 1 and 2 characters: the most frequent anywhere (the worst case, e.g. the first keystroke);
    # 4 characters: the most frequent phrase of the titles (what an officer would type).
    one, two, four = _most_common(uni), _most_common(bi), _most_common(title_quad)

    def common_name(sql: str) -> tuple[str, str]:
        row = conn.execute(sql).fetchone()
        if row is None:
            raise RuntimeError("no named records to take pinyin initials from")
        return str(row[0]), str(row[1])

    # requester_pinyin is "full initials"; the initials are its last word.
    d_name, d_pinyin = common_name(
        "SELECT requester_name, requester_pinyin FROM demand WHERE requester_name != '' "
        "AND deleted_at IS NULL GROUP BY requester_name ORDER BY count(*) DESC, "
        "requester_name LIMIT 1"
    )
    c_name, c_initials = common_name(
        "SELECT name, pinyin_initials FROM contact WHERE pinyin_initials != '' "
        "AND deleted_at IS NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT 1"
    )

    def phone_tail(table: str, column: str) -> str:
        # The middle record with a phone: a real caller's number, the last four digits as an
        # officer would type them.
        where = f"{column} IS NOT NULL AND deleted_at IS NULL"
        row = conn.execute(
            f"SELECT {column} FROM {table} WHERE {where} ORDER BY search_rowid LIMIT 1 "
            f"OFFSET (SELECT count(*) / 2 FROM {table} WHERE {where})"
        ).fetchone()
        digits = re.sub(r"\D", "", row[0]) if row else ""
        if len(digits) < 4:
            raise RuntimeError(f"no phone numbers in {table} to search for")
        return digits[-4:]

    d_phone = phone_tail("demand", "requester_phone")
    c_phone = phone_tail("contact", "phone")
    category = str(
        _scalar(
            conn,
            "SELECT category_code FROM demand WHERE deleted_at IS NULL "
            "GROUP BY category_code ORDER BY count(*) DESC LIMIT 1",
        )
    )
    return Keywords(
        one=one,
        two=two,
        four=four,
        initials=d_pinyin.split()[-1],
        initials_name=d_name,
        phone4=d_phone,
        contact_initials=c_initials,
        contact_initials_name=c_name,
        contact_phone4=c_phone,
        category=category,
        doc_freq={one: uni[one], two: bi[two], four: quad[four]},
    )


# ---------------------------------------------------------------------------------------------
# Benchmarks


_ROW_COLUMNS = (
    "id, number, registered_at, requester_name, anonymous, title, category_code, topic_code, "
    "catalog_version, channel, status, urgency, due_date"
)
_OPEN = sorted(s.value for s in OPEN_STATUSES)


def _raw_demand_page(
    conn: sqlite3.Connection, where: str, params: Sequence[Any], today: dt.date
) -> Callable[[], int]:
    """count + first page of demands with plain sqlite3, as the UI's two queries."""
    marks = ", ".join("?" for _ in _OPEN)
    count_sql = f"SELECT count(*) FROM demand WHERE deleted_at IS NULL AND ({where})"
    page_sql = (
        f"SELECT {_ROW_COLUMNS}, (due_date < ? AND status IN ({marks})) AS overdue "
        f"FROM demand WHERE deleted_at IS NULL AND ({where}) "
        f"ORDER BY registered_at DESC, search_rowid DESC LIMIT {PAGE}"
    )
    page_params = [today.isoformat(), *_OPEN, *params]

    def run() -> int:
        conn.execute("BEGIN")
        try:
            n = int(conn.execute(count_sql, params).fetchone()[0])
            conn.execute(page_sql, page_params).fetchall()
        finally:
            conn.execute("COMMIT")
        return n

    return run


def _ours_demand_page(db: Database, flt: DemandFilter, today: dt.date) -> Callable[[], int]:
    def run() -> int:
        with db.reading() as session:
            n = count_demands(session, flt, today)
            list_demands(session, flt, today, limit=PAGE)
        return n

    return run


def _ours_contact_page(db: Database, flt: ContactFilter) -> Callable[[], int]:
    def run() -> int:
        with db.reading() as session:
            n = count_contacts(session, flt)
            list_contacts(session, flt, limit=PAGE)
        return n

    return run


def _raw_contact_page(conn: sqlite3.Connection, keyword: str) -> Callable[[], int]:
    columns = (
        "name",
        "address",
        "group_name",
        "pinyin_full",
        "pinyin_initials",
        "phone",
        "proxy_phone",
    )
    where = " OR ".join(f"{c} LIKE ?" for c in columns)
    params = [f"%{keyword}%"] * len(columns)
    count_sql = f"SELECT count(*) FROM contact WHERE deleted_at IS NULL AND ({where})"
    page_sql = (
        "SELECT id, name, gender, phone, group_name, grid_id, address FROM contact "
        f"WHERE deleted_at IS NULL AND ({where}) "
        f"ORDER BY pinyin_full, search_rowid LIMIT {PAGE}"
    )

    def run() -> int:
        conn.execute("BEGIN")
        try:
            n = int(conn.execute(count_sql, params).fetchone()[0])
            conn.execute(page_sql, params).fetchall()
        finally:
            conn.execute("COMMIT")
        return n

    return run


def bench_list(
    db: Database, conn: sqlite3.Connection, kw: Keywords, plan: Plan, today: dt.date
) -> tuple[Result, Callable[[], object]]:
    flt = DemandFilter(statuses=frozenset(_OPEN), category_code=kw.category)
    ours = _ours_demand_page(db, flt, today)
    marks = ", ".join("?" for _ in _OPEN)
    base = _raw_demand_page(
        conn, f"status IN ({marks}) AND category_code = ?", [*_OPEN, kw.category], today
    )
    o, b = measure_pair(ours, base, plan.list_reps, plan.warmup)
    result = Result(
        "list",
        "open + category, page 1",
        f"statuses=open, category={kw.category}",
        o,
        b,
        LIST_TARGET_MS,
        ours(),
        base(),
    )
    return result, ours


def bench_statistics(
    db: Database, conn: sqlite3.Connection, plan: Plan, today: dt.date
) -> list[tuple[Result, Callable[[], object]]]:
    """The 统计报表 of this year. Two figures: every figure of the year (docs/statistics.md,
    item 1 of the issue: demands, activities, volunteers, the breakdowns), and the whole report
    as the page and ``liaison report`` make it (the same beside last year's, with the monthly
    series). Both read the way the report does: the demand figures on one connection and the
    rest on a second at the same time (``alongside``). The baseline is plain SQL reading the year's demands by status and its
    activities by type, the least any report must read."""
    from desktop.models.statistics import period_figures, station_report
    from liaison_wire.statistics import ReportPeriod

    period = ReportPeriod.year(today.year)

    def figures() -> int:
        with db.reading() as session:
            return period_figures(session, period, today, alongside=db).demands.accepted

    def report() -> int:
        with db.reading() as session:
            return station_report(session, period, today, alongside=db).line("受理量").value or 0  # type: ignore[return-value]

    low = dt.datetime.combine(period.start, dt.time(), CHINA_TZ).astimezone(dt.UTC)
    bounds = [f"{low:%Y-%m-%d %H:%M:%S}.000000", f"{low.replace(year=low.year + 1):%Y-%m-%d %H:%M:%S}.000000"]

    def base() -> int:
        statuses = conn.execute(
            "SELECT status, count(*) FROM demand WHERE deleted_at IS NULL AND registered_at >= ?"
            " AND registered_at < ? GROUP BY status",
            bounds,
        ).fetchall()
        conn.execute(
            "SELECT activity_type_code, count(*) FROM activity WHERE deleted_at IS NULL"
            " AND starts_at >= ? AND starts_at < ? GROUP BY activity_type_code",
            bounds,
        ).fetchall()
        return sum(n for status, n in statuses if status not in ("CANCELLED", "REJECTED", "MERGED", "DRAFT"))

    activities = _scalar(
        conn, "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND starts_at >= ? AND starts_at < ?", bounds
    )
    month = ReportPeriod.containing("month", today).previous()

    def month_report() -> int:
        with db.reading() as session:
            return station_report(session, month, today, alongside=db).line("受理量").value or 0  # type: ignore[return-value]

    results: list[tuple[Result, Callable[[], object]]] = []
    for name, detail, ours in (
        (f"every figure of {period.label}", f"{activities:,} activities held in the year", figures),
        (f"report of {period.label}", f"beside {period.previous().label}, with its months", report),
        (f"report of {month.label}", "beside the month before and a year before, with 12 months", month_report),
    ):
        o, b = measure_pair(ours, base, max(5, plan.list_reps // 4), 1)
        result = Result("statistics", name, detail, o, b, STATISTICS_TARGET_MS, ours(), base())
        print(result.line() + f"  {detail}")
        results.append((result, ours))
    return results


def bench_searches(
    db: Database, conn: sqlite3.Connection, kw: Keywords, plan: Plan, today: dt.date
) -> list[tuple[Result, Callable[[], object]]]:
    text_cols = ("title", "description", "requester_name")

    def like(columns: Sequence[str], keyword: str) -> tuple[str, list[str]]:
        return " OR ".join(f"{c} LIKE ?" for c in columns), [f"%{keyword}%"] * len(columns)

    cases: list[tuple[str, str, tuple[str, list[str]]]] = [
        ("demand: 1 char", kw.one, like(text_cols, kw.one)),
        ("demand: 2 chars", kw.two, like(text_cols, kw.two)),
        ("demand: 4 chars", kw.four, like(text_cols, kw.four)),
        ("demand: initials", kw.initials, like(("requester_pinyin",), kw.initials)),
        ("demand: 4 phone digits", kw.phone4, like((*text_cols, "requester_phone"), kw.phone4)),
    ]
    notes = {
        kw.initials: f"initials of {kw.initials_name}",
        kw.phone4: "tail of a requester's phone",
    }
    out: list[tuple[Result, Callable[[], object]]] = []
    for name, keyword, (where, params) in cases:
        ours = _ours_demand_page(db, DemandFilter(text=keyword), today)
        base = _raw_demand_page(conn, where, params, today)
        o, b = measure_pair(ours, base, plan.search_reps, plan.warmup)
        detail = f"“{keyword}”" + (f" ({notes[keyword]})" if keyword in notes else "")
        result = Result("search", name, detail, o, b, SEARCH_TARGET_MS, ours(), base())
        print(result.line() + f"  {detail}")
        out.append((result, ours))
    contact_cases = [
        ("contacts: initials", kw.contact_initials, f"initials of {kw.contact_initials_name}"),
        ("contacts: 4 phone digits", kw.contact_phone4, "tail of a contact's phone"),
    ]
    for name, keyword, note in contact_cases:
        ours = _ours_contact_page(db, ContactFilter(text=keyword))
        base = _raw_contact_page(conn, keyword)
        o, b = measure_pair(ours, base, plan.search_reps, plan.warmup)
        detail = f"“{keyword}” ({note})"
        result = Result("search", name, detail, o, b, SEARCH_TARGET_MS, ours(), base())
        print(result.line() + f"  {detail}")
        out.append((result, ours))
    return out


def _save_inputs(conn: sqlite3.Connection, n: int, seed: int) -> list[DemandInput]:
    """Realistic forms: titles, categories and villagers taken from the demo data."""
    rng = random.Random(seed)
    version = _scalar(conn, "SELECT catalog_version FROM catalog_version WHERE active = 1")
    samples = conn.execute(
        "SELECT title, description, category_code, topic_code, requester_name, requester_phone "
        "FROM demand WHERE catalog_version = ? AND requester_name != '' "
        "ORDER BY random() LIMIT ?",
        (version, max(n, 100)),
    ).fetchall()
    contacts = conn.execute(
        "SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY random() LIMIT ?", (n,)
    ).fetchall()
    if not samples or not contacts:
        raise RuntimeError("the demo database has no demands or contacts to copy forms from")
    channels = [c.value for c in Channel]
    inputs: list[DemandInput] = []
    for i in range(n):
        title, description, category, topic, name, phone = samples[i % len(samples)]
        kind = rng.random()
        base = DemandInput(
            channel=rng.choice(channels),
            category_code=category,
            topic_code=topic or "",
            title=title,
            description=description or "",
            urgency=rng.choice([Urgency.NORMAL.value] * 8 + [Urgency.URGENT.value]),
            entered_by="基准测试",
        )
        if kind < 0.7:  # picked from the contact book
            base.requester_contact_id = contacts[i % len(contacts)][0]
        elif kind < 0.9:  # typed in
            base.requester_name, base.requester_phone = name, phone or ""
        else:
            base.anonymous = True
        inputs.append(base)
    return inputs


def bench_save(
    db: Database, data_dir: Path, conn: sqlite3.Connection, plan: Plan, seed: int
) -> tuple[Result, Callable[[], object]]:
    station_id = _scalar(conn, "SELECT id FROM station ORDER BY created_at LIMIT 1")
    # Warm-up, the measured saves, and the extra saves of explain() and hotspots().
    inputs = _save_inputs(conn, plan.saves + plan.warmup * 2 + 40, seed)
    queue = iter(inputs)

    def ours() -> None:
        with db.writing() as session:
            register_demand(session, station_id, next(queue))

    base_path = data_dir / "bench_baseline.db"
    base_path.unlink(missing_ok=True)
    base_conn = raw_connection(base_path)
    base_conn.execute(
        "CREATE TABLE demand_raw (id TEXT PRIMARY KEY, number TEXT UNIQUE, station_id TEXT, "
        "requester_contact_id TEXT, requester_name TEXT, requester_phone TEXT, anonymous INT, "
        "channel TEXT, category_code TEXT, topic_code TEXT, title TEXT, description TEXT, "
        "urgency TEXT, registered_at TEXT, due_date TEXT, status TEXT, created_at TEXT, "
        "updated_at TEXT)"
    )
    counter = iter(range(1, 10**9))
    base_inputs = iter(inputs)

    def base() -> None:
        data = next(base_inputs)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        base_conn.execute("BEGIN IMMEDIATE")
        base_conn.execute(
            "INSERT INTO demand_raw VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                f"XQ-B-{next(counter):06d}",
                station_id,
                data.requester_contact_id,
                data.requester_name,
                data.requester_phone or None,
                int(data.anonymous),
                data.channel,
                data.category_code,
                data.topic_code,
                data.title,
                data.description,
                data.urgency,
                now,
                None,
                "SUBMITTED",
                now,
                now,
            ),
        )
        base_conn.execute("COMMIT")

    before = _scalar(conn, "SELECT count(*) FROM demand")
    try:
        o, b = measure_pair(ours, base, plan.saves, plan.warmup)
    finally:
        base_conn.close()
    saved = _scalar(conn, "SELECT count(*) FROM demand") - before
    expected = plan.saves + plan.warmup
    if saved != expected:
        raise RuntimeError(f"saved {saved} demands, expected {expected}")
    result = Result(
        "save",
        "register_demand (1 txn)",
        f"{plan.saves} saves, commit+fsync each",
        o,
        b,
        SAVE_TARGET_MS,
    )
    return result, ours


# ---------------------------------------------------------------------------------------------
# Reporting


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_notes(data_dir: Path) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    fs = ""
    try:
        best = ""
        for line in Path("/proc/mounts").read_text().splitlines():
            dev, mount, kind = line.split()[:3]
            if str(data_dir.resolve()).startswith(mount) and len(mount) > len(best):
                best, fs = mount, f"{kind} on {dev} ({mount})"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "data_dir_fs": fs,
        "load_average_start": load_average(),
    }


def print_table(results: Sequence[Result]) -> None:
    header = (
        f"{'measure':<32}{'median':>9}{'p95':>9}{'base med':>10}{'base p95':>10}"
        f"{'ratio':>8}{'target':>9}  result  hits"
    )
    print(header)
    print("-" * len(header) + "-" * 12)
    for r in results:
        hits = "" if r.hits is None else f"{r.hits:,}"
        print(
            f"{r.group + ': ' + r.name:<32}{r.ours.median_ms:9.2f}{r.ours.p95_ms:9.2f}"
            f"{r.base.median_ms:10.2f}{r.base.p95_ms:10.2f}{r.ratio:8.2f}"
            f"{'<=' + format(r.target_ms, 'g'):>9}  {r.verdict:<6}  {hits}"
        )
    print("(milliseconds; ratio = ours / baseline median)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument(
        "--data-dir", type=Path, help="reuse the database there (generated if absent, and kept)"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--explain", action="store_true", help="explain every figure, not only misses"
    )
    parser.add_argument("--demands", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--volunteers", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--saves", type=int, default=0, help="override the number of saves")
    parser.add_argument("--reps", type=int, default=0, help="override repetitions per query")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    plan = make_plan(args)
    notes = machine_notes(data_dir)
    print(f"联络员工作台 benchmark ({'quick' if args.quick else 'full'})")
    print(
        f"machine: {notes['cpu']}, {notes['cores']} cores; {notes['platform']}; "
        f"Python {notes['python']}, SQLite {notes['sqlite']}, SQLAlchemy {notes['sqlalchemy']}"
    )
    print(
        f"data dir: {data_dir}  [{notes['data_dir_fs']}]; load average {notes['load_average_start']}"
    )

    print("\n1. demo database")
    generation_s = build_database(data_dir, plan, args.seed)
    db_path = paths.database_path(data_dir)
    if generation_s is None:
        print(f"  reusing {db_path}")
    started = time.perf_counter()
    db = open_database(db_path, backup_dir=paths.backup_dir(data_dir))
    open_s = time.perf_counter() - started
    conn = raw_connection(db_path)
    results: list[Result] = []
    explainers: list[Callable[[], object]] = []
    try:
        demands = _scalar(conn, "SELECT count(*) FROM demand WHERE deleted_at IS NULL")
        contacts = _scalar(conn, "SELECT count(*) FROM contact WHERE deleted_at IS NULL")
        size_mb = sum(p.stat().st_size for p in data_dir.glob(paths.DB_FILE + "*")) / 1e6
        print(
            f"  {demands:,} demands, {contacts:,} contacts, {size_mb:.0f} MB; "
            f"open_database (quick_check + migration check) {open_s * 1000:.0f} ms"
        )
        if demands < plan.demands or contacts < plan.contacts:
            print(f"  note: fewer records than asked for ({plan.demands:,} / {plan.contacts:,})")

        today = dt.datetime.now(CHINA_TZ).date()
        started = time.perf_counter()
        kw = choose_keywords(conn)
        print(
            f"  keywords (chosen from the data in {time.perf_counter() - started:.1f} s): "
            f"1 char “{kw.one}” in {kw.doc_freq[kw.one]:,} demands, "
            f"2 chars “{kw.two}” in {kw.doc_freq[kw.two]:,}, "
            f"4 chars “{kw.four}” in {kw.doc_freq[kw.four]:,}; initials “{kw.initials}” "
            f"({kw.initials_name}), phone “{kw.phone4}”; contacts: “{kw.contact_initials}” "
            f"({kw.contact_initials_name}), phone “{kw.contact_phone4}”"
        )

        print(f"\n2a. first page of a filtered list ({plan.list_reps} reps)")
        result, fn = bench_list(db, conn, kw, plan, today)
        print(result.line() + f"  {result.detail}")
        results.append(result)
        explainers.append(fn)

        print(f"\n2b. text search: count + first page of {PAGE} ({plan.search_reps} reps)")
        for result, fn in bench_searches(db, conn, kw, plan, today):
            results.append(result)
            explainers.append(fn)

        print("\n2d. 统计报表 of a year")
        for result, fn in bench_statistics(db, conn, plan, today):
            results.append(result)
            explainers.append(fn)

        print(f"\n2c. save one demand ({plan.saves} saves, one transaction each)")
        result, fn = bench_save(db, data_dir, conn, plan, args.seed)
        print(result.line())
        results.insert(0, result)
        explainers.insert(0, fn)

        for result, fn in zip(results, explainers, strict=True):
            if result.verdict == "MISS" or args.explain:
                result.analysis = explain(conn, fn, db.engine) + hotspots(fn)
                print(f"\n{result.verdict}: {result.group}: {result.name}  {result.detail}")
                for line in result.analysis:
                    print("  " + line)
    finally:
        conn.close()
        db.close()

    notes["load_average_end"] = load_average()
    print(f"\n3. summary (load average at the end: {notes['load_average_end']})")
    if generation_s is not None:
        # 30 s for 100,000 demands and 20,000 contacts (the first target), and 0.6 ms for each
        # activity with its ~3 service records and points (issue 12 made them 100,000).
        target_s = 30 + 0.0006 * (plan.activities or 0)
        verdict = "PASS" if generation_s <= target_s else "MISS"
        print(
            f"generate_demo {plan.demands:,} demands / {plan.contacts:,} contacts / "
            f"{plan.activities or 0:,} activities: {generation_s:.1f} s "
            f"(target <= {target_s:.0f} s) {verdict}"
        )
    print_table(results)
    misses = [r for r in results if r.verdict == "MISS"]
    print(f"{len(results) - len(misses)} PASS, {len(misses)} MISS")

    if args.json:
        payload = {
            "mode": "quick" if args.quick else "full",
            "machine": notes,
            "plan": asdict(plan),
            "generation_s": generation_s,
            "open_database_ms": open_s * 1000,
            "records": {"demands": demands, "contacts": contacts},
            "keywords": {k: v for k, v in asdict(kw).items() if k != "doc_freq"},
            "results": [
                {
                    "group": r.group,
                    "name": r.name,
                    "detail": r.detail,
                    "ours": asdict(r.ours),
                    "baseline": asdict(r.base),
                    "ratio": r.ratio,
                    "target_ms": r.target_ms,
                    "verdict": r.verdict,
                    "hits": r.hits,
                    "baseline_hits": r.base_hits,
                    "analysis": r.analysis,
                }
                for r in results
            ],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.data_dir is not None:
        return run(args, args.data_dir.expanduser().resolve())
    with tempfile.TemporaryDirectory(prefix="liaison-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
