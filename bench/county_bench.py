"""Benchmark of the county console's reads on PostgreSQL: the demand queue and the 考核.

    python bench/county_bench.py            1,000,000 demands across 400 villages (issue 14)
    python bench/county_bench.py --quick    CI: 100,000 demands across 40 villages

A fresh PostgreSQL database (``createdb``, dropped afterwards) is migrated as the server does;
the demands are written as the push stores them (``record`` rows with their JSON data, in
bulk, COPY) over two years, in every status with the dates each status implies (claimed,
resolved, evaluated), with each village's volunteers, activities, service records, points and
stars; the queue and the service facts are then derived from them by ``county.queue.rebuild``
and ``county.service_facts.rebuild`` (what migrations c0003 and c0005 run), which is timed too. Then, each timed against a baseline of plain SQL
in the same run (the least such a read must do), medians of repeated runs:

* the queue's first page (every village, newest first, with the total): target ≤ 200 ms;
* a filter (已上报 + 超期 in one township, newest first, with the total): ≤ 300 ms;
* a year's 考核 ranking of every station (``county.assessment.assess``): ≤ 2 s;
* the same first page and ranking as pages of the console over HTTP (signed in, the real
  server, the template drawn): the time a clerk waits, for information.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for entry in (str(ROOT), str(BENCH)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import requests  # noqa: E402
import sync_support as support  # noqa: E402
from sqlalchemy import text  # noqa: E402

from county import accounts, assessment, queue, service_facts  # noqa: E402
from county.db import open_county_database  # noqa: E402
from county.models import ALL_FIELDS, Record, Village  # noqa: E402
from county.rows import BulkStatement, dumps  # noqa: E402
from liaison_wire import beijing  # noqa: E402
from liaison_wire.statistics import ReportPeriod  # noqa: E402

# The data folder the county's database is opened with (its photos would go there: none here).
WORK = Path(tempfile.mkdtemp(prefix="county-bench-"))
TARGETS_MS = {"first page": 200.0, "filter": 300.0, "考核 of a year": 2000.0}
STATUSES = (
    ("SUBMITTED", 8), ("TRIAGED", 3), ("LISTED", 4), ("DISPATCHED", 6), ("CLAIMED", 4),
    ("IN_PROGRESS", 5), ("RESOLVED", 15), ("FEEDBACK_GIVEN", 40), ("CLOSED", 8),
    ("REJECTED", 4), ("CANCELLED", 3),
)  # fmt: skip
EVALUATIONS = (("VERY_SATISFIED", 45), ("SATISFIED", 38), ("BASICALLY_SATISFIED", 12),
               ("DISSATISFIED", 4), ("VERY_DISSATISFIED", 1))  # fmt: skip
CATEGORIES = ("POLICY", "CULTURE_SPORTS", "EDU_SKILLS", "HEALTH", "LEGAL_SAFETY", "CARE",
              "CONVENIENCE", "ENV_CIVILITY")  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
TITLES = ("村口路灯不亮", "老人想请医生上门量血压", "希望组织一次免费体检", "自来水管冻裂需要维修",
          "留守儿童需要课后看护", "村道旁垃圾堆放需清理", "群众想学手机上办理社保认证",
          "希望讲解高龄津贴申领条件", "邻里宅基地纠纷请求调解", "希望春节前组织一场文艺演出")
GIVEN = ["桂兰", "秀英", "玉珍", "淑芬", "建国", "志强", "海波", "春生", "德明", "凤霞", "国庆", "丽华", "永福", "长山", "金凤"]
_RECORDS = BulkStatement(
    Record.__table__,  # type: ignore[arg-type]
    ("id", "entity", "village_id", "version", "data", "field_versions", "field_writers",
     "created_at", "updated_at"),
)  # fmt: skip


@dataclass(frozen=True)
class Timing:
    name: str
    detail: str
    ours_ms: float
    base_ms: float
    target_ms: float | None

    def line(self) -> str:
        verdict = "" if self.target_ms is None else ("PASS" if self.ours_ms <= self.target_ms else "MISS")
        target = "(info)" if self.target_ms is None else f"<= {self.target_ms:,.0f}"
        ratio = self.ours_ms / self.base_ms if self.base_ms else float("nan")
        return (f"{self.name:<28} {self.ours_ms:>9.1f} {self.base_ms:>9.1f} {ratio:>7.2f} "
                f"{target:>10}  {verdict:<4}  {self.detail}")  # fmt: skip


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def fill(url: str, demands: int, villages: int, seed: int, now: dt.datetime) -> tuple[float, float]:
    """The villages, their stations and ``demands`` demand records; then the queue. Returns the
    seconds each took."""
    rng = random.Random(seed)
    db = open_county_database(WORK, url)
    started = time.perf_counter()
    with db.writing() as session:
        for index in range(villages):
            township = 1 + index // 20
            code = f"220122{township:03d}{200 + index % 20:03d}"
            session.add(Village(id=index + 1, code=code, name=f"第{index + 1}村"))
        session.flush()
        connection = session.connection()
        stamp = _RECORDS.bind(connection.dialect, "created_at")(now)
        versions, writers = dumps({ALL_FIELDS: 1}), dumps({ALL_FIELDS: "bench"})
        _RECORDS.run(connection, [
            (str(uuid.UUID(int=rng.getrandbits(128), version=4)), "station", index + 1, 1,
             dumps({"name": f"第{index + 1}村新时代文明实践站", "division_code": "",
                    "township": f"第{1 + index // 20}镇", "county": "农安县", "phone": None}),
             versions, writers, stamp, stamp)
            for index in range(villages)
        ])  # fmt: skip
        statuses = [s for s, w in STATUSES for _ in range(w)]
        levels = [e for e, w in EVALUATIONS for _ in range(w)]
        span = dt.timedelta(days=730)
        batch: list[tuple[object, ...]] = []
        for number in range(demands):
            registered = now - span * rng.random()
            status = rng.choice(statuses)
            due = (registered + dt.timedelta(days=rng.choice((5, 7, 10, 15)))).astimezone(beijing.CHINA_TZ).date()
            data: dict[str, object] = {
                "number": f"XQ-{registered:%Y%m%d}-{number % 10000:04d}", "station_id": "",
                "requester_name": rng.choice(SURNAMES) + rng.choice(GIVEN), "anonymous": False,
                "entered_by": "联络员", "channel": rng.choice(("NEEDS_DESK", "HOTLINE", "GRID_REPORT")),
                "category_code": rng.choice(CATEGORIES), "topic_code": "", "catalog_version": "2026.1",
                "title": rng.choice(TITLES), "description": "", "urgency": "NORMAL",
                "registered_at": _iso(registered), "due_date": due.isoformat(), "status": status,
                "assigned_team_id": None, "assigned_team_name": "", "evaluation": None,
                "claimed_at": None, "resolved_at": None, "evaluation_note": "",
            }  # fmt: skip
            if status in ("CLAIMED", "IN_PROGRESS", "RESOLVED", "FEEDBACK_GIVEN", "CLOSED"):
                claimed = registered + dt.timedelta(hours=rng.uniform(2, 96))
                data["claimed_at"] = _iso(claimed)
                if status not in ("CLAIMED", "IN_PROGRESS"):
                    data["resolved_at"] = _iso(claimed + dt.timedelta(days=rng.uniform(0.5, 14)))
            if status in ("FEEDBACK_GIVEN", "CLOSED"):
                data["evaluation"] = rng.choice(levels)
            batch.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), "demand",
                          1 + rng.randrange(villages), 1, dumps(data), versions, writers, stamp, stamp))  # fmt: skip
            if len(batch) >= 20_000:
                _RECORDS.run(connection, batch)
                batch = []
        _RECORDS.run(connection, batch)
        _practice(connection, rng, villages, now, versions, writers, stamp, stamp)
    made = time.perf_counter() - started
    started = time.perf_counter()
    with db.writing() as session:
        queue.rebuild(session.connection(), now)
        service_facts.rebuild(session.connection())
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    rebuilt = time.perf_counter() - started
    db.close()
    return made, rebuilt


# Per village: volunteers, activities a year (over two years), volunteers serving at each.
VOLUNTEERS, ACTIVITIES_A_YEAR, SERVING = 50, 100, (3, 7)


def _practice(connection: Any, rng: random.Random, villages: int, now: dt.datetime, *stored: object) -> None:
    """Each village's volunteers (a tenth with a star), activities and, per activity, the hours
    and points of the volunteers who served: the records the 考核's activity and volunteer
    figures count."""
    batch: list[tuple[object, ...]] = []

    def add(entity: str, village: int, data: dict[str, object], record_id: str | None = None) -> str:
        record_id = record_id or str(uuid.UUID(int=rng.getrandbits(128), version=4))
        batch.append((record_id, entity, village, 1, dumps(data), *stored))
        if len(batch) >= 20_000:
            _RECORDS.run(connection, batch)
            batch.clear()
        return record_id

    for village in range(1, villages + 1):
        people = [
            add("volunteer", village, {
                "station_id": "", "contact_id": None, "team_id": None, "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "gender": None, "phone": None, "volunteer_no": f"{village:03d}-{n:03d}", "skills": "",
                "registered_on": (now - dt.timedelta(days=rng.randrange(1, 1000))).date().isoformat(),
                "active": rng.random() > 0.05,
            })
            for n in range(VOLUNTEERS)
        ]  # fmt: skip
        for person in rng.sample(people, VOLUNTEERS // 10):
            add("star_award", village, {"volunteer_id": person, "level": rng.randrange(1, 6), "certified_by": "",
                                        "awarded_on": (now - dt.timedelta(days=rng.randrange(1, 700))).date().isoformat(),
                                        "scheme_code": "", "note": ""})  # fmt: skip
        for _ in range(2 * ACTIVITIES_A_YEAR):
            start = now - dt.timedelta(days=730) * rng.random()
            end = start + dt.timedelta(hours=2)
            activity = add("activity", village, {
                "station_id": "", "title": "活动", "activity_type_code": rng.choice(("THEORY_LECTURE", "NEIGHBOR_STORIES", "FESTIVAL")),
                "five_task_code": "ENRICH_CULTURE", "starts_at": _iso(start), "ends_at": _iso(end), "place": "",
                "team_id": None, "audience_count": rng.randrange(10, 150), "summary": "", "linked_demand_ids": [],
            })  # fmt: skip
            for person in rng.sample(people, rng.randrange(*SERVING)):
                add("service_record", village, {"activity_id": activity, "volunteer_id": person, "start_at": _iso(start),
                                                "end_at": _iso(end), "break_minutes": 0, "credited_minutes": 120,
                                                "corrects_id": None, "reason": ""})  # fmt: skip
                add("points_entry", village, {"volunteer_id": person, "kind": "EARN", "amount": 4, "reason": "",
                                              "activity_id": activity, "occurred_at": _iso(end)})  # fmt: skip
    _RECORDS.run(connection, batch)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 demands, 40 villages")
    parser.add_argument("--demands", type=int)
    parser.add_argument("--villages", type=int)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    demands = args.demands or (100_000 if args.quick else 1_000_000)
    villages = args.villages or (40 if args.quick else 400)
    problem = support.postgres_available()
    if problem:
        print(f"county_bench: {problem}")
        return 1
    now = dt.datetime.now(dt.UTC)
    today = beijing.today(now)
    print(f"County console benchmark: {demands:,} demands across {villages} villages, PostgreSQL", flush=True)
    with support.postgres_database("county") as url:
        made, rebuilt = fill(url, demands, villages, 7, now)
        print(f"  generated in {made:.1f} s; queue and service facts derived from the records in {rebuilt:.1f} s "
              f"(what migrations c0003 and c0005 do)", flush=True)  # fmt: skip
        try:
            results = measure(url, today, args.runs, villages)
            results += measure_pages(url, args.runs)
        finally:
            shutil.rmtree(WORK, ignore_errors=True)
    print()
    print(f"{'measure':<28} {'ours ms':>9} {'base ms':>9} {'ratio':>7} {'target':>10}  result")
    for result in results:
        print(result.line())
    judged = [r for r in results if r.target_ms is not None]
    misses = [r for r in judged if r.ours_ms > (r.target_ms or 0)]
    print(f"{len(judged) - len(misses)} PASS, {len(misses)} MISS"
          + ("" if demands >= 1_000_000 else " (targets are for 1,000,000 demands; --quick is smaller)"))  # fmt: skip
    return 0


def measure(url: str, today: dt.date, runs: int, villages: int) -> list[Timing]:
    db = open_county_database(WORK, url)
    year = ReportPeriod.year(today.year)
    low, high = beijing.day_start_utc(year.start), beijing.day_start_utc(year.end + dt.timedelta(days=1))
    township = "220122002"
    first = queue.QueueFilter()
    narrow = queue.QueueFilter(statuses=("SUBMITTED",), overdue=True, township=township)
    category = queue.QueueFilter(category="HEALTH", channel="HOTLINE", urged=False)
    words = queue.QueueFilter(search="群众")
    out: list[Timing] = []
    with db.reading() as session:
        page = queue.list_queue(session, first, limit=50, today=today)
        found = queue.list_queue(session, narrow, limit=50, today=today)
        ranked = assessment.assess(session, year, today=today)

        def sql(statement: str, **params: object) -> Callable[[], object]:
            return lambda: session.execute(text(statement), params).all()

        base_first = sql("SELECT count(*) FROM demand_queue; ")
        base_page = sql("SELECT * FROM demand_queue ORDER BY registered_at DESC LIMIT 50")
        base_filter = sql(
            "SELECT q.* FROM demand_queue q JOIN village v ON v.id = q.village_id WHERE q.status = 'SUBMITTED'"
            " AND q.due_date < :today AND v.code LIKE :prefix ORDER BY q.registered_at DESC LIMIT 50",
            today=today, prefix=township + "%",
        )
        bounds = {"low": low.replace(tzinfo=None), "high": high.replace(tzinfo=None)}
        base_demands = sql(
            "SELECT village_id, status, count(*) FROM demand_queue WHERE registered_at >= :low"
            " AND registered_at < :high GROUP BY village_id, status", **bounds,
        )  # fmt: skip
        base_service = sql(
            "SELECT village_id, entity, count(*), sum(amount) FROM service_fact WHERE at >= :low"
            " AND at < :high GROUP BY village_id, entity", **bounds,
        )  # fmt: skip

        def base_rank() -> object:
            return base_demands(), base_service()

        out.append(Timing(
            "first page", f"50 of {page.total:,}, newest first, with the total",
            median_ms(lambda: queue.list_queue(session, first, limit=50, today=today), runs),
            median_ms(lambda: (base_first(), base_page()), runs), TARGETS_MS["first page"],
        ))  # fmt: skip
        out.append(Timing(
            "filter", f"已上报 + 超期 in one township: {found.total:,}",
            median_ms(lambda: queue.list_queue(session, narrow, limit=50, today=today), runs),
            median_ms(base_filter, runs), TARGETS_MS["filter"],
        ))  # fmt: skip
        by_category = queue.list_queue(session, category, limit=50, today=today)
        out.append(Timing(
            "filter: category + channel", f"卫生健康 from 文明实践110: {by_category.total:,}",
            median_ms(lambda: queue.list_queue(session, category, limit=50, today=today), runs),
            median_ms(sql("SELECT * FROM demand_queue WHERE category_code = 'HEALTH' AND channel = 'HOTLINE'"
                          " ORDER BY registered_at DESC LIMIT 50"), runs), TARGETS_MS["filter"],
        ))  # fmt: skip
        searched = queue.list_queue(session, words, limit=50, today=today)
        out.append(Timing(
            "filter: words in the title", f"“群众” anywhere in the title: {searched.total:,}",
            median_ms(lambda: queue.list_queue(session, words, limit=50, today=today), runs),
            median_ms(sql("SELECT * FROM demand_queue WHERE title LIKE '%群众%'"
                          " ORDER BY registered_at DESC LIMIT 50"), runs), TARGETS_MS["filter"],
        ))  # fmt: skip
        out.append(Timing(
            "考核 of a year", f"{len(ranked.rows)} stations, {ranked.totals.demands.accepted:,} 受理, "
            f"{ranked.totals.activities.count:,} activities, {ranked.totals.activities.hours:,.0f} h in {year.label}",
            median_ms(lambda: assessment.assess(session, year, today=today), max(3, runs // 2)),
            median_ms(base_rank, max(3, runs // 2)), TARGETS_MS["考核 of a year"],
        ))  # fmt: skip
    db.close()
    return out


def measure_pages(url: str, runs: int) -> list[Timing]:
    """The console's pages over HTTP, signed in: what a clerk waits for (information)."""
    work = WORK
    db = open_county_database(work, url)
    original = accounts.PASSWORDS
    try:
        with db.writing() as session:
            accounts.set_admin(session, "bench", "控制台基准测试用的密码")
    finally:
        accounts.PASSWORDS = original
        db.close()
    server = support.county_server(work, url, 16)
    server.start("/api/v1/health")
    out: list[Timing] = []
    try:
        http = requests.Session()
        login = http.get(server.url + "/login", timeout=60)
        token = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        http.post(server.url + "/login", data={"csrf": token, "username": "bench",
                                               "password": "控制台基准测试用的密码"}, timeout=60)  # fmt: skip
        health = lambda: http.get(server.url + "/api/v1/health", timeout=60)  # noqa: E731
        for name, path in (("page: 需求办理", "/demands"), ("page: 考核 of a year", f"/assessment?period={dt.date.today().year}")):
            answer = http.get(server.url + path, timeout=120)
            assert answer.status_code == 200, answer.text[:300]
            out.append(Timing(name, f"GET {path}, signed in; baseline: GET /api/v1/health",
                              median_ms(lambda p=path: http.get(server.url + p, timeout=120), max(3, runs // 2)),
                              median_ms(health, runs), None))  # fmt: skip
    finally:
        server.stop()
    return out


if __name__ == "__main__":
    raise SystemExit(main())
