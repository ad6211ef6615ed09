"""The summary table as XLSX (openpyxl) and PDF (WeasyPrint, imported only when used)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from xihu.apps.proposals.selectors.summary import SummaryTable

CJK_FONT_NAMES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC")


def summary_xlsx(table: SummaryTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary table")[:31]
    sheet.append([f"{table.unit} · {table.edition} · {_('Summary table of proposals')}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Projects"), len(table.rows), _("Target"), f"{table.targets[0]}–{table.targets[1]}",
                  _("Round tables"), table.planned_tables])
    sheet.append([])
    header = [_("No."), _("Project"), _("Category"), _("Location"), _("Merge mode"),
              _("Proposals"), _("Receipt codes of the source proposals")]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for number, project in enumerate(table.rows, start=1):
        sheet.append([number, project.title, project.category_label, project.location_text,
                      str(project.get_mode_display()), len(project.live_sources),
                      "、".join(s.proposal.receipt_code for s in project.live_sources)])
    for column, width in zip("ABCDEFG", (6, 36, 14, 30, 28, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_pdf(table: SummaryTable) -> bytes:
    from weasyprint import HTML  # lazy: 0.36 s to import

    html = render_to_string("proposals/summary_pdf.html", {"table": table, "fonts": CJK_FONT_NAMES})
    return HTML(string=html).write_pdf()
