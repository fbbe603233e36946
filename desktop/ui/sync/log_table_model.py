"""The sync log on the 同步 page: one row per finished sync round, newest first."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.models.beijing import beijing_time
from desktop.sync.history import SyncRun
from desktop.ui.sync.table_model import Column, SyncRowsTableModel


class SyncLogTableModel(SyncRowsTableModel):
    COL_TIME, COL_RESULT, COL_TRIGGER, COL_DETAILS = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("时间"), lambda r: beijing_time(r.started), lambda r: r.started_at),
            Column(self.tr("结果"), self._result, lambda r: int(r.ok)),
            Column(
                self.tr("方式"),
                lambda r: self.tr("手动") if r.user_started else self.tr("自动"),
                lambda r: int(r.user_started),
            ),
            Column(self.tr("说明"), lambda r: r.summary, lambda r: r.summary),
        ]

    def _result(self, run: SyncRun) -> str:
        return self.tr("成功") if run.ok else self.tr("未完成")

    def record_id(self, row: SyncRun) -> str:
        return row.id
