"""sync_held: pulled records held back with their reason, so one never stops a pull

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_held",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("waiting_for", sa.String(length=36), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("last_tried_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", name=op.f("pk_sync_held")),
    )
    op.create_index(op.f("ix_sync_held_waiting_for"), "sync_held", ["waiting_for"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_held_waiting_for"), table_name="sync_held")
    op.drop_table("sync_held")
