"""restores: the database's epoch and each record's version at the last restore

``feed_counter.epoch`` names the database on the wire (``X-Feed-Epoch``); ``liaison-county
after-restore`` gives it a new one, which tells the villages to send again what the restored
database may lack. ``record.restored_version`` is what such a re-sent record is weighed
against.

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-29 11:40:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed_counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=32), nullable=True))
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("restored_version", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE feed_counter SET epoch = :epoch").bindparams(epoch=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_column("restored_version")
    with op.batch_alter_table("feed_counter", schema=None) as batch_op:
        batch_op.drop_column("epoch")
