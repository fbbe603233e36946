"""Pulling in pages: a new PC of the village gets everything, whatever the page boundaries.

A page is applied in one local transaction with its references checked at commit. A record
changed to point at a newer record (an old demand linked to a villager added later) must not
arrive on a page before the record it points at, or the page can never be applied.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sync_support import CountyServer, VillagePC

from desktop.models.demand import Demand, DemandEvent
from desktop.models.entities import Contact, Grid
from desktop.models.writes import WritePath
from desktop.sync import engine


def test_a_new_pc_pulls_a_village_page_by_page_with_every_reference_in_place(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pc1 = make_village(county)
    early = pc1.register("早先登记的需求")
    for n in range(4):
        pc1.register(f"其他需求{n}")
    pc1.sync()
    # Later: a grid and a villager are added, and the early demand is linked to them.
    with pc1.db.writing() as session:
        writes = WritePath(session)
        grid = writes.create(Grid(station_id=pc1.station_id, name="第三网格"))
        contact = writes.create(
            Contact(station_id=pc1.station_id, name="后来登记的村民", grid_id=grid.id)
        )
        grid_id, contact_id = grid.id, contact.id
    pc1.edit(early, requester_contact_id=contact_id, grid_id=grid_id)
    pc1.sync()

    for page in (1, 2, 3, 7):
        monkeypatch.setattr(engine, "PULL_PAGE", page)
        pc = make_village(county, with_station=False)
        pc.sync()
        demand = pc.demand(early)
        assert (demand.requester_contact_id, demand.grid_id) == (contact_id, grid_id), page
        for model in (Demand, DemandEvent, Contact, Grid):
            with pc.db.reading() as session, pc1.db.reading() as reference:
                assert sorted(session.scalars(select(model.id))) == sorted(
                    reference.scalars(select(model.id))
                ), (page, model)
