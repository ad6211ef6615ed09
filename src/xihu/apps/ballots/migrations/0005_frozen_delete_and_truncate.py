"""SQLite refuses DELETE of a frozen ballot and its items; PostgreSQL refuses TRUNCATE of the
ballot tables while a ballot is frozen."""

from django.db import migrations

from xihu.apps.ballots.frozen_guards import frozen_guards_v2_migration


class Migration(migrations.Migration):
    dependencies = [("ballots", "0004_guards"), ("ledger", "0004_guards_everywhere")]
    operations = [frozen_guards_v2_migration()]
