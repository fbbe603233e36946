"""Sync-anchors §9 test 11: the county server is SIGKILLed and restarted during a big push.

A village with several thousand ops in its outbox pushes with the sync engine (its transport
retrying with a short backoff) while the test kills the server at random moments and starts it
again on the same port and database — five times during the push, and up to twice more while
the engine pulls the changes back. The round must finish on its own, with nothing lost and
nothing applied twice — on the county's SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from faults_harness import (
    CountyServer,
    make_village,
    run_server_kills,
    sync_once,
    verify_converged,
)

PUSH_KILLS = 5
PULL_KILLS = 2


def test_killing_the_server_during_a_push_loses_and_doubles_nothing(
    county_url: str | None, tmp_path: Path, start_county: Callable[..., CountyServer]
) -> None:
    # (county_url first: its database is dropped only after the servers have stopped)
    from county.db import open_county_database

    server = start_county(database_url=county_url)
    village = make_village(
        tmp_path, server, demands=1300, contacts=250, activities=10, volunteers=20
    )
    figures = run_server_kills(village, server, kills=PUSH_KILLS, pull_kills=PULL_KILLS, seed=11)
    # A scheduled ``liaison sync --once`` afterwards finds nothing left to do.
    final = sync_once(village)
    assert final.returncode == 0, final.stderr
    assert "上报 0 条" in final.stdout, final.stdout
    county_db = open_county_database(server.data_dir, county_url)
    try:
        figures.verified = verify_converged(village, county_db)
    finally:
        county_db.close()
    print("\n" + "\n".join(figures.lines()))

    assert figures.ops >= 3000
    assert figures.kills_during_push == PUSH_KILLS, figures.lines()
    assert figures.kills_during_pull >= 1, figures.lines()
    assert figures.kills == figures.kills_during_push + figures.kills_during_pull
    assert figures.cursor_at_pull_kills == sorted(figures.cursor_at_pull_kills)
    assert figures.retries >= figures.kills
    assert figures.verified.ops == figures.ops
    if county_url is None:
        import sqlite3

        conn = sqlite3.connect(server.data_dir / "county.db")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
