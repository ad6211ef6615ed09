"""Thin page views: read through selectors, write through services, explain every refusal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.accounts.reauth import recent_login_required
from xihu.apps.editions import services as edition_services
from xihu.apps.editions.access import decide
from xihu.apps.editions.models import Edition, PowerGrant
from xihu.apps.editions.preconditions import failing_reasons
from xihu.apps.editions.selectors import (
    budgets_by_unit,
    current_edition,
    edition_timeline,
    editions_in_order,
    granted_powers,
    live_grants,
    overdue_stages,
)
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage, next_stage
from xihu.apps.ledger import selectors as ledger
from xihu.apps.ledger.describe import describe, raw_json
from xihu.apps.ledger.selectors import actor_names
from xihu.apps.organisation.models import Unit
from xihu.apps.web.bodies import page_body
from xihu.apps.web.confirm import confirm_page, confirmed, refuse_unconfirmed
from xihu.apps.web.scoping import edition_or_404
from xihu.apps.web.selectors import actions_for, role_rows
from xihu.apps.web.selectors.comparison import unit_editions
from xihu.apps.web.selectors.home import home_edition, reading_links
from xihu.apps.web.selectors.menu import stage_steps
from xihu.errors import Refused


def home(request):
    """Every edition (the current one first), and for a logged-in person what their roles do."""
    editions = editions_in_order()
    context = {"editions": [(e, stage_steps(e)) for e in editions],
               "current": editions[0] if editions else None}
    if request.user.is_authenticated:
        edition, now = home_edition(request.user), timezone.now()
        reports, units = reading_links(request.user, edition)
        is_admin = request.user.roles.filter(role="district_admin").exists()
        context.update({
            "edition": edition, "roles": role_rows(request.user),
            "actions": actions_for(request.user, edition, now),
            "overdue": overdue_stages(edition, now) if edition and is_admin else [],
            "reports": reports, "reading_units": units,
        })
    return render(request, "web/home.html", context)


def _unit_tree(edition: Edition):
    """Streets and their communities with their budgets: three queries, however many units."""
    budgets = budgets_by_unit(edition)
    streets = list(Unit.objects.filter(parent=edition.district).order_by("code"))
    children = {street.pk: [] for street in streets}
    for unit in Unit.objects.filter(parent__in=streets).order_by("code"):
        unit.budget = budgets.get(unit.pk)
        children[unit.parent_id].append(unit)
    for street in streets:
        street.budget = budgets.get(street.pk)
    return [(street, children[street.pk]) for street in streets]


def _edition(request, slug: str) -> Edition:
    request.edition = edition_or_404(slug)
    return request.edition


def edition_detail(request, slug):
    edition = _edition(request, slug)
    upcoming = next_stage(edition.stage)
    body = page_body("edition", edition, "web/_edition_body.html", lambda: {
        "edition": edition, "tree": _unit_tree(edition), "timeline": edition_timeline(edition)})
    return render(request, "web/edition.html", {
        "edition": edition,
        "body": body,
        "head": ledger.latest_head(),
        "next_stage": upcoming,
        "can_advance": upcoming and decide(request.user, "advance_stage", edition.district, edition),
    })


@login_required
@recent_login_required
def edition_advance(request, slug):
    """GET: what moving to the next stage means, and the confirm form; POST (confirmed): move."""
    edition = _edition(request, slug)
    here = reverse("web:advance", args=[slug])
    if request.method == "POST":
        if not confirmed(request):
            return refuse_unconfirmed(request, here)
        try:
            change = edition_services.edition_advance(edition=edition, actor=request.user)
        except Refused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The edition is now in the stage: %(stage)s.")
                             % {"stage": change.get_to_stage_display()})
        return redirect("web:edition", slug=slug)
    target = next_stage(edition.stage)
    decision = decide(request.user, "advance_stage", edition.district, edition)
    if target is None:
        blockers = [_("The edition is already in its last stage.")]
        statements = [_("%(edition)s is in its last stage: %(stage)s.")
                      % {"edition": edition, "stage": edition.get_stage_display()}]
    else:
        blockers = decision.reasons + failing_reasons(edition, target)
        statements = [
            _("%(edition)s moves from the stage %(from)s to the stage %(to)s.")
            % {"edition": edition, "from": edition.get_stage_display(), "to": Stage(target).label},
            _("Stages run in order: the edition cannot be moved back to %(from)s.")
            % {"from": edition.get_stage_display()},
            _("The move is recorded with your name in the public ledger and on the timeline."),
        ]
    return confirm_page(request, title=_("Move the edition to its next stage"), statements=statements,
                        action=here, button=_("Yes, move to the next stage"),
                        cancel=reverse("web:edition", args=[slug]), blockers=blockers)


def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.select_related("parent__parent"), code=code)
    edition = current_edition(unit.district)
    held = granted_powers(edition, unit) if edition else set()
    return render(request, "web/unit.html", {
        "unit": unit,
        "edition": edition,
        "budget": edition.budgets.filter(unit=unit).first() if edition else None,
        "powers": [(p, label, p in held) for p, label in Power.choices],
        "children": unit.children.order_by("code"),
        "organisations": unit.organisations.all(),
        "editions": unit_editions(unit),
    })


def edition_powers(request, slug):
    edition = _edition(request, slug)
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


@login_required
def power_revoke(request, slug, grant):
    """The confirmation step before revoking a power."""
    edition = _edition(request, slug)
    row = get_object_or_404(PowerGrant.objects.select_related("grantee", "grantor"), pk=grant,
                            edition=edition, revoked_at__isnull=True)
    action = "grant_street" if row.grantee.kind == Unit.Kind.STREET else "grant_community"
    statements = [
        _("%(unit)s loses the power to %(power)s in %(edition)s.")
        % {"unit": row.grantee, "power": row.get_power_display(), "edition": edition},
        _("From now on it cannot use this power; what it did with it stays recorded."),
        _("The revocation is recorded with your name in the public ledger; the power can be "
          "granted again later, as a new grant."),
    ]
    if row.grantee.kind == Unit.Kind.STREET:
        statements.append(_("The street's communities cannot use this power either while the street "
                            "does not hold it."))
    return confirm_page(request, title=_("Revoke a power"), statements=statements,
                        action=reverse("web:power_change", args=[slug]),
                        hidden={"unit": row.grantee.code, "grant": row.pk},
                        button=_("Yes, revoke the power"), cancel=reverse("web:powers", args=[slug]),
                        blockers=decide(request.user, action, row.grantee, edition).reasons)


@require_POST
@login_required
@recent_login_required(when=lambda request: bool(request.POST.get("grant")))  # a revocation
def power_change(request, slug):
    edition = _edition(request, slug)
    unit = get_object_or_404(Unit, code=request.POST.get("unit", ""))
    try:
        if request.POST.get("grant"):
            grant = get_object_or_404(PowerGrant, pk=request.POST["grant"], edition=edition)
            if not confirmed(request):
                return refuse_unconfirmed(request, reverse("web:power_revoke", args=[slug, grant.pk]))
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
    """The latest signed head as stored (one indexed read): the page never walks the log."""
    query = request.GET.get("hash", "").strip()
    found = ledger.ledger_entry_by_hash(query) if query else None
    entries = ledger.ledger_recent(50)
    names = actor_names(e.actor for e in entries)  # one read for the page, none per entry
    return render(request, "web/ledger.html", {
        "head": ledger.latest_head(),
        "public_key": ledger.public_key_hex(),
        "entries": [describe(e, names) for e in entries],
        "witnessed": ledger.witnessed_heads(),
        "query": query,
        "found": found,
    })


def ledger_entry(request, index):
    entry = ledger.ledger_entry_by_index(index)
    if entry is None:
        raise Http404(_("No ledger entry with that number."))
    return render(request, "web/ledger_entry.html", {
        "entry": entry, "index": index, "described": describe(entry, actor_names([entry.actor])),
        "raw": raw_json(entry)})


def ledger_witnesses(request):
    """The registered witnesses and the heads they cosigned; the district admin registers one."""
    from xihu.apps.ledger.models import WitnessKey
    from xihu.apps.ledger.witnesses import witness_register

    district = Unit.objects.filter(kind=Unit.Kind.DISTRICT).order_by("pk").first()
    edition = current_edition(district) if district else None
    may_register = bool(district) and decide(request.user, "register_witness", district, edition).allowed
    if request.method == "POST":
        if not may_register:
            raise Http404
        try:
            witness_register(name=request.POST.get("name", ""), public_key=request.POST.get("public_key", ""),
                             note=request.POST.get("note", ""), district=district, actor=request.user)
        except Refused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("Saved, and recorded in the public ledger."))
        return redirect("web:ledger_witnesses")
    return render(request, "web/ledger_witnesses.html", {
        "witnesses": WitnessKey.objects.order_by("name"),
        "witnessed": ledger.witnessed_heads(50),
        "may_register": may_register,
    })
