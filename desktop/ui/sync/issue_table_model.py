"""The 冲突, 被退回 and 暂未接收 lists of the 同步 page."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.models.beijing import beijing_time
from desktop.models.sync_views import ConflictView, HeldView, RejectionView
from desktop.ui.common.record_labels import translated_field
from desktop.ui.sync.table_model import Column, SyncRowsTableModel


class SyncConflictTableModel(SyncRowsTableModel):
    """Fields this PC and the county both changed: the value kept and the one overwritten."""

    COL_RECORD, COL_FIELD, COL_LOCAL, COL_SERVER, COL_TIME = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("记录"), lambda r: r.record, lambda r: r.record),
            Column(
                self.tr("内容"),
                lambda r: translated_field(r.field_label),
                lambda r: r.field_label,
            ),
            Column(self.tr("本机的值（已采用）"), lambda r: r.local_value, lambda r: r.local_value),
            Column(self.tr("县中心原来的值"), lambda r: r.server_value, lambda r: r.server_value),
            Column(
                self.tr("时间"),
                lambda r: beijing_time(r.reported_at),
                lambda r: r.reported_at.timestamp(),
            ),
        ]

    def record_id(self, row: ConflictView) -> str:
        return row.id


class SyncRejectionTableModel(SyncRowsTableModel):
    """Changes the county refused, with its reason."""

    COL_RECORD, COL_CHANGE, COL_REASON, COL_TIME = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("记录"), lambda r: r.record, lambda r: r.record),
            Column(self.tr("修改的内容"), lambda r: r.changed_fields, lambda r: r.changed_fields),
            Column(self.tr("县中心的说明"), lambda r: r.reason, lambda r: r.reason),
            Column(
                self.tr("时间"),
                lambda r: beijing_time(r.reported_at),
                lambda r: r.reported_at.timestamp(),
            ),
        ]

    def record_id(self, row: RejectionView) -> str:
        return row.op_id


class SyncHeldTableModel(SyncRowsTableModel):
    """Records from the county this PC has not taken in yet: why, and what to do."""

    COL_RECORD, COL_REASON, COL_ADVICE, COL_SINCE, COL_TRIES = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("记录"), lambda r: r.record, lambda r: r.record),
            Column(self.tr("原因"), lambda r: r.reason, lambda r: r.reason),
            Column(self.tr("怎么办"), lambda r: r.advice, lambda r: r.kind),
            Column(
                self.tr("首次收到"),
                lambda r: beijing_time(r.held_at),
                lambda r: r.held_at.timestamp(),
            ),
            Column(self.tr("已试次数"), lambda r: str(r.attempts), lambda r: r.attempts),
        ]

    def record_id(self, row: HeldView) -> str:
        return f"{row.entity}:{row.record_id}"
