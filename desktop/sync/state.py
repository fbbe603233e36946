"""Small typed accessors for the key/value ``sync_state`` table."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.models.sync_tables import SyncState

PULL_CURSOR = "pull_cursor"
LAST_SUCCESS = "last_success_at"
LAST_ATTEMPT = "last_attempt_at"
LAST_ERROR = "last_error"
CLOCK_OFFSET = "clock_offset_seconds"
FEED_EPOCH = "feed_epoch"  # the county database's identity (wire.HEADER_FEED_EPOCH)


def get_state(session: Session, key: str, default: str = "") -> str:
    row = session.get(SyncState, key)
    return row.value if row is not None else default


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value
