"""Benchmark of the sync protocol end to end: the real county server, real village workbenches.

    python bench/sync_bench.py                 full run: 10,000 records each way on SQLite and
                                               PostgreSQL; storm of 1,000 devices x 50 ops
    python bench/sync_bench.py --quick         CI: 2,000 records; storm of 100 devices x 20 ops
    python bench/sync_bench.py --json F        also write every figure as JSON
    python bench/sync_bench.py --profile       always profile (default: only after a MISS)

Per backend (SQLite, then PostgreSQL in a fresh database made with ``createdb`` and dropped
afterwards) the county server runs as a subprocess (``python -m county … serve``) and:

* push — a village workbench creates N records through the write path in bulk (40 % contacts,
  30 % demands, 30 % their timeline events; N create ops in the outbox), is enrolled with a
  code from ``python -m county … enrol-code`` and pushes with ``SyncEngine.push()``;
* pull — a second workbench of the same village, cursor 0, pulls them all with
  ``SyncEngine.pull()`` (N records plus the village's station).

Both are set against a baseline measured in the same run just before the push: the same ops
POSTed in batches of 500 by the same ``Transport`` to a bare Starlette app under uvicorn that
json-decodes each batch and inserts it with ``executemany`` in one SQLite transaction (WAL,
``synchronous=FULL``) — see ``sync_baseline.py``. Targets: >= 10,000 records/s each way on SQLite,
>= 15,000 records/s pushed on PostgreSQL (judged on the full run's 10,000 records).

Then a reconnect storm against PostgreSQL (``sync_storm.py``): many enrolled devices, each with
a small outbox, all pushing at once — once per ``--storm-in-flight`` cap (default: the server's
default 16, then 32 and 64 for comparison; quick: 16). Target: p95 push latency per request under 2 s,
and every op applied exactly once (checked in the database).

The machine's load average is printed at start and end: other work on the same cores skews
every figure (the baseline too, which is why each push is set against a baseline measured just
before it).

After a MISS (or with ``--profile``) a smaller round runs under cProfile — the client in this
process, the server under ``sync_profiled_server.py`` — and the county's layers are timed
in-process (``sync_profile.py``), to show where the time goes. It is a benchmark, not a test: a
MISS still exits 0; an error, or an op not applied exactly once, exits non-zero.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for entry in (str(ROOT), str(BENCH)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import sync_baseline  # noqa: E402
import sync_profile  # noqa: E402
import sync_storm  # noqa: E402
import sync_support as support  # noqa: E402
from run import load_average, machine_notes  # noqa: E402
from sqlalchemy import create_engine, func, select  # noqa: E402

from county.api import DEFAULT_MAX_IN_FLIGHT  # noqa: E402
from county.db import database_url  # noqa: E402
from county.models import Record  # noqa: E402
from desktop.models.demand import Demand, DemandEvent  # noqa: E402
from desktop.models.station import Contact, Station  # noqa: E402
from desktop.sync import engine as sync_engine  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from desktop.sync.setup import transport_for  # noqa: E402

RATE_TARGET = 10_000.0  # records/s each way on SQLite
PG_PUSH_TARGET = 15_000.0  # records/s pushed on PostgreSQL
# Target records/s per (backend, direction); none for a pull from PostgreSQL.
RATE_TARGETS = {
    ("sqlite", "push"): RATE_TARGET,
    ("sqlite", "pull"): RATE_TARGET,
    ("postgresql", "push"): PG_PUSH_TARGET,
}
STORM_P95_TARGET_S = 2.0


@dataclass(frozen=True)
class Plan:
    records: int
    storm_devices: int
    storm_villages: int
    storm_ops: int
    max_in_flight: int
    storm_in_flight: tuple[int, ...]
    profile_records: int


def make_plan(args: argparse.Namespace) -> Plan:
    quick = args.quick
    return Plan(
        records=args.records or (2_000 if quick else 10_000),
        storm_devices=args.devices or (100 if quick else 1_000),
        storm_villages=max(1, (args.devices or (100 if quick else 1_000)) // 10),
        storm_ops=args.ops_per_device or (20 if quick else 50),
        max_in_flight=args.max_in_flight,
        storm_in_flight=tuple(
            int(v)
            for v in (args.storm_in_flight or str(DEFAULT_MAX_IN_FLIGHT)).split(",")
        ),
        profile_records=1_000 if quick else 2_000,
    )


# --- small helpers ---------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def server_record_count(data_dir: Path, url: str | None) -> int:
    engine = create_engine(database_url(data_dir, url))
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(Record)) or 0)
    finally:
        engine.dispose()


class BenchError(Exception):
    pass


# --- baseline ------------------------------------------------------------------------------


def run_baseline(work: Path, ops: list[dict[str, Any]]) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "baseline.db"
    port = support.free_port()
    server = support.ServerProcess(
        "baseline server",
        [
            sys.executable,
            str(BENCH / "sync_baseline.py"),
            "--db",
            str(db_path),
            "--port",
            str(port),
        ],
        work / "baseline.log",
        port,
    )
    server.start(sync_baseline.HEALTH_PATH)
    meter = support.CpuMeter(server)
    try:
        seconds = sync_baseline.drive(server.url, ops, meter=meter)
    finally:
        server.stop()
    stored = sync_baseline.stored(db_path)
    if stored != len(ops):
        raise BenchError(f"baseline stored {stored} of {len(ops)} records")
    return {
        "records": len(ops),
        "batch": sync_baseline.BATCH,
        "seconds": seconds,
        "records_per_s": len(ops) / seconds,
        "cpu": meter.as_dict(len(ops)),
    }


# --- push and pull on one backend ------------------------------------------------------------


def backend_round(
    backend: str, plan: Plan, work: Path, template: Path, url: str | None
) -> dict[str, Any]:
    county_dir = work / "county"
    server = support.county_server(county_dir, url, plan.max_in_flight)
    startup = server.start("/api/v1/health")
    pcs: list[support.VillagePC] = []
    try:
        # Device A: a station (pushed first, untimed), then N records in the outbox.
        a = support.VillagePC.create(work / "pc-a", template)
        pcs.append(a)
        a.add_station(support.VILLAGE)
        a.enrol(server.url, support.enrol_code_cli(county_dir, url, support.VILLAGE))
        transport = transport_for(a.data_dir)
        try:
            SyncEngine(a.db, transport).push()
        finally:
            transport.close()
        create_s = support.create_records(
            a, support.record_rows(plan.records, a.station_id, seed=20261129)
        )
        if a.outbox_count() != plan.records:
            raise BenchError(f"outbox holds {a.outbox_count()} ops, expected {plan.records}")
        ops = a.outbox_ops()
        baseline = run_baseline(work / "baseline", ops)

        transport = transport_for(a.data_dir)
        engine = SyncEngine(a.db, transport)
        try:
            with (
                sync_profile.split_timing(a.db, transport) as split,
                support.CpuMeter(server) as push_cpu,
            ):
                started = time.perf_counter()
                engine.push()
                push_s = time.perf_counter() - started
        finally:
            transport.close()
        report = engine.report
        stored = server_record_count(county_dir, url)
        if (
            a.outbox_count()
            or report.pushed != plan.records
            or report.rejected
            or stored != plan.records + 1
        ):
            raise BenchError(
                f"push incomplete: outbox {a.outbox_count()}, pushed {report.pushed}, "
                f"rejected {report.rejected}, server records {stored}"
            )
        push = {
            "records": plan.records,
            "seconds": push_s,
            "records_per_s": plan.records / push_s,
            "batch": sync_engine.PUSH_BATCH,
            "split": split.as_dict(push_s),
            "cpu": push_cpu.as_dict(plan.records),
            "setup_create_records_s": create_s,
        }

        # Device B: same village, fresh database, cursor 0.
        b = support.VillagePC.create(work / "pc-b", template)
        pcs.append(b)
        b.enrol(server.url, support.enrol_code_cli(county_dir, url, support.VILLAGE))
        transport = transport_for(b.data_dir)
        engine = SyncEngine(b.db, transport)
        try:
            with (
                sync_profile.split_timing(b.db, transport) as split,
                support.CpuMeter(server) as pull_cpu,
            ):
                started = time.perf_counter()
                engine.pull()
                pull_s = time.perf_counter() - started
        finally:
            transport.close()
        pulled = engine.report.pulled
        local = b.count(Contact, Demand, DemandEvent, Station)
        if pulled != plan.records + 1 or local != plan.records + 1:
            raise BenchError(f"pull incomplete: pulled {pulled}, local records {local}")
        pull = {
            "records": pulled,
            "seconds": pull_s,
            "records_per_s": pulled / pull_s,
            "page": sync_engine.PULL_PAGE,
            "split": split.as_dict(pull_s),
            "cpu": pull_cpu.as_dict(pulled),
        }
    finally:
        for pc in pcs:
            pc.close()
        server.stop()
    return {
        "backend": backend,
        "server_startup_s": startup,
        "baseline": baseline,
        "push": push,
        "pull": pull,
    }


# --- reconnect storm -------------------------------------------------------------------------


def workbench_cost(work: Path, template: Path, samples: int = 5) -> dict[str, float]:
    """What a real workbench database per simulated device would cost to create."""
    fresh: list[float] = []
    copied: list[float] = []
    for i in range(samples):
        started = time.perf_counter()
        support.make_template(work / f"fresh-{i}.db")
        fresh.append(time.perf_counter() - started)
        started = time.perf_counter()
        support.VillagePC.create(work / f"copy-{i}", template).close()
        copied.append(time.perf_counter() - started)
    return {
        "open_database_new_s": statistics.median(fresh),
        "copy_and_open_s": statistics.median(copied),
    }


def storm_round(
    plan: Plan, work: Path, template: Path, url: str, max_in_flight: int
) -> dict[str, Any]:
    cost = workbench_cost(work / "workbench-cost", template)
    county_dir = work / "county"
    server = support.county_server(county_dir, url, max_in_flight)
    server.start("/api/v1/health")
    try:
        villages = sync_storm.storm_villages(plan.storm_villages)
        stations = {v: str(uuid.uuid4()) for v in villages}
        devices = []
        for i in range(plan.storm_devices):
            village = villages[i % len(villages)]
            ops = support.wire_ops(plan.storm_ops, stations[village], seed=i)
            devices.append(sync_storm.StormDevice(i, village, ops))
        codes, codes_s = sync_storm.create_codes(county_dir, url, devices)
        enrol_s = sync_storm.enrol_all(server.url, devices, codes)
        made = sync_storm.create_stations(server.url, devices, stations)
        total_s = sync_storm.run_storm(server.url, devices)
        check = sync_storm.verify(county_dir, url, devices, setup_ops=made)
    finally:
        server.stop()
    attempts = [a for d in devices for a in d.attempts]

    def spread(values: list[float]) -> dict[str, Any]:
        return {
            "n": len(values),
            "p50_s": pct(values, 50),
            "p95_s": pct(values, 95),
            "max_s": max(values) if values else None,
        }

    drained = [d.drained_after for d in devices if d.drained_after is not None]
    ops_total = sum(len(d.ops) for d in devices)
    return {
        "devices": plan.storm_devices,
        "villages": plan.storm_villages,
        "ops_per_device": plan.storm_ops,
        "ops": ops_total,
        "max_in_flight": max_in_flight,
        "client": "light clients: ops as plain dicts, posted with desktop.sync.transport."
        "Transport (503 Retry-After with jitter), one thread per device",
        "total_s": total_s,
        "ops_per_s": ops_total / total_s,
        "requests": len(attempts),
        "answers": {
            str(status): sum(1 for a in attempts if a.status == status)
            for status in sorted({a.status or 0 for a in attempts})
        },
        "latency_all": spread([a.seconds for a in attempts]),
        "latency_200": spread([a.seconds for a in attempts if a.status == 200]),
        "latency_503": spread([a.seconds for a in attempts if a.status == 503]),
        "drain": spread(drained),
        "drained_devices": len(drained),
        "retry_after_waits": len([w for d in devices for w in d.waits]),
        "retry_after_wait_s": sum(w for d in devices for w in d.waits),
        "exhausted_rounds": sum(d.exhausted_rounds for d in devices),
        "errors": [d.error for d in devices if d.error][:5],
        "verification": check,
        "setup": {
            "enrol_codes_bulk_s": codes_s,
            "enrolments_http_s": enrol_s,
            **cost,
            "workbench_dbs_for_all_devices_s": cost["copy_and_open_s"] * plan.storm_devices,
        },
    }


# --- profiling -------------------------------------------------------------------------------


def _profiled_server(data_dir: Path, out: Path, log: Path, port: int) -> support.ServerProcess:
    argv = support.county_argv(data_dir, None, "serve", "--host", "127.0.0.1", "--port", str(port))
    return support.ServerProcess(
        "profiled county server",
        [sys.executable, str(BENCH / "sync_profiled_server.py"), str(out), *argv[3:]],
        log,
        port,
    )


def profile_round(plan: Plan, work: Path, template: Path, keep_dir: Path) -> dict[str, Any]:
    """A smaller SQLite round under cProfile, plus the county's layers timed in-process.
    The four profiles (pstats files) are copied to ``keep_dir``."""
    county_dir = work / "county"
    n = plan.profile_records
    pcs: list[support.VillagePC] = []
    try:
        # The same port twice: the pulling workbench keeps the server address it enrolled with.
        port = support.free_port()
        server = _profiled_server(
            county_dir, work / "server-push.prof", work / "server-push.log", port
        )
        server.start("/api/v1/health")
        try:
            a = support.VillagePC.create(work / "pc-a", template)
            pcs.append(a)
            a.add_station(support.VILLAGE)
            a.enrol(server.url, support.enrol_code_cli(county_dir, None, support.VILLAGE))
            transport = transport_for(a.data_dir)
            SyncEngine(a.db, transport).push()
            transport.close()
            support.create_records(a, support.record_rows(n, a.station_id, seed=7))
            ops = a.outbox_ops()
            transport = transport_for(a.data_dir)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            SyncEngine(a.db, transport).push()
            profiler.disable()
            push_s = time.perf_counter() - started
            transport.close()
            profiler.dump_stats(work / "client-push.prof")
            b = support.VillagePC.create(work / "pc-b", template)
            pcs.append(b)
            b.enrol(server.url, support.enrol_code_cli(county_dir, None, support.VILLAGE))
        finally:
            server.stop()
        server = _profiled_server(
            county_dir, work / "server-pull.prof", work / "server-pull.log", port
        )
        server.start("/api/v1/health")
        try:
            transport = transport_for(b.data_dir)
            engine = SyncEngine(b.db, transport)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            engine.pull()
            profiler.disable()
            pull_s = time.perf_counter() - started
            transport.close()
            profiler.dump_stats(work / "client-pull.prof")
        finally:
            server.stop()
    finally:
        for pc in pcs:
            pc.close()
    summaries = {}
    for name in ("client-push", "server-push", "client-pull", "server-pull"):
        path = work / f"{name}.prof"
        if not path.exists():
            raise BenchError(f"no profile written: {path}")
        summaries[name] = sync_profile.summarise(sync_profile.load_stats(path))
        shutil.copy2(path, keep_dir / path.name)
    anatomy = sync_profile.server_anatomy(
        work / "anatomy", ops, sync_engine.PUSH_BATCH, sync_engine.PULL_PAGE
    )
    return {
        "records": n,
        "profiled_push_s": push_s,
        "profiled_pull_s": pull_s,
        "profiles": summaries,
        "anatomy": anatomy,
        "profile_files": str(keep_dir),
    }


# --- output ----------------------------------------------------------------------------------


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def verdict_rate(rate: float, target: float) -> str:
    return "PASS" if rate >= target else "MISS"


def render(result: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    plan = result["plan"]
    m = result["machine"]
    lines.append(
        f"Sync benchmark — {plan['records']:,} records each way; storm {plan['storm_devices']} "
        f"devices x {plan['storm_ops']} ops on PostgreSQL{' (--quick)' if result['quick'] else ''}"
    )
    lines.append(
        f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, SQLite {m['sqlite']}, "
        f"SQLAlchemy {m['sqlalchemy']}; load average {m['load_average_start']} at start, "
        f"{result['load_average_end']} at end"
    )
    lines.append("")
    header = (
        f"{'measure':<34}{'seconds':>9}{'records/s':>11}{'baseline/s':>12}{'ratio':>8}"
        f"{'target':>12}  result"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for rnd in result["backends"]:
        label = "SQLite" if rnd["backend"] == "sqlite" else "PostgreSQL"
        base = rnd["baseline"]["records_per_s"]
        for kind in ("push", "pull"):
            row = rnd[kind]
            rate = row["records_per_s"]
            goal = RATE_TARGETS.get((rnd["backend"], kind))
            if goal is not None and result["quick"] and rnd["backend"] != "sqlite":
                # Set for the full run's 10,000 records: 2,000 are three requests, the first
                # of 500 ops (until the server says it takes more), so a bigger share of
                # each record's time is per request.
                target, verdict = "(full run)", "-"
            else:
                target = "(none)" if goal is None else f">={goal:,.0f}"
                verdict = "-" if goal is None else verdict_rate(rate, goal)
            lines.append(
                f"{kind + ' ' + label + ', ' + format(row['records'], ',') + ' records':<34}"
                f"{row['seconds']:9.2f}{_rate(rate):>11}{_rate(base):>12}{rate / base:8.3f}"
                f"{target:>12}  {verdict}"
            )
    lines.append(
        "(baseline: the same ops POSTed in batches of "
        f"{sync_baseline.BATCH} by the same Transport to a bare Starlette/uvicorn app that "
        "json-decodes and executemany-inserts them into SQLite, WAL, synchronous=FULL; measured "
        "just before each push; ratio = ours / baseline. Pull counts the station too.)"
    )
    lines.append("")
    lines.append("Where the client's wall time went (timed runs, no profiler):")
    lines.append(
        f"  {'':<20}{'total s':>8}{'HTTP round trips':>18}{'client JSON':>14}"
        f"{'outbox read':>14}{'apply+commit':>15}{'other':>13}{'requests':>10}"
    )
    for rnd in result["backends"]:
        label = "SQLite" if rnd["backend"] == "sqlite" else "PostgreSQL"
        for kind in ("push", "pull"):
            sp = rnd[kind]["split"]
            total = sp["total_s"] or 1e-9

            def part(key: str, sp: dict[str, Any] = sp, total: float = total) -> str:
                return f"{sp[key]:.2f} ({sp[key] / total:.0%})"

            lines.append(
                f"  {kind + ' ' + label:<20}{sp['total_s']:8.2f}{part('http_round_trips_s'):>18}"
                f"{part('client_json_s'):>14}{part('local_read_s'):>14}"
                f"{part('local_apply_and_commit_s'):>15}{part('other_s'):>13}{sp['requests']:>10}"
            )
    lines.append(
        "  records/s if that part were the only cost — server side (records / HTTP round trips)"
        " vs client side (records / local apply+commit):"
    )
    for rnd in result["backends"]:
        label = "SQLite" if rnd["backend"] == "sqlite" else "PostgreSQL"
        for kind in ("push", "pull"):
            sp = rnd[kind]["split"]
            n = rnd[kind]["records"]
            server = n / sp["http_round_trips_s"] if sp["http_round_trips_s"] else 0.0
            client = n / sp["local_apply_and_commit_s"] if sp["local_apply_and_commit_s"] else 0.0
            lines.append(
                f"    {kind + ' ' + label:<20} server side {_rate(server):>8}/s   "
                f"client side {_rate(client):>8}/s"
            )
    lines.append("")
    lines.append(
        "CPU time (user+system; hardly affected by other load on the machine, unlike wall time):"
    )
    lines.append(
        f"  {'':<27}{'client CPU s':>13}{'server CPU s':>14}{'records/CPU-s':>15}"
        f"{'baseline':>10}{'ratio':>8}"
    )
    for rnd in result["backends"]:
        label = "SQLite" if rnd["backend"] == "sqlite" else "PostgreSQL"
        base = rnd["baseline"]["cpu"]
        rows = [("baseline (before " + label + ")", base, base)]
        rows += [(kind + " " + label, rnd[kind]["cpu"], base) for kind in ("push", "pull")]
        for name, cpu, ref in rows:
            rate, ref_rate = cpu["records_per_cpu_s"], ref["records_per_cpu_s"]
            ratio = f"{rate / ref_rate:8.3f}" if rate and ref_rate else f"{'-':>8}"
            server = "-" if cpu["server_cpu_s"] is None else f"{cpu['server_cpu_s']:.2f}"
            lines.append(
                f"  {name:<27}{cpu['client_cpu_s']:13.2f}{server:>14}"
                f"{_rate(rate) if rate else '-':>15}{_rate(ref_rate) if ref_rate else '-':>10}"
                f"{ratio}"
            )
    lines.append(
        "  (records/CPU-s = records / (client + server CPU seconds): the rate with the machine to"
        " itself and no disk waits — client and server take turns, as the protocol makes them)"
    )
    lines.append("")
    for storm in result.get("storms", []):
        lines.extend(render_storm(storm))
        lines.append("")
    prof = result.get("profile")
    if prof:
        lines.extend(render_profile(prof))
    return lines


def render_storm(storm: dict[str, Any]) -> list[str]:
    lines = [
        f"Reconnect storm — PostgreSQL, {storm['devices']} devices ({storm['villages']} villages) x "
        f"{storm['ops_per_device']} ops = {storm['ops']:,} ops, all released at once, "
        f"server --max-in-flight {storm['max_in_flight']}",
        f"  client: {storm['client']}",
        f"  {'':<44}{'n':>7}{'p50 s':>9}{'p95 s':>9}{'max s':>9}",
    ]
    for key, label in (
        ("latency_all", "push latency per HTTP request, all answers"),
        ("latency_200", "push latency per HTTP request, 200 answers"),
        ("latency_503", "push latency per HTTP request, 503 answers"),
        ("drain", "per device time to drain (incl. 503 waits)"),
    ):
        row = storm[key]
        lines.append(
            f"  {label:<44}{row['n']:>7}{_s(row['p50_s']):>9}{_s(row['p95_s']):>9}"
            f"{_s(row['max_s']):>9}"
        )
    answers = ", ".join(f"{k}: {v}" for k, v in storm["answers"].items())
    lines.append(
        f"  HTTP requests {storm['requests']} ({answers}); Retry-After waits "
        f"{storm['retry_after_waits']} ({storm['retry_after_wait_s']:.1f} s in all); "
        f"transport gave up (retries used up) {storm['exhausted_rounds']} times"
    )
    lines.append(
        f"  total {storm['total_s']:.2f} s until the last device drained "
        f"({storm['drained_devices']}/{storm['devices']} drained); {storm['ops_per_s']:,.0f} ops/s"
    )
    p95 = storm["latency_200"]["p95_s"]
    ok = p95 is not None and p95 < STORM_P95_TARGET_S
    lines.append(
        f"  p95 push latency per request (200 answers) {_s(p95)} s, target < "
        f"{STORM_P95_TARGET_S:g} s: {'PASS' if ok else 'MISS'}   "
        f"(per device incl. 503 waits: p95 {_s(storm['drain']['p95_s'])} s)"
    )
    v = storm["verification"]
    lines.append(
        f"  verification: applied_op {v['applied_op_rows']:,} / {v['expected_ops']:,}, record "
        f"{v['record_rows']:,}, change_feed {v['change_feed_rows']:,}, devices "
        f"{v['devices_in_applied_op']}, answers {v['answer_statuses']} -> exactly once: "
        f"{'yes' if v['exactly_once'] else 'NO'}"
    )
    st = storm["setup"]
    lines.append(
        f"  setup: {storm['devices']} enrolment codes in bulk via county.accounts "
        f"{st['enrol_codes_bulk_s']:.2f} s; {storm['devices']} enrolments over HTTP "
        f"{st['enrolments_http_s']:.2f} s; one workbench database costs "
        f"{st['copy_and_open_s']:.2f} s (template copy + open_database; new: "
        f"{st['open_database_new_s']:.2f} s), {storm['devices']} would cost "
        f"{st['workbench_dbs_for_all_devices_s']:.0f} s -> light clients used"
    )
    return lines


def render_profile(prof: dict[str, Any]) -> list[str]:
    lines = [
        f"Where the time goes — a separate SQLite round of {prof['records']:,} records under "
        f"cProfile (push {prof['profiled_push_s']:.2f} s, pull {prof['profiled_pull_s']:.2f} s "
        f"profiled; profiles in {prof['profile_files']}):"
    ]
    for name, title in (
        ("client-push", "client, push"),
        ("server-push", "server, push"),
        ("client-pull", "client, pull"),
        ("server-pull", "server, pull"),
    ):
        summary = prof["profiles"][name]
        sync_profile.format_summary(title, summary, lines)
        cumulative = {k: v for k, v in summary["cumulative_s"].items() if v >= 0.005}
        if cumulative:
            lines.append(
                "    cumulative: "
                + "; ".join(f"{k} {v:.2f} s" for k, v in sorted(cumulative.items()))
            )
    an = prof["anatomy"]
    lines.append(
        f"  the county's layers in-process (no HTTP, no profiler, SQLite; fastest of "
        f"{an.get('repeats', 1)} runs per layer), records/s per layer:"
    )
    for kind in ("push", "pull"):
        part = an[kind]
        total = sum(part["seconds"].values())
        pieces = ", ".join(
            f"{k} {v:.2f} s ({part['records'] / v:,.0f}/s)" if v > 0 else f"{k} 0 s"
            for k, v in part["seconds"].items()
        )
        sent = f" ({part['changes_sent']:,} changes sent)" if "changes_sent" in part else ""
        lines.append(
            f"    {kind} {part['records']:,} records{sent}: {pieces}; all layers "
            f"{total:.2f} s = {part['records'] / total:,.0f} records/s"
        )
    return lines


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts (CI)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--records", type=int, help="records each way (default 10,000)")
    parser.add_argument("--devices", type=int, help="storm devices (default 1,000; quick 100)")
    parser.add_argument("--ops-per-device", type=int, help="storm ops per device (default 50)")
    parser.add_argument(
        "--max-in-flight", type=int, default=64, help="server's --max-in-flight for push/pull"
    )
    parser.add_argument(
        "--storm-in-flight",
        help="server's --max-in-flight for the storm, one storm each, e.g. 16,32,64 "
        "(default: the server's own default)",
    )
    parser.add_argument(
        "--storm-only", action="store_true", help="only the storm (no push/pull rounds)"
    )
    profile = parser.add_mutually_exclusive_group()
    profile.add_argument("--profile", action="store_true", help="always run the profiled round")
    profile.add_argument("--no-profile", action="store_true", help="never run it")
    parser.add_argument("--work-dir", type=Path, help="keep everything here (default: temp)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, work: Path) -> int:
    plan = make_plan(args)
    problem = support.postgres_available()
    if problem:
        raise BenchError(problem)
    result: dict[str, Any] = {
        "quick": args.quick,
        "plan": asdict(plan),
        "machine": machine_notes(work),
        "targets": {
            "records_per_s": RATE_TARGET,
            "postgresql_push_records_per_s": PG_PUSH_TARGET,
            "storm_p95_s": STORM_P95_TARGET_S,
        },
        "backends": [],
    }
    template = work / "template" / "workbench.db"
    template.parent.mkdir(parents=True)
    support.make_template(template)
    started = time.perf_counter()
    if not args.storm_only:
        print(f"sqlite: push/pull of {plan.records:,} records …", flush=True)
        result["backends"].append(backend_round("sqlite", plan, work / "sqlite", template, None))
        print(f"postgresql: push/pull of {plan.records:,} records …", flush=True)
        with support.postgres_database("pushpull") as url:
            result["backends"].append(
                backend_round("postgresql", plan, work / "postgresql", template, url)
            )
    result["storms"] = []
    for cap in plan.storm_in_flight:
        print(
            f"postgresql: storm of {plan.storm_devices} devices x {plan.storm_ops} ops, "
            f"--max-in-flight {cap} …",
            flush=True,
        )
        with support.postgres_database("storm") as url:
            result["storms"].append(storm_round(plan, work / f"storm-{cap}", template, url, cap))
    missed = any(
        result["backends"][0][k]["records_per_s"] < RATE_TARGET
        for k in ("push", "pull")
        if result["backends"]
    )
    if args.profile or (missed and not args.no_profile):
        print(f"profiling a round of {plan.profile_records:,} records …", flush=True)
        keep_dir = (
            work / "profiles"
            if args.work_dir
            else Path(tempfile.mkdtemp(prefix="sync-bench-profiles-"))
        )
        keep_dir.mkdir(exist_ok=True)
        result["profile"] = profile_round(plan, work / "profile", template, keep_dir)
    result["load_average_end"] = load_average()
    result["elapsed_s"] = time.perf_counter() - started
    print()
    for line in render(result):
        print(line)
    print(f"\n(benchmark took {result['elapsed_s']:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    if not all(storm["verification"]["exactly_once"] for storm in result["storms"]):
        print("ERROR: the storm did not apply every op exactly once", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.work_dir:
        work = args.work_dir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        if any(work.iterdir()):
            print(f"--work-dir {work} is not empty", file=sys.stderr)
            return 2
        keep = True
    else:
        work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
        keep = False
    try:
        return run(args, work)
    except (BenchError, RuntimeError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        keep = True
        print(f"(files kept in {work})", file=sys.stderr)
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
