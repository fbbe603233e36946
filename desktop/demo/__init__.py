"""Realistic demo data for a village practice station (演示数据), outside the domain layer:
``texts`` (the village, its people and their words), ``generate`` (``generate_demo``), ``load``
(writing the rows fast).

Fills a database with a fictional but plausible village (吉林省长春市农安县合隆镇陈家店村): grids,
a contact book of villagers, demands with complete timelines in every status, volunteer teams,
volunteers, activities, service hours and a points ledger. Everything is drawn from one
``random.Random(seed)`` against a reference instant derived from the current date, so one seed
gives the same data all day long.

With ``unsynced=False`` the station looks as if it had synced before: every row is the county's
(``server_version`` 1) and nothing waits in the outbox. With ``unsynced=True`` only what a
village makes on its own before its first sync is created (demands stay 已上报), and every record
has one create op in the outbox (a grid also an update naming its leader, once the leader is
in the contact book), which is what end-to-end sync tests need.

Rows are written in batches of one transaction each, so a cancel lands between batches. The
village's rows go through :meth:`WritePath.create_many` (search index, derived pinyin, one
outbox op each). The county's villagers, demands and timeline events (about 800,000 rows for
100,000 demands) take a faster path with the same stored result (the staged copies of
``desktop.models.rows.stage``, checked by a test): values are put in storage form while the
previous batch commits, loaded into TEMP tables and copied in one ``INSERT … SELECT`` each, by a
second thread (``load.Pipeline``) that commits while the next batch is generated.
"""
