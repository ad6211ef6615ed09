"""The evaluation report as a PDF (WeasyPrint, imported lazily, with the CJK font)."""

from django.utils import timezone

from xihu.apps.ballots.printing import render_pdf
from xihu.apps.insights.evaluation.report import EvaluationReport


def evaluation_pdf_bytes(report: EvaluationReport) -> bytes:
    return render_pdf("insights/evaluation_pdf.html", {
        "report": report, "edition": report.edition, "printed_at": timezone.localtime(),
    })
