"""Cold-start child of ``bench/ui_bench.py``: start, paint once, print the marks, exit.

    python bench/ui_launch.py app  --data-dir D    the workbench, built as run_app builds it
    python bench/ui_launch.py bare --data-dir D    the same imports and QApplication, then an
                                                   empty 1280×800 QMainWindow

The program has no "painted" hook, so this launcher stands in for ``liaison --data-dir D``: it
imports ``desktop.ui.app`` and builds the window exactly like ``run_app`` (see
``ui_support.start_like_run_app``), then waits in ``app.exec()`` for the workbench page's first
paint (an event filter on ``QEvent.Paint``) and, for information, for the paint that shows the
day's figures (they are read in the background). The result is one JSON line of
``time.monotonic()`` marks, comparable with the parent's spawn time.
"""

import time

T_MAIN = time.monotonic()

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ui_support as us  # noqa: E402  (imports desktop.ui.app, MainWindow and every page)

T_IMPORTS = time.monotonic()

from PySide6.QtWidgets import QMainWindow  # noqa: E402

from desktop.ui.workbench.page import WorkbenchPage  # noqa: E402

TIMEOUT_S = 120.0


def run_app_mode(data_dir: Path, wait_backup: bool) -> dict[str, object]:
    started = us.start_like_run_app(data_dir)
    window = started.window
    page = next(p for p in window.pages if isinstance(p, WorkbenchPage))
    first = us.FrameProbe(page)
    first.arm()
    figure = page.figures["open"].value
    filled = us.FrameProbe(figure)
    filled.arm(lambda: figure.text() != "—")

    def maybe_quit() -> None:
        if first.done() and filled.done():
            started.qapp.quit()

    first.on_frame = maybe_quit
    filled.on_frame = maybe_quit
    # The loop run_app runs; a watchdog ends a run that never paints.
    us.QTimer.singleShot(int(TIMEOUT_S * 1000), started.qapp.quit)
    started.qapp.exec()
    if not (first.done() and filled.done()):
        raise us.BenchFailure("the workbench did not paint")
    marks = dict(started.marks)
    marks["first_paint"] = first.paint_at or 0.0
    marks["first_frame"] = first.frame_at or 0.0
    marks["figures_frame"] = filled.frame_at or 0.0
    rss = us.peak_rss_mb()
    backup_running = started.backup.is_alive()
    if wait_backup:
        started.backup.join()
    us.stop(started)
    return {
        "marks": marks,
        "peak_rss_mb": rss,
        "rss_parts_mb": us.rss_parts_mb(),
        "backup_running_at_paint": backup_running,
        "failures": started.failures,
    }


def run_bare_mode() -> dict[str, object]:
    qapp = us.application("zh_CN")
    marks = {"qapplication": us.now()}
    window = QMainWindow()
    window.setWindowTitle("联络员工作台")
    window.resize(1280, 800)
    probe = us.FrameProbe(window)
    probe.arm()
    probe.on_frame = qapp.quit
    marks["window_built"] = us.now()
    window.show()
    marks["shown"] = us.now()
    us.QTimer.singleShot(int(TIMEOUT_S * 1000), qapp.quit)
    qapp.exec()
    if not probe.done():
        raise us.BenchFailure("the bare window did not paint")
    marks["first_paint"] = probe.paint_at or 0.0
    marks["first_frame"] = probe.frame_at or 0.0
    return {
        "marks": marks,
        "peak_rss_mb": us.peak_rss_mb(),
        "rss_parts_mb": us.rss_parts_mb(),
        "failures": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("app", "bare"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--wait-backup",
        action="store_true",
        help="join the daily-backup thread before exiting (the warm-up run)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="run under cProfile and report the N costliest functions",
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    if args.mode == "app":
        result = run_app_mode(args.data_dir.resolve(), args.wait_backup)
    else:
        result = run_bare_mode()
    if profiler is not None:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        result["profile"] = out.getvalue()
    marks = result["marks"]
    assert isinstance(marks, dict)
    marks["main"] = T_MAIN
    marks["imports"] = T_IMPORTS
    us.emit_result(result)
    us.hard_exit(0)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        import traceback

        traceback.print_exc()
        us.emit_result({"error": f"{type(error).__name__}: {error}"})
        us.hard_exit(1)
