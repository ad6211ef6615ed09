"""Database triggers: cast ballots, seals, registrations, paper entries, adjudications, sheet
results and spent tokens refuse UPDATE and DELETE on SQLite and PostgreSQL."""

from django.db import migrations

from xihu.apps.ledger.guards import append_only_migration

APPEND_ONLY_TABLES = [
    "voting_castballot", "voting_seal", "voting_registration", "voting_paperentry",
    "voting_adjudication", "voting_sheetresult", "voting_spenttoken",
]


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_voting_week"), ("ledger", "0002_append_only_guards")]
    operations = [append_only_migration(table) for table in APPEND_ONLY_TABLES]
