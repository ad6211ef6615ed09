"""SQLite with the ledger guards kept through flushes (see base.py)."""
