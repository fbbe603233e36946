"""Sync-anchors §9 test 5: the village PC is SIGKILLed at random points of many sync rounds.

Each round a fresh child process saves a few records through the write path (one transaction
each) and runs ``liaison sync --once``; it is killed after a random delay (before the request,
while the server works, between the server's commit and the local apply, mid pull page …) or,
every fourth round, at a named point. The county works on the village's demands meanwhile.
After every round the village database must be sound; after one clean sync at the end, the
county and the village must hold exactly the same records, nothing lost, nothing twice.

``LIAISON_KILL_ROUNDS`` sets the number of rounds (default 50);
``python tools/sync_soak.py --rounds 500`` runs the same scenario longer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from faults_harness import (
    KILL_TARGETS,
    TARGETED_EVERY,
    CountyServer,
    Village,
    make_village,
    outbox_size,
    read_committed,
    run_kill_rounds,
    sync_once,
    verify_converged,
)

# Rounds in CI; tools/sync_soak.py runs the same scenario for longer.
KILL_ROUNDS = int(os.environ.get("LIAISON_KILL_ROUNDS", "50"))


def test_killing_the_client_at_random_points_loses_and_doubles_nothing(
    tmp_path: Path, start_county: Callable[..., CountyServer]
) -> None:
    from county.db import open_county_database

    server = start_county()
    village = make_village(tmp_path, server, demands=200, contacts=50, activities=5, volunteers=10)
    initial_ops = outbox_size(village.db_path)
    county_db = open_county_database(server.data_dir)
    try:
        figures = run_kill_rounds(
            village, county_db, tmp_path / "rounds", rounds=KILL_ROUNDS, seed=20261129
        )
        final = sync_once(village)
        assert final.returncode == 0, final.stderr
        committed = read_committed(tmp_path / "rounds")
        figures.verified = verify_converged(village, county_db, committed)
        _the_check_catches_a_lost_record(village, county_db, committed)
    finally:
        county_db.close()
    print("\n" + "\n".join(figures.lines()))

    assert figures.rounds == KILL_ROUNDS
    # The kills really happen, and at many different points of a round.
    assert figures.kills >= KILL_ROUNDS // 3, figures.lines()
    if TARGETED_EVERY * len(KILL_TARGETS) <= KILL_ROUNDS:
        assert figures.timed_kills >= KILL_ROUNDS // 5, figures.lines()
        assert set(KILL_TARGETS) <= set(figures.kill_phases), figures.kill_phases
        assert len(figures.timed_kill_phases) >= 3, figures.timed_kill_phases
    assert figures.county_moves > 0
    # The children saved records, and the final state holds every one of them.
    assert figures.records_committed >= KILL_ROUNDS // 2
    saves = figures.records_committed + figures.edits_committed + figures.deletes_committed
    assert figures.verified.committed_checked == saves
    assert figures.verified.ops >= initial_ops + saves


def _the_check_catches_a_lost_record(
    village: Village, county_db: Any, committed: list[tuple[str, str, str]]
) -> None:
    """The invariants are not vacuous: drop one record a child committed from the county's
    database, as a lost push would, and the check fails."""
    from sqlalchemy import delete, select

    from county.models import Record

    created = [
        (e, record_id) for e, record_id, extra in committed if extra not in ("edit", "delete")
    ]
    with county_db.writing() as session:
        if created:
            entity, record_id = created[-1]
            assert session.scalar(select(Record.entity).where(Record.id == record_id)) == entity
        else:
            record_id = session.scalars(select(Record.id).where(Record.entity == "demand")).first()
        session.execute(delete(Record).where(Record.id == record_id))
    with pytest.raises(AssertionError, match="records lost"):
        verify_converged(village, county_db, committed)
