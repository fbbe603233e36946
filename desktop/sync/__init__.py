"""Qt-free sync client for the county server (protocol in docs/sync-protocol.md)."""
