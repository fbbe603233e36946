"""What a domain action or a sync round changed, in the kinds the screens care about."""

from __future__ import annotations

import liaison_wire as wire
from desktop.models.changes import ENTITY_CHANGES, Changes


def test_every_synced_entity_says_which_screens_show_it() -> None:
    """A new kind of record must be placed: else a sync bringing it would reload nothing."""
    assert set(ENTITY_CHANGES) == set(wire.ENTITIES)
    assert all(ENTITY_CHANGES.values())


def test_changes_combine_and_nothing_is_false() -> None:
    assert not Changes()
    assert Changes(demands=True) | Changes(sync_state=True) == Changes(demands=True, sync_state=True)
    assert Changes.of_entities(["demand_event", "grid"]) == Changes(
        demands=True, contacts=True, station=True
    )
    assert Changes.of_entities([]) == Changes()
