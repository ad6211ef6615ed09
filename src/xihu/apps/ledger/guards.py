"""Database triggers that make ledger rows immutable, for SQLite and PostgreSQL."""

LEDGER_TABLE = "ledger_ledgerentry"
_MESSAGE = "ledger entries are append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON {LEDGER_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON {LEDGER_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_no_update;",
    "DROP TRIGGER IF EXISTS ledger_no_delete;",
]

POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION xihu_ledger_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{_MESSAGE}'; END; $$ LANGUAGE plpgsql;",
    f"DROP TRIGGER IF EXISTS ledger_append_only ON {LEDGER_TABLE};",
    f"CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON {LEDGER_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION xihu_ledger_append_only();",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS ledger_append_only ON {LEDGER_TABLE};"]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if install else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_CREATE if install else POSTGRES_DROP
    raise NotImplementedError(f"no ledger guards for the {vendor} database")


def apply(connection, *, install: bool = True) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=install):
            cursor.execute(sql)
