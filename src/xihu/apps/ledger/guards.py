"""Database triggers that make append-only tables refuse UPDATE and DELETE, on SQLite and
PostgreSQL. The ledger is guarded here; ballots, seals and counts register their tables with
`append_only_migration(table)` in their own migrations."""

from django.db import migrations

LEDGER_TABLE = "ledger_ledgerentry"
_MESSAGE = "%s rows are append-only"


def _sqlite_create(table: str) -> list[str]:
    message = _MESSAGE % table
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]


def _postgres_create(table: str) -> list[str]:
    message = _MESSAGE % table
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
    ]


def _postgres_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"]


def statements(vendor: str, table: str = LEDGER_TABLE, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_create(table) if install else _sqlite_drop(table)
    if vendor == "postgresql":
        return _postgres_create(table) if install else _postgres_drop(table)
    raise NotImplementedError(f"no append-only guards for the {vendor} database")


def apply(connection, table: str = LEDGER_TABLE, *, install: bool = True) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, table, install=install):
            cursor.execute(sql)


def guarded_tables(connection) -> list[str]:
    """Tables that carry append-only triggers in this database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE '%_no_update'")
            return [name.removesuffix("_no_update") for (name,) in cursor.fetchall()]
        cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name LIKE '%_append_only' GROUP BY event_object_table")
        return [name for (name,) in cursor.fetchall()]


def append_only_migration(table: str) -> migrations.RunPython:
    """A migration operation that installs (and on reverse removes) the guards on `table`."""

    def install(apps, schema_editor):
        apply(schema_editor.connection, table, install=True)

    def remove(apps, schema_editor):
        apply(schema_editor.connection, table, install=False)

    return migrations.RunPython(install, remove)
