"""Count records, results, confirmations and implementation updates are never updated or deleted."""

from django.db import migrations

from xihu.apps.ledger.guards import append_only_migration

TABLES = [
    "results_countsession", "results_countmember", "results_typedtotal", "results_explanation",
    "results_boxsignoff", "results_sessionclose", "results_selectionresult",
    "results_confirmation", "results_implementationupdate",
]


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]
    operations = [append_only_migration(table) for table in TABLES]
