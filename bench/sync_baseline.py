"""The baseline of ``bench/sync_bench.py``: the least a JSON-over-HTTP sync into SQLite costs.

    python bench/sync_baseline.py --db FILE --port P      (started by sync_bench.py)

A Starlette app run by uvicorn (the same server stack as the county server, no middleware, no
validation, no ORM): each POSTed batch is unpacked if it came gzip-compressed (as the
project's client sends it), json-decoded, and its records are inserted into one
SQLite table with ``executemany`` in one transaction (WAL, ``synchronous=FULL``, like the
county database). The client side is :func:`drive`: the project's own ``Transport`` posting
batches of 500.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
import zlib
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 500
INGEST_PATH = "/ingest"
HEALTH_PATH = "/health"


def make_app(db_path: Path) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS record (op_id TEXT PRIMARY KEY, entity TEXT NOT NULL,"
        " record_id TEXT NOT NULL, op TEXT NOT NULL, fields TEXT NOT NULL, base_version INTEGER)"
    )

    async def ingest(request: Request) -> JSONResponse:
        body = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        batch = json.loads(body)
        rows = [
            (
                r["op_id"],
                r["entity"],
                r["record_id"],
                r["op"],
                json.dumps(r["fields"], ensure_ascii=False),
                r["base_version"],
            )
            for r in batch["ops"]
        ]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT INTO record VALUES (?, ?, ?, ?, ?, ?)", rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return JSONResponse({"inserted": len(rows)})

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route(INGEST_PATH, ingest, methods=["POST"]),
            Route(HEALTH_PATH, health, methods=["GET"]),
        ]
    )


def drive(
    url: str,
    ops: Sequence[dict[str, Any]],
    batch: int = BATCH,
    meter: AbstractContextManager[Any] | None = None,
) -> float:
    """POST ``ops`` in batches with the project's ``Transport``; returns seconds taken.
    ``meter`` (e.g. a CPU meter) is entered around exactly the timed part."""
    from desktop.sync.transport import Transport

    transport = Transport(url)
    try:
        transport.request("GET", HEALTH_PATH)  # connect outside the timing
        with meter or nullcontext():
            started = time.perf_counter()
            for start in range(0, len(ops), batch):
                answer = transport.request(
                    "POST", INGEST_PATH, payload={"ops": list(ops[start : start + batch])}
                )
                if answer.body.get("inserted") != len(ops[start : start + batch]):
                    raise RuntimeError(f"baseline server answered {answer.body}")
            return time.perf_counter() - started
    finally:
        transport.close()


def stored(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM record").fetchone()[0])
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(make_app(args.db), host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
