"""The stored form of values (desktop/models/rows/stored.py and RowInserter): the fast
formatting of instants and dates gives exactly what SQLAlchemy's own bind processors give,
and the column-wise conversion the demo uses equals the row-wise one a save uses."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Date, Table, inspect

from desktop.models.base import UtcDateTime
from desktop.models.db import open_database
from desktop.models.entities import SYNCED_ENTITIES, Demand
from desktop.models.rows.driver import read_all, read_one
from desktop.models.rows.stored import python_form, stored_form
from desktop.models.rows.write import row_inserter

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
INSTANTS = [
    dt.datetime(2026, 11, 29, 6, 25, tzinfo=dt.UTC),
    dt.datetime(2026, 11, 29, 14, 25, 0, 500_000, tzinfo=SHANGHAI),
    dt.datetime(2027, 1, 1, 0, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    dt.datetime(1949, 10, 1, 15, 0, tzinfo=SHANGHAI),
]
# A datetime given for a date column keeps its date only, as the bind processor stores it.
DAYS = [dt.date(2026, 11, 29), dt.date(2028, 2, 29), dt.date(1900, 1, 1), dt.datetime(1950, 3, 4, 8)]


@pytest.fixture(scope="module")
def dialect(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = open_database(tmp_path_factory.mktemp("stored") / "workbench.db")
    yield db.engine.dialect
    db.close()


def _dated_columns() -> list[Any]:
    return [
        column
        for entity in SYNCED_ENTITIES.values()
        for column in cast(Table, inspect(entity).local_table).columns
        if isinstance(column.type, UtcDateTime | Date)
    ]


@pytest.mark.parametrize("column", _dated_columns(), ids=lambda c: f"{c.table.name}.{c.key}")
def test_the_fast_form_of_instants_and_dates_is_the_bind_processors(
    column: Any, dialect: Any
) -> None:
    fast, slow = python_form(column, dialect), stored_form(column, dialect)
    assert fast is not None and slow is not None
    values = INSTANTS if isinstance(column.type, UtcDateTime) else DAYS
    assert [fast(v) for v in values] == [slow(v) for v in values]
    assert fast(None) is None
    if isinstance(column.type, UtcDateTime):
        naive = dt.datetime(2026, 11, 29, 8, 0)
        with pytest.raises(ValueError, match="naive"):
            fast(naive)
        with pytest.raises(ValueError, match="naive"):
            slow(naive)


def test_column_wise_values_equal_row_wise_ones(dialect: Any) -> None:
    """A shared instant object is converted once (the cache) and still lands in every row."""
    inserter = row_inserter(dialect, cast(Table, Demand.__table__))
    shared = INSTANTS[1]
    rows = [
        {"id": "a", "registered_at": shared, "created_at": shared, "anonymous": True,
         "due_date": DAYS[0], "title": "修路灯"},
        {"id": "b", "registered_at": INSTANTS[2], "created_at": shared, "anonymous": False,
         "due_date": None, "title": "量血压"},
    ]
    by_row = [inserter.params(row) for row in rows]
    by_column = inserter.columns(rows)
    assert [list(values) for values in zip(*by_column, strict=True)] == [
        list(values) for values in by_row
    ]
    stored = dict(zip(inserter.names, by_row[0], strict=True))
    assert stored["registered_at"] == "2026-11-29 06:25:00.500000"
    assert stored["anonymous"] == 1 and stored["due_date"] == "2026-11-29"


def test_a_hot_read_takes_select_statements_only(tmp_path: Path) -> None:
    db = open_database(tmp_path / "workbench.db")
    try:
        with db.writing() as session:
            conn = session.connection()
            before = read_one(conn, "SELECT count(*) FROM catalog_version WHERE active = 1")
            for sql in (
                "UPDATE catalog_version SET active = 0",
                "  delete from catalog_version",
                "WITH x AS (SELECT 1) INSERT INTO demand_number_counter VALUES ('20261129', 9)",
            ):
                with pytest.raises(ValueError, match="SELECT"):
                    read_all(conn, sql)
            assert read_one(conn, "SELECT count(*) FROM catalog_version WHERE active = 1") == before
            assert read_all(conn, "SELECT count(*) FROM demand_number_counter") == [(0,)]
    finally:
        db.close()
