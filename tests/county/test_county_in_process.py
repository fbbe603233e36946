"""The county's layers in-process, on both backends: the migration builds exactly the schema the
models describe; a pull sends along exactly the referenced records a client lacks; a push looks
up any number of referenced ids and refuses numbers JSON cannot carry and whole numbers beyond
64 bits; readers never wait for a push; stored JSON is compact UTF-8."""

from __future__ import annotations

import json
import math
import threading
import time
import uuid
from typing import Any

import pytest
import sync_support
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.exceptions import RequestValidationError
from sqlalchemy import select

from county import accounts, feed, rows, sync_service
from county.db import CountyDatabase
from county.feed import append_feed, county_update
from county.http import parse_push
from county.models import Base, ChangeFeed, Conflict, Record
from county.sync_service import DeviceContext


def test_migrated_schema_matches_models(county_db: CountyDatabase) -> None:
    with county_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


# The station of 陈家店村 (the village every device here is enrolled in but one): the
# county takes a record only if what it points at exists.
STATION = "5a0f2c1e-6b7d-4e8f-9a01-b2c3d4e5f601"


def demand_fields(title: str, **overrides: Any) -> dict[str, Any]:
    return sync_support.demand_fields(title, STATION, **overrides)


def _device(db: CountyDatabase) -> DeviceContext:
    with db.writing() as session:
        code, _ = accounts.create_enrol_code(session, "220122105201", "陈家店村")
    with db.writing() as session:
        token = accounts.enrol(session, code, "一号机").token
    with db.reading() as session:
        device = accounts.authenticate_device(session, token)
    assert device is not None
    station = {
        **_op(STATION, "create", sync_support.station_fields(sync_support.VILLAGE_A)),
        "entity": "station",
    }
    with db.writing() as session:
        [result] = sync_service.push(session, device, [station])
    assert result["status"] in ("applied", "duplicate"), result
    return device


def _push(db: CountyDatabase, device: DeviceContext, *ops: dict[str, Any]) -> None:
    with db.writing() as session:
        results = sync_service.push(session, device, list(ops))
    assert [r["status"] for r in results] == ["applied"] * len(ops), results


def _op(record_id: str, kind: str, fields: dict[str, Any], base: int | None = None) -> Any:
    return {
        "op_id": str(uuid.uuid4()),
        "device_seq": 0,
        "entity": "demand",
        "record_id": record_id,
        "op": kind,
        "fields": fields,
        "base_version": base,
    }


def _pages(db: CountyDatabase, village_id: int, limit: int) -> list[list[str]]:
    pages, cursor = [], 0
    while True:
        with db.reading() as session:
            page = sync_service.pull(session, village_id, cursor, limit)
        pages.append([change["id"] for change in page["changes"]])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return pages


def _county_sets(db: CountyDatabase, record_id: str, **changes: Any) -> None:
    with db.writing() as session:
        record = session.get_one(Record, record_id, with_for_update=True)
        entry = county_update(session, record, changes)
        assert entry is not None
        append_feed(session, [entry])


def test_a_page_sends_along_only_the_referenced_records_the_client_lacks(
    county_db: CountyDatabase,
) -> None:
    device = _device(county_db)
    old, back, new = (str(uuid.uuid4()) for _ in range(3))
    # seq 1: the station (_device)
    _push(county_db, device, _op(old, "create", demand_fields("早先的需求")))  # seq 2
    _push(county_db, device, _op(back, "create", demand_fields("后来的需求")))  # seq 3
    _county_sets(county_db, back, merged_into_id=old)  # seq 4: points back at the old one
    _push(county_db, device, _op(new, "create", demand_fields("最新的需求")))  # seq 5
    _push(county_db, device, _op(old, "update", {"title": "早先的需求（补充）"}, 1))  # seq 6
    _county_sets(county_db, old, merged_into_id=new)  # seq 7: points at a newer one

    # Page 2 is the old demand's latest state, pointing at the newest: that one comes along.
    # The pages that point back at records fed on earlier pages send nothing along.
    assert _pages(county_db, device.village_id, 1) == [
        [STATION],
        [new, old],
        [back],
        [back],
        [new],
        [old],
        [old],
    ]
    assert _pages(county_db, device.village_id, 10) == [[STATION, back, new, old]]


def test_a_batch_may_point_at_more_records_than_a_query_has_parameters(
    county_db: CountyDatabase,
) -> None:
    """The ids a batch's ops point at are looked up as one list (not one SQL parameter each:
    SQLite allows 32,766, PostgreSQL 65,535); the check that each exists in the village
    still holds for every one."""
    device = _device(county_db)
    own = str(uuid.uuid4())
    _push(county_db, device, _op(own, "create", demand_fields("本村的需求")))
    fields = {
        "station_id": STATION,
        "title": "重阳节敬老活动",
        "activity_type_code": "CARE",
        "five_task_code": "",
        "starts_at": "2026-11-29T01:00:00Z",
        "ends_at": "2026-11-29T03:00:00Z",
        "place": "村文化广场",
        "audience_count": 40,
        "summary": "",
        "linked_demand_ids": [own],
    }

    def activity(linked: list[str]) -> dict[str, Any]:
        return {
            **_op(str(uuid.uuid4()), "create", {**fields, "linked_demand_ids": linked}),
            "entity": "activity",
        }

    # 70 ops of 1,000 links each (the most a list may hold): 70,000 ids in one lookup.
    unknown = [activity([own, *(str(uuid.uuid4()) for _ in range(999))]) for _ in range(70)]
    with county_db.writing() as session:
        results = sync_service.push(session, device, [*unknown, activity([own])])
    assert [r["status"] for r in results] == ["rejected"] * 70 + ["applied"], results[-1]
    assert all("linked_demand_ids" in r["reason"] and "不存在" in r["reason"] for r in results[:70])

    with county_db.writing() as session:
        code, _ = accounts.create_enrol_code(session, "220122105202", "红旗村")
    with county_db.writing() as session:
        token = accounts.enrol(session, code, "红旗村一号机").token
    with county_db.reading() as session:
        other = accounts.authenticate_device(session, token)
    assert other is not None
    with county_db.writing() as session:
        [result] = sync_service.push(session, other, [activity([own])])
    assert result["status"] == "rejected" and "不属于本村" in result["reason"], result


def test_a_reader_neither_waits_for_nor_sees_an_uncommitted_push(
    county_db: CountyDatabase,
) -> None:
    device = _device(county_db)
    pushing, done = threading.Event(), threading.Event()

    def push_slowly() -> None:
        with county_db.writing() as session:
            sync_service.push(
                session, device, [_op(str(uuid.uuid4()), "create", demand_fields("慢"))]
            )
            pushing.set()
            done.wait(10)

    writer = threading.Thread(target=push_slowly)
    writer.start()
    try:
        assert pushing.wait(10)
        started = time.monotonic()
        with county_db.reading() as session:
            page = sync_service.pull(session, device.village_id, 0, 10)
        assert time.monotonic() - started < 2
        assert [c["entity"] for c in page["changes"]] == ["station"]  # from _device
    finally:
        done.set()
        writer.join(10)
    assert len(_pages(county_db, device.village_id, 10)[0]) == 2  # the station and the demand


def test_numbers_json_cannot_carry_are_refused_per_op(county_db: CountyDatabase) -> None:
    """NaN and infinity are not JSON, but the body's parser lets them through (and 1e999 is
    infinity): the op is rejected instead of failing the batch or being stored."""
    device = _device(county_db)
    contact = {
        **_op(str(uuid.uuid4()), "create", {"station_id": STATION, "name": "王桂芬"}),
        "entity": "contact",
    }
    good = _op(str(uuid.uuid4()), "create", demand_fields("正常的需求"))
    body = json.dumps({"ops": [contact, good]}, ensure_ascii=False)
    body = body.replace('"name": "王桂芬"', '"name": "王桂芬", "tags": ["低保", 1e999, NaN]')
    ops = parse_push(body.encode())
    assert ops[0]["fields"]["tags"][1] == math.inf

    with county_db.writing() as session:
        results = sync_service.push(session, device, ops)
    assert [r["status"] for r in results] == ["rejected", "applied"], results
    assert "tags" in results[0]["reason"] and "无效的数字" in results[0]["reason"]


def test_whole_numbers_beyond_64_bits_are_refused(county_db: CountyDatabase) -> None:
    """JSON has no limit on whole numbers, but the villages' SQLite and PostgreSQL store 64
    bits (and so does the JSON writer): such a field value is rejected per op, where it
    would otherwise be stored and then fail every village's pull; such a ``device_seq`` or
    ``base_version`` refuses the body."""
    device = _device(county_db)
    station = STATION
    activity = {
        "station_id": station,
        "title": "重阳节敬老活动",
        "activity_type_code": "ELDERLY",
        "five_task_code": "CIVILITY",
        "starts_at": "2026-10-29T01:00:00Z",
        "ends_at": "2026-10-29T03:00:00Z",
        "place": "村文化广场",
        "summary": "",
        "linked_demand_ids": [],
    }

    contact = {
        "station_id": station,
        "group_name": "第三村民小组",
        "address": "第三村民小组12号",
        "consent_contact": True,
        "consent_sensitive": False,
        "guardian_consent": False,
        "note": "",
    }

    def op(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
        return {**_op(str(uuid.uuid4()), "create", fields), "entity": entity}

    ops = [
        op("activity", {**activity, "audience_count": 2**63}),
        op("activity", {**activity, "audience_count": -(2**63) - 1}),
        op("contact", {**contact, "name": "王桂芬", "tags": ["低保", 2**64]}),
        op("activity", {**activity, "audience_count": 2**63 - 1}),
        op("contact", {**contact, "name": "李秀英", "tags": ["低保", -(2**63)]}),
    ]
    parsed = parse_push(json.dumps({"ops": ops}, ensure_ascii=False).encode())
    with county_db.writing() as session:
        results = sync_service.push(session, device, parsed)
    assert [r["status"] for r in results] == [
        "rejected",
        "rejected",
        "rejected",
        "applied",
        "applied",
    ], results
    assert "audience_count" in results[0]["reason"] and "太大" in results[0]["reason"]
    assert "tags" in results[2]["reason"] and "太大" in results[2]["reason"]
    with county_db.reading() as session:
        stored = {r.id: r.data for r in session.query(Record)}
    assert stored[ops[3]["record_id"]]["audience_count"] == 2**63 - 1
    assert stored[ops[4]["record_id"]]["tags"] == ["低保", -(2**63)]

    for key in ("device_seq", "base_version"):
        body = json.dumps({"ops": [{**ops[3], key: 2**63}]}).encode()
        with pytest.raises(RequestValidationError):
            parse_push(body)


def test_stored_json_is_the_compact_utf8_text_json_writes() -> None:
    """``county.rows.dumps`` (orjson) writes a record's data as ``json.dumps`` does with
    Chinese kept and no spaces: escapes, whole numbers up to 64 bits, nesting alike."""
    data = {
        "name": '王"桂\\芬',
        "note": "腿脚不便\n需上门服务\t\x01\u2028",
        "tags": ["低保", 1, -(2**63), 2**63 - 1, 0.5, 300.25, 100.0],
        "proxy_phone": None,
        "consent_contact": True,
        "nested": {"empty": [], "zero": 0},
    }
    assert rows.dumps(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert rows.loads(rows.dumps(data)) == data


def _demand(db: CountyDatabase, record_id: str) -> Record:
    with db.reading() as session:
        return session.get_one(Record, record_id)


def test_a_resync_takes_only_what_is_newer_than_the_restored_copy(
    county_db: CountyDatabase,
) -> None:
    """After ``after-restore`` a device's resync of a record is weighed against the restored
    copy: taken where the device had seen a newer version, field by field, never over a field
    written since the restore; a record the backup lacks is created as if restored at the
    device's version, so a device that saw still more can bring it."""
    jump = feed.RESTORE_VERSION_JUMP
    first, second = _device(county_db), _device(county_db)
    kept, lost = str(uuid.uuid4()), str(uuid.uuid4())
    _push(county_db, first, _op(kept, "create", demand_fields("路灯坏了")))
    with county_db.writing() as session:
        feed.after_restore(session)
    assert (_demand(county_db, kept).version, _demand(county_db, kept).restored_version) == (
        1 + jump,
        1 + jump,
    )
    # Since the restore, the second device renamed it.
    _push(county_db, second, _op(kept, "update", {"title": "村口路灯坏了"}, base=1 + jump))

    # The first device had seen version 3 before the restore: its description is newer than
    # the restored copy, its title older than the rename.
    newer = {"title": "路灯坏了", "description": "灯杆也歪了"}
    _push(county_db, first, _op(kept, "resync", newer, base=3))
    record = _demand(county_db, kept)
    assert (record.data["title"], record.data["description"]) == ("村口路灯坏了", "灯杆也歪了")
    assert record.version == 3 + jump
    with county_db.reading() as session:
        assert session.scalars(select(Conflict)).all() == []
    # A device that saw nothing newer than the backup changes nothing.
    _push(county_db, second, _op(kept, "resync", {"description": "旧说明"}, base=1))
    assert _demand(county_db, kept).data["description"] == "灯杆也歪了"

    # A record the backup lacks: created at the sender's version; an older copy from another
    # device changes nothing, a newer one is taken.
    _push(county_db, second, _op(lost, "resync", demand_fields("水管冻裂了"), base=4))
    assert (_demand(county_db, lost).version, _demand(county_db, lost).data["title"]) == (
        4 + jump,
        "水管冻裂了",
    )
    _push(county_db, first, _op(lost, "resync", demand_fields("水管漏了"), base=2))
    assert _demand(county_db, lost).data["title"] == "水管冻裂了"
    _push(county_db, first, _op(lost, "resync", demand_fields("水管冻裂，已关总阀"), base=6))
    assert _demand(county_db, lost).data["title"] == "水管冻裂，已关总阀"
    with county_db.reading() as session:
        feed_versions = session.scalars(
            select(ChangeFeed.version).where(ChangeFeed.record_id == lost).order_by(ChangeFeed.seq)
        ).all()
    assert feed_versions == [4 + jump, 5 + jump]


@pytest.mark.parametrize("stored", ["compact", "field by field"])
def test_who_wrote_which_field_decides_a_conflict_whichever_way_it_is_stored(
    county_db: CountyDatabase, stored: str
) -> None:
    """A new record keeps its field versions and writers as ``{"": 1}`` and ``{"": device}``
    (every field); a county database written before that keeps one entry per field. Either
    way, a device's edit of a field someone else changed since its base version is a
    conflict, and of a field it wrote itself, or nobody changed, is not."""
    device = _device(county_db)
    record_id = str(uuid.uuid4())
    _push(county_db, device, _op(record_id, "create", demand_fields("路灯坏了")))
    record = _demand(county_db, record_id)
    assert (record.field_versions, record.field_writers) == ({"": 1}, {"": device.device_id})
    if stored == "field by field":
        with county_db.writing() as session:
            old = session.get_one(Record, record_id)
            old.field_versions = dict.fromkeys(old.data, 1)
            old.field_writers = dict.fromkeys(old.data, device.device_id)
    # Version 2, by the county.
    _county_sets(county_db, record_id, title="村口路灯坏了", urgency="URGENT")
    # Offline since version 1, the device edits the title (the county's) and the description.
    edit = {"title": "村东路灯坏了", "description": "灯杆也歪了"}
    with county_db.writing() as session:
        [result] = sync_service.push(session, device, [_op(record_id, "update", edit, base=1)])
    assert result["status"] == "applied_with_conflict"
    assert [c["field"] for c in result["conflicts"]] == ["title"]
    # Its own later edit of the description (written by itself at version 3) is no conflict.
    again = {"description": "灯杆歪了，电线垂下来"}
    with county_db.writing() as session:
        [result] = sync_service.push(session, device, [_op(record_id, "update", again, base=1)])
    assert result["status"] == "applied"
    # Sent again as a create (base 0: a PC that lost the answer to its create), changed since:
    # the requester (written at creation) and the title (since) are its own, no conflict; the
    # urgency is the county's.
    create = demand_fields("又一个标题", requester_name="王桂兰")
    with county_db.writing() as session:
        [result] = sync_service.push(session, device, [_op(record_id, "create", create)])
    assert result["status"] == "applied_with_conflict"
    assert [c["field"] for c in result["conflicts"]] == ["urgency"]
    record = _demand(county_db, record_id)
    assert record.version == 5
    assert (record.data["requester_name"], record.data["urgency"]) == ("王桂兰", "NORMAL")
