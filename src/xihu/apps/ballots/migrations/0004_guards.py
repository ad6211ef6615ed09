"""Quotas and print runs are append-only; a frozen ballot and its items never change."""

from django.db import migrations

from xihu.apps.ballots.frozen_guards import frozen_guards_migration
from xihu.apps.ledger.guards import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("ballots", "0003_printrun_quota"), ("ledger", "0002_append_only_guards")]
    operations = [
        append_only_migration("ballots_quota"),
        append_only_migration("ballots_printrun"),
        frozen_guards_migration(),
    ]
