"""The hash chain becomes a Merkle-tree log: entries lose their chain position (seq,
prev_hash) and gain a random id and the writer's transaction id; leaves and signed heads are
new, append-only tables.

A database that already holds chain entries is refused with a message rather than converted:
an append-only record is never rewritten, and the old chain cannot become the new tree's
history without recomputing every hash."""

from django.db import migrations, models
import django.db.models.deletion

from xihu.apps.ledger.guards import append_only_migration


def refuse_old_chain(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ledger_ledgerentry")
        (count,) = cursor.fetchone()
    if count:
        raise RuntimeError(
            f"This database holds a hash-chained ledger of {count} entries; this version of Xihu "
            "keeps a Merkle-tree log instead and does not rewrite an append-only record. Export "
            "what you need (xihu export), then start from a fresh database (development: "
            "`make clean && make run`, or delete var/xihu.sqlite3).")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_guards")]

    operations = [
        migrations.RunPython(refuse_old_chain, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="ledgerentry",
            options={"ordering": ["pk"], "verbose_name": "ledger entry",
                     "verbose_name_plural": "ledger entries"},
        ),
        migrations.RemoveField(model_name="ledgerentry", name="seq"),
        migrations.RemoveField(model_name="ledgerentry", name="prev_hash"),
        migrations.AddField(
            model_name="ledgerentry", name="uid",
            field=models.CharField(default="", max_length=32, verbose_name="entry id"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ledgerentry", name="txid",
            field=models.BigIntegerField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="LedgerLeaf",
            fields=[
                ("index", models.PositiveBigIntegerField(primary_key=True, serialize=False, verbose_name="leaf index")),
                ("hashes", models.TextField(verbose_name="completed subtree hashes")),
                ("entry", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="leaf",
                                               to="ledger.ledgerentry")),
            ],
            options={"verbose_name": "ledger leaf", "verbose_name_plural": "ledger leaves", "ordering": ["index"]},
        ),
        migrations.CreateModel(
            name="TreeHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("size", models.PositiveBigIntegerField(unique=True, verbose_name="tree size")),
                ("root_hash", models.CharField(max_length=64, verbose_name="root hash")),
                ("timestamp_ms", models.BigIntegerField(verbose_name="signed at (Unix ms)")),
                ("key_id", models.CharField(max_length=8, verbose_name="key id")),
                ("note", models.TextField(verbose_name="signed checkpoint")),
            ],
            options={"verbose_name": "signed tree head", "verbose_name_plural": "signed tree heads",
                     "ordering": ["size"]},
        ),
        append_only_migration("ledger_ledgerentry"),
        append_only_migration("ledger_ledgerleaf"),
        append_only_migration("ledger_treehead"),
    ]
