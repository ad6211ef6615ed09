"""Screening decisions, visits and summary reports are never updated or deleted."""

from django.db import migrations

from xihu.apps.ledger.guards import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_collection_screening_summary")]
    operations = [
        append_only_migration("proposals_screeningdecision"),
        append_only_migration("proposals_visit"),
        append_only_migration("proposals_summaryreport"),
    ]
