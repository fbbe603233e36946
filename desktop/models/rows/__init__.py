"""Every plain-SQL write of a synced table or the outbox, and the only use of the driver
connection (a test keeps it that way); see docs/storage.md. The sync's own bookkeeping tables
(sync_held, sync_conflict, sync_rejection) are written elsewhere with Core statements.

``stored`` (each column's stored form), ``write`` (bulk creates, a pulled page's rows, push
answers, the outbox, the 需求编号 counters), ``index`` (search documents and rowids, the ORM
flush hooks that keep them), ``stage`` (the demo's staged copies) and ``driver`` (the driver
connection; SELECT-only hot reads for other modules).
"""
