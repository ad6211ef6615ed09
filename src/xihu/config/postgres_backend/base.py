"""PostgreSQL backend whose flush (the test runner's wipe of the whole database) disables the
flushed tables' own triggers around its TRUNCATE: guarded tables refuse TRUNCATE otherwise."""

from django.db.backends.postgresql import base


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not tables:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)", [list(tables)])
            triggered = sorted(name for (name,) in cursor.fetchall())
        quote = self.quote_name
        off = [f"ALTER TABLE {quote(t)} DISABLE TRIGGER USER;" for t in triggered]
        on = [f"ALTER TABLE {quote(t)} ENABLE TRIGGER USER;" for t in triggered]
        return off + statements + on


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
