"""Thin page views: read through selectors, write through services, explain every refusal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.editions import services as edition_services
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition, PowerGrant
from xihu.apps.editions.selectors import (
    budgets_by_unit,
    current_edition,
    edition_timeline,
    granted_powers,
    live_grants,
)
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, next_stage
from xihu.apps.ledger import selectors as ledger
from xihu.apps.organisation.models import Unit
from xihu.apps.web.selectors import actions_for, role_rows
from xihu.errors import Refused


def home(request):
    edition = current_edition()
    context = {"edition": edition}
    if request.user.is_authenticated:
        context["roles"] = role_rows(request.user)
        context["actions"] = actions_for(request.user, edition)
    return render(request, "web/home.html", context)


def _unit_tree(edition: Edition):
    budgets = budgets_by_unit(edition)
    streets = Unit.objects.filter(parent=edition.district).order_by("code")
    tree = []
    for street in streets:
        communities = list(street.children.order_by("code"))
        for unit in communities:
            unit.budget = budgets.get(unit.pk)
        street.budget = budgets.get(street.pk)
        tree.append((street, communities))
    return tree


def edition_detail(request, slug):
    edition = get_object_or_404(Edition.objects.select_related("district"), slug=slug)
    upcoming = next_stage(edition.stage)
    return render(request, "web/edition.html", {
        "edition": edition,
        "tree": _unit_tree(edition),
        "timeline": edition_timeline(edition),
        "head": ledger.ledger_head(),
        "next_stage": upcoming,
        "can_advance": upcoming and decide(request.user, "advance_stage", edition.district, edition),
    })


@require_POST
@login_required
@recent_login_required
def edition_advance(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    try:
        change = edition_services.edition_advance(edition=edition, actor=request.user)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The edition is now in the stage: %(stage)s.")
                         % {"stage": change.get_to_stage_display()})
    return redirect("web:edition", slug=slug)


def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    edition = current_edition(unit.district)
    held = granted_powers(edition, unit) if edition else set()
    return render(request, "web/unit.html", {
        "unit": unit,
        "edition": edition,
        "budget": edition.budgets.filter(unit=unit).first() if edition else None,
        "powers": [(p, label, p in held) for p, label in Power.choices],
        "children": unit.children.order_by("code"),
        "organisations": unit.organisations.all(),
    })


def edition_powers(request, slug):
    edition = get_object_or_404(Edition.objects.select_related("district"), slug=slug)
    rows = []
    for street, communities in _unit_tree(edition):
        for unit in [street, *communities]:
            grants = {g.power: g for g in live_grants(edition, unit)}
            powers = Power.values if unit.kind == Unit.Kind.STREET else COMMUNITY_POWERS
            action = "grant_street" if unit.kind == Unit.Kind.STREET else "grant_community"
            may_grant = decide(request.user, action, unit, edition).allowed
            rows.append((unit, [(p, grants.get(p)) for p in powers], may_grant))
    return render(request, "web/powers.html", {
        "edition": edition, "rows": rows, "powers": Power.choices,
    })


@require_POST
@login_required
@recent_login_required(when=lambda request: bool(request.POST.get("grant")))  # a revocation
def power_change(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    unit = get_object_or_404(Unit, code=request.POST.get("unit", ""))
    try:
        if request.POST.get("grant"):
            grant = get_object_or_404(PowerGrant, pk=request.POST["grant"], edition=edition)
            edition_services.power_revoke(grant=grant, actor=request.user)
        else:
            edition_services.power_grant(edition=edition, grantee=unit,
                                         power=request.POST.get("power", ""), actor=request.user)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("Saved, and recorded in the public ledger."))
    return redirect("web:powers", slug=slug)


def ledger_page(request):
    query = request.GET.get("hash", "").strip()
    found = ledger.ledger_entry_by_hash(query) if query else None
    return render(request, "web/ledger.html", {
        "head": ledger.ledger_head(),
        "report": ledger.ledger_verify(),
        "entries": ledger.ledger_recent(50),
        "query": query,
        "found": found,
    })


def ledger_entry(request, seq):
    entry = ledger.ledger_entry_by_seq(seq)
    if entry is None:
        raise Http404(_("No ledger entry with that number."))
    return render(request, "web/ledger_entry.html", {"entry": entry})
