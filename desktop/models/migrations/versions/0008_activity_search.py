"""activities: a full-text index of title and place, and the 身边人讲身边事 activity type

The 实践活动 list searches up to 100,000 activities as the officer types, which a ``LIKE`` scan
cannot do in time: ``activity.search_rowid`` ties each activity to its entry in the new
``activity_fts`` table (the same tokens as the demand and contact indexes, made by
``desktop.models.search``): its title, place and team, the numbers of the demands it answered
and the names of the volunteers who served. The rowid is the start in microseconds, so the
index's order is the list's.

Volunteers' pinyin keys (``pinyin_full``, ``pinyin_initials``) were filled by the demo only,
never by the write path; they are computed here for every volunteer, by the same rule the write
path now applies, so the activity list finds a volunteer by initials.

Every station must hold 身边人讲身边事 (grassroots people telling their own stories); a database
seeded with the built-in activity types before it existed gets it too.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

from desktop.models.reference_data import reference_id
from desktop.models.search import activity_document
from liaison_wire.pinyin import pinyin_keys

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BATCH = 5000
STORIES = ("NEIGHBOR_STORIES", "身边人讲身边事", "PROMOTE_POLICY")


_EPOCH = dt.datetime(1970, 1, 1)


def _micros(stored: str) -> int:
    """A stored instant (naive UTC text) in microseconds since 1970."""
    return (dt.datetime.fromisoformat(stored) - _EPOCH) // dt.timedelta(microseconds=1)


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("activity", sa.Column("search_rowid", sa.Integer(), nullable=True))
    rows = conn.execute(
        sa.text(
            "SELECT a.id, a.title, a.place, a.starts_at, a.deleted_at, a.linked_demand_ids, "
            "t.name AS team_name "
            "FROM activity AS a LEFT JOIN team AS t ON t.id = a.team_id ORDER BY a.starts_at, a.id"
        )
    ).all()
    served: dict[str, list[str]] = {}
    for activity_id, name in conn.execute(
        sa.text(
            "SELECT DISTINCT r.activity_id, v.name FROM service_record AS r "
            "JOIN volunteer AS v ON v.id = r.volunteer_id WHERE r.deleted_at IS NULL "
            "ORDER BY r.activity_id, v.name"
        )
    ):
        served.setdefault(activity_id, []).append(name)
    numbers: dict[str, str] = {i: n for i, n in conn.execute(sa.text("SELECT id, number FROM demand"))}
    # As desktop.models.rows.index assigns them: the start in microseconds, bumped past a
    # value taken already.
    rowids: list[int] = []
    taken: set[int] = set()
    for row in rows:
        key = _micros(row.starts_at)
        while key in taken:
            key += 1
        taken.add(key)
        rowids.append(key)
    for start in range(0, len(rows), BATCH):
        conn.execute(
            sa.text("UPDATE activity SET search_rowid = :rowid WHERE id = :id"),
            [
                {"rowid": rowid, "id": row.id}
                for row, rowid in zip(rows[start : start + BATCH], rowids[start : start + BATCH], strict=True)
            ],
        )
    op.create_index(op.f("ix_activity_search_rowid"), "activity", ["search_rowid"], unique=True)
    op.execute(
        "CREATE VIRTUAL TABLE activity_fts USING fts5(uni, bi, py, ph, "
        "tokenize = 'ascii', columnsize = 0)"
    )
    entries: list[dict[str, object]] = []
    for row, rowid in zip(rows, rowids, strict=True):
        if row.deleted_at is None:
            document = activity_document(
                {
                    "title": row.title,
                    "place": row.place,
                    "team_name": row.team_name,
                    "demand_numbers": [
                        numbers[i] for i in json.loads(row.linked_demand_ids or "[]") if i in numbers
                    ],
                    "volunteer_names": served.get(row.id, []),
                }
            )
            entries.append({"rowid": rowid, **document})
    entries.sort(key=lambda entry: int(entry["rowid"]))  # type: ignore[call-overload]
    for start in range(0, len(entries), BATCH):
        conn.execute(
            sa.text(
                "INSERT INTO activity_fts (rowid, uni, bi, py, ph) "
                "VALUES (:rowid, :uni, :bi, :py, :ph)"
            ),
            entries[start : start + BATCH],
        )
    volunteers = conn.execute(sa.text("SELECT id, name FROM volunteer")).all()
    keys = [(row.id, pinyin_keys(row.name or "")) for row in volunteers]
    for start in range(0, len(keys), BATCH):
        conn.execute(
            sa.text("UPDATE volunteer SET pinyin_full = :full, pinyin_initials = :initials WHERE id = :id"),
            [{"id": i, "full": k.spaced, "initials": k.initials} for i, k in keys[start : start + BATCH]],
        )
    seeded = conn.execute(sa.text("SELECT count(*) FROM activity_type")).scalar()
    code, name, task = STORIES
    present = conn.execute(
        sa.text("SELECT 1 FROM activity_type WHERE code = :code"), {"code": code}
    ).first()
    if seeded and present is None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        order = conn.execute(sa.text("SELECT coalesce(max(sort_order), 0) FROM activity_type"))
        conn.execute(
            sa.text(
                "INSERT INTO activity_type (id, code, name, five_task_code, sort_order, active, "
                "created_at, updated_at) "
                "VALUES (:id, :code, :name, :task, :order, 1, :now, :now)"
            ),
            {
                "id": reference_id("activity_type", code),
                "code": code,
                "name": name,
                "task": task,
                "order": int(order.scalar() or 0) + 1,
                "now": now,
            },
        )


def downgrade() -> None:
    op.execute("DROP TABLE activity_fts")
    op.drop_index(op.f("ix_activity_search_rowid"), table_name="activity")
    # In place (SQLite 3.35+): copying the table would trip the foreign keys of its records.
    op.execute("ALTER TABLE activity DROP COLUMN search_rowid")
