"""撤回: when the villager withdrew a demand, and why (village-owned; the county then marks it
已撤回, if it has not acted on it yet)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("demand", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("demand", sa.Column("withdraw_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+): copying the table would trip the foreign keys of its events.
    op.execute("ALTER TABLE demand DROP COLUMN withdraw_reason")
    op.execute("ALTER TABLE demand DROP COLUMN withdrawn_at")
