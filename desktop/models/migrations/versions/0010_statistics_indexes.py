"""statistics: covering indexes for the 统计报表's reads

A year's figures read every demand registered in it, every activity held in it, the service
given and the points moved in it. These indexes hold the columns those reads need, so SQLite answers
them from the index alone instead of visiting each wide row (a demand's row carries its
description, an activity's its summary).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# In the order the figures are grouped (channel, category, grid, status, evaluation): SQLite
# walks the index and counts without sorting; a period is a filter on registered_at.
# deleted_at comes last: first, it would make every "deleted_at IS NULL" query elsewhere seek
# here (a demand's timeline then scanned every activity: 78 ms instead of 6).
DEMAND_COLUMNS = [
    "channel", "category_code", "grid_id", "status", "evaluation", "registered_at",
    "due_date", "resolved_at", "claimed_at", "deleted_at",
]  # fmt: skip
ACTIVITY_COLUMNS = ["activity_type_code", "five_task_code", "starts_at", "audience_count", "deleted_at"]
# In volunteer order: who served, and how long, without a sort.
SERVICE_COLUMNS = ["volunteer_id", "start_at", "credited_minutes", "deleted_at"]
POINTS_COLUMNS = ["occurred_at", "kind", "amount", "deleted_at"]


def upgrade() -> None:
    op.create_index("ix_demand_statistics", "demand", DEMAND_COLUMNS)
    op.create_index("ix_activity_statistics", "activity", ACTIVITY_COLUMNS)
    op.create_index("ix_service_record_statistics", "service_record", SERVICE_COLUMNS)
    op.create_index("ix_points_entry_statistics", "points_entry", POINTS_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_points_entry_statistics", table_name="points_entry")
    op.drop_index("ix_service_record_statistics", table_name="service_record")
    op.drop_index("ix_activity_statistics", table_name="activity")
    op.drop_index("ix_demand_statistics", table_name="demand")
