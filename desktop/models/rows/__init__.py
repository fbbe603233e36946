"""Every write of rows with plain SQL (a test keeps it that way); see docs/storage.md.

``stored`` (each column's stored form), ``write`` (bulk creates, a pulled page's rows, push
answers, the outbox, the 需求编号 counters), ``index`` (search documents and rowids, the ORM
flush hooks that keep them), ``stage`` (the demo's staged copies) and ``driver`` (the driver
connection; SELECT-only hot reads for other modules).
"""
