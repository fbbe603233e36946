"""Responsiveness benchmark of the workbench window on a station with 100,000 demands.

    python bench/ui_bench.py                  full run (generates 100,000 demands / 20,000
                                              contacts in a temporary folder, ~50 s)
    python bench/ui_bench.py --quick          CI: the same database, fewer repetitions
    python bench/ui_bench.py --data-dir D     reuse the database in D (or create it there, kept)
    python bench/ui_bench.py --json out.json  also write every figure and sample as JSON
    python bench/ui_bench.py --explain        print the breakdowns and profiles even on PASS

Four figures, each next to a baseline measured in the same run, the ratio ours/baseline, and
PASS/MISS against its target (a MISS still exits 0; an error exits 1):

1. Cold start to the first painted 工作台 page, as a fresh process under
   QT_QPA_PLATFORM=offscreen (median of >= 5 runs; --quick 3), against a process with the
   same imports that shows an empty QMainWindow. The program has no "painted" hook, so the
   launcher ``bench/ui_launch.py`` builds the window exactly like ``run_app`` and watches the
   page's first ``QEvent.Paint``. Target <= 2x the baseline.
2. A keystroke in 群众需求's search box until the table's viewport has repainted with the new
   rows, timed from the moment the search runs (the page's 250 ms debounce timer fires; the
   debounce is reported separately), for 1- and 2-character Chinese keywords (committed by an
   input method) and pinyin initials (the last letter typed). Baseline: the same table size
   and font over a QStandardItemModel whose 50 rows are replaced (the Qt cost of new rows
   without any SQL). Target <= 50 ms median.
3. Enter on a selected demand until the detail dialog has painted the demand (its fields are
   read in the background; the dialog's first, still empty, frame is shown too), over 20
   demands. Baseline: an empty QDialog of the same size. Target <= 50 ms median.
2b, 3b. The same on 实践活动, with 100,000 activities and their ~300,000 service records:
   keystrokes of activity keywords and volunteers' initials until the list repaints, and Enter
   on an activity until its form shows the title. Same baselines and targets.
4. Peak RSS (``ru_maxrss``) after visiting every page, scrolling the demand list to the end
   and back, opening a detail and scrolling the contact list. Baseline: the peak RSS of the
   bare-QMainWindow process of figure 1. Target <= 250 MB.

Each step runs in its own child process (``ui_launch.py``, ``ui_session.py``), so one step's
memory or warm caches never reach another; this parent never imports Qt. "Cold" means a new
process: the operating system's file cache stays warm (it is not dropped, which would need
root and disturb other work on the machine); a warm-up run of each kind is discarded, and it
also takes the day's automatic backup so no run races it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LAUNCH = HERE / "ui_launch.py"
SESSION = HERE / "ui_session.py"
RESULT_PREFIX = "UIBENCH-RESULT "
DB_FILE = "workbench.db"

COLD_RATIO_TARGET = 2.0
KEYSTROKE_TARGET_MS = 50.0
DETAIL_TARGET_MS = 50.0
MEMORY_TARGET_MB = 250.0
CHILD_TIMEOUT_S = 600


@dataclass(frozen=True)
class Plan:
    quick: bool
    demands: int
    contacts: int
    cold_runs: int
    activities: int = 100_000
    volunteers: int = 400


# ---------------------------------------------------------------------------------------------
# Numbers


@dataclass(frozen=True)
class Stats:
    median: float
    p95: float
    low: float
    high: float
    n: int

    @staticmethod
    def of(samples: Sequence[float]) -> Stats:
        values = sorted(samples)
        if not values:
            return Stats(math.nan, math.nan, math.nan, math.nan, 0)
        p95 = values[max(0, math.ceil(0.95 * len(values)) - 1)]
        return Stats(statistics.median(values), p95, values[0], values[-1], len(values))

    def text(self, unit: str, digits: int = 1) -> str:
        return (
            f"median {self.median:.{digits}f} {unit}, p95 {self.p95:.{digits}f}, "
            f"min {self.low:.{digits}f}, max {self.high:.{digits}f} (n={self.n})"
        )


@dataclass
class Figure:
    key: str
    name: str
    unit: str
    ours: Stats
    base: Stats
    base_name: str
    target: str
    passed: bool | None  # None: information only

    @property
    def ratio(self) -> float:
        return self.ours.median / self.base.median if self.base.median else math.inf

    @property
    def verdict(self) -> str:
        return "" if self.passed is None else ("PASS" if self.passed else "MISS")

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "ours": self.ours.__dict__,
            "baseline": self.base.__dict__,
            "baseline_is": self.base_name,
            "ratio": self.ratio,
            "target": self.target,
            "verdict": self.verdict or "info",
        }


def _fmt(value: float, unit: str) -> str:
    if math.isnan(value):
        return "—"
    if unit == "ms" and value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def print_table(figures: list[Figure]) -> None:
    head = f"  {'figure':<44} {'ours':>10} {'baseline':>10} {'ratio':>7}  {'target':<17} verdict"
    print(head)
    print("  " + "-" * (len(head) - 2))
    for fig in figures:
        ratio = "" if math.isnan(fig.base.median) else f"x{fig.ratio:.2f}"
        print(
            f"  {fig.name:<44} {_fmt(fig.ours.median, fig.unit):>10} "
            f"{_fmt(fig.base.median, fig.unit):>10} {ratio:>7}  {fig.target:<17} {fig.verdict}"
        )
    print("  baselines:")
    seen: set[str] = set()
    for fig in figures:
        if fig.base_name and fig.base_name not in seen:
            seen.add(fig.base_name)
            print(f"    {fig.name.strip()}: {fig.base_name}")


# ---------------------------------------------------------------------------------------------
# Children


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def run_child(args: Sequence[str], *, timeout: float = CHILD_TIMEOUT_S) -> dict[str, Any]:
    """Run a benchmark child; its result is the JSON line it prints (stderr is kept for errors).

    ``spawned_at`` (``time.monotonic`` just before the fork) is added for cold-start timing."""
    spawned = time.monotonic()
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    result: dict[str, Any] | None = None
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
    noise = "This plugin does not support propagateSizeHints()"
    stderr = "\n".join(s for s in proc.stderr.splitlines() if noise not in s)
    if result is None or "error" in result or proc.returncode != 0:
        detail = (result or {}).get("error", f"exit code {proc.returncode}")
        raise RuntimeError(
            f"{' '.join(Path(a).name for a in args[:2])} failed: {detail}\n{stderr[-3000:]}"
        )
    if result.get("failures"):
        raise RuntimeError("the window reported an unexpected error:\n" + result["failures"][0])
    result["spawned_at"] = spawned
    return result


# ---------------------------------------------------------------------------------------------
# The database


def database_counts(db_path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(Path(db_path).absolute().as_uri() + "?mode=ro", uri=True)
    try:
        demands = conn.execute("SELECT count(*) FROM demand WHERE deleted_at IS NULL").fetchone()
        contacts = conn.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()
    finally:
        conn.close()
    return int(demands[0]), int(contacts[0])


def ensure_database(data_dir: Path, plan: Plan) -> dict[str, Any]:
    db_path = data_dir / DB_FILE
    info: dict[str, Any] = {"data_dir": str(data_dir)}
    if db_path.exists() and db_path.stat().st_size > 0:
        info["generated_s"] = None
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        print(
            f"  generating {plan.demands:,} demands, {plan.contacts:,} contacts and "
            f"{plan.activities:,} activities in {data_dir} …",
            flush=True,
        )
        started = time.monotonic()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "demo",
                "--data-dir",
                str(data_dir),
                "--demands",
                str(plan.demands),
                "--contacts",
                str(plan.contacts),
                "--activities",
                str(plan.activities),
                "--volunteers",
                str(plan.volunteers),
            ],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            # Never leave a half-made database for a later --data-dir run to "reuse".
            for leftover in data_dir.glob(DB_FILE + "*"):
                leftover.unlink()
            raise RuntimeError(f"demo generation failed:\n{proc.stderr[-3000:]}")
        info["generated_s"] = round(time.monotonic() - started, 1)
        print(f"  generated in {info['generated_s']} s", flush=True)
    demands, contacts = database_counts(db_path)
    info.update(
        demands=demands, contacts=contacts, size_mb=round(db_path.stat().st_size / 2**20, 1)
    )
    if demands < plan.demands or contacts < plan.contacts:
        print(
            f"  NOTE: the database holds {demands:,} demands and {contacts:,} contacts, "
            f"fewer than {plan.demands:,} / {plan.contacts:,}"
        )
    return info


# ---------------------------------------------------------------------------------------------
# 1. Cold start

APP_PHASES = (
    ("interpreter start", "spawn", "main"),
    ("imports (desktop.ui.app …)", "main", "imports"),
    ("QApplication, font, translations", "imports", "qapplication"),
    ("open_database (checks, migrations)", "qapplication", "database_open"),
    ("first-run check (station)", "database_open", "first_run_check"),
    ("MainWindow()", "first_run_check", "window_built"),
    ("show()", "window_built", "shown"),
    ("→ workbench page first frame", "shown", "first_frame"),
)
BARE_PHASES = (
    ("interpreter start", "spawn", "main"),
    ("imports (the same)", "main", "imports"),
    ("QApplication, font, translations", "imports", "qapplication"),
    ("QMainWindow() + show()", "qapplication", "shown"),
    ("→ first frame", "shown", "first_frame"),
)


def _mark(run: dict[str, Any], name: str) -> float:
    return run["spawned_at"] if name == "spawn" else run["marks"][name]


def _span_ms(run: dict[str, Any], start: str, end: str) -> float:
    return (_mark(run, end) - _mark(run, start)) * 1000.0


def cold_start(data_dir: Path, plan: Plan) -> dict[str, Any]:
    app_args = [str(LAUNCH), "app", "--data-dir", str(data_dir)]
    bare_args = [str(LAUNCH), "bare", "--data-dir", str(data_dir)]
    print(
        "  warm-up runs (not counted; the first also takes the day's automatic backup) …",
        flush=True,
    )
    warm = run_child([*app_args, "--wait-backup"])
    run_child(bare_args)
    apps: list[dict[str, Any]] = []
    bares: list[dict[str, Any]] = []
    for i in range(plan.cold_runs):
        # ABBA order: neither kind always runs right after the other.
        order = ((apps, app_args), (bares, bare_args))
        for runs, args in order if i % 2 == 0 else reversed(order):
            runs.append(run_child(args))
        print(
            f"  cold start {i + 1}/{plan.cold_runs}: workbench "
            f"{_span_ms(apps[-1], 'spawn', 'first_frame'):.0f} ms, bare "
            f"{_span_ms(bares[-1], 'spawn', 'first_frame'):.0f} ms",
            flush=True,
        )
    return {"app": apps, "bare": bares, "warmup_backup_running": warm["backup_running_at_paint"]}


def cold_figures(cold: dict[str, Any]) -> list[Figure]:
    app = [_span_ms(r, "spawn", "first_frame") for r in cold["app"]]
    bare = [_span_ms(r, "spawn", "first_frame") for r in cold["bare"]]
    figures_painted = [_span_ms(r, "spawn", "figures_frame") for r in cold["app"]]
    ours, base = Stats.of(app), Stats.of(bare)
    return [
        Figure(
            "cold_start",
            "1 cold start → workbench painted",
            "ms",
            ours,
            base,
            "same imports + QApplication, empty 1280×800 QMainWindow, first paint",
            f"<= {COLD_RATIO_TARGET:g}x baseline",
            ours.median <= COLD_RATIO_TARGET * base.median,
        ),
        Figure(
            "cold_start_figures",
            "  (info) … → day's figures painted",
            "ms",
            Stats.of(figures_painted),
            base,
            "",
            "",
            None,
        ),
    ]


def cold_details(cold: dict[str, Any]) -> list[str]:
    lines = ["1 cold start, median of each phase (ms):"]
    app_phases = {
        name: Stats.of([_span_ms(r, a, b) for r in cold["app"]]).median for name, a, b in APP_PHASES
    }
    bare_phases = {
        name: Stats.of([_span_ms(r, a, b) for r in cold["bare"]]).median
        for name, a, b in BARE_PHASES
    }
    lines.append("    workbench: " + ", ".join(f"{n} {v:.0f}" for n, v in app_phases.items()))
    lines.append("    bare:      " + ", ".join(f"{n} {v:.0f}" for n, v in bare_phases.items()))
    for label, runs in (("workbench", cold["app"]), ("bare", cold["bare"])):
        total = Stats.of([_span_ms(r, "spawn", "first_frame") for r in runs])
        lines.append(f"    {label} spawn → first frame: {total.text('ms', 0)}")
    return lines


# ---------------------------------------------------------------------------------------------
# 2 and 3. Keystrokes and details


def _median_of(rows: list[dict[str, Any]], key: str) -> float:
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else math.nan


def interact_figures(result: dict[str, Any]) -> list[Figure]:
    keys = result["keystrokes"]
    details = result["details"]
    ours = Stats.of([k["response_ms"] for k in keys])
    base = Stats.of(result["keystroke_baseline_ms"])
    detail = Stats.of([d["content_frame_ms"] for d in details])
    detail_first = Stats.of([d["first_frame_ms"] for d in details])
    empty = Stats.of(result["detail_baseline_ms"])
    activity_keys = Stats.of([k["response_ms"] for k in result["activity_keystrokes"]])
    activity_form = Stats.of([d["content_frame_ms"] for d in result["activity_details"]])
    return [
        Figure(
            "keystroke",
            "2 keystroke → list repainted (from search)",
            "ms",
            ours,
            base,
            "QStandardItemModel, 50 rows replaced in the same-size table, repainted (no SQL)",
            f"<= {KEYSTROKE_TARGET_MS:g} ms",
            ours.median <= KEYSTROKE_TARGET_MS,
        ),
        Figure(
            "debounce",
            "  (info) debounce before the search runs",
            "ms",
            Stats.of([k["debounce_ms"] for k in keys]),
            Stats.of([]),
            "",
            "",
            None,
        ),
        Figure(
            "count_shown",
            "  (info) search → total count shown",
            "ms",
            Stats.of([k["count_shown_ms"] for k in keys if k["count_shown_ms"]]),
            Stats.of([]),
            "",
            "",
            None,
        ),
        Figure(
            "detail",
            "3 Enter → detail painted with the demand",
            "ms",
            detail,
            empty,
            "an empty QDialog of the same size (820×760), opened, first paint",
            f"<= {DETAIL_TARGET_MS:g} ms",
            detail.median <= DETAIL_TARGET_MS,
        ),
        Figure(
            "detail_first_frame",
            "  (info) Enter → dialog's first (empty) frame",
            "ms",
            detail_first,
            empty,
            "",
            "",
            None,
        ),
        Figure(
            "activity_keystroke",
            "2b keystroke → 实践活动 list repainted",
            "ms",
            activity_keys,
            base,
            "the same plain table as figure 2",
            f"<= {KEYSTROKE_TARGET_MS:g} ms",
            activity_keys.median <= KEYSTROKE_TARGET_MS,
        ),
        Figure(
            "activity_detail",
            "3b Enter → activity form painted with the activity",
            "ms",
            activity_form,
            empty,
            "the empty QDialog of figure 3",
            f"<= {DETAIL_TARGET_MS:g} ms",
            activity_form.median <= DETAIL_TARGET_MS,
        ),
    ]


def interact_details(result: dict[str, Any]) -> list[str]:
    keys = result["keystrokes"]
    lines = ["2 keystroke, per keyword (ms from the search timer firing to the frame):"]
    by_text: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for k in keys:
        by_text[(k["kind"], k["prefix"], k["text"])].append(k)
    for (kind, prefix, text), rows in by_text.items():
        how = "IME commits" if not prefix else f"'{prefix}' in the box, key"
        lines.append(
            f"    {kind:<6} {how} '{text[len(prefix) :]}' → {rows[0]['rows'] or 0:,} hits: "
            f"{Stats.of([r['response_ms'] for r in rows]).text('ms')}"
        )
    lines.append("  where it goes (medians, ms after the timer fired):")
    parts = [
        ("apply_filter → job submitted", "first_page_submitted_ms"),
        ("worker starts", "first_page_started_ms"),
        ("first page read (SQL+ORM) done", "first_page_ended_ms"),
        ("result delivered to the GUI thread", "first_page_delivered_ms"),
        ("model reset (endResetModel)", "reset_ms"),
        ("_first_page handled", "first_page_handled_ms"),
        ("viewport paint begins", "paint_start_ms"),
        ("frame finished (the figure)", "response_ms"),
        ("count query started", "count_started_ms"),
        ("count query done", "count_ended_ms"),
        ("count shown", "count_shown_ms"),
    ]
    for value, name in sorted((_median_of(keys, key), name) for name, key in parts):
        lines.append(f"    {value:7.1f}  {name}")
    sql = [
        k["first_page_ended_ms"] - k["first_page_started_ms"]
        for k in keys
        if k.get("first_page_ended_ms") is not None
    ]
    paint = [k["response_ms"] - k["paint_start_ms"] for k in keys]
    viewport = [k["viewport_paint_ms"] for k in keys if k.get("viewport_paint_ms") is not None]
    base_total = Stats.of(result["keystroke_baseline_ms"])
    base_paint = Stats.of(result["keystroke_baseline_paint_ms"])
    lines.append(f"    first-page SQL+ORM alone (worker):   {Stats.of(sql).text('ms')}")
    lines.append(f"    table viewport paint alone:          {Stats.of(viewport).text('ms')}")
    lines.append(f"    viewport paint start → frame end:    {Stats.of(paint).text('ms')}")
    lines.append(f"    baseline (QStandardItemModel) total: {base_total.text('ms')}")
    lines.append(f"    baseline viewport paint alone:       {base_paint.text('ms')}")
    vw, vh = result["table_viewport"]
    lines.append(f"    table viewport {vw}×{vh} px")

    details = result["details"]
    lines.append("3 detail, where it goes (medians, ms after Enter):")
    detail_parts = (
        ("dialog constructed and opened (keyClick returned)", "built_ms"),
        ("detail job submitted", "load_submitted_ms"),
        ("worker starts", "load_started_ms"),
        ("demand_detail() done (SQL+ORM)", "load_ended_ms"),
        ("first (empty) frame", "first_frame_ms"),
        ("result delivered", "load_delivered_ms"),
        ("_show() done", "load_handled_ms"),
        ("frame with the demand (the figure)", "content_frame_ms"),
    )
    for value, name in sorted((_median_of(details, key), name) for name, key in detail_parts):
        lines.append(f"    {value:7.1f}  {name}")
    load = [
        d["load_ended_ms"] - d["load_started_ms"]
        for d in details
        if d.get("load_ended_ms") is not None
    ]
    lines.append(f"    demand_detail() alone: {Stats.of(load).text('ms')}")
    lines.append(
        f"    with the demand: {Stats.of([d['content_frame_ms'] for d in details]).text('ms')}"
    )
    lines.append(
        f"    baseline (empty QDialog): {Stats.of(result['detail_baseline_ms']).text('ms')}"
    )
    return lines


# ---------------------------------------------------------------------------------------------
# 4. Memory


def memory_figures(memory: dict[str, Any], cold: dict[str, Any]) -> list[Figure]:
    bare = Stats.of([r["peak_rss_mb"] for r in cold["bare"]])
    peak = Stats.of([memory["peak_rss_mb"]])
    start = Stats.of([r["peak_rss_mb"] for r in cold["app"]])
    return [
        Figure(
            "peak_rss",
            "4 peak RSS after browsing every page",
            "MB",
            peak,
            bare,
            "peak RSS of the bare-QMainWindow process (same imports)",
            f"<= {MEMORY_TARGET_MB:g} MB",
            peak.median <= MEMORY_TARGET_MB,
        ),
        Figure(
            "peak_rss_start",
            "  (info) peak RSS at the first paint",
            "MB",
            start,
            bare,
            "",
            "",
            None,
        ),
    ]


def memory_details(memory: dict[str, Any], cold: dict[str, Any]) -> list[str]:
    pages = ", ".join(f"{k} {v:.0f}" for k, v in memory["peak_after_each_page_mb"].items())
    return [
        "4 memory (peak RSS, MB):",
        f"    after start {memory['peak_after_start_mb']:.0f}; after each page: {pages}",
        f"    after scrolling the demand list to the end and back ({memory['scroll_steps']} "
        f"jumps each way, {memory['demand_rows']:,} rows): "
        f"{memory['peak_after_demand_scroll_mb']:.0f}",
        f"    after a detail and the contact list ({memory['contact_rows']:,} rows, scrolled "
        f"too): {memory['peak_rss_mb']:.0f}",
        f"    bare QMainWindow with the same imports: "
        f"{Stats.of([r['peak_rss_mb'] for r in cold['bare']]).text('MB')}",
        "    resident now, by kind (RssAnon = heap, RssFile = mapped libraries and fonts):",
        f"      after browsing:          {_parts(memory['rss_parts_mb'])}",
        f"      workbench at 1st paint:  {_parts(cold['app'][-1]['rss_parts_mb'])}",
        f"      bare QMainWindow:        {_parts(cold['bare'][-1]['rss_parts_mb'])}",
    ]


def _parts(parts: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in parts.items())


# ---------------------------------------------------------------------------------------------
# Explaining a MISS: imports (time and memory), and profiles


# What to import to measure a package's memory on its own (its top-level module is often bare).
_IMPORT_AS = {
    "PySide6": "PySide6.QtWidgets",
    "sqlalchemy": "sqlalchemy.orm",
    "PIL": "PIL.Image",
    "pygments": "pygments.lexers, pygments.formatters.html",
}
_OURS = ("desktop", "liaison_wire", "county")


def import_breakdown() -> list[str]:
    """Import time by top-level package (``-X importtime`` of ``import desktop.ui.app``), the
    project module that pulls each third-party package in, and each one's memory on its own."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import desktop.ui.app"],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    entries: list[tuple[int, str, int]] = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            entries.append((len(m.group(3)) // 2, m.group(4), int(m.group(1))))
    per_package: dict[str, int] = defaultdict(int)
    for _depth, module, self_us in entries:
        per_package[module.split(".")[0]] += self_us
    total = sum(per_package.values())
    lines = [f"imports of desktop.ui.app: {total / 1000:.0f} ms (self time by package, one run):"]
    top = sorted(per_package.items(), key=lambda kv: -kv[1])[:12]
    lines.append("    " + ", ".join(f"{p} {us / 1000:.0f}" for p, us in top))

    def importer(index: int) -> str:
        """The project modules (innermost first) through which entry ``index`` was imported."""
        depth, package = entries[index][0], entries[index][1].split(".")[0]
        chain: list[str] = []
        for d, module, _us in entries[index + 1 :]:
            if d < depth:
                depth = d
                outside = module.split(".")[0] != package
                if module.startswith(_OURS) or (outside and not chain):
                    chain.append(module)
        return " ← ".join(chain[:4]) or "?"

    third_party = [
        p for p, _us in top if p not in sys.stdlib_module_names and not p.startswith(_OURS)
    ][:8]
    firsts: dict[str, int] = {}
    for i, (_d, module, _us) in enumerate(entries):
        firsts.setdefault(module.split(".")[0], i)

    def rss(code: str) -> float:
        tail = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        out = subprocess.run(
            [sys.executable, "-c", f"{code}\n{tail}"],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        return int(out.stdout.split()[-1]) / 1024.0 if out.returncode == 0 else math.nan

    empty = rss("pass")
    everything = rss("import desktop.ui.app") - empty
    lines.append(
        f"  third-party packages imported at start-up: import ms (self), peak RSS of importing it"
        f" alone (they overlap) above a bare Python ({empty:.0f} MB; all of desktop.ui.app: {everything:.0f}"
        f" MB), and the project module that imports it:"
    )
    for package in third_party:
        name = _IMPORT_AS.get(package, package)
        alone = rss(f"import {name}") - empty
        if math.isnan(alone):
            continue  # not importable on its own (e.g. PySide6's shibokensupport)
        lines.append(
            f"    {package:<14} {per_package[package] / 1000:5.0f} ms {alone:5.0f} MB  "
            f"← {importer(firsts[package])}"
        )
    return lines


def profile_lines(profile: list[dict[str, Any]], title: str) -> list[str]:
    lines = [title]
    for row in profile:
        lines.append(
            f"    {row['tottime_ms']:8.1f} own {row['cumtime_ms']:8.1f} cum {row['ncalls']:>7}x"
            f"  {row['where']}"
        )
    return lines


def startup_profile(data_dir: Path) -> list[str]:
    result = run_child([str(LAUNCH), "app", "--data-dir", str(data_dir), "--profile", "18"])
    text = result.get("profile", "")
    keep = [line for line in text.splitlines() if re.match(r"\s+\d", line)]
    return [
        "cold start after imports, cProfile by cumulative time (one run):",
        "    ncalls  tottime  percall  cumtime  percall filename:lineno(function)",
        *("    " + line.strip() for line in keep),
    ]


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class Report:
    plan: Plan
    figures: list[Figure] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


def machine_line() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for CI)")
    parser.add_argument("--data-dir", type=Path, help="reuse (or create and keep) the database")
    parser.add_argument("--json", type=Path, help="also write every figure and sample here")
    parser.add_argument("--demands", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--volunteers", type=int, default=400)
    parser.add_argument("--runs", type=int, help="cold starts of each kind (default 7; quick 3)")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the breakdowns, import costs and profiles even on PASS",
    )
    args = parser.parse_args(argv)
    plan = Plan(
        args.quick,
        args.demands,
        args.contacts,
        args.runs or (3 if args.quick else 7),
        args.activities,
        args.volunteers,
    )
    started = time.monotonic()
    temp: Path | None = None
    if args.data_dir is None:
        temp = Path(tempfile.mkdtemp(prefix="ui-bench-"))
        data_dir = temp
    else:
        data_dir = args.data_dir.expanduser().resolve()
    report = Report(plan)
    print(
        f"UI benchmark ({'quick' if plan.quick else 'full'}), QT_QPA_PLATFORM=offscreen; "
        f"{machine_line()}"
    )
    try:
        report.raw["database"] = ensure_database(data_dir, plan)
        db = report.raw["database"]
        print(
            f"  database: {db['demands']:,} demands, {db['contacts']:,} contacts, "
            f"{db['size_mb']:,.0f} MB in {data_dir}",
            flush=True,
        )

        cold = cold_start(data_dir, plan)
        report.raw["cold_start"] = cold
        report.figures += cold_figures(cold)

        print("  search keystrokes and demand details (one process) …", flush=True)
        interact = run_child(
            [
                str(SESSION),
                "interact",
                "--data-dir",
                str(data_dir),
                *(["--quick"] if plan.quick else []),
            ]
        )
        report.raw["interact"] = interact
        report.figures += interact_figures(interact)

        print("  browsing every page for the peak memory (one process) …", flush=True)
        memory = run_child(
            [
                str(SESSION),
                "memory",
                "--data-dir",
                str(data_dir),
                *(["--quick"] if plan.quick else []),
            ]
        )
        report.raw["memory"] = memory
        report.figures += memory_figures(memory, cold)

        missed = {f.key for f in report.figures if f.passed is False}
        details: list[str] = []
        details += cold_details(cold)
        details += interact_details(interact)
        details += memory_details(memory, cold)
        if args.explain or missed & {"cold_start", "peak_rss"}:
            print("  explaining: import costs …", flush=True)
            details += import_breakdown()
        if args.explain or "cold_start" in missed:
            details += startup_profile(data_dir)
        if args.explain or missed & {"keystroke", "detail"}:
            details += profile_lines(
                interact["profile_keystroke"],
                "2 keystroke, GUI thread under cProfile (ms per keystroke, "
                "own time first; 'exec' own time is Qt's C++):",
            )
            details += profile_lines(
                interact["profile_detail"], "3 detail, GUI thread under cProfile (ms per open):"
            )
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)

    elapsed = time.monotonic() - started
    print()
    print(
        f"Results ({db['demands']:,} demands, {db['contacts']:,} contacts; "
        f"{'quick' if plan.quick else 'full'} run, {elapsed:.0f} s; "
        f"load average now {', '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    print_table(report.figures)
    print()
    for line in details:
        print(line if line.startswith(" ") else "\n" + line)
    misses = [f.name.strip() for f in report.figures if f.passed is False]
    print()
    print(f"{len(misses)} MISS: {'; '.join(misses)}" if misses else "all targets met")
    if args.json:
        payload = {
            "plan": plan.__dict__,
            "machine": machine_line(),
            "elapsed_s": round(elapsed, 1),
            "figures": [f.as_json() for f in report.figures],
            "details": details,
            "raw": report.raw,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
