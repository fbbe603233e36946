"""The demand list and the contact book: filters, sorting, paging, counts and text search.

The data set is generated here with controlled text (a few hundred rows), so every expected
result is computed independently in Python from the values that were saved.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models.beijing import CHINA_TZ
from desktop.models.db import Database, open_database
from desktop.models.demand import Demand
from desktop.models.entities import Contact, Grid, Station
from desktop.models.queries import (
    ContactFilter,
    DemandFilter,
    Sort,
    count_contacts,
    count_demands,
    list_contacts,
    list_demands,
    status_counts,
)
from desktop.models.rules.demand_status import OPEN_STATUSES
from desktop.models.search import build_match, contact_document, demand_document
from desktop.models.writes import WritePath

TODAY = dt.date(2026, 11, 29)
START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
STATUSES = [
    "SUBMITTED",
    "TRIAGED",
    "DISPATCHED",
    "RESOLVED",
    "FEEDBACK_GIVEN",
    "CLOSED",
    "REJECTED",
    "IN_PROGRESS",
]
CATEGORIES = [
    "POLICY",
    "CULTURE_SPORTS",
    "EDU_SKILLS",
    "HEALTH",
    "LEGAL_SAFETY",
    "CARE",
    "CONVENIENCE",
    "ENV_CIVILITY",
    "OTHER",
]
CHANNELS = [
    "NEEDS_DESK",
    "MICRO_WISH",
    "HOTLINE",
    "HOME_VISIT",
    "GRID_REPORT",
    "MENU_ORDER",
    "OTHER",
]
# Filler titles share no character with the search keywords below (灯 坏 水 路 管).
FILLERS = [
    "申请文艺演出",
    "咨询医保政策",
    "需要农技指导",
    "想学智能手机",
    "组织广场舞培训",
    "代办残疾证",
]
BULK_DEMANDS = 300
BULK_CONTACTS = 200

# Special demands: title and the instant they were registered (Beijing day in the comment).
SPECIALS = {
    "lamp_broken": ("村口路灯坏了", dt.datetime(2026, 11, 28, 15, 59, 59, tzinfo=dt.UTC)),  # 28th
    "lamp_fine": (
        "路灯没坏但是不亮",
        dt.datetime(2026, 11, 28, 16, 0, tzinfo=dt.UTC),
    ),  # 29th 00:00
    "lamp_split": (
        "路灯，灯坏了一半",
        dt.datetime(2026, 11, 28, 17, 0, tzinfo=dt.UTC),
    ),  # 29th 01:00
    "water": ("自来水管漏水", dt.datetime(2026, 11, 29, 15, 59, 59, tzinfo=dt.UTC)),  # 29th 23:59
    "lamp_water": ("路灯旁的水管坏了", dt.datetime(2026, 11, 29, 16, 0, tzinfo=dt.UTC)),  # 30th
}


@dataclass
class Dataset:
    path: Path
    station_id: str
    grids: list[str]
    contacts: dict[str, str]  # name -> id of the named (non-bulk) contacts
    specials: dict[str, str]  # key -> demand id


def _build(path: Path) -> Dataset:
    db = open_database(path)
    try:
        with db.writing() as session:
            writes = WritePath(session, clock=lambda: START)
            station = writes.create(Station(name="红旗村实践站", division_code="220102001001"))
            grids = [
                writes.create(Grid(station_id=station.id, name=f"第{n}网格")).id for n in "一二"
            ]
            named = {
                "张三": dict(
                    phone="13812345678", tags=["LEFT_BEHIND_ELDERLY"], grid=0, group="一组"
                ),
                "张珊珊": dict(phone="13700001111", tags=["DISABLED"], grid=1, group="二组"),
                "李四": dict(phone="0431-84561234", tags=[], grid=0, group="一组"),
                "王五": dict(
                    phone=None, tags=["LEFT_BEHIND_ELDERLY", "DISABLED"], grid=1, group="三组"
                ),
            }
            contacts = {}
            for name, info in named.items():
                contacts[name] = writes.create(
                    Contact(
                        station_id=station.id,
                        name=name,
                        phone=info["phone"],
                        tags=info["tags"],
                        grid_id=grids[info["grid"]],
                        group_name=info["group"],
                        address="村东头",
                    )
                ).id
            bulk_contacts = [
                {
                    "id": f"00000000-0000-7000-8000-{i:012d}",
                    "station_id": station.id,
                    "name": f"村民{i:03d}",
                    "phone": f"139{i:08d}",
                    "tags": ["LEFT_BEHIND_CHILD"] if i % 7 == 0 else [],
                    "grid_id": grids[i % 2],
                    "group_name": ["一组", "二组", "三组", "四组"][i % 4],
                    "address": "村西头",
                    "updated_at": START + dt.timedelta(minutes=i % 10),
                }
                for i in range(BULK_CONTACTS)
            ]
            writes.create_many(Contact, bulk_contacts)

            rows = []
            for i in range(BULK_DEMANDS):
                if i % 10 == 0:
                    requester = ("张三", contacts["张三"], "13812345678")
                elif i % 10 == 1:
                    requester = ("张珊珊", contacts["张珊珊"], "13700001111")
                elif i % 10 == 2:
                    requester = ("", None, None)
                else:
                    j = i % BULK_CONTACTS
                    requester = (f"村民{j:03d}", bulk_contacts[j]["id"], f"139{j:08d}")
                status = STATUSES[i % len(STATUSES)]
                rows.append(
                    {
                        "number": f"XQ-20261101-{i + 1:04d}",
                        "station_id": station.id,
                        "requester_name": requester[0],
                        "requester_contact_id": requester[1],
                        "requester_phone": requester[2],
                        "anonymous": requester[0] == "",
                        "channel": CHANNELS[i % len(CHANNELS)],
                        "category_code": CATEGORIES[i % len(CATEGORIES)],
                        "catalog_version": "2026.1",
                        "title": FILLERS[i % len(FILLERS)],
                        "grid_id": [grids[0], grids[1], None][i % 3],
                        # Many rows share an instant, so sorting needs its tiebreaker.
                        "registered_at": START + dt.timedelta(hours=2 * (i // 3)),
                        "due_date": None
                        if i % 13 == 0
                        else dt.date(2026, 11, 20) + dt.timedelta(days=i % 15),
                        "status": status,
                        "evaluation": "SATISFIED" if status == "RESOLVED" and i % 16 == 3 else None,
                    }
                )
            writes.create_many(Demand, rows)

            specials = {}
            for n, (key, (title, registered)) in enumerate(SPECIALS.items()):
                specials[key] = writes.create(
                    Demand(
                        number=f"XQ-20261128-{n + 1:04d}",
                        station_id=station.id,
                        requester_name="李四",
                        requester_contact_id=contacts["李四"],
                        requester_phone="0431-84561234",
                        channel="HOTLINE",
                        category_code="CONVENIENCE",
                        catalog_version="2026.1",
                        title=title,
                        registered_at=registered,
                        due_date=dt.date(2026, 12, 10),
                    )
                ).id
    finally:
        db.close()
    return Dataset(path, station.id, grids, contacts, specials)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return _build(tmp_path_factory.mktemp("dataset") / "workbench.db")


@pytest.fixture(scope="module")
def db(dataset: Dataset) -> Iterator[Database]:
    """The shared data set, for tests that only read."""
    database = open_database(dataset.path)
    yield database
    database.close()


@pytest.fixture
def own_db(dataset: Dataset, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the data set, for tests that change it."""
    shutil.copyfile(dataset.path, tmp_path / "workbench.db")
    database = open_database(tmp_path / "workbench.db")
    yield database
    database.close()


@pytest.fixture(scope="module")
def demands(db: Database) -> list[dict[str, Any]]:
    """Every demand as saved, plus its requester's tags, for the expectations."""
    with db.reading() as session:
        tags = {c.id: c.tags for c in session.scalars(select(Contact))}
        return [
            {
                **{c.key: getattr(d, c.key) for c in Demand.__table__.columns},
                "tags": tags.get(d.requester_contact_id or "", []),
            }
            for d in session.scalars(select(Demand))
        ]


def _ids(db: Database, flt: DemandFilter, **kwargs: Any) -> list[str]:
    with db.reading() as session:
        return [r.id for r in list_demands(session, flt, TODAY, limit=10_000, **kwargs)]


def _count(db: Database, flt: DemandFilter) -> int:
    with db.reading() as session:
        return count_demands(session, flt, TODAY)


def _beijing_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(CHINA_TZ).date()


OPEN = {s.value for s in OPEN_STATUSES}

FILTER_CASES: dict[str, tuple[DemandFilter, Callable[[dict[str, Any]], bool]]] = {
    "all": (DemandFilter(), lambda d: True),
    "status": (
        DemandFilter(statuses=frozenset({"RESOLVED", "CLOSED"})),
        lambda d: d["status"] in {"RESOLVED", "CLOSED"},
    ),
    "category": (DemandFilter(category_code="HEALTH"), lambda d: d["category_code"] == "HEALTH"),
    "channel": (DemandFilter(channel="HOTLINE"), lambda d: d["channel"] == "HOTLINE"),
    "one_beijing_day": (
        DemandFilter(registered_from=TODAY, registered_to=TODAY),
        lambda d: _beijing_day(d["registered_at"]) == TODAY,
    ),
    "date_range": (
        DemandFilter(registered_from=dt.date(2026, 11, 5), registered_to=dt.date(2026, 11, 9)),
        lambda d: dt.date(2026, 11, 5) <= _beijing_day(d["registered_at"]) <= dt.date(2026, 11, 9),
    ),
    "overdue": (
        DemandFilter(overdue=True),
        lambda d: d["due_date"] is not None and d["due_date"] < TODAY and d["status"] in OPEN,
    ),
    "awaiting_evaluation": (
        DemandFilter(awaiting_evaluation=True),
        lambda d: d["status"] == "RESOLVED" and d["evaluation"] is None,
    ),
    "tags": (
        DemandFilter(tags=frozenset({"DISABLED", "LEFT_BEHIND_CHILD"})),
        lambda d: bool({"DISABLED", "LEFT_BEHIND_CHILD"} & set(d["tags"])),
    ),
    "combined": (
        DemandFilter(statuses=frozenset(OPEN), channel="NEEDS_DESK", overdue=True),
        lambda d: (
            d["status"] in OPEN
            and d["channel"] == "NEEDS_DESK"
            and d["due_date"] is not None
            and d["due_date"] < TODAY
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(FILTER_CASES))
def test_filters_return_exactly_the_matching_demands(
    db: Database, demands: list[dict[str, Any]], case: str
) -> None:
    flt, predicate = FILTER_CASES[case]
    expected = {d["id"] for d in demands if predicate(d)}
    assert expected, "the data set must exercise the filter"
    if case != "all":
        assert len(expected) < len(demands)
    found = _ids(db, flt)
    assert len(found) == len(set(found))
    assert set(found) == expected
    assert _count(db, flt) == len(expected)


def test_grid_filter(db: Database, dataset: Dataset, demands: list[dict[str, Any]]) -> None:
    for grid in dataset.grids:
        flt = DemandFilter(grid_id=grid)
        expected = {d["id"] for d in demands if d["grid_id"] == grid}
        assert set(_ids(db, flt)) == expected
        assert _count(db, flt) == len(expected) > 0


def test_beijing_day_boundaries(db: Database, dataset: Dataset) -> None:
    s = dataset.specials
    day = set(_ids(db, DemandFilter(registered_from=TODAY, registered_to=TODAY)))
    # 2026-11-28T16:00Z and 17:00Z are already the 29th in Beijing; 15:59:59Z is not.
    assert {s["lamp_fine"], s["lamp_split"], s["water"]} <= day
    assert s["lamp_broken"] not in day
    assert s["lamp_water"] not in day
    before = set(_ids(db, DemandFilter(registered_to=dt.date(2026, 11, 28))))
    assert s["lamp_broken"] in before and s["lamp_fine"] not in before
    after = set(_ids(db, DemandFilter(registered_from=dt.date(2026, 11, 30))))
    assert after == {s["lamp_water"]}


def test_overdue_flag_on_rows(db: Database, demands: list[dict[str, Any]]) -> None:
    with db.reading() as session:
        rows = list_demands(session, DemandFilter(), TODAY, limit=10_000)
    by_id = {d["id"]: d for d in demands}
    for row in rows:
        d = by_id[row.id]
        expected = d["due_date"] is not None and d["due_date"] < TODAY and d["status"] in OPEN
        assert row.overdue == expected
    assert any(r.overdue for r in rows) and not all(r.overdue for r in rows)


def test_status_counts_match_the_lists(db: Database, demands: list[dict[str, Any]]) -> None:
    flt = DemandFilter(channel="NEEDS_DESK", statuses=frozenset({"CLOSED"}))
    with db.reading() as session:
        counts = status_counts(session, flt, TODAY)
    expected: dict[str, int] = {}
    for d in demands:
        if d["channel"] == "NEEDS_DESK":
            expected[d["status"]] = expected.get(d["status"], 0) + 1
    assert counts == expected
    for status, n in counts.items():
        assert _count(db, DemandFilter(channel="NEEDS_DESK", statuses=frozenset({status}))) == n


def _sort_value(d: dict[str, Any], key: str) -> Any:
    column = {"category": "category_code", "requester": "requester_pinyin"}.get(key, key)
    return d[column]


@pytest.mark.parametrize(
    "key", ["registered_at", "number", "due_date", "status", "category", "channel", "title"]
)
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_pages_concatenate_to_the_full_sorted_list(
    db: Database, demands: list[dict[str, Any]], key: str, descending: bool
) -> None:
    flt = DemandFilter(statuses=frozenset(OPEN | {"RESOLVED"}))
    sort = Sort(key, descending)
    full = _ids(db, flt, sort=sort)
    pages: list[str] = []
    with db.reading() as session:
        for offset in range(0, len(full) + 10, 10):
            page = list_demands(session, flt, TODAY, sort=sort, offset=offset, limit=10)
            assert len(page) <= 10
            pages.extend(r.id for r in page)
    assert pages == full
    assert len(set(pages)) == len(pages)

    # NULLs first when ascending (SQLite's order); equal values in search_rowid order.
    matching = [d for d in demands if d["status"] in OPEN | {"RESOLVED"}]
    expected = sorted(
        matching,
        key=lambda d: (_sort_value(d, key) is not None, _sort_value(d, key), d["search_rowid"]),
        reverse=descending,
    )
    assert full == [d["id"] for d in expected]


def test_sort_by_requester_uses_pinyin(db: Database) -> None:
    flt = DemandFilter(statuses=frozenset({"SUBMITTED"}))
    with db.reading() as session:
        rows = list_demands(session, flt, TODAY, sort=Sort("requester", False), limit=10_000)
        pinyin = {d.id: d.requester_pinyin for d in session.scalars(select(Demand))}
    keys = [pinyin[r.id] for r in rows]
    assert keys == sorted(keys)
    names = [r.requester_name for r in rows]
    assert names.index("李四") < names.index("张三")  # li… before zhang…


# --- text search ------------------------------------------------------------------------------


def _search(db: Database, text: str, **extra: Any) -> set[str]:
    found = _ids(db, DemandFilter(text=text, **extra))
    assert _count(db, DemandFilter(text=text, **extra)) == len(found)
    return set(found)


def test_one_two_and_four_character_keywords(db: Database, dataset: Dataset) -> None:
    s = dataset.specials
    lamp = {s["lamp_broken"], s["lamp_fine"], s["lamp_split"], s["lamp_water"]}
    assert _search(db, "灯") == lamp
    assert _search(db, "路灯") == lamp
    assert _search(db, "水") == {s["water"], s["lamp_water"]}
    # "灯坏" is not in "路灯没坏" nor in "路灯旁的水管坏了".
    assert _search(db, "灯坏") == {s["lamp_broken"], s["lamp_split"]}
    # "路灯坏了" is contiguous only in "村口路灯坏了", not across the comma of "路灯，灯坏了一半".
    assert _search(db, "路灯坏了") == {s["lamp_broken"]}
    assert _search(db, "水管坏了") == {s["lamp_water"]}
    assert _search(db, "水管") == {s["water"], s["lamp_water"]}
    assert _search(db, "灯水") == set()


def test_several_keywords_must_all_match(db: Database, dataset: Dataset) -> None:
    assert _search(db, "灯 水") == {dataset.specials["lamp_water"]}
    assert _search(db, "路灯　水管") == {dataset.specials["lamp_water"]}  # full-width space


def test_search_combines_with_filters(db: Database, dataset: Dataset) -> None:
    found = _search(db, "灯", registered_from=TODAY, registered_to=TODAY)
    assert found == {dataset.specials["lamp_fine"], dataset.specials["lamp_split"]}


def test_search_by_requester_name_pinyin_and_phone(
    db: Database, demands: list[dict[str, Any]]
) -> None:
    zhang_san = {d["id"] for d in demands if d["requester_name"] == "张三"}
    zhang_shanshan = {d["id"] for d in demands if d["requester_name"] == "张珊珊"}
    li_si = {d["id"] for d in demands if d["requester_name"] == "李四"}
    assert zhang_san and zhang_shanshan and li_si
    assert _search(db, "张三") == zhang_san
    assert _search(db, "张") == zhang_san | zhang_shanshan
    assert _search(db, "zs") == zhang_san | zhang_shanshan  # initials, as a prefix
    assert _search(db, "zss") == zhang_shanshan
    assert _search(db, "ZS") == zhang_san | zhang_shanshan
    assert _search(db, "zhangs") == zhang_san | zhang_shanshan  # full pinyin prefix
    assert _search(db, "zhangsan") == zhang_san
    assert _search(db, "5678") == zhang_san
    assert _search(db, "５６７８") == zhang_san  # full-width digits from a Chinese IME
    assert _search(db, "138 1234 5678") == zhang_san
    assert _search(db, "8456") == li_si  # part of a landline
    assert _search(db, "0431") == li_si


def test_blank_search_lists_everything(db: Database, demands: list[dict[str, Any]]) -> None:
    assert len(_ids(db, DemandFilter(text="  "))) == len(demands)


def test_search_by_demand_number(db: Database, dataset: Dataset) -> None:
    assert _search(db, "XQ-20261128-0003") == {dataset.specials["lamp_split"]}


@pytest.mark.parametrize(
    "query",
    ['"灯', "灯*", "(灯", "灯)", '灯"', "灯:", "-灯", "^灯", "灯'", "*灯*", '"灯"'],
)
def test_search_syntax_characters_are_plain_text(
    db: Database, dataset: Dataset, query: str
) -> None:
    assert _search(db, query) == _search(db, "灯")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("灯 OR 水", ["灯", "水"]),
        ("灯 NOT 水", ["灯", "水"]),
        ("NEAR(灯 水)", ["灯", "水"]),
        ("灯 AND 水 OR 张三", ["灯", "水", "张三"]),
        ("uni : 灯 OR bi : 水", ["灯", "水"]),
        ("{uni}: 灯", ["灯"]),
        ("uni:灯", ["灯"]),
        ("py:zs", ["zs"]),
    ],
)
def test_search_operators_are_not_obeyed(db: Database, query: str, words: list[str]) -> None:
    # Operator and column names are searched for as plain words: no union, negation or column
    # filter ever widens the result beyond what every word alone finds.
    found = _search(db, query)
    bound = set.intersection(*(_search(db, w) for w in words))
    assert found <= bound
    assert len(found) < len(set.union(*(_search(db, w) for w in words)))


@pytest.mark.parametrize("query", ['"', "*", "(", ")", '"*"', "()", "'", "：“”", "-", "+"])
def test_search_of_only_punctuation_finds_nothing_and_does_not_fail(
    db: Database, query: str
) -> None:
    assert build_match(query) is None
    with db.reading() as session:
        assert list_demands(session, DemandFilter(text=query), TODAY) == []
        assert count_demands(session, DemandFilter(text=query), TODAY) == 0
        assert list_contacts(session, ContactFilter(text=query)) == []


# --- the index follows edits and deletes -------------------------------------------------------


def _contact_names(db: Database, text: str) -> list[str]:
    with db.reading() as session:
        rows = list_contacts(session, ContactFilter(text=text), limit=10_000)
        assert count_contacts(session, ContactFilter(text=text)) == len(rows)
        return [r.name for r in rows]


def test_contact_search_follows_a_rename(own_db: Database, dataset: Dataset) -> None:
    assert _contact_names(own_db, "王五") == ["王五"]
    with own_db.writing() as session:
        contact = session.get(Contact, dataset.contacts["王五"])
        assert contact is not None
        WritePath(session).update(contact, name="钱七")
    assert _contact_names(own_db, "王五") == []
    assert _contact_names(own_db, "ww") == []
    assert _contact_names(own_db, "钱七") == ["钱七"]
    assert _contact_names(own_db, "qq") == ["钱七"]
    assert _contact_names(own_db, "qianqi") == ["钱七"]


def test_demand_search_follows_an_edit(own_db: Database, dataset: Dataset) -> None:
    lamp_broken = dataset.specials["lamp_broken"]
    with own_db.writing() as session:
        demand = session.get(Demand, lamp_broken)
        assert demand is not None
        WritePath(session).update(demand, title="村口水井干了", requester_name="赵六")
    assert lamp_broken not in _search(own_db, "路灯")
    assert lamp_broken in _search(own_db, "水井")
    assert lamp_broken in _search(own_db, "zl")
    assert lamp_broken not in _search(own_db, "李四")


def test_a_phrase_never_runs_across_punctuation_or_a_one_character_run(
    own_db: Database, dataset: Dataset
) -> None:
    lamp_broken = dataset.specials["lamp_broken"]
    with own_db.writing() as session:
        demand = session.get(Demand, lamp_broken)
        assert demand is not None
        WritePath(session).update(demand, title="大路灯，灯，灯坏了", description="井 水")
    found = lambda text: lamp_broken in _search(own_db, text)  # noqa: E731
    assert found("路灯") and found("灯坏了") and found("灯") and found("井")
    assert not found("路灯坏了") and not found("路灯灯") and not found("灯灯坏")
    assert not found("井水")


# What FTS5's ascii tokenizer sees must be nothing but tokens and spaces: it splits only on
# ASCII separators, so a stray "，" or "é" would become part of a token (migration 0002).
_DOCUMENT_TEXT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9a-z ]*")


@pytest.mark.parametrize(
    "text",
    [
        "路灯，灯坏了！（急）",
        "José Müller 家的 WiFi 坏了",
        "ＡＢＣ１２３ 全角字母",
        "表情😀和\t制表符\n换行",
        "<b>\"引号\"</b> & 'x' -- OR NOT *",
        "",
    ],
)
def test_documents_hold_only_tokens_and_spaces(text: str) -> None:
    demand = demand_document(
        {
            "title": text,
            "description": text,
            "number": "XQ-1",
            "requester_name": text,
            "requester_phone": "138-1234 5678",
        }
    )
    contact = contact_document(
        {
            "name": text,
            "address": text,
            "group_name": text,
            "phone": "０４３１—８４５６",
            "proxy_phone": None,
        }
    )
    for document in (demand, contact):
        for column, value in document.items():
            assert _DOCUMENT_TEXT.fullmatch(value), (column, value)


def test_deleted_records_are_not_listed_or_found(own_db: Database, dataset: Dataset) -> None:
    with own_db.writing() as session:
        writes = WritePath(session)
        contact = session.get(Contact, dataset.contacts["张三"])
        demand = session.get(Demand, dataset.specials["water"])
        assert contact is not None and demand is not None
        writes.delete(contact)
        writes.delete(demand)
    assert _contact_names(own_db, "张三") == []
    assert _contact_names(own_db, "5678") == []
    with own_db.reading() as session:
        assert count_contacts(session, ContactFilter()) == BULK_CONTACTS + 3
        assert dataset.contacts["张三"] not in {
            r.id for r in list_contacts(session, ContactFilter(), limit=10_000)
        }
    assert _search(own_db, "水") == {dataset.specials["lamp_water"]}
    assert dataset.specials["water"] not in _ids(own_db, DemandFilter())


def test_new_records_are_found_at_once(own_db: Database, dataset: Dataset) -> None:
    with own_db.writing() as session:
        WritePath(session).create(
            Contact(station_id=dataset.station_id, name="单田芳", phone="15912340000")
        )
    # 单 as a surname reads "shan".
    assert _contact_names(own_db, "stf") == ["单田芳"]
    assert _contact_names(own_db, "shantian") == ["单田芳"]
    assert _contact_names(own_db, "1234") == ["李四", "单田芳", "张三"]  # by pinyin


# --- the contact book -----------------------------------------------------------------------


def test_contact_filters(db: Database, dataset: Dataset) -> None:
    with db.reading() as session:
        contacts = list(session.scalars(select(Contact).where(Contact.deleted_at.is_(None))))
        cases = [
            (ContactFilter(grid_id=dataset.grids[0]), lambda c: c.grid_id == dataset.grids[0]),
            (ContactFilter(group_name="三组"), lambda c: c.group_name == "三组"),
            (
                ContactFilter(tags=frozenset({"LEFT_BEHIND_ELDERLY"})),
                lambda c: "LEFT_BEHIND_ELDERLY" in c.tags,
            ),
            (
                ContactFilter(group_name="一组", tags=frozenset({"LEFT_BEHIND_CHILD"})),
                lambda c: c.group_name == "一组" and "LEFT_BEHIND_CHILD" in c.tags,
            ),
            (
                ContactFilter(text="村民", grid_id=dataset.grids[1]),
                lambda c: c.name.startswith("村民") and c.grid_id == dataset.grids[1],
            ),
        ]
        for flt, predicate in cases:
            expected = {c.id for c in contacts if predicate(c)}
            assert expected and len(expected) < len(contacts)
            found = [r.id for r in list_contacts(session, flt, limit=10_000)]
            assert set(found) == expected and len(found) == len(expected)
            assert count_contacts(session, flt) == len(expected)
        tagged = {
            r.name
            for r in list_contacts(session, ContactFilter(tags=frozenset({"LEFT_BEHIND_ELDERLY"})))
        }
        assert tagged == {"张三", "王五"}


@pytest.mark.parametrize("key", ["name", "group", "address", "updated_at"])
@pytest.mark.parametrize("descending", [False, True])
def test_contact_pages_are_stable(db: Database, key: str, descending: bool) -> None:
    sort = Sort(key, descending)
    with db.reading() as session:
        full = [r.id for r in list_contacts(session, ContactFilter(), sort=sort, limit=10_000)]
        pages: list[str] = []
        for offset in range(0, len(full) + 10, 10):
            pages.extend(
                r.id
                for r in list_contacts(session, ContactFilter(), sort=sort, offset=offset, limit=10)
            )
    assert len(full) == BULK_CONTACTS + 4
    assert pages == full
    assert len(set(pages)) == len(full)


def test_contacts_sorted_by_name_follow_pinyin(db: Database) -> None:
    with db.reading() as session:
        rows = list_contacts(session, ContactFilter(), limit=10_000)
    names = [r.name for r in rows if not r.name.startswith("村民")]
    assert names == ["李四", "王五", "张三", "张珊珊"]
    bulk = [r.name for r in rows if r.name.startswith("村民")]
    assert bulk == sorted(bulk)
