"""On PostgreSQL Django gives every unique CharField a second index for LIKE queries
(varchar_pattern_ops). A spent token's nonce hash and a receipt's hash are looked up by equality
or ordered (the unique index serves both), never by pattern, and every cast paid for the second
index on three rows: they go (as ledger migration 0007 did for the log's entry hash)."""

from django.db import migrations

COLUMNS = (("voting_spenttoken", "nonce_hash"), ("voting_ballotreceipt", "receipt_hash"))


def _like_index(schema_editor, table: str, column: str) -> str:
    return schema_editor.quote_name(schema_editor._create_index_name(table, [column], suffix="_like"))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {_like_index(schema_editor, table, column)}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in COLUMNS:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {_like_index(schema_editor, table, column)} "
                                  f"ON {table} ({column} varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ("voting", "0006_verbose_names_translated"),
    ]

    operations = [migrations.RunPython(drop, restore)]
