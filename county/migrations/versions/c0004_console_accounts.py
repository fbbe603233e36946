"""the console's accounts: roles (县中心, 乡镇, 服务队伍), sessions, login throttling, and the
audit log's target with its before and after

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from county.models import UtcDateTime

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("admin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=False, server_default="COUNTY"))
        batch_op.add_column(sa.Column("township_code", sa.String(length=9), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("team_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("display_name", sa.String(length=50), nullable=False, server_default=""))
    with op.batch_alter_table("admin", schema=None) as batch_op:
        for name in ("role", "township_code", "display_name"):
            batch_op.alter_column(name, server_default=None)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target", sa.String(length=36), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("before", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("after", sa.JSON(), nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("target", server_default=None)
    op.create_table(
        "console_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["admin.username"], name=op.f("fk_console_session_username_admin"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_console_session")),
    )
    op.create_index("ix_console_session_username", "console_session", ["username"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", UtcDateTime(), nullable=False),
        sa.Column("locked_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_table("console_session")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        for name in ("after", "before", "target"):
            batch_op.drop_column(name)
    with op.batch_alter_table("admin", schema=None) as batch_op:
        for name in ("display_name", "team_id", "township_code", "role"):
            batch_op.drop_column(name)
