"""demand_queue: every village's live demands as plain indexed columns for the county's queue

Filled from the demand records (and their 催办) by ``county.queue.rebuild``; from then on each
write of a demand keeps its row current (county/queue.py).

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-07 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from county.models import UtcDateTime, utcnow
from county.queue import rebuild

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demand_queue",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("requester_initials", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("catalog_version", sa.String(length=30), nullable=False),
        sa.Column("category_code", sa.String(length=30), nullable=False),
        sa.Column("topic_code", sa.String(length=30), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("registered_at", UtcDateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("assigned_team_id", sa.String(length=36), nullable=True),
        sa.Column("assigned_team_name", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", UtcDateTime(), nullable=True),
        sa.Column("resolved_at", UtcDateTime(), nullable=True),
        sa.Column("evaluation", sa.String(length=30), nullable=True),
        sa.Column("urged", sa.Integer(), nullable=False),
        sa.Column("last_urged_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_queue")),
    )
    for name, columns in (
        ("ix_demand_queue_registered", ["registered_at"]),
        ("ix_demand_queue_status_registered", ["status", "registered_at"]),
        ("ix_demand_queue_village_registered", ["village_id", "registered_at"]),
        ("ix_demand_queue_category_registered", ["category_code", "registered_at"]),
        ("ix_demand_queue_team_status", ["assigned_team_id", "status"]),
        ("ix_demand_queue_due", ["due_date", "status"]),
        ("ix_demand_queue_number", ["number"]),
    ):
        op.create_index(name, "demand_queue", columns)
    rebuild(op.get_bind(), utcnow())


def downgrade() -> None:
    op.drop_table("demand_queue")
