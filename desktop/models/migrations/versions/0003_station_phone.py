"""the station's phone (站点联系电话): printed on every receipt, so villagers know whom to ask

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("station", sa.Column("phone", sa.String(length=30), nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place (3.35+); a batch copy of the table would trip the foreign
    # keys of every record that points at the station.
    op.execute("ALTER TABLE station DROP COLUMN phone")
