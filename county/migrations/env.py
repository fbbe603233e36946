"""Alembic environment of the county server; run through county.db.migrate()."""

from __future__ import annotations

from alembic import context

from county.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through county.db.migrate()")

context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
)
with context.begin_transaction():
    context.run_migrations()
