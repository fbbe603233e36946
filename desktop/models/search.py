"""Full-text search over demands and contacts, including 1- and 2-character Chinese keywords.

SQLite's trigram tokenizer finds nothing for keywords shorter than three characters, and a
plain ``LIKE`` scan costs ~45 ms per 100,000 rows. So documents are pre-tokenised here into
space-separated tokens and stored in FTS5 tables (migrations 0001 and 0002, docs/search.md):
every CJK character (``uni``), every pair of neighbouring CJK characters (``bi``), pinyin keys
of names (``py``) and trigrams of phone digits (``ph``). A keyword of one character is a
``uni`` lookup; a longer one is a phrase of its bigrams, which matches exactly the contiguous
text; four phone digits are a phrase of two trigrams. This module says what a record's
document and derived pinyin columns hold and how a query matches; the index itself is written
by :mod:`desktop.models.rows.index`, in the same transaction as the records.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping
from typing import Any

from desktop.models.activity import Activity, Volunteer
from desktop.models.demand import Demand
from desktop.models.rules.phone import phone_digits
from desktop.models.station import Contact
from liaison_wire.pinyin import pinyin_keys

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[0-9a-z]+")
_QUERY_TERM = re.compile(f"[{_CJK}]+|[0-9]+|[a-z]+")
_RUN_BREAK = " 0 "  # "0": a token no query bigram can equal (see _cjk_terms)

SEARCH_TABLES: dict[type[Any], str] = {
    Demand: "demand_fts",
    Contact: "contact_fts",
    Activity: "activity_fts",
}


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


def activity_document(row: Mapping[str, Any]) -> dict[str, str]:
    """An activity's title, place and organising team (``team_name``), the numbers of the
    demands it answered (``demand_numbers``) and the names of the volunteers who served
    (``volunteer_names``, with their pinyin): all but the first two come from other tables, so
    the index's upkeep (rows.index.activity_extras) adds them to the row."""
    return make_document(
        [
            row.get("title") or "",
            row.get("place") or "",
            row.get("team_name") or "",
            *(row.get("demand_numbers") or []),
        ],
        row.get("volunteer_names") or [],
        [],
    )


DOCUMENTS: dict[type[Any], Any] = {
    Demand: demand_document,
    Contact: contact_document,
    Activity: activity_document,
}


FTS_COLUMNS = ("uni", "bi", "py", "ph")


# The columns a record's index document is built from (``deleted_at`` too: tombstones leave
# the index), and those its derived pinyin columns come from. The index's upkeep
# (desktop/models/rows) only rebuilds what depends on a column that really changed.
DOCUMENT_COLUMNS: dict[type[Any], frozenset[str]] = {
    Demand: frozenset(
        {"title", "description", "number", "requester_name", "requester_phone", "deleted_at"}
    ),
    Contact: frozenset({"name", "address", "group_name", "phone", "proxy_phone", "deleted_at"}),
    Activity: frozenset({"id", "title", "place", "team_id", "linked_demand_ids", "deleted_at"}),
}
# Volunteers have no index entry, but their names' pinyin is derived the same way.
DERIVED_SOURCES: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"requester_name"}),
    Contact: frozenset({"name"}),
    Activity: frozenset(),
    Volunteer: frozenset({"name"}),
}
# The derived pinyin columns (see fill_derived), and what a new row's search rowid comes from
# (rows.index.assign_search_rowids).
DERIVED_COLUMNS: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"requester_pinyin"}),
    Contact: frozenset({"pinyin_full", "pinyin_initials"}),
    Activity: frozenset(),
    Volunteer: frozenset({"pinyin_full", "pinyin_initials"}),
}
ROWID_SOURCES: dict[type[Any], frozenset[str]] = {
    Demand: frozenset({"registered_at"}),
    Contact: frozenset(),
    Activity: frozenset({"starts_at"}),
}
# Kinds whose search rowid is an instant in microseconds, so that the index's own order is the
# list's default order (newest first): the column it comes from.
TIMED_ROWIDS: dict[type[Any], str] = {Demand: "registered_at", Activity: "starts_at"}


def fill_derived(entity: type[Any], row: dict[str, Any]) -> dict[str, Any]:
    """Compute the derived pinyin columns of a demand, contact or volunteer row (in place, and
    returned):
    the name's pinyin with its syllables apart, which lists sort by (see ``PinyinKeys``), and
    its initials (after the pinyin in a demand's ``requester_pinyin``)."""
    if entity is Activity:
        return {}
    if entity is Demand:
        keys = pinyin_keys(row.get("requester_name") or "")
        row["requester_pinyin"] = f"{keys.spaced} {keys.initials}".strip()
        return {"requester_pinyin": row["requester_pinyin"]}
    keys = pinyin_keys(row.get("name") or "")
    row["pinyin_full"], row["pinyin_initials"] = keys.spaced, keys.initials
    return {"pinyin_full": keys.spaced, "pinyin_initials": keys.initials}


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
