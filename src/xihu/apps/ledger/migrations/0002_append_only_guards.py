"""Triggers that make the database itself refuse UPDATE and DELETE on ledger rows."""

from django.db import migrations


def install(apps, schema_editor):
    from xihu.apps.ledger import guards

    guards.apply(schema_editor.connection, install=True)


def remove(apps, schema_editor):
    from xihu.apps.ledger import guards

    guards.apply(schema_editor.connection, install=False)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
