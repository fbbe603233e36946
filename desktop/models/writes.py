"""The one write path for synced records.

Every create, update and delete of a synced record goes through :class:`WritePath`, which
writes exactly one outbox op in the same transaction as the change: changed fields only, with
the server version the change was based on. The UI, the importers and the demo generator all
use it; the sync client applies the county's changes through its own path, which writes no
ops (those changes come *from* the server).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from desktop.models.base import SyncedMixin, new_uuid, utcnow
from desktop.models.rows.stored import column_defaults, default_value, village_fields, wire_value
from desktop.models.rows.write import insert_records
from desktop.models.sync_tables import OutboxOp

T = TypeVar("T", bound=SyncedMixin)


class CountyFieldError(ValueError):
    """A village-side write tried to change a field the county owns (a programming error)."""


class WritePath:
    """Creates, updates and deletes synced records in ``session``, one outbox op each.

    Nothing is flushed here: a user action's records and ops reach the database together at
    the next query (autoflush) or at commit, in one round of statements.

    ``clock`` is injectable for tests; it only stamps records for display, never orders sync.
    """

    def __init__(self, session: Session, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.session = session
        self.clock = clock

    def _record_op(
        self, obj: SyncedMixin, op: str, fields: Mapping[str, Any], base_version: int | None
    ) -> OutboxOp:
        entry = OutboxOp(
            op_id=new_uuid(),
            entity=obj.SYNC_ENTITY,
            record_id=obj.id,
            op=op,
            fields={k: wire_value(v) for k, v in fields.items()},
            base_version=base_version,
            created_at=self.clock(),
        )
        self.session.add(entry)
        return entry

    def create(self, obj: T) -> T:
        """Add a new record; the op carries every village-owned field."""
        now = self.clock()
        if obj.id is None:
            obj.id = new_uuid()
        obj.created_at = obj.updated_at = now
        # Column defaults ("", [], False …) are set now rather than by the INSERT, so the op
        # carries the values really stored instead of the unset attributes' None.
        for key, arg, is_callable in column_defaults(type(obj)):
            if getattr(obj, key) is None:
                setattr(obj, key, default_value(arg, is_callable))
        self.session.add(obj)
        fields = {name: getattr(obj, name) for name in village_fields(type(obj))}
        self._record_op(obj, "create", fields, None)
        return obj

    def update(self, obj: T, **changes: Any) -> set[str]:
        """Apply ``changes``; the op carries only the fields whose value really changed.

        Returns the changed field names (empty: nothing changed and no op was written).
        """
        allowed = set(village_fields(type(obj)))
        forbidden = set(changes) - allowed
        if forbidden:
            raise CountyFieldError(
                f"{obj.SYNC_ENTITY}: fields not writable by the village: {sorted(forbidden)}"
            )
        if obj.deleted_at is not None:
            raise ValueError(f"{obj.SYNC_ENTITY} {obj.id} is deleted")
        changed = {k: v for k, v in changes.items() if getattr(obj, k) != v}
        if not changed:
            return set()
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.updated_at = self.clock()
        self._record_op(obj, "update", changed, obj.server_version)
        return set(changed)

    def delete(self, obj: SyncedMixin) -> None:
        """Tombstone the record (``deleted_at``); it stays in the database and in the feed."""
        if obj.deleted_at is not None:
            return
        now = self.clock()
        obj.deleted_at = obj.updated_at = now
        self._record_op(obj, "delete", {}, obj.server_version)

    def create_many(
        self, entity: type[SyncedMixin], rows: list[dict[str, Any]], *, from_server: bool = False
    ) -> None:
        """Insert many new records at once (imports, the demo generator).

        Same effect as :meth:`create` per row, in bulk: one create op per record, and the
        search index entries for demands and contacts. ``from_server=True`` marks rows as the
        county's (``server_version`` 1, no ops), e.g. a demo station that has synced before.
        """
        self.create_groups([(entity, rows)], from_server=from_server)

    def create_groups(
        self,
        groups: list[tuple[type[SyncedMixin], list[dict[str, Any]]]],
        *,
        from_server: bool = False,
    ) -> None:
        """:meth:`create_many` for rows of several entities (in order: parents first), with
        their ops in one statement, e.g. a demand and its first timeline event. Plain INSERTs
        (:func:`desktop.models.rows.write.insert_records`) rather than the ORM's unit of work,
        which costs several times as much."""
        insert_records(self.session, groups, self.clock(), from_server=from_server)
