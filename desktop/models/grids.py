"""网格: the station's grids, their names, order and leaders (网格长), and the choices the forms
offer. Domain actions return what they changed (desktop/models/changes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError
from desktop.models.station import Contact, Grid
from desktop.models.station_setup import current_station_id
from desktop.models.writes import WritePath

# A grid shows in the contact book (its filter, a villager's grid) and the station's set-up.
GRIDS_CHANGED = Changes(contacts=True, station=True)


@dataclass(frozen=True)
class GridChoice:
    id: str
    name: str


def grid_choices(session: Session) -> list[GridChoice]:
    return [
        GridChoice(grid_id, name)
        for grid_id, name in session.execute(
            select(Grid.id, Grid.name)
            .where(Grid.deleted_at.is_(None))
            .order_by(Grid.sort_order, Grid.name)
        )
    ]


@dataclass(frozen=True)
class GridView:
    id: str
    name: str
    leader_id: str | None
    leader_name: str


def load_grids(session: Session) -> list[GridView]:
    rows = session.execute(
        select(Grid.id, Grid.name, Grid.leader_contact_id, Contact.name)
        .outerjoin(Contact, Contact.id == Grid.leader_contact_id)
        .where(Grid.deleted_at.is_(None))
        .order_by(Grid.sort_order, Grid.name)
    )
    return [
        GridView(gid, name, leader, leader_name or "") for gid, name, leader, leader_name in rows
    ]


def _clean_name(session: Session, name: str, grid_id: str | None) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise LiaisonError("请填写网格名称。")
    if len(cleaned) > 100:
        raise LiaisonError("网格名称最多 100 个字。")
    taken = session.scalar(
        select(Grid.id).where(
            Grid.deleted_at.is_(None), Grid.name == cleaned, Grid.id != (grid_id or "")
        )
    )
    if taken is not None:
        raise LiaisonError(f"已经有名为“{cleaned}”的网格了。")
    return cleaned


def add_grid(session: Session, name: str) -> Changed[str]:
    """A new grid of the station, last in the order; its id."""
    cleaned = _clean_name(session, name, None)
    order = session.scalar(select(func.max(Grid.sort_order)).where(Grid.deleted_at.is_(None)))
    grid = WritePath(session).create(
        Grid(station_id=current_station_id(session), name=cleaned, sort_order=(order or 0) + 1)
    )
    session.flush()
    return Changed(grid.id, GRIDS_CHANGED)


def _grid(session: Session, grid_id: str) -> Grid:
    grid = session.get(Grid, grid_id)
    if grid is None or grid.deleted_at is not None:
        raise LiaisonError("这个网格已被删除。")
    return grid


def rename_grid(session: Session, grid_id: str, name: str) -> Changed[None]:
    WritePath(session).update(_grid(session, grid_id), name=_clean_name(session, name, grid_id))
    return Changed(None, GRIDS_CHANGED)


def set_grid_leader(session: Session, grid_id: str, contact_id: str | None) -> Changed[None]:
    """网格长: a villager of the contact book, or nobody."""
    WritePath(session).update(_grid(session, grid_id), leader_contact_id=contact_id)
    return Changed(None, GRIDS_CHANGED)
