"""SQLite backend whose flush (wiping the whole database) lifts the triggers of the flushed
tables for its duration.

Row-level UPDATE, DELETE and REPLACE on guarded rows stay refused by triggers; wiping every
table at once is an administrator's act (like PostgreSQL's TRUNCATE, which this project's
PostgreSQL backend allows only inside a flush), and every trigger is put back, from its own
stored SQL, in the same statement list.
"""

from django.db.backends.sqlite3 import base


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not tables:
            return statements
        with self.connection.cursor() as cursor:
            marks = ",".join("%s" for _ in tables)
            cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type='trigger' "  # noqa: S608 - only placeholders  # nosec B608
                           f"AND tbl_name IN ({marks})", list(tables))
            triggers = cursor.fetchall()
        drop = [f'DROP TRIGGER IF EXISTS "{name}";' for name, _sql in triggers]
        create = [f"{sql};" for _name, sql in triggers]
        return drop + statements + create


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
