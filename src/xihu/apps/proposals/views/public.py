"""Public pages: propose online, follow a proposal by its receipt code, see a project's sources
and the participation figures. No proposer's name or contact ever appears here."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals import services
from xihu.apps.proposals.forms import OnlineForm
from xihu.apps.proposals.models import Project, ProjectSource
from xihu.apps.proposals.selectors.figures import participation
from xihu.apps.proposals.selectors.proposals import proposal_by_receipt, proposal_history
from xihu.apps.proposals.views.common import show_refusal, unit_in
from xihu.apps.results.journey import proposal_journey
from xihu.apps.web.ratelimit import anonymous_proposal_limits
from xihu.apps.web.scoping import in_district, scoped
from xihu.errors import Refused


@scoped
def propose_public(request, edition):
    streets = (in_district(edition).filter(kind=Unit.Kind.STREET).prefetch_related("children")
               .order_by("code"))
    return render(request, "proposals/propose_pick.html", {
        "edition": edition, "streets": streets, "open": edition.stage == Stage.COLLECTION,
    })


@anonymous_proposal_limits
@scoped
def propose(request, edition, unit):
    unit = unit_in(edition, unit, Unit.Kind.COMMUNITY)
    form = OnlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            return redirect("proposals:propose", edition=edition.slug, unit=unit.code)
        try:
            proposal = services.proposal_submit(edition=edition, community=unit, data=form.to_input(),
                                                channel="online", actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Thank you. Keep your receipt code to follow your proposal: %(code)s")
                             % {"code": proposal.receipt_code})
            return redirect(_receipt_url(edition, proposal.receipt_code))
    return render(request, "proposals/propose.html", {
        "unit": unit, "edition": edition, "form": form, "open": edition.stage == Stage.COLLECTION,
    })


def _receipt_url(edition, code: str) -> str:
    return f"{reverse('proposals:receipt', kwargs={'edition': edition.slug})}?{urlencode({'code': code})}"


@scoped
def receipt(request, edition):
    """A receipt code is unique across editions: a code of another edition goes to its page."""
    code = request.GET.get("code", "").strip()
    proposal = proposal_by_receipt(code) if code else None
    if proposal and proposal.edition_id != edition.pk:
        return redirect(_receipt_url(proposal.edition, code))
    project = None
    if proposal and proposal.live_project_id:
        project = Project.objects.get(pk=proposal.live_project_id)
    return render(request, "proposals/receipt.html", {
        "edition": edition, "code": code, "proposal": proposal, "project": project,
        "journey": proposal_journey(proposal) if proposal else [],
        "history": proposal_history(proposal) if proposal else [],
    })


@scoped
def project_detail(request, edition, pk):
    project = get_object_or_404(Project.objects.select_related("unit", "edition"), pk=pk, edition=edition)
    links = (ProjectSource.objects.filter(project=project).select_related("proposal")
             .order_by("proposal_id"))
    return render(request, "proposals/project.html", {"edition": edition, "project": project, "links": links})


@scoped
def figures(request, edition, unit):
    unit = unit_in(edition, unit)
    return render(request, "proposals/figures.html", {
        "unit": unit, "edition": edition, "figures": participation(edition, unit),
        "children": unit.children.order_by("code"),
    })
