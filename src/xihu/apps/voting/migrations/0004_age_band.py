"""Registrations keep the voter's age band (never the birth date), and an index for reading
registrations per officer in time order (burst detection in SQL).

On SQLite, adding a column with a default rebuilds the table, which drops its triggers: the
append-only guards are installed again right after."""

from django.conf import settings
from django.db import migrations, models

from xihu.apps.ledger.guards import append_only_migration


class Migration(migrations.Migration):

    dependencies = [
        ('editions', '0001_initial'),
        ('organisation', '0001_initial'),
        ('voting', '0003_append_only_guards'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='registration',
            name='age_band',
            field=models.CharField(blank=True, choices=[('0-14', 'under 15'), ('15-24', '15-24'), ('25-34', '25-34'), ('35-44', '35-44'), ('45-54', '45-54'), ('55-64', '55-64'), ('65+', '65 and over')], default='', max_length=6, verbose_name='age band'),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(fields=['edition', 'officer', 'registered_at'], name='voting_reg_officer_time'),
        ),
        append_only_migration("voting_registration"),
    ]
