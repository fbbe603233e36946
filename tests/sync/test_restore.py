"""Restoring the county database from an older backup (docs/county-server.md).

The villages hold cursors and record versions handed out after the backup. Without
``liaison-county after-restore`` the restored server would number its next changes again
from where the backup stopped: below the villages' cursors (never fetched) and at versions the
villages take for older copies (never applied). Both backends: SQLite restored from a copy
made with the online backup API, PostgreSQL from ``pg_dump -Fc`` / ``pg_restore``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sync_support import CountyServer, VillagePC, postgres_admin

from county.db import DB_FILE


def _database_name(county: CountyServer) -> str:
    assert county.database_url is not None
    return county.database_url.rsplit("/", 1)[1]


def _backup(county: CountyServer, target: Path) -> None:
    """A backup as docs/county-server.md says to take one, while the server runs."""
    if county.backend == "sqlite":
        source = sqlite3.connect(county.data_dir / DB_FILE)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    subprocess.run(["pg_dump", "-Fc", "-f", str(target), _database_name(county)], check=True)


def _restore(county: CountyServer, backup: Path) -> None:
    """Stop the server and put the backup in place of its database."""
    county._reap()
    county.db.engine.dispose()
    if county.backend == "sqlite":
        database = county.data_dir / DB_FILE
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(backup, database)
        return
    name = _database_name(county)
    with postgres_admin() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["pg_restore", "-d", name, str(backup)], check=True)


def _after_restore(county: CountyServer) -> str:
    done = subprocess.run(
        county.command("after-restore"), capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_after_a_restore_the_villages_get_every_later_county_change(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    lamp = pc.register("村口路灯坏了")
    pc.sync()
    backup = tmp_path / "county-backup"
    _backup(county, backup)

    # After the backup: the county acts, the village pulls (its cursor and the demand's
    # version move past anything the backup holds).
    county.dispatch(lamp, "县供电志愿服务队")
    water = pc.register("自来水管冻裂了")
    pc.sync()
    assert pc.demand(lamp).assigned_team_name == "县供电志愿服务队"
    seen_version = pc.demand(lamp).server_version
    assert seen_version is not None and seen_version >= 2

    _restore(county, backup)
    said = _after_restore(county)
    assert "变更序号从" in said and "不会自动重新上报" in said
    county.start(same_port=True)
    assert county.demand(lamp)["status"] == "SUBMITTED"  # the dispatch was lost with the period

    # The county does the lost work again; the village gets it.
    county.dispatch(lamp, "县城管志愿服务队")
    pc.sync()
    local = pc.demand(lamp)
    assert local.assigned_team_name == "县城管志愿服务队"
    assert local.status == "DISPATCHED"
    assert local.server_version is not None and local.server_version > seen_version

    # A PC set up after the restore gets what the county has, and the village's next edits
    # go through as usual.
    other = make_village(county, with_station=False)
    other.sync()
    assert other.demand(lamp).assigned_team_name == "县城管志愿服务队"
    pc.edit(lamp, description="灯杆也歪了")
    report = pc.sync()
    assert report.rejected == 0 and report.conflicts == 0
    assert county.demand(lamp)["description"] == "灯杆也歪了"
    # What the village pushed after the backup is not sent again (the known gap the
    # command's message names).
    assert water not in {d["id"] for d in county.demands()}


def test_after_restore_moves_the_counter_and_versions_past_anything_handed_out(
    county: CountyServer, make_village: Callable[..., VillagePC]
) -> None:
    pc = make_village(county)
    pc.register("需要有人陪老人看病")
    pc.sync()
    before = {r.id: r.version for r in county.records()}
    county._reap()
    county.db.engine.dispose()
    said = _after_restore(county)
    county.start(same_port=True)
    after = {r.id: r.version for r in county.records()}
    assert after == {key: version + 1_000_000 for key, version in before.items()}
    first = said.split("变更序号从 ", 1)[1]
    old, new = (int(part.split("，")[0]) for part in first.split(" 调到 "))
    assert new >= old + 10_000_000
    assert f"{len(before)} 条记录" in said
