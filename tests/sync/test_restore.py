"""Restoring the county database from an older backup (docs/county-server.md).

The villages hold cursors and record versions handed out after the backup, and records the
backup lacks. ``liaison-county after-restore`` moves the restored database's numbers past
theirs (or its next changes would never reach them) and gives it a new epoch, on which every
PC sends its records again: the county keeps what is newer than its restored copy. Both
backends: SQLite restored from a copy made with the online backup API, PostgreSQL from
``pg_dump -Fc`` / ``pg_restore``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sync_support import CountyServer, VillagePC, postgres_admin

from county.db import DB_FILE
from desktop.models.entities import Contact, Grid
from desktop.models.writes import WritePath


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


def test_after_a_restore_the_villages_send_back_what_it_lost_and_get_what_follows(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    lamp = pc.register("村口路灯坏了")
    pc.sync()
    original = county.demand(lamp)["description"]
    stale = make_village(county, with_station=False)  # syncs now, and next after the restore
    stale.sync()
    backup = tmp_path / "county-backup"
    _backup(county, backup)

    # After the backup: the county acts, the village edits and registers, and syncs (its
    # cursor and the demand's version move past anything the backup holds).
    county.dispatch(lamp, "县供电志愿服务队")
    pc.edit(lamp, description="灯杆也歪了")
    water = pc.register("自来水管冻裂了")
    # A grid, a villager of it, then the villager named its leader (as the window does it):
    # the two point at each other, so a resync must bring them back in two steps.
    with pc.db.writing() as session:
        writes = WritePath(session)
        grid = writes.create(Grid(station_id=pc.station_id, name="第三网格"))
        leader = writes.create(Contact(station_id=pc.station_id, name="孙秀英", grid_id=grid.id))
        writes.update(grid, leader_contact_id=leader.id)
        grid_id, leader_id = grid.id, leader.id
    pc.sync()
    assert pc.demand(lamp).assigned_team_name == "县供电志愿服务队"
    seen_version = pc.demand(lamp).server_version
    assert seen_version is not None and seen_version >= 3

    _restore(county, backup)
    said = _after_restore(county)
    assert "变更序号从" in said
    county.start(same_port=True)
    assert county.demand(lamp)["status"] == "SUBMITTED"  # the dispatch was lost with the period
    assert county.demand(lamp)["description"] == original

    # A PC that saw nothing newer than the backup sends its records again, and changes nothing.
    report = stale.sync()
    assert report.resynced >= 2 and report.rejected == 0 and report.conflicts == 0
    assert county.demand(lamp)["description"] == original
    assert water not in {d["id"] for d in county.demands()}

    # The county does the lost work again; the PC that saw more brings back what it knew.
    county.dispatch(lamp, "县城管志愿服务队")
    report = pc.sync()
    assert report.resynced >= 3 and report.rejected == 0 and report.conflicts == 0
    assert "县中心恢复了数据备份" in report.summary()
    assert county.demand(water)["title"] == "自来水管冻裂了"
    back = {r.id: r.data for r in county.records()}
    assert back[grid_id]["leader_contact_id"] == leader_id
    assert back[leader_id]["grid_id"] == grid_id
    at_county = county.demand(lamp)
    assert (at_county["description"], at_county["assigned_team_name"]) == (
        "灯杆也歪了",
        "县城管志愿服务队",
    )
    local = pc.demand(lamp)
    assert (local.assigned_team_name, local.status) == ("县城管志愿服务队", "DISPATCHED")
    assert local.server_version is not None and local.server_version > seen_version
    assert not pc.outbox()

    # Once: the next rounds send nothing again, and everyone ends with the same records.
    assert pc.sync().resynced == 0
    assert stale.sync().resynced == 0
    for other in (stale, make_village(county, with_station=False)):
        other.sync()
        assert other.demand(lamp).description == "灯杆也歪了"
        assert other.demand(lamp).assigned_team_name == "县城管志愿服务队"
        assert other.demand(water).title == "自来水管冻裂了"
    pc.edit(lamp, description="灯杆已经扶正")
    report = pc.sync()
    assert report.rejected == 0 and report.conflicts == 0
    assert county.demand(lamp)["description"] == "灯杆已经扶正"


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
