"""The summary table as XLSX (openpyxl) and PDF (WeasyPrint, imported only when used)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from xihu.apps.proposals.selectors.summary import SummaryTable
from xihu.spreadsheet import as_text

CJK_FONT_NAMES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC")


def summary_xlsx(table: SummaryTable) -> bytes:
    """Write-only workbook (streams rows): 21 tables of ~450 rows export in a few seconds."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Summary table")[:31])
    for column, width in zip("ABCDEFG", (6, 36, 14, 30, 28, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def styled(value, *, font=None, alignment=None):
        cell = as_text(WriteOnlyCell(sheet, value=value))  # text never runs as a formula
        if font:
            cell.font = font
        if alignment:
            cell.alignment = alignment
        return cell

    sheet.append([styled(f"{table.unit} · {table.edition} · {_('Summary table of proposals')}",
                         font=Font(bold=True, size=14))])
    sheet.append([_("Projects"), len(table.rows), _("Target"), f"{table.targets[0]}–{table.targets[1]}",
                  _("Round tables"), table.planned_tables])
    sheet.append([])
    sheet.append([styled(h, font=bold) for h in (
        _("No."), _("Project"), _("Category"), _("Location"), _("Merge mode"), _("Proposals"),
        _("Receipt codes of the source proposals"))])
    for number, project in enumerate(table.rows, start=1):
        sheet.append([number, styled(project.title, alignment=wrap), styled(project.category_label),
                      styled(project.location_text, alignment=wrap),
                      styled(str(project.get_mode_display())), len(project.live_sources),
                      styled("、".join(s.proposal.receipt_code for s in project.live_sources),
                             alignment=wrap)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_pdf(table: SummaryTable) -> bytes:
    from weasyprint import HTML  # lazy: 0.36 s to import

    html = render_to_string("proposals/summary_pdf.html", {"table": table, "fonts": CJK_FONT_NAMES})
    return HTML(string=html).write_pdf()
