"""On PostgreSQL Django gives every unique CharField a second index for LIKE queries
(varchar_pattern_ops). Nothing looks an entry hash up by pattern, only by equality (the unique
index), and every append paid for the second index: it goes."""

from django.db import migrations


def _like_index(schema_editor) -> str:
    return schema_editor._create_index_name("ledger_ledgerentry", ["entry_hash"], suffix="_like")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(_like_index(schema_editor))}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(_like_index(schema_editor))} "
                              "ON ledger_ledgerentry (entry_hash varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0006_entry_object_index'),
    ]

    operations = [migrations.RunPython(drop, restore)]
