"""full-text indexes: the ascii tokenizer and no column sizes (same tokens, cheaper to write)

desktop.models.search hands the indexes pre-tokenised documents: space-separated CJK
characters, character bigrams, ASCII words, pinyin keys and digit trigrams, nothing else. For
that text the ``ascii`` tokenizer (spaces and ASCII punctuation separate tokens, every other
character belongs to one) yields exactly the tokens ``unicode61`` did, without looking up
each character's Unicode category: a pulled page of 1,000 records is written about a fifth
faster. Nothing ranks results (lists are in search-rowid order), so the per-row column sizes
``columnsize=0`` leaves out were never read. The stored documents are copied over as they
are, so no application code runs here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("demand_fts", "contact_fts")


def _recreate(options: str) -> None:
    for table in _TABLES:
        op.execute(f"CREATE VIRTUAL TABLE {table}_new USING fts5(uni, bi, py, ph, {options})")
        op.execute(
            f"INSERT INTO {table}_new (rowid, uni, bi, py, ph) "
            f"SELECT rowid, uni, bi, py, ph FROM {table} ORDER BY rowid"
        )
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")


def upgrade() -> None:
    _recreate("tokenize = 'ascii', columnsize = 0")


def downgrade() -> None:
    _recreate("tokenize = 'unicode61'")
