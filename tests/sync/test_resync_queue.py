"""What a village PC queues when it finds the county restored from a backup (desktop.sync.resync):
one ``resync`` per record it holds from the county, parents first, a tombstone followed by
its ``delete``, all ahead of the ops already waiting (which keep their ids and order); photos
it has no file for are left to the PC that has them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from desktop.models.activity import Attachment
from desktop.models.db import open_database
from desktop.models.photos import blob_path
from desktop.models.station import Contact, Grid, Station
from desktop.models.sync_tables import OutboxOp
from desktop.models.writes import WritePath
from desktop.sync import state
from desktop.sync.resync import queue_resync

SHA_HERE, SHA_ELSEWHERE = "a" * 64, "b" * 64


def test_resync_ops_come_parents_first_and_ahead_of_the_waiting_ones(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    photos = tmp_path / "photos"
    blob_path(photos, SHA_HERE).parent.mkdir(parents=True)
    blob_path(photos, SHA_HERE).write_bytes(b"jpeg")
    try:
        with db.writing() as session:
            writes = WritePath(session)
            station = writes.create(Station(name="陈家店村", division_code="220122105201"))
            grid = writes.create(Grid(station_id=station.id, name="第一网格"))
            contacts = [
                writes.create(Contact(station_id=station.id, name=name, grid_id=grid.id))
                for name in ("张三", "李四", "王五")
            ]
            for sha in (SHA_HERE, SHA_ELSEWHERE):
                writes.create(
                    Attachment(
                        owner_entity="station",
                        owner_id=station.id,
                        sha256=sha,
                        size=4,
                        mime="image/jpeg",
                        file_name=f"{sha[0]}.jpg",
                    )
                )
        acknowledged = [station.id, grid.id, *(c.id for c in contacts)]
        with db.writing() as session:
            # Everything was pushed and acknowledged at version 7, then 王五 was deleted and
            # 李四 edited, and those two ops still wait.
            session.query(OutboxOp).delete()
            for entity in (Station, Grid, Contact, Attachment):
                session.execute(update(entity).values(server_version=7))
            writes = WritePath(session)
            writes.delete(session.get_one(Contact, contacts[2].id))
            writes.update(session.get_one(Contact, contacts[1].id), phone="13812345678")
            waiting = [op.op_id for op in session.scalars(select(OutboxOp))]
        with db.writing() as session:
            assert queue_resync(session, "new-epoch", photos) == 6
        with db.reading() as session:
            ops = list(session.scalars(select(OutboxOp).order_by(OutboxOp.device_seq)))
            assert state.get_state(session, state.FEED_EPOCH) == "new-epoch"
    finally:
        db.close()

    resyncs = [op for op in ops if op.op == "resync"]
    assert [op.record_id for op in resyncs[:5]] == acknowledged
    assert {op.base_version for op in resyncs} == {7}
    assert resyncs[1].fields["name"] == "第一网格" and "server_version" not in resyncs[1].fields
    assert resyncs[3].fields["phone"] == "13812345678"  # the record as it is now
    assert [op.fields["sha256"] for op in resyncs if op.entity == "attachment"] == [SHA_HERE]
    tombstone = [i for i, op in enumerate(ops) if op.record_id == contacts[2].id]
    assert [ops[i].op for i in tombstone[:2]] == ["resync", "delete"]
    assert tombstone[1] == tombstone[0] + 1
    # The ops that were waiting come last, in their order, with their ids.
    assert [op.op_id for op in ops[-2:]] == waiting
    assert [op.op for op in ops[-2:]] == ["delete", "update"]
