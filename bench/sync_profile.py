"""Where the time of a push or a pull goes (``bench/sync_bench.py``, on a MISS or ``--profile``).

Three views, each answering a different question:

* :class:`Split` — measured during the timed run itself, without a profiler: the client's
  round split into reading the outbox, the HTTP round trips (the server's work), JSON on the
  client, and applying the answers locally (with the local commit).
* :func:`server_anatomy` — the county's layers called in-process, without HTTP and without a
  profiler, for the same ops: decoding and validating the body (``county.http.parse_push``),
  the token lookup, ``sync_service.push``/``pull`` with the commit, and encoding the answer
  (``county.http.encode_answer``). Set against the HTTP round trip, the remainder is
  the web stack (uvicorn, middleware, FastAPI, thread-pool hops, token lookup).
* :func:`summarise` — cProfile of a separate, smaller round (client in this process, the real
  server under ``sync_profiled_server.py``), self time grouped into categories (JSON, pydantic,
  SQLAlchemy, sqlite3, the search index …) plus the top functions and telling call counts.
  cProfile inflates pure-Python code more than C code, so read its shares as approximate.
"""

from __future__ import annotations

import contextlib
import json
import pstats
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- the split of the timed run -------------------------------------------------------------


@dataclass
class Split:
    """Seconds spent per part of a sync round, accumulated by wrappers (no profiler)."""

    local_read: float = 0.0
    local_write: float = 0.0
    http: float = 0.0
    transport: float = 0.0
    requests: int = 0

    def as_dict(self, total: float) -> dict[str, float]:
        client_json = max(0.0, self.transport - self.http)
        other = max(0.0, total - self.local_read - self.local_write - self.transport)
        return {
            "total_s": total,
            "http_round_trips_s": self.http,
            "client_json_s": client_json,
            "local_read_s": self.local_read,
            "local_apply_and_commit_s": self.local_write,
            "other_s": other,
            "requests": self.requests,
        }


@contextlib.contextmanager
def split_timing(db: Any, transport: Any) -> Iterator[Split]:
    """Time ``db.reading``/``db.writing`` blocks and the transport's requests while inside."""
    split = Split()
    reading, writing = db.reading, db.writing
    request, send = transport.request, transport.session.request

    def timed_cm(cm: Callable[[], Any], attr: str) -> Callable[[], Any]:
        @contextlib.contextmanager
        def wrapper() -> Iterator[Any]:
            started = time.perf_counter()
            try:
                with cm() as session:
                    yield session
            finally:
                setattr(split, attr, getattr(split, attr) + time.perf_counter() - started)

        return wrapper

    def timed_request(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return request(*args, **kwargs)
        finally:
            split.transport += time.perf_counter() - started

    def timed_send(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return send(*args, **kwargs)
        finally:
            split.http += time.perf_counter() - started
            split.requests += 1

    db.reading, db.writing = timed_cm(reading, "local_read"), timed_cm(writing, "local_write")
    transport.request, transport.session.request = timed_request, timed_send
    try:
        yield split
    finally:
        del db.reading, db.writing
        del transport.request
        transport.session.request = send


# --- the county's layers, in-process --------------------------------------------------------


@dataclass
class Anatomy:
    records: int
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, part: str, seconds: float) -> None:
        self.seconds[part] = self.seconds.get(part, 0.0) + seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "seconds": self.seconds,
            "records_per_s": {
                k: (self.records / v if v > 0 else None) for k, v in self.seconds.items()
            },
        }


def server_anatomy(
    data_dir: Path, ops: list[dict[str, Any]], push_batch: int, pull_page: int, repeats: int = 3
) -> dict[str, Any]:
    """:func:`anatomy_once` ``repeats`` times on fresh databases; per layer the fastest run
    (the machine may be busy with other work; the minimum is the least disturbed figure)."""
    runs = [anatomy_once(data_dir / f"run-{i}", ops, push_batch, pull_page) for i in range(repeats)]
    best = runs[0]
    for kind in ("push", "pull"):
        for layer in best[kind]["seconds"]:
            fastest = min(run[kind]["seconds"][layer] for run in runs)
            best[kind]["seconds"][layer] = fastest
            best[kind]["records_per_s"][layer] = (
                best[kind]["records"] / fastest if fastest > 0 else None
            )
    best["repeats"] = repeats
    return best


def anatomy_once(
    data_dir: Path, ops: list[dict[str, Any]], push_batch: int, pull_page: int
) -> dict[str, Any]:
    """Push ``ops`` and pull them back through the county's own layers, in-process (SQLite)."""
    from county import accounts, sync_service
    from county.db import open_county_database
    from county.http import encode_answer, parse_push

    db = open_county_database(data_dir, None)
    server_time = {"server_time": "2026-01-01T00:00:00Z"}

    try:
        with db.writing() as session:
            code, _ = accounts.create_enrol_code(session, "220122105299", "剖析村")
        with db.writing() as session:
            enrolment = accounts.enrol(session, code, "anatomy")
        with db.reading() as session:
            device = accounts.authenticate_device(session, enrolment.token)
        assert device is not None
        push = Anatomy(len(ops))
        for start in range(0, len(ops), push_batch):
            body = json.dumps(
                {"batch_id": str(uuid.uuid4()), "ops": ops[start : start + push_batch]},
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
            t0 = time.perf_counter()
            # What the push endpoint does with the body: JSON and its checks in one pass.
            parsed = parse_push(body)
            t1 = time.perf_counter()
            with db.reading() as session:
                accounts.authenticate_device(session, enrolment.token)
            t2 = time.perf_counter()
            with db.writing() as session:
                results = sync_service.push(session, device, parsed)
            t3 = time.perf_counter()
            encode_answer({"results": results, **server_time})
            t4 = time.perf_counter()
            push.add("json_decode_and_validate", t1 - t0)
            push.add("token_lookup", t2 - t1)
            push.add("sync_service_push_and_commit", t3 - t2)
            push.add("answer_encode", t4 - t3)
        pull = Anatomy(0)
        cursor = 0
        seen: set[str] = set()
        sent = 0
        while True:
            t0 = time.perf_counter()
            with db.reading() as session:
                page = sync_service.pull(session, device.village_id, cursor, pull_page)
            t1 = time.perf_counter()
            encode_answer({**page, **server_time})
            t2 = time.perf_counter()
            pull.add("sync_service_pull", t1 - t0)
            pull.add("answer_encode", t2 - t1)
            seen.update(change["id"] for change in page["changes"])
            sent += len(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        pull.records = len(seen)
    finally:
        db.close()
    # A page also carries records it references that may be new to the client, so more
    # changes are sent than there are records; rates count distinct records.
    return {"push": push.as_dict(), "pull": {**pull.as_dict(), "changes_sent": sent}}


# --- cProfile summaries ----------------------------------------------------------------------

# Builtins a thread sits in while it has nothing to do (event loop, idle pool workers).
_IDLE = (
    "'poll' of 'select.epoll'",
    "'select' of 'select.epoll'",
    "'acquire' of '_thread.lock'",
    "method time.sleep",
)

_IMPORTS = "lazy imports on first requests"

# (category, test on "filename:function"), first match wins.
_CATEGORIES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    (
        _IMPORTS,
        lambda k: any(
            p in k
            for p in ("importlib", "builtins.exec", "marshal.loads", "__build_class__", "compile")
        ),
    ),
    ("waiting for the server (socket)", lambda k: "recv_into' of '_socket" in k),
    ("sqlite3 (C: execute, commit, fsync)", lambda k: "sqlite3." in k),
    ("psycopg / PostgreSQL", lambda k: "psycopg" in k),
    ("SQLAlchemy", lambda k: "/sqlalchemy/" in k),
    ("pydantic", lambda k: "pydantic" in k),
    ("JSON", lambda k: "/json/" in k or "_json." in k or "'_json" in k),
    (
        "search index (pinyin, FTS documents)",
        lambda k: "desktop/models/search.py" in k or "pinyin" in k,
    ),
    ("client: apply / engine", lambda k: "desktop/sync/" in k),
    ("client: write path / models", lambda k: "desktop/" in k),
    ("county: sync_service / feed", lambda k: "county/sync_service" in k or "county/feed" in k),
    ("county: api / accounts / db", lambda k: "/county/" in k),
    ("liaison_wire (checks)", lambda k: "liaison_wire" in k),
    (
        "HTTP server (uvicorn, starlette, fastapi, anyio, asyncio)",
        lambda k: any(
            p in k for p in ("/uvicorn/", "/starlette/", "/fastapi/", "/anyio/", "/h11/", "asyncio")
        ),
    ),
    (
        "HTTP client (requests, urllib3, http.client)",
        lambda k: any(p in k for p in ("/requests/", "/urllib3/", "http/client", "socket")),
    ),
    ("uuid / datetime", lambda k: "uuid" in k or "datetime" in k),
)


def _key(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    return f"{filename}:{line}({name})" if filename != "~" else name


def _category(key: str) -> str:
    for name, test in _CATEGORIES:
        if test(key):
            return name
    return "other Python (stdlib, builtins)"


def _short(key: str) -> str:
    for marker in ("site-packages/", "/work/main/", "python3.11/"):
        if marker in key:
            return key.split(marker, 1)[1]
    return key


def summarise(stats: pstats.Stats, *, top: int = 12) -> dict[str, Any]:
    """Self time by category (idle waits left out), the top functions, telling call counts."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    categories: dict[str, float] = {}
    functions: list[tuple[float, int, str]] = []
    idle = 0.0
    imports = 0.0
    counts = {"orm_flushes": 0, "sql_statements": 0, "search_index_updates": 0}
    cumulative: dict[str, float] = {}
    for func, (_cc, ncalls, tottime, cumtime, _callers) in raw.items():
        key = _key(func)
        if any(marker in key for marker in _IDLE):
            idle += tottime
            continue
        category = _category(key)
        if category == _IMPORTS:
            imports += tottime
            continue
        categories[category] = categories.get(category, 0.0) + tottime
        functions.append((tottime, ncalls, _short(key)))
        if "orm/session.py" in key and key.endswith("(_flush)"):
            counts["orm_flushes"] += ncalls
        if "sqlite3.Cursor" in key and ("'execute'" in key or "'executemany'" in key):
            counts["sql_statements"] += ncalls
        if "psycopg" in key and key.endswith("(execute)") and "cursor" in key:
            counts["sql_statements"] += ncalls
        if key.endswith("(_update_search_index)"):
            counts["search_index_updates"] += ncalls
        for label, path, name in _CUMULATIVE:
            if func[0].endswith(path) and func[2] == name:
                cumulative[label] = cumulative.get(label, 0.0) + cumtime
    busy = sum(categories.values())
    functions.sort(reverse=True)
    stats.calc_callees()
    callees: dict[Any, Any] = stats.all_callees  # type: ignore[attr-defined]
    breakdown: dict[str, list[dict[str, Any]]] = {}
    for func, (_cc, _ncalls, _tottime, cumtime, _callers) in raw.items():
        for label, path, name in _BREAKDOWN:
            if func[0].endswith(path) and func[2] == name and func in callees:
                parts = sorted(callees[func].items(), key=lambda item: -item[1][3])
                breakdown[label] = [{"function": "(total)", "calls": _ncalls, "cum_s": cumtime}]
                breakdown[label] += [
                    {"function": _short(_key(callee)), "calls": nc, "cum_s": ct}
                    for callee, (_c, nc, _t, ct) in parts[:6]
                ]
    return {
        "busy_s": busy,
        "idle_s": idle,
        "lazy_imports_s": imports,
        "categories": sorted(categories.items(), key=lambda item: -item[1]),
        "top_functions": [
            {"self_s": t, "calls": n, "function": name} for t, n, name in functions[:top]
        ],
        "counts": counts,
        "cumulative_s": cumulative,
        "breakdown": breakdown,
    }


# (label, file, function): cumulative times worth naming.
_CUMULATIVE = (
    ("client: apply_push_results", "desktop/sync/apply.py", "apply_push_results"),
    ("client: apply_changes", "desktop/sync/apply.py", "apply_changes"),
    ("client: Transport.request", "desktop/sync/transport.py", "request"),
    ("server: push endpoint", "county/api.py", "push"),
    ("server: pull endpoint", "county/api.py", "pull"),
    ("server: sync_service.push", "county/sync_service.py", "push"),
    ("server: sync_service.pull", "county/sync_service.py", "pull"),
    ("server: token lookup", "county/api.py", "device_from_token"),
    ("Session.get", "sqlalchemy/orm/session.py", "get"),
    ("Session autoflush", "sqlalchemy/orm/session.py", "_autoflush"),
    ("search-index hook (after_flush)", "desktop/models/search.py", "_update_search_index"),
    ("search-field hook (before_flush)", "desktop/models/search.py", "_prepare_search_fields"),
)


# (label, file, function): whose direct callees are listed by cumulative time.
_BREAKDOWN = (
    ("apply_push_results", "desktop/sync/apply.py", "apply_push_results"),
    ("apply_changes", "desktop/sync/apply.py", "apply_changes"),
    ("sync_service.push", "county/sync_service.py", "push"),
    ("sync_service.pull", "county/sync_service.py", "pull"),
)


def load_stats(path: Path) -> pstats.Stats:
    return pstats.Stats(str(path))


def format_summary(title: str, summary: dict[str, Any], lines: list[str]) -> None:
    busy = summary["busy_s"] or 1e-9
    lines.append(
        f"  {title}: {summary['busy_s']:.2f} s busy (profiled; idle waits and"
        f" {summary['lazy_imports_s']:.2f} s of lazy imports left out), shares:"
    )
    for name, seconds in summary["categories"][:9]:
        lines.append(f"    {seconds / busy:6.1%}  {seconds:7.2f} s  {name}")
    counts = summary["counts"]
    lines.append(
        f"    ORM flushes {counts['orm_flushes']:,}, SQL statements {counts['sql_statements']:,},"
        f" search-index updates {counts['search_index_updates']:,}"
    )
    lines.append("    top functions by self time:")
    for row in summary["top_functions"][:8]:
        lines.append(f"      {row['self_s']:6.2f} s {row['calls']:>8,}  {row['function'][:88]}")
    for label, rows in summary.get("breakdown", {}).items():
        total = rows[0]
        lines.append(
            f"    inside {label} ({total['calls']:,} calls, {total['cum_s']:.2f} s), by callee:"
        )
        for row in rows[1:]:
            lines.append(f"      {row['cum_s']:6.2f} s {row['calls']:>8,}  {row['function'][:88]}")
