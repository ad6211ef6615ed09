"""SQLite backend whose flush (wiping the whole database) lifts the append-only guards for its
duration.

Row-level UPDATE and DELETE on guarded rows stay refused by triggers; wiping every table at once
is an administrator's act (PostgreSQL's TRUNCATE does not fire row triggers either), and the
guards are put back in the same statement list.
"""

from django.db.backends.sqlite3 import base


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        from xihu.apps.ledger import guards

        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        guarded = [t for t in guards.guarded_tables(self.connection) if t in tables]
        drop = [sql for t in guarded for sql in guards.statements("sqlite", t, install=False)]
        create = [sql for t in guarded for sql in guards.statements("sqlite", t, install=True)]
        return drop + statements + create


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
