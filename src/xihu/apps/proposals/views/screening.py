"""Screening pages: the community's list (exclude, merge, undo, duplicate suggestions) and the
street's review of exclusions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.editions.access import decide
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals import services
from xihu.apps.proposals.forms import ExcludeForm, MergeForm, ReviewForm
from xihu.apps.proposals.models import (
    Decision,
    ExclusionReason,
    Project,
    Proposal,
    ScreeningDecision,
)
from xihu.apps.proposals.permissions import can_see_contacts, screening_action
from xihu.apps.proposals.selectors.proposals import (
    community_proposals,
    exclusions_to_review,
    reviewed_exclusions,
)
from xihu.apps.proposals.selectors.suggestions import duplicate_suggestions
from xihu.apps.proposals.selectors.summary import summary_table
from xihu.apps.proposals.views.common import require_read, show_refusal, unit_in
from xihu.apps.web.formerrors import named_errors
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused


@login_required
@scoped
def screen(request, edition, unit):
    """Community: proposals and projects; street: its street-level projects."""
    unit = unit_in(edition, unit)
    require_read(request, unit)
    action, _target = screening_action(unit)
    table = summary_table(edition, unit)
    proposals = list(community_proposals(edition, unit)) if unit.kind == Unit.Kind.COMMUNITY else []
    _decorate(proposals, edition, unit)
    by_project = {p.pk: p for p in table.rows}
    return render(request, "proposals/screen.html", {
        "unit": unit, "edition": edition, "table": table, "proposals": proposals,
        "can_screen": decide(request.user, action, unit, edition).allowed,
        "contacts": can_see_contacts(request.user, unit),
        "suggestions": [(by_project[s.a], by_project[s.b], s) for s in duplicate_suggestions(table.rows)],
        "exclude_form": ExcludeForm(), "merge_form": MergeForm(),
        "reason_options": format_html_join("", '<option value="{}">{}</option>', ExclusionReason.choices),
    })


def _decorate(proposals: list[Proposal], edition, unit: Unit) -> None:
    """Labels and links computed once for a long list (templates are slow at 450 rows)."""
    labels = dict(ExclusionReason.choices)
    slug = edition.slug
    receipt = reverse("proposals:receipt", kwargs={"edition": slug}) + "?code="
    project = reverse("proposals:project", kwargs={"edition": slug, "pk": 0})[:-2]
    exclude = reverse("proposals:exclude", kwargs={"edition": slug, "unit": unit.code, "pk": 0}
                      )[:-len("0/exclude/")]
    for p in proposals:
        p.reason_label = labels.get(p.state_reason, "")
        p.receipt_url = receipt + p.receipt_code
        p.project_url = f"{project}{p.live_project_id}/" if p.live_project_id else ""
        p.exclude_url = f"{exclude}{p.pk}/exclude/"


@login_required
@require_POST
@scoped
def exclude(request, edition, unit, pk):
    unit = unit_in(edition, unit, Unit.Kind.COMMUNITY)
    proposal = get_object_or_404(Proposal, pk=pk, community=unit, edition=edition)
    form = ExcludeForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(named_errors(form))
        services.proposal_exclude(proposal=proposal, reason=form.cleaned_data["reason"],
                                  explanation=form.cleaned_data["explanation"], actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Proposal %(code)s excluded; the street will review it.")
                         % {"code": proposal.receipt_code})
    return redirect("proposals:screen", edition=edition.slug, unit=unit.code)


@login_required
@require_POST
@scoped
def merge(request, edition, unit):
    unit = unit_in(edition, unit)
    ids = [int(v) for v in request.POST.getlist("projects") if v.isdigit()]
    form = MergeForm(request.POST, project_ids=ids)
    try:
        if not form.is_valid():
            raise Refused(named_errors(form))
        projects = list(Project.objects.filter(pk__in=ids, unit=unit, edition=edition))
        merged = services.projects_merge(
            projects=projects, mode=form.cleaned_data["mode"], title=form.cleaned_data["title"],
            location_text=form.cleaned_data["location_text"], actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Merged into project #%(id)s “%(title)s”.")
                         % {"id": merged.pk, "title": merged.title})
    return redirect("proposals:screen", edition=edition.slug, unit=unit.code)


@login_required
@require_POST
@scoped
def undo(request, edition, pk):
    project = get_object_or_404(Project.objects.select_related("unit"), pk=pk, edition=edition)
    try:
        singles = services.project_undo(project=project, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Merge undone: the %(n)s projects it was made of are back.") % {"n": len(singles)})
    return redirect("proposals:screen", edition=edition.slug, unit=project.unit.code)


@login_required
@scoped
def review(request, edition, unit):
    unit = unit_in(edition, unit, Unit.Kind.STREET)
    require_read(request, unit)
    return render(request, "proposals/review.html", {
        "unit": unit, "edition": edition,
        "pending": exclusions_to_review(edition, unit),
        "reviewed": reviewed_exclusions(edition, unit),
        "can_review": decide(request.user, "review_exclusions", unit, edition).allowed,
    })


@login_required
@require_POST
@scoped
def review_decide(request, edition, pk):
    exclusion = get_object_or_404(ScreeningDecision.objects.select_related("proposal__community__parent"),
                                  pk=pk, decision=Decision.EXCLUDE, proposal__edition=edition)
    street = exclusion.proposal.community.parent
    if not request.user.roles.filter(unit=street).exists():
        raise PermissionDenied
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(_("Choose confirm or reinstate."))
        confirm = form.cleaned_data["decision"] == "confirm"
        services.exclusion_review(exclusion=exclusion, confirm=confirm,
                                  explanation=form.cleaned_data["explanation"], actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, (_("Exclusion confirmed: %(code)s") if confirm
                                   else _("Proposal reinstated: %(code)s"))
                         % {"code": exclusion.proposal.receipt_code})
    return redirect("proposals:review", edition=edition.slug, unit=street.code)
