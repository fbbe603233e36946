"""重点人群 the county publishes: a village PC pulls them like any reference data, its forms
offer them and its roster import recognises them (and the other words for them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from sync_support import CountyServer, VillagePC

from desktop.models.contacts import vocabulary
from desktop.models.roster_import import import_roster, read_roster


def test_published_groups_reach_the_village_and_its_imports(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    county.admin_ok(
        "POST",
        "/api/v1/admin/publish/priority_group",
        json=[
            {
                "id": "0b8f1a5e-5d9a-4a8e-9a53-6d1c7b7e2a10",
                "code": "RURAL_ELDERLY_CARE",
                "name": "农村互助养老对象",
                "aliases": ["互助养老"],
                "active": True,
                "sort_order": 100,
            },
            {
                # The county stops using a built-in group.
                "id": "6f0c2b17-3b58-4f3f-8f07-2a1f2e6c5d44",
                "code": "HARDSHIP",
                "name": "困难群众",
                "aliases": [],
                "active": False,
                "sort_order": 0,
            },
        ],
    )
    pc.sync()
    with pc.db.reading() as session:
        words = vocabulary(session)
    assert words.labels["RURAL_ELDERLY_CARE"] == "农村互助养老对象"
    assert "HARDSHIP" not in words.labels
    assert words.code_for("互助养老") == "RURAL_ELDERLY_CARE"

    book = openpyxl.Workbook()
    for row in (["姓名", "联系电话", "人员类别"], ["闫秀芝", "13500001111", "互助养老、脱贫户"]):
        book.active.append(row)
    book.save(tmp_path / "花名册.xlsx")
    sheet = read_roster(tmp_path / "花名册.xlsx")
    with pc.db.writing() as session:
        report = import_roster(session, sheet, sheet.suggested, today=dt.date(2026, 12, 7))
    assert report.lines() == ["第 2 行：已导入：闫秀芝"]
    assert report.unknown_categories == {}
