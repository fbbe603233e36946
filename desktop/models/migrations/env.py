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



def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The FTS5 tables (and their shadow tables) are created by hand in the migrations; they
    # have no model, and autogenerate must not propose dropping them.
    return not (type_ == "table" and name is not None and "_fts" in name)


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=_include,
)
with context.begin_transaction():
    context.run_migrations()
