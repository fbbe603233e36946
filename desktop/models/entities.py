"""Imports every entity so the metadata is complete (for Alembic and for lookups by name)."""

from __future__ import annotations

from desktop.models.activity import (
    Activity,
    Attachment,
    Commendation,
    PointsEntry,
    ServiceRecord,
    StarAward,
    Team,
    Volunteer,
)
from desktop.models.base import Base, SyncedMixin
from desktop.models.catalog import (
    ActivityType,
    CatalogVersion,
    DemandCategory,
    DemandTopic,
    PointsRule,
    PriorityGroup,
    Reward,
    StarSchemeRecord,
)
from desktop.models.demand import Demand, DemandEvent, DemandNumberCounter, ServiceMenuItem
from desktop.models.station import Contact, Grid, Station
from desktop.models.sync_tables import OutboxOp, SyncConflict, SyncRejection, SyncState

SYNCED_ENTITIES: dict[str, type[SyncedMixin]] = {
    cls.SYNC_ENTITY: cls
    for cls in (
        Station, Grid, Contact, Demand, DemandEvent, ServiceMenuItem, Team, Volunteer, Activity,
        ServiceRecord, PointsEntry, StarAward, Commendation, Attachment, CatalogVersion,
        DemandCategory, DemandTopic, ActivityType, StarSchemeRecord, PriorityGroup, PointsRule,
        Reward,
    )
}

__all__ = [
    "SYNCED_ENTITIES",
    "Activity",
    "ActivityType",
    "Attachment",
    "Base",
    "CatalogVersion",
    "Commendation",
    "Contact",
    "Demand",
    "DemandCategory",
    "DemandEvent",
    "DemandNumberCounter",
    "DemandTopic",
    "Grid",
    "OutboxOp",
    "PointsEntry",
    "PointsRule",
    "PriorityGroup",
    "Reward",
    "ServiceMenuItem",
    "ServiceRecord",
    "StarAward",
    "StarSchemeRecord",
    "Station",
    "SyncConflict",
    "SyncRejection",
    "SyncState",
    "Team",
    "Volunteer",
]
