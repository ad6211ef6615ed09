"""Every guarded table gains the newer guards: TRUNCATE refused on PostgreSQL, an INSERT onto
a taken key (INSERT OR REPLACE) refused on SQLite."""

from django.db import migrations

from xihu.apps.ledger.guards import reinstall_all_migration


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_merkle_log"),
        ("proposals", "0003_append_only"),
        ("assemblies", "0002_append_only_plenary_ballots"),
        ("ballots", "0004_guards"),
        ("voting", "0003_append_only_guards"),
        ("results", "0002_append_only_guards"),
    ]
    operations = [reinstall_all_migration()]
