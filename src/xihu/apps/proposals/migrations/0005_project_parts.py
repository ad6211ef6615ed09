"""ProjectPart: what each merge was made of, so undoing it restores the grouping before it
(issue 14.9). Append-only. Merges made before are filled in from their ledger entries
(`project.merge`, payload `merged_projects`)."""

import django.db.models.deletion
from django.db import migrations, models

from xihu.apps.ledger.guards import append_only_migration


def parts_from_the_ledger(apps, schema_editor):
    LedgerEntry = apps.get_model("ledger", "LedgerEntry")
    Project = apps.get_model("proposals", "Project")
    ProjectPart = apps.get_model("proposals", "ProjectPart")
    known = set(Project.objects.values_list("pk", flat=True))
    rows = []
    for object_id, payload in (LedgerEntry.objects.filter(action="project.merge", object_type="proposals.project")
                               .values_list("object_id", "payload").iterator()):
        merged = int(object_id) if str(object_id).isdigit() else None
        parts = (payload or {}).get("merged_projects") or []
        if merged in known:
            rows += [ProjectPart(project_id=merged, part_id=int(p)) for p in parts if int(p) in known]
    ProjectPart.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0001_initial"),
        ("proposals", "0004_offline_client_ids"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectPart",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("part", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                           to="proposals.project")),
                ("project", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="parts",
                                              to="proposals.project")),
            ],
            options={
                "ordering": ["project", "part"],
                "constraints": [models.UniqueConstraint(fields=("project", "part"), name="one_part_row_per_merge")],
            },
        ),
        migrations.RunPython(parts_from_the_ledger, migrations.RunPython.noop),
        append_only_migration("proposals_projectpart"),
    ]
