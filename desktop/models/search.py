"""Full-text search over demands and contacts, including 1- and 2-character Chinese keywords.

SQLite's trigram tokenizer finds nothing for keywords shorter than three characters, and a
plain ``LIKE`` scan costs ~45 ms per 100,000 rows. So documents are pre-tokenised here into
space-separated tokens and stored in FTS5 tables (migrations 0001 and 0002, docs/search.md):
every CJK character (``uni``), every pair of neighbouring CJK characters (``bi``), pinyin keys
of names (``py``) and trigrams of phone digits (``ph``). A keyword of one character is a
``uni`` lookup; a longer one is a phrase of its bigrams, which matches exactly the contiguous
text; four phone digits are a phrase of two trigrams. The index is kept current by a flush
hook, so every path that writes a demand or a contact through the ORM (the write path) updates
it in the same transaction; bulk writes with Core statements (``WritePath.create_many``, the
sync client) call the functions here themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, event, func, inspect, select, text
from sqlalchemy.orm import Session

from desktop.models.base import WorkbenchSession
from desktop.models.connection import driver_connection
from desktop.models.demand import Demand
from desktop.models.rules.phone import phone_digits
from desktop.models.rules.pinyin import pinyin_keys
from desktop.models.station import Contact

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[0-9a-z]+")
_QUERY_TERM = re.compile(f"[{_CJK}]+|[0-9]+|[a-z]+")
_RUN_BREAK = " 0 "  # "0": a token no query bigram can equal (see _cjk_terms)

SEARCH_TABLES: dict[type[Any], str] = {Demand: "demand_fts", Contact: "contact_fts"}


def _cjk_terms(texts: Iterable[str]) -> tuple[str, str]:
    """The ``uni`` and ``bi`` columns of ``texts``: every CJK character and every ASCII word;
    every pair of neighbouring CJK characters.

    The texts are joined first (one ``lower`` and one regex pass per document, not per text),
    and each run's tokens made with one ``join``, which costs much less than one list item
    per character. Bigram runs are separated by a token no query bigram can equal: a phrase
    of bigrams may not run on from one run of text into the next ("路灯，灯坏了" does not
    contain "路灯坏了"). Only runs of two or more characters have bigrams, and a separator
    goes only between two such runs: every token costs the index a little.
    """
    lowered = "\n".join(texts).lower()
    runs = _CJK_RUN.findall(lowered)
    uni = " ".join("".join(runs))
    words = _WORD.findall(lowered)
    if words:
        uni = f"{uni} {' '.join(words)}" if uni else " ".join(words)
    bi = _RUN_BREAK.join(
        [" ".join(map(operator.add, run, run[1:])) for run in runs if len(run) > 1]
    )
    return uni, bi


_NOT_DIGIT = re.compile(r"[^0-9]+")


def _phone_trigrams(phones: Iterable[str | None]) -> list[str]:
    """Groups of the phone digits' trigrams, each joined with spaces (one ``join`` per phone)."""
    grams: list[str] = []
    for phone in phones:
        if not phone:
            continue
        # phone_digits() for ASCII text, without its Unicode normalisation (a no-op there).
        digits = _NOT_DIGIT.sub("", phone) if phone.isascii() else phone_digits(phone)
        if len(digits) > 2:
            grams.append(" ".join([digits[i : i + 3] for i in range(len(digits) - 2)]))
    return grams


def _pinyin_terms(names: Iterable[str]) -> list[str]:
    terms: list[str] = []
    for name in names:
        if name:
            keys = pinyin_keys(name)
            terms.extend(t for t in (keys.full, keys.initials) if t)
    return terms


def make_document(
    texts: Iterable[str], names: Iterable[str], phones: Iterable[str | None]
) -> dict[str, str]:
    """The four FTS columns of one record."""
    names = list(names)
    uni, bi = _cjk_terms([*names, *texts])
    return {
        "uni": uni,
        "bi": bi,
        "py": " ".join(_pinyin_terms(names)),
        "ph": " ".join(_phone_trigrams(phones)),
    }


def demand_document(row: Mapping[str, Any]) -> dict[str, str]:
    return make_document(
        [row.get("title") or "", row.get("description") or "", row.get("number") or ""],
        [row.get("requester_name") or ""],
        [row.get("requester_phone")],
    )


def contact_document(row: Mapping[str, Any]) -> dict[str, str]:
    return make_document(
        [row.get("address") or "", row.get("group_name") or ""],
        [row.get("name") or ""],
        [row.get("phone"), row.get("proxy_phone")],
    )


DOCUMENTS: dict[type[Any], Any] = {Demand: demand_document, Contact: contact_document}


FTS_COLUMNS = ("uni", "bi", "py", "ph")


def _entries(rows: Iterable[tuple[int, Mapping[str, str]]]) -> list[tuple[int, str, str, str, str]]:
    """Index entries as parameters, in ascending rowid order.

    FTS5 collects a transaction's new entries in memory and must write them out as a new
    segment whenever a rowid is not larger than the previous one; entries in descending order
    (demands pulled newest first) cost one segment each, about five times the work.
    """
    entries = [(rowid, doc["uni"], doc["bi"], doc["py"], doc["ph"]) for rowid, doc in rows]
    entries.sort(key=operator.itemgetter(0))
    return entries


def write_documents(
    conn: Connection, table: str, rows: Iterable[tuple[int, Mapping[str, str]]]
) -> None:
    """Insert or replace the index entries ``(search_rowid, document)``."""
    entries = _entries(rows)
    if entries:
        # FTS5's REPLACE removes the old entry of the rowid (if any) first.
        driver_connection(conn).executemany(
            f"INSERT OR REPLACE INTO {table} (rowid, uni, bi, py, ph) VALUES (?, ?, ?, ?, ?)",
            entries,
        )


def insert_documents(
    conn: Connection, table: str, rows: Iterable[tuple[int, Mapping[str, str]]]
) -> None:
    """Insert the index entries of records that have none yet (new search rowids): like
    :func:`write_documents` without looking for an old entry."""
    entries = _entries(rows)
    if entries:
        # On the driver connection: saving a demand runs this every time.
        driver_connection(conn).executemany(
            f"INSERT INTO {table} (rowid, uni, bi, py, ph) VALUES (?, ?, ?, ?, ?)", entries
        )


def delete_documents(conn: Connection, table: str, rowids: Iterable[int]) -> None:
    """Remove the index entries of ``rowids`` (those that have one)."""
    params = [(rowid,) for rowid in sorted(rowids)]
    if params:
        driver_connection(conn).executemany(f"DELETE FROM {table} WHERE rowid = ?", params)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def assign_search_rowids(
    conn: Connection, entity: type[Demand] | type[Contact], rows: list[dict[str, Any]]
) -> None:
    """Give new rows their ``search_rowid`` (in place).

    A demand's is its registration instant in microseconds, bumped past any taken value, so
    the FTS index's own rowid order is the demand list's default order (newest first) and a
    text search can read its first page straight from the index. A contact's is the next
    free number. Either way a value, once used, is never handed out again.
    """
    if not rows:
        return
    if entity is Contact:
        current = conn.execute(select(func.max(Contact.search_rowid))).scalar()
        for offset, row in enumerate(rows):
            row["search_rowid"] = int(current or 0) + 1 + offset
        return
    keys = [(row["registered_at"] - _EPOCH) // dt.timedelta(microseconds=1) for row in rows]
    if len(keys) >= _BATCH_ROWIDS:
        _rowids_of_a_batch(conn, rows, keys)
        return
    # ``taken`` holds the used values among those in ``checked``. The keys themselves are
    # checked in one query per chunk (index lookups: a village with 100,000 demands does not
    # read the rowids of every demand registered in the batch's time span), values past a
    # taken key a small window at a time (rare: two demands registered in one microsecond).
    taken = _used_rowids(conn, keys)
    checked = set(keys)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key not in checked:
                window = range(key, key + _ROWID_WINDOW)
                taken.update(
                    rowid
                    for (rowid,) in driver_connection(conn).execute(
                        "SELECT search_rowid FROM demand "
                        "WHERE search_rowid >= ? AND search_rowid < ?",
                        (window.start, window.stop),
                    )
                )
                checked.update(window)
            if key not in taken:
                break
            key += 1
        taken.add(key)
        row["search_rowid"] = key


_ROWID_WINDOW = 64
# From this many demands at once (the demo generator, a big import) the taken values of the
# whole span are read in one query (one query per key would be one per demand when demands are
# seconds apart); a save reads only its own keys. Both follow the same rule (a test checks).
_BATCH_ROWIDS = 1000


def _rowids_of_a_batch(conn: Connection, rows: list[dict[str, Any]], keys: list[int]) -> None:
    """:func:`assign_search_rowids` for many demands: the taken values between the smallest
    and the largest key read at once, further ones 4096 µs at a time."""
    loaded_below = max(keys) + len(keys) + 1

    def load(low: int, high: int) -> set[int]:
        query = select(Demand.search_rowid).where(
            Demand.search_rowid >= low, Demand.search_rowid < high
        )
        return set(conn.execute(query).scalars())

    taken = load(min(keys), loaded_below)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key >= loaded_below:
                taken |= load(loaded_below, key + 4096)
                loaded_below = key + 4096
            if key not in taken:
                break
            key += 1
        taken.add(key)
        row["search_rowid"] = key


def _used_rowids(conn: Connection, keys: Sequence[int]) -> set[int]:
    """Those of ``keys`` that are a demand's ``search_rowid``: one prepared statement for any
    number of keys (bound as one JSON list), on the driver connection, since saving a demand
    runs this every time."""
    found = driver_connection(conn).execute(
        "SELECT search_rowid FROM demand WHERE search_rowid IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(keys))),),
    )
    return {rowid for (rowid,) in found}


def _as_mapping(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


# The columns a record's index document is built from (``deleted_at`` too: tombstones leave
# the index), and those its derived pinyin columns come from. The flush hooks below only
# rebuild what depends on a column that really changed; the sync's bulk writes use the same.
DOCUMENT_COLUMNS: dict[type[Any], frozenset[str]] = {
    Demand: frozenset(
        {"title", "description", "number", "requester_name", "requester_phone", "deleted_at"}
    ),
    Contact: frozenset({"name", "address", "group_name", "phone", "proxy_phone", "deleted_at"}),
}
DERIVED_SOURCES: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"requester_name"}),
    Contact: frozenset({"name"}),
}
# The derived pinyin columns (see fill_derived), and what assign_search_rowids reads of a row.
DERIVED_COLUMNS: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"requester_pinyin"}),
    Contact: frozenset({"pinyin_full", "pinyin_initials"}),
}
ROWID_SOURCES: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"registered_at"}),
    Contact: frozenset(),
}


def _has_changes(obj: Any, columns: Mapping[type[Any], frozenset[str]]) -> bool:
    """Whether ``obj`` (a demand or contact) has a net change in one of its ``columns``."""
    keys = columns.get(type(obj))
    if keys is None:
        return False
    attrs = inspect(obj).attrs
    return any(attrs[key].history.has_changes() for key in keys)


@event.listens_for(WorkbenchSession, "before_flush")
def _prepare_search_fields(session: Session, _ctx: Any, _instances: Any) -> None:
    for entity in SEARCH_TABLES:
        fresh = [o for o in session.new if isinstance(o, entity) and o.search_rowid is None]
        if fresh:
            rows = [{"registered_at": getattr(o, "registered_at", None)} for o in fresh]
            assign_search_rowids(session.connection(), entity, rows)
            for obj, row in zip(fresh, rows, strict=True):
                obj.search_rowid = row["search_rowid"]
    # Pinyin of every new record; of a changed one only when its name really changed (an
    # attribute set to the value it had is no change).
    changed = [
        *(o for o in session.new if isinstance(o, Demand | Contact)),
        *(o for o in session.dirty if _has_changes(o, DERIVED_SOURCES)),
    ]
    for obj in changed:
        entity = type(obj)
        row = {key: getattr(obj, key) for key in DERIVED_SOURCES[entity]}
        for key, value in fill_derived(entity, row).items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)


def fill_derived(entity: type[Any], row: dict[str, Any]) -> dict[str, Any]:
    """Compute the derived pinyin columns of a demand or contact row (in place, and returned):
    the name's pinyin with its syllables apart, which lists sort by (see ``PinyinKeys``), and
    its initials (after the pinyin in a demand's ``requester_pinyin``)."""
    if entity is Demand:
        keys = pinyin_keys(row.get("requester_name") or "")
        row["requester_pinyin"] = f"{keys.spaced} {keys.initials}".strip()
        return {"requester_pinyin": row["requester_pinyin"]}
    keys = pinyin_keys(row.get("name") or "")
    row["pinyin_full"], row["pinyin_initials"] = keys.spaced, keys.initials
    return {"pinyin_full": keys.spaced, "pinyin_initials": keys.initials}


@event.listens_for(WorkbenchSession, "after_flush")
def _update_search_index(session: Session, _ctx: Any) -> None:
    conn = session.connection()
    for entity, table in SEARCH_TABLES.items():
        # New records, and changed ones whose document (or tombstone) really changed.
        changed = [
            *(o for o in session.new if isinstance(o, entity)),
            *(
                o
                for o in session.dirty
                if isinstance(o, entity) and _has_changes(o, DOCUMENT_COLUMNS)
            ),
        ]
        # Tombstones leave the index, so a text search never has to filter them out again.
        delete_documents(conn, table, [o.search_rowid for o in changed if o.deleted_at is not None])
        live = [o for o in changed if o.deleted_at is None]
        if live:
            write_documents(
                conn, table, [(o.search_rowid, DOCUMENTS[entity](_as_mapping(o))) for o in live]
            )


def build_match(query: str) -> str | None:
    """An FTS5 MATCH expression for what the officer typed, or None if nothing searchable.

    Only characters the tokenizer keeps (CJK, ASCII letters and digits) reach the expression,
    each inside double quotes, so user input can never form FTS5 syntax.
    """
    clauses: list[str] = []
    for term in _QUERY_TERM.findall(_normalise_query(query)):
        if term.isdigit():
            parts = [f'uni : "{term}"*']
            if len(term) >= 3:
                grams = " ".join(term[i : i + 3] for i in range(len(term) - 2))
                parts.append(f'ph : "{grams}"')
            clauses.append("(" + " OR ".join(parts) + ")")
        elif term.isascii():
            clauses.append(f'(py : "{term}"* OR uni : "{term}"*)')
        elif len(term) == 1:
            clauses.append(f'uni : "{term}"')
        else:
            grams = " ".join(term[i : i + 2] for i in range(len(term) - 1))
            clauses.append(f'bi : "{grams}"')
    return " AND ".join(clauses) if clauses else None


def _normalise_query(query: str) -> str:
    # Full-width digits and letters (common with Chinese input methods) to ASCII.
    return "".join(
        chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in query
    ).lower()


def rebuild_index(session: Session) -> None:
    """Recreate both indexes from the tables (after a restore or a damaged index)."""
    conn = session.connection()
    for entity, table in SEARCH_TABLES.items():
        conn.execute(text(f"DELETE FROM {table}"))
        rows = session.execute(select(entity).where(entity.deleted_at.is_(None))).scalars()
        insert_documents(
            conn, table, [(o.search_rowid, DOCUMENTS[entity](_as_mapping(o))) for o in rows]
        )
