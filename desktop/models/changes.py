"""What a domain action changed, in the kinds the screens care about (as Anki's operations
return OpChanges).

A domain action (desktop/models: ``file_demand``, ``save_contact_form``, ``create_grid`` …)
returns its result with a :class:`Changes`: ``Changed(value, changes)``. The operation that ran
it in the window (``desktop/ui/common/operations.WriteOp``) tells every page exactly that once the
transaction has committed; each page reloads only for the kinds it shows. No dialog decides
what changed, and a sync round that brought nothing reloads nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Which kinds of records changed."""

    demands: bool = False
    contacts: bool = False
    # The station's set-up and the reference data its forms offer: 本站信息, grids, the
    # service menu, the demand catalog, priority groups.
    station: bool = False
    activities: bool = False
    volunteers: bool = False
    # The sync's own state: what waits to be reported, conflicts, refusals, the last round.
    sync_state: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(a or b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def __bool__(self) -> bool:
        return any(astuple(self))

    @staticmethod
    def of_entities(entities: Iterable[str]) -> Changes:
        """The kinds a change of these synced entities (``SYNC_ENTITY`` names) touches."""
        found = Changes()
        for entity in entities:
            found |= ENTITY_CHANGES.get(entity, Changes())
        return found


# Per synced entity, what the screens show of it.
ENTITY_CHANGES: dict[str, Changes] = {
    "station": Changes(station=True),
    "grid": Changes(contacts=True, station=True),
    "contact": Changes(contacts=True),
    "demand": Changes(demands=True),
    "demand_event": Changes(demands=True),
    "service_menu_item": Changes(station=True),
    "catalog_version": Changes(station=True),
    "demand_category": Changes(station=True),
    "demand_topic": Changes(station=True),
    "priority_group": Changes(contacts=True, station=True),
    "activity_type": Changes(activities=True, station=True),
    "team": Changes(activities=True, volunteers=True),
    "volunteer": Changes(volunteers=True),
    "activity": Changes(activities=True),
    "service_record": Changes(activities=True, volunteers=True),
    "points_entry": Changes(volunteers=True),
    "star_award": Changes(volunteers=True),
    "commendation": Changes(volunteers=True),
    "points_rule": Changes(volunteers=True),
    "reward": Changes(volunteers=True),
    "star_scheme": Changes(volunteers=True),
    "attachment": Changes(demands=True, activities=True),
}


@dataclass(frozen=True)
class Changed(Generic[T]):
    """A domain action's result and what it changed."""

    value: T
    changes: Changes = Changes()
