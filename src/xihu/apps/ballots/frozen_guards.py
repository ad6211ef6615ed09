"""Database triggers that keep a frozen ballot and its items unchanged.

PostgreSQL refuses any UPDATE or DELETE of a frozen ballot, and any INSERT, UPDATE or DELETE of
an item of a frozen ballot, and TRUNCATE while a ballot is frozen; SQLite refuses the same
UPDATEs, INSERTs and DELETEs (the second set, below).
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


# Second set (migration 0005): SQLite also refuses DELETE of a frozen ballot and of its items
# (the test runner's flush now lifts every trigger of the tables it wipes, see
# xihu.config.sqlite_backend), and PostgreSQL refuses TRUNCATE while any ballot is frozen.
_SQLITE_V2 = [
    "CREATE TRIGGER IF NOT EXISTS ballots_ballot_frozen_delete BEFORE DELETE ON ballots_ballot "
    "WHEN OLD.frozen_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'the ballot is frozen and cannot change'); END;",
    "CREATE TRIGGER IF NOT EXISTS ballots_ballotitem_frozen_delete BEFORE DELETE ON ballots_ballotitem "
    "WHEN (SELECT frozen_at FROM ballots_ballot WHERE id = OLD.ballot_id) IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'the ballot is frozen and cannot change'); END;",
]
_SQLITE_V2_DROP = [
    "DROP TRIGGER IF EXISTS ballots_ballot_frozen_delete;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_frozen_delete;",
]
_POSTGRES_V2 = [
    "CREATE OR REPLACE FUNCTION ballots_frozen_no_truncate() RETURNS trigger AS $$ BEGIN "
    "IF EXISTS (SELECT 1 FROM ballots_ballot WHERE frozen_at IS NOT NULL) THEN "
    "RAISE EXCEPTION 'the ballot is frozen and cannot change'; END IF; RETURN NULL; END; $$ LANGUAGE plpgsql;",
    "DROP TRIGGER IF EXISTS ballots_ballot_no_truncate ON ballots_ballot;",
    "CREATE TRIGGER ballots_ballot_no_truncate BEFORE TRUNCATE ON ballots_ballot "
    "FOR EACH STATEMENT EXECUTE FUNCTION ballots_frozen_no_truncate();",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_no_truncate ON ballots_ballotitem;",
    "CREATE TRIGGER ballots_ballotitem_no_truncate BEFORE TRUNCATE ON ballots_ballotitem "
    "FOR EACH STATEMENT EXECUTE FUNCTION ballots_frozen_no_truncate();",
]
_POSTGRES_V2_DROP = [
    "DROP TRIGGER IF EXISTS ballots_ballot_no_truncate ON ballots_ballot;",
    "DROP TRIGGER IF EXISTS ballots_ballotitem_no_truncate ON ballots_ballotitem;",
]


def frozen_guards_v2_migration() -> migrations.RunPython:
    def install(apps, schema_editor):
        _run(schema_editor, {"sqlite": _SQLITE_V2, "postgresql": _POSTGRES_V2})

    def remove(apps, schema_editor):
        _run(schema_editor, {"sqlite": _SQLITE_V2_DROP, "postgresql": _POSTGRES_V2_DROP})

    return migrations.RunPython(install, remove)
