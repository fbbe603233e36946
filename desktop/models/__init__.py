"""Qt-free domain and storage layer: SQLAlchemy entities, rules, the write path and list queries."""
