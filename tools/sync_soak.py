"""Sync soak: the fault-injection scenarios of tests/faults, run for longer.

    python tools/sync_soak.py --rounds 500                 kill the village PC in 500 sync rounds
    python tools/sync_soak.py --rounds 500 --postgres      … with the county on PostgreSQL
    python tools/sync_soak.py --rounds 0 --server-kills 20 kill the county server 20 times mid-push

The client-kill scenario is sync-anchors §9 test 5: a real county server on 127.0.0.1, a village
database with unsynced records, and per round a fresh child that saves a few records and runs
``liaison sync --once`` until it is SIGKILLed at a random point (or at a named one, every fourth
round); the county works on the village's demands meanwhile. After every round the village
database must pass ``integrity_check`` and hold no record that is neither synced nor queued; at
the end one clean ``liaison sync --once`` must exit 0, and county and village must hold exactly
the same records: 0 lost, 0 duplicated, every op applied once. The code is shared with the tests
(tests/faults/faults_harness.py); ``LIAISON_KILL_ROUNDS`` sets the tests' shorter run.

Prints the figures (rounds, kills and where they landed, records, elapsed); exit code 0 when
every invariant held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "faults"))

import faults_harness as harness  # noqa: E402


@contextlib.contextmanager
def _postgres_database() -> Iterator[str]:
    import psycopg

    name = f"soak_{uuid.uuid4().hex[:16]}"
    with psycopg.connect("dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg:///{name}"
    finally:
        with psycopg.connect("dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _client_kills(work: Path, url: str | None, args: argparse.Namespace) -> None:
    from county.db import open_county_database

    server = harness.CountyServer(work / "county", url)
    server.start()
    try:
        village = harness.make_village(
            work,
            server,
            demands=args.demands,
            contacts=args.contacts,
            activities=5,
            volunteers=10,
        )
        print(f"village: {harness.outbox_size(village.db_path)} ops waiting; server {server.url}")
        county_db = open_county_database(server.data_dir, url)
        try:
            figures = harness.run_kill_rounds(
                village,
                county_db,
                work / "rounds",
                rounds=args.rounds,
                seed=args.seed,
                log=print if args.verbose else harness._quiet,
            )
            final = harness.sync_once(village)
            if final.returncode != 0:
                raise AssertionError(f"final sync exited {final.returncode}: {final.stderr}")
            figures.verified = harness.verify_converged(
                village, county_db, harness.read_committed(work / "rounds")
            )
        finally:
            county_db.close()
    finally:
        server.stop()
    print("client kills (anchors §9 test 5):")
    for line in figures.lines():
        print("  " + line)


def _server_kills(work: Path, url: str | None, args: argparse.Namespace) -> None:
    from county.db import open_county_database

    server = harness.CountyServer(work / "county-push", url)
    server.start()
    try:
        village = harness.make_village(
            work / "push",
            server,
            demands=args.demands * 10,
            contacts=args.contacts * 5,
            activities=20,
            volunteers=30,
        )
        figures = harness.run_server_kills(
            village,
            server,
            kills=args.server_kills,
            pull_kills=max(1, args.server_kills // 4),
            seed=args.seed,
            log=print if args.verbose else harness._quiet,
        )
        final = harness.sync_once(village)
        if final.returncode != 0:
            raise AssertionError(f"final sync exited {final.returncode}: {final.stderr}")
        county_db = open_county_database(server.data_dir, url)
        try:
            figures.verified = harness.verify_converged(village, county_db)
        finally:
            county_db.close()
    finally:
        server.stop()
    print("server kills during a push (anchors §9 test 11):")
    for line in figures.lines():
        print("  " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500, help="client-kill rounds (0: skip)")
    parser.add_argument("--server-kills", type=int, default=0, help="server kills during a push")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--demands", type=int, default=200, help="unsynced demands to start with")
    parser.add_argument("--contacts", type=int, default=50)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="county database (default: SQLite)")
    where.add_argument(
        "--postgres", action="store_true", help="a throw-away database on the local PostgreSQL"
    )
    parser.add_argument("--work-dir", type=Path, help="keep everything here (default: temp)")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per round")
    args = parser.parse_args(argv)
    if args.database_url and args.rounds > 0 and args.server_kills > 0:
        parser.error("with --database-url run one scenario at a time (each needs its own county)")

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="sync-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"sync soak: seed {args.seed}, work folder {work}")
    try:
        with contextlib.ExitStack() as stack:
            url = args.database_url
            if args.postgres:
                url = stack.enter_context(_postgres_database())
            print(f"county database: {url or 'SQLite'}")
            if args.rounds > 0:
                _client_kills(work, url, args)
            if args.server_kills > 0:
                if args.postgres and args.rounds > 0:
                    # Each scenario has a county of its own (the same village code in both).
                    url = stack.enter_context(_postgres_database())
                _server_kills(work, url, args)
    except AssertionError as error:
        print(f"FAILED after {time.monotonic() - started:.1f} s: {error}", file=sys.stderr)
        print(f"work folder kept: {work}", file=sys.stderr)
        return 1
    print(f"all invariants held; total elapsed {time.monotonic() - started:.1f} s")
    if args.work_dir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
