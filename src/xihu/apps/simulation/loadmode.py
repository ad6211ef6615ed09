"""SQLite settings for loading a whole simulated edition in one transaction (the demo, `xihu
simulate`), put back when the load ends.

The load is one transaction of some 170 MB on the pilot. SQLite's default page cache (2 MB)
spills it to the file page by page while the transaction runs, and rewrites the same pages
again and again (1.4 GB written for a 170 MB file); a cache as large as the load keeps it in
memory until the commit, which writes each page once. `synchronous=NORMAL` leaves out the
fsync of every commit but the checkpoint's: after a power cut the file is intact (WAL) and the
load is simply not there, and the demo loads again. The file is left in WAL mode, which is
also what the served site wants (readers do not wait for the sequencer's writes).

PostgreSQL needs nothing here; its planner's statistics are refreshed after each stage inside
the transaction (runner._analyze)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

CACHE_KIB = 512 * 1024  # at most this much memory for the page cache (used only as pages are)


def _pragma(cursor, name: str, value=None):
    if value is not None:
        cursor.execute(f"PRAGMA {name}={value}")  # constants of this module only
    cursor.execute(f"PRAGMA {name}")
    row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def bulk_load():
    """Around a load, outside any transaction (journal_mode cannot change inside one)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        before = {name: _pragma(cursor, name) for name in ("synchronous", "cache_size", "temp_store")}
        _pragma(cursor, "journal_mode", "WAL")
        _pragma(cursor, "synchronous", "NORMAL")
        _pragma(cursor, "cache_size", -CACHE_KIB)
        _pragma(cursor, "temp_store", "MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                _pragma(cursor, name, value)
