"""service_fact: every village's activities, service records, volunteers, star awards and points
entries as plain indexed columns for the 考核's activity and volunteer figures

Filled from the records by ``county.service_facts.rebuild``; from then on each write of such a
record keeps its row current (county/service_facts.py).

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from county.models import UtcDateTime
from county.service_facts import rebuild

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_fact",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("volunteer", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("task", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_fact")),
    )
    op.create_index("ix_service_fact_entity_at", "service_fact", ["entity", "at"])
    op.create_index("ix_service_fact_entity_village", "service_fact", ["entity", "village_id"])
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("service_fact")
