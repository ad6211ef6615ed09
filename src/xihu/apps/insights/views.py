"""Thin views: the evaluation (page and PDF), the log entries behind a finding, participation
analytics and the abuse dashboard. Public: everything shown is on the public record."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.insights.analytics.page import analytics_context
from xihu.apps.insights.dashboard import dashboard
from xihu.apps.insights.evaluation.report import evaluation_report
from xihu.apps.insights.log import LogFilter, log_entries
from xihu.apps.insights.pdf import evaluation_pdf_bytes
from xihu.apps.web.bodies import page_body


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("district"), slug=slug)


def evaluation_page(request, edition):
    """The report's body is rendered once per log head and language, and at least once a minute
    (a stage still open grows late with the clock): web/bodies.py."""
    edition = _edition(edition)
    body = page_body("evaluation", edition, "insights/_evaluation.html",
                     lambda: {"edition": edition, "report": evaluation_report(edition)}, clock_seconds=60)
    return render(request, "insights/evaluation.html", {"edition": edition, "body": body})


def evaluation_pdf(request, edition):
    edition = _edition(edition)
    response = HttpResponse(evaluation_pdf_bytes(evaluation_report(edition)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xihu-{edition.slug}-evaluation.pdf"'
    return response


def log_page(request, edition):
    edition = _edition(edition)
    log_filter = LogFilter.from_query(request.GET)
    return render(request, "insights/log.html", {
        "edition": edition, "filter": log_filter,
        "entries": log_entries(log_filter) if log_filter else [],
        "problem": None if log_filter else _("These filters are not valid: nothing was searched."),
    }, status=200 if log_filter else 400)


def analytics_page(request, edition):
    edition = _edition(edition)
    return render(request, "insights/analytics.html",
                  analytics_context(edition, request.GET.get("compare", "")))


def dashboard_page(request, edition):
    edition = _edition(edition)
    return render(request, "insights/dashboard.html", {"edition": edition, "board": dashboard(edition)})
