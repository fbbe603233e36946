"""The real county server with every thread under cProfile (for ``sync_bench.py --profile``).

    python bench/sync_profiled_server.py OUT.prof <the arguments of python -m county …>

Each thread (the event loop and each worker of the thread pool that runs the sync endpoints)
gets its own profiler; when the server stops (SIGTERM/SIGINT, a graceful uvicorn shutdown) the
merged statistics are written to OUT.prof. Times are wall-clock, so a thread waiting for a lock,
the GIL or the disk is charged to the function it waits in.
"""

from __future__ import annotations

import cProfile
import marshal
import signal
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_profiles: list[cProfile.Profile] = []
_lock = threading.Lock()


def _start_thread_profile(_frame: object, _event: str, _arg: object) -> None:
    # Called once in each new thread: replace this hook by a profiler of that thread.
    profile = cProfile.Profile()
    with _lock:
        _profiles.append(profile)
    profile.enable()


def _merged_stats() -> dict[object, object]:
    import pstats

    with _lock:
        profiles = list(_profiles)
    merged = pstats.Stats(profiles[0])
    for profile in profiles[1:]:
        try:
            merged.add(profile)
        except (TypeError, ValueError):  # a profiler that never collected anything
            continue
    return merged.stats  # type: ignore[attr-defined,no-any-return]


def main() -> int:
    out = Path(sys.argv[1])
    argv = sys.argv[2:]
    import uvicorn

    from county.__main__ import main as county_main

    # Profiling starts when uvicorn does: opening and migrating the database and building the
    # app are start-up, not request work.
    serve = uvicorn.run
    profile = cProfile.Profile()
    _profiles.insert(0, profile)

    def profiled_run(*args: Any, **kwargs: Any) -> None:
        threading.setprofile(_start_thread_profile)
        profile.enable()
        try:
            serve(*args, **kwargs)
        finally:
            profile.disable()
            threading.setprofile(None)  # type: ignore[arg-type]

    uvicorn.run = profiled_run
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it with the previous handler in
    # place: this one lets the process go on to write the statistics.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
    try:
        code = county_main(argv)
    finally:
        out.write_bytes(marshal.dumps(_merged_stats()))
    return code


if __name__ == "__main__":
    sys.exit(main())
