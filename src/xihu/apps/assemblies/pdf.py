"""The table sheet for round tables working on paper: the table's share of the summary table,
room for the recorder's notes and the 3 nominations with their reasons."""

from xihu.apps.assemblies.models import NOMINATIONS_PER_TABLE, Assembly
from xihu.apps.assemblies.selectors import TableView
from xihu.apps.ballots.printing import render_pdf


def table_sheet_pdf(assembly: Assembly, view: TableView) -> bytes:
    roles = {m.table_role: m.name for m in view.members if m.table_role != "resident"}
    return render_pdf("assemblies/table_sheet_pdf.html", {
        "assembly": assembly, "unit": assembly.unit, "view": view, "roles": roles,
        "slots": range(1, NOMINATIONS_PER_TABLE + 1),
    })
