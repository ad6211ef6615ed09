"""Ballot secrecy against a database reader: electronic ballots wait encrypted in envelopes
until their box is sealed; receipt hashes leave the cast-ballot rows for a table of their own
(with their box and sealing period), which is append-only."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from xihu.apps.ledger.guards import append_only_migration


def receipts_apart(apps, schema_editor):
    """Existing receipt hashes move to BallotReceipt (period: the box's latest reopening)."""
    CastBallot = apps.get_model("voting", "CastBallot")
    BallotReceipt = apps.get_model("voting", "BallotReceipt")
    Seal = apps.get_model("voting", "Seal")
    rows = []
    for box_id, digest in CastBallot.objects.exclude(receipt_hash="").values_list("box_id", "receipt_hash"):
        latest = Seal.objects.filter(box_id=box_id).order_by("-at", "-pk").first()
        period = latest if latest is not None and latest.kind == "reopen" else None
        rows.append(BallotReceipt(box_id=box_id, period=period, receipt_hash=digest))
    BallotReceipt.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_age_band"), ("ledger", "0005_witnesses")]

    operations = [
        migrations.CreateModel(
            name="BallotEnvelope",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("sealed", models.BinaryField()),
                ("box", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                          to="voting.box")),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="BallotReceipt",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("receipt_hash", models.CharField(max_length=64, unique=True, verbose_name="receipt hash")),
                ("box", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="receipts",
                                          to="voting.box")),
                ("period", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                             related_name="+", to="voting.seal")),
            ],
            options={"ordering": ["receipt_hash"], "verbose_name": "ballot receipt",
                     "verbose_name_plural": "ballot receipts"},
        ),
        migrations.RunPython(receipts_apart, migrations.RunPython.noop),
        migrations.RemoveField(model_name="castballot", name="receipt_hash"),
        # SQLite rebuilds the table to drop a column, and its triggers go with the old table.
        append_only_migration("voting_castballot"),
        append_only_migration("voting_ballotreceipt"),
    ]
