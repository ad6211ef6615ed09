"""/manage/districts/<code>/editions/ and /manage/editions/<slug>/...: create or copy an edition,
change its rules, budgets and organisations taking part, and confirm copied grants."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.editions import services
from xihu.apps.editions.copying import edition_copy, grant_proposal_confirm
from xihu.apps.editions.locks import lock_reasons
from xihu.apps.editions.models import BudgetCommitment, Edition, EditionOrganisation, GrantProposal
from xihu.apps.manage.forms import BudgetForm, CopyForm, EditionForm, RulesForm
from xihu.apps.manage.views.common import refused, require, saved
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Refused


@login_required
def editions_of(request, unit):
    district = get_object_or_404(Unit, code=unit, kind=Unit.Kind.DISTRICT)
    require(request.user, "manage_edition", district)
    op = request.POST.get("op") if request.method == "POST" else None
    create = EditionForm(request.POST if op == "create" else None, prefix="new")
    copy = CopyForm(request.POST if op == "copy" else None, prefix="copy", district=district)
    form = {"create": create, "copy": copy}.get(op)
    if form is not None and form.is_valid():
        try:
            if op == "create":
                edition = services.edition_create(district=district, actor=request.user, **form.cleaned_data)
            else:
                edition = edition_copy(actor=request.user, **form.cleaned_data)
            saved(request, _("Edition %(name)s created, and recorded in the public ledger.") % {"name": edition})
            return redirect("manage:edition", slug=edition.slug)
        except Refused as refusal:
            form.add_refusal(refusal)
    return render(request, "manage/editions.html", {
        "district": district, "create": create, "copy": copy,
        "editions": Edition.objects.filter(district=district).order_by("-created_at"),
    }, status=400 if form is not None else 200)


def _edition(request, slug) -> Edition:
    edition = get_object_or_404(Edition.objects.select_related("district"), slug=slug)
    require(request.user, "manage_edition", edition.district, edition)
    return edition


@login_required
def edition(request, slug):
    edition = _edition(request, slug)
    rules = RulesForm(request.POST if request.method == "POST" else None, initial={
        f: getattr(edition, f) for f in ("max_choices", "min_age", "selection_rule", "tie_break")})
    if request.method == "POST" and rules.is_valid():
        try:
            services.edition_set_rules(edition=edition, actor=request.user, **rules.cleaned_data)
            saved(request)
            return redirect("manage:edition", slug=edition.slug)
        except Refused as refusal:
            rules.add_refusal(refusal)
    taking_part = EditionOrganisation.objects.filter(edition=edition, withdrawn_at__isnull=True)
    return render(request, "manage/edition.html", {
        "edition": edition, "rules": rules,
        "locks": {f: lock_reasons(edition, f) for f in ("max_choices", "min_age", "selection_rule", "budgets")},
        "taking_part": taking_part.select_related("organisation"),
        "others": SocialOrganisation.objects.exclude(
            pk__in=taking_part.values("organisation_id")).order_by("kind", "name"),
        "proposals": GrantProposal.objects.filter(edition=edition).select_related("grantor", "source"),
    }, status=400 if request.method == "POST" else 200)


@login_required
def budgets(request, slug):
    edition = _edition(request, slug)
    form, target = None, request.POST.get("target", "") if request.method == "POST" else ""
    if request.method == "POST":
        form = BudgetForm(request.POST)
        if form.is_valid():
            amount = form.cleaned_data["amount"]
            try:
                if target in (Unit.Kind.STREET, Unit.Kind.COMMUNITY):
                    services.budget_set_level(edition=edition, kind=target, amount=amount, actor=request.user)
                else:
                    unit = get_object_or_404(Unit, code=target)
                    services.budget_set(edition=edition, unit=unit, amount=amount, actor=request.user)
                saved(request)
                return redirect("manage:budgets", slug=edition.slug)
            except Refused as refusal:
                form.add_refusal(refusal)
    rows = BudgetCommitment.objects.filter(edition=edition).select_related("unit").order_by(
        "unit__kind", "unit__code")
    return render(request, "manage/budgets.html", {
        "edition": edition, "rows": rows, "form": form, "target": target,
        "locked": lock_reasons(edition, "budgets"),
        "levels": [(Unit.Kind.STREET, _("Every street"), edition.street_budget),
                   (Unit.Kind.COMMUNITY, _("Every community"), edition.community_budget)],
    }, status=400 if form is not None else 200)


@require_POST
@login_required
def organisation_change(request, slug):
    edition = _edition(request, slug)
    try:
        if request.POST.get("row"):
            row = get_object_or_404(EditionOrganisation, pk=request.POST["row"], edition=edition)
            services.edition_organisation_withdraw(row=row, actor=request.user)
        else:
            organisation = get_object_or_404(SocialOrganisation, pk=request.POST.get("organisation"))
            services.edition_organisation_add(edition=edition, organisation=organisation, actor=request.user)
        saved(request)
    except Refused as refusal:
        refused(request, refusal)
    return redirect("manage:edition", slug=edition.slug)


@require_POST
@login_required
def grants_confirm(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    proposal = get_object_or_404(GrantProposal, pk=request.POST.get("proposal"), edition=edition)
    try:
        granted = grant_proposal_confirm(proposal=proposal, actor=request.user)
        saved(request, _("%(n)d grants are now in force, and recorded in the public ledger.")
              % {"n": len(granted)})
    except Refused as refusal:
        refused(request, refusal)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("manage:index")
