"""Database triggers that keep a frozen ballot and its items unchanged.

PostgreSQL refuses any UPDATE or DELETE of a frozen ballot, and any INSERT, UPDATE or DELETE of
an item of a frozen ballot. SQLite refuses the same UPDATEs and INSERTs; it leaves DELETE to the
PROTECT foreign keys and the services, because the test runner's flush (an administrator's wipe,
like PostgreSQL's TRUNCATE, which fires no row triggers) deletes rows in no fixed order.
"""

from django.db import migrations

MESSAGE = "the ballot is frozen and cannot change"

_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS ballots_ballot_frozen_update BEFORE UPDATE ON ballots_ballot "
    "WHEN OLD.frozen_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'the ballot is frozen and cannot change'); END;",
    "CREATE TRIGGER IF NOT EXISTS ballots_ballotitem_frozen_insert BEFORE INSERT ON ballots_ballotitem "
    "WHEN (SELECT frozen_at FROM ballots_ballot WHERE id = NEW.ballot_id) IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'the ballot is frozen and cannot change'); END;",
    "CREATE TRIGGER IF NOT EXISTS ballots_ballotitem_frozen_update BEFORE UPDATE ON ballots_ballotitem "
    "WHEN (SELECT frozen_at FROM ballots_ballot WHERE id IN (OLD.ballot_id, NEW.ballot_id) "
    "AND frozen_at IS NOT NULL LIMIT 1) IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'the ballot is frozen and cannot change'); END;",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ballots_ballot_frozen_update;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_frozen_insert;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_frozen_update;",
]
_POSTGRES = [
    "CREATE OR REPLACE FUNCTION ballots_ballot_frozen() RETURNS trigger AS $$ BEGIN "
    "IF OLD.frozen_at IS NOT NULL THEN RAISE EXCEPTION 'the ballot is frozen and cannot change'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "DROP TRIGGER IF EXISTS ballots_ballot_frozen ON ballots_ballot;",
    "CREATE TRIGGER ballots_ballot_frozen BEFORE UPDATE OR DELETE ON ballots_ballot "
    "FOR EACH ROW EXECUTE FUNCTION ballots_ballot_frozen();",
    "CREATE OR REPLACE FUNCTION ballots_ballotitem_frozen() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM ballots_ballot WHERE id = OLD.ballot_id "
    "AND frozen_at IS NOT NULL) THEN RAISE EXCEPTION 'the ballot is frozen and cannot change'; END IF; "
    "IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM ballots_ballot WHERE id = NEW.ballot_id "
    "AND frozen_at IS NOT NULL) THEN RAISE EXCEPTION 'the ballot is frozen and cannot change'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_frozen ON ballots_ballotitem;",
    "CREATE TRIGGER ballots_ballotitem_frozen BEFORE INSERT OR UPDATE OR DELETE ON ballots_ballotitem "
    "FOR EACH ROW EXECUTE FUNCTION ballots_ballotitem_frozen();",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS ballots_ballot_frozen ON ballots_ballot;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_frozen ON ballots_ballotitem;",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError("no frozen-ballot guards for the {vendor} database")
    with schema_editor.connection.cursor() as cursor:
        for sql in statements[vendor]:
            cursor.execute(sql)


def frozen_guards_migration() -> migrations.RunPython:
    def install(apps, schema_editor):
        _run(schema_editor, {"sqlite": _SQLITE, "postgresql": _POSTGRES})

    def remove(apps, schema_editor):
        _run(schema_editor, {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP})

    return migrations.RunPython(install, remove)
