"""Database triggers that make append-only tables refuse change, on SQLite and PostgreSQL.

Every guarded table refuses UPDATE and DELETE of a row. PostgreSQL also refuses TRUNCATE (a
statement trigger: TRUNCATE fires no row triggers). SQLite also refuses an INSERT whose key is
already taken, from any client: `INSERT OR REPLACE` would otherwise delete the old row without
firing its DELETE trigger (SQLite fires no delete triggers for REPLACE unless
recursive_triggers is on). The log's own tables are guarded here; ballots, seals and counts
register their tables with `append_only_migration(table)` in their own migrations.

These guards stop changes through any ordinary client; someone who may drop triggers can still
change rows, and that is what the signed log, the witnesses, the count and the verifier catch.
"""

from django.db import migrations

LEDGER_TABLE = "ledger_ledgerentry"
LOG_TABLES = ["ledger_ledgerentry", "ledger_ledgerleaf", "ledger_treehead"]
_MESSAGE = "%s rows are append-only"


def _sqlite_keys(cursor, table: str) -> list[list[str]]:
    """The column sets that must be unique in `table`: its primary key and unique indexes."""
    cursor.execute(f'PRAGMA table_info("{table}")')
    pk = [row[1] for row in sorted(cursor.fetchall(), key=lambda r: r[5]) if row[5]]
    keys = [pk] if pk else [["rowid"]]
    cursor.execute(f'PRAGMA index_list("{table}")')
    for row in cursor.fetchall():
        name, unique = row[1], row[2]
        if unique:
            cursor.execute(f'PRAGMA index_info("{name}")')
            columns = [info[2] for info in cursor.fetchall()]
            if columns and columns != pk:
                keys.append(columns)
    return keys


def _sqlite_create(table: str, cursor) -> list[str]:
    message = _MESSAGE % table
    taken = " OR ".join(
        "(" + " AND ".join(f'"{c}" = NEW."{c}"' for c in columns) + ")"
        for columns in _sqlite_keys(cursor, table))
    return [
        *_sqlite_drop(table),
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "  # noqa: S608 - names from migrations  # nosec B608
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {taken}) "
        f"BEGIN SELECT RAISE(ABORT, '{message}: the key is taken'); END;",
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_{kind};" for kind in ("no_update", "no_delete", "no_replace")]


def _postgres_create(table: str) -> list[str]:
    message = _MESSAGE % table
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();",
    ]


def _postgres_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};"]


def statements(vendor: str, table: str = LEDGER_TABLE, *, install: bool, cursor=None) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_create(table, cursor) if install else _sqlite_drop(table)
    if vendor == "postgresql":
        return _postgres_create(table) if install else _postgres_drop(table)
    raise NotImplementedError(f"no append-only guards for the {vendor} database")


def apply(connection, table: str = LEDGER_TABLE, *, install: bool = True) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, table, install=install, cursor=cursor):
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


def reinstall_all_migration(extra: list[str] = ()) -> migrations.RunPython:
    """Reinstall the current guards on every guarded table (after the guards gained a kind)."""

    def install(apps, schema_editor):
        for table in sorted(set(guarded_tables(schema_editor.connection)) | set(extra)):
            apply(schema_editor.connection, table, install=True)

    return migrations.RunPython(install, migrations.RunPython.noop)
