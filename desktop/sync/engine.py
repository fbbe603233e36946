"""One sync round: push the outbox in batches, then pull the county's changes page by page.

Push comes first so that what is pulled already reflects this device's own writes. Each batch
result and each pulled page is applied in its own local transaction together with its
bookkeeping, so the round can be interrupted anywhere (power cut, killed process, lost
connection) and simply run again. The client's clock is only compared with the server's, to
warn about a skew; it never orders anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

import liaison_wire as wire
from desktop.models.base import new_uuid, utcnow
from desktop.models.db import Database
from desktop.models.sync_tables import OutboxOp
from desktop.sync import state
from desktop.sync.apply import apply_changes, apply_push_results
from desktop.sync.transport import Cancelled, SyncError, Transport

PUSH_BATCH = 200
PULL_PAGE = 500

Progress = Callable[[str, int, int], None]


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    clock_skew: dt.timedelta | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew is not None and abs(self.clock_skew) > wire.CLOCK_SKEW_WARNING

    def summary(self) -> str:
        parts = [f"上报 {self.pushed} 条", f"收到 {self.pulled} 条更新"]
        if self.duplicates:
            parts.append(f"重复 {self.duplicates} 条（已忽略）")
        if self.conflicts:
            parts.append(f"冲突 {self.conflicts} 处")
        if self.rejected:
            parts.append(f"被退回 {self.rejected} 条")
        if self.clock_warning and self.clock_skew is not None:
            minutes = round(self.clock_skew.total_seconds() / 60)
            parts.append(f"本机时钟与服务器相差约 {abs(minutes)} 分钟，请校准电脑时间")
        return "，".join(parts)


class SyncEngine:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.transport = transport
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.cancelled = cancelled
        self.clock = clock
        self.report = SyncReport()

    def _note_server_time(self, server_time: str | None) -> None:
        if server_time:
            self.report.clock_skew = self.clock() - wire.parse_utc(server_time)

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise Cancelled("同步已取消；已完成的部分不受影响，下次继续")

    def push(self) -> None:
        with self.db.reading() as session:
            total = int(session.scalar(select(func.count()).select_from(OutboxOp)) or 0)
        done = 0
        while True:
            self._check_cancel()
            with self.db.reading() as session:
                ops = list(
                    session.scalars(
                        select(OutboxOp).order_by(OutboxOp.device_seq).limit(PUSH_BATCH)
                    )
                )
            if not ops:
                return
            answer = self.transport.request(
                "POST",
                "/api/v1/sync/push",
                payload={
                    "batch_id": new_uuid(),
                    "ops": [
                        {
                            "op_id": op.op_id,
                            "device_seq": op.device_seq,
                            "entity": op.entity,
                            "record_id": op.record_id,
                            "op": op.op,
                            "fields": op.fields,
                            "base_version": op.base_version,
                        }
                        for op in ops
                    ],
                },
            )
            self._note_server_time(answer.server_time)
            with self.db.writing() as session:
                counts = apply_push_results(session, ops, answer.body.get("results") or [])
            self.report.pushed += counts["applied"]
            self.report.duplicates += counts["duplicate"]
            self.report.conflicts += counts["conflicts"]
            self.report.rejected += counts["rejected"]
            done += len(ops)
            self.progress("push", done, max(total, done))

    def pull(self) -> None:
        with self.db.reading() as session:
            cursor = int(state.get_state(session, state.PULL_CURSOR, "0"))
        while True:
            self._check_cancel()
            answer = self.transport.request(
                "GET", "/api/v1/sync/pull", params={"cursor": cursor, "limit": PULL_PAGE}
            )
            self._note_server_time(answer.server_time)
            page = answer.body
            with self.db.writing() as session:
                # Within a page a child may arrive before its parent; check references at commit.
                session.execute(text("PRAGMA defer_foreign_keys = ON"))
                self.report.pulled += apply_changes(session, page.get("changes") or [])
                cursor = int(page["next_cursor"])
                state.set_state(session, state.PULL_CURSOR, str(cursor))
            self.progress("pull", self.report.pulled, self.report.pulled)
            if not page.get("has_more"):
                return

    def run(self) -> SyncReport:
        """Push, then pull. Records the outcome in ``sync_state`` for the status bar."""
        started = self.clock()
        try:
            self.push()
            self.pull()
        except SyncError as error:
            with self.db.writing() as session:
                state.set_state(session, state.LAST_ATTEMPT, wire.utc_iso(started))
                state.set_state(session, state.LAST_ERROR, error.message)
            raise
        with self.db.writing() as session:
            state.set_state(session, state.LAST_ATTEMPT, wire.utc_iso(started))
            state.set_state(session, state.LAST_SUCCESS, wire.utc_iso(self.clock()))
            state.set_state(session, state.LAST_ERROR, "")
            if self.report.clock_skew is not None:
                state.set_state(
                    session, state.CLOCK_OFFSET, str(self.report.clock_skew.total_seconds())
                )
        return self.report
