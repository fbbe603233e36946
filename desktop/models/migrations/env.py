"""Alembic environment for the workbench database.

Migrations run from :func:`desktop.models.db.migrate`, which hands over an open connection in
``config.attributes["connection"]``; render_as_batch lets ALTERs work on SQLite.
"""

from __future__ import annotations

from alembic import context

from desktop.models.entities import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through desktop.models.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
