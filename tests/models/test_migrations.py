"""The migrations build exactly the schema the models describe (FTS tables aside)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.models.db import open_database
from desktop.models.entities import Base


def test_migrated_schema_matches_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": lambda _o, name, type_, _r, _c: not (
                        type_ == "table" and "_fts" in (name or "")
                    ),
                    "compare_type": True,
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.close()
    assert differences == []
