"""Plenary ballots are never updated or deleted: corrections are new rows."""

from django.db import migrations

from xihu.apps.ledger.guards import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("assemblies", "0001_initial"), ("ledger", "0002_append_only_guards")]
    operations = [append_only_migration("assemblies_plenaryballot")]
