"""Client ids of records kept offline on a phone: a repeated sync finds the record it made.

SQLite rebuilds a table to add a unique column, which drops its triggers: the visits' append-only
guard is installed again afterwards (it also learns the new unique key)."""

from django.db import migrations, models

from xihu.apps.ledger.guards import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_append_only")]
    operations = [
        migrations.AddField(
            model_name="proposal", name="client_id",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True,
                                   verbose_name="client id"),
        ),
        migrations.AddField(
            model_name="visit", name="client_id",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True,
                                   verbose_name="client id"),
        ),
        append_only_migration("proposals_visit"),
    ]
