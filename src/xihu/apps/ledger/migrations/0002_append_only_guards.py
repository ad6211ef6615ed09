"""Triggers that make the database itself refuse UPDATE and DELETE on ledger rows."""

from django.db import migrations

from xihu.apps.ledger.guards import LEDGER_TABLE, append_only_migration


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [append_only_migration(LEDGER_TABLE)]
