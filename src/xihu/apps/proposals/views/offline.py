"""Collection with no signal: the page a volunteer installs on the phone, the service worker that
keeps it, and the sync endpoint that receives the records kept offline (services.sync)."""

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from xihu.apps.editions.access import decide
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.forms import ProposalForm, VisitForm
from xihu.apps.proposals.models import BuildingAssignment, Household
from xihu.apps.proposals.permissions import allowed_collector_types, can_read_unit
from xihu.apps.proposals.services import OfflineRecord, offline_record_sync
from xihu.apps.proposals.views.common import require_read, unit_in
from xihu.apps.web.scoping import scoped
from xihu.config.maps import tile_sources
from xihu.errors import Refused

COMMUNITY = Unit.Kind.COMMUNITY
WORKER = Path(__file__).resolve().parent.parent / "static" / "proposals" / "offline-sw.js"


@login_required
@scoped
def offline_page(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    require_read(request, unit)
    types = allowed_collector_types(request.user, unit)
    mine = set(BuildingAssignment.objects.filter(edition=edition, community=unit, collector=request.user)
               .values_list("building", flat=True))
    households = sorted(Household.objects.filter(community=unit),  # the collector's buildings first
                        key=lambda h: (h.building not in mine, h.building, h.entrance, h.door))
    return render(request, "proposals/offline.html", {
        "unit": unit, "edition": edition, "households": households,
        "can_collect": decide(request.user, "collect", unit, edition).allowed,
        "visit_form": VisitForm(initial={"collector_type": types[0] if types else ""}),
        "proposal_form": ProposalForm(prefix="p", use_required_attribute=False),
        "sync_url": reverse("proposals:sync", kwargs={"edition": edition.slug, "unit": unit.code}),
        "worker_url": reverse("proposals:offline_worker", kwargs={"edition": edition.slug}),
        "scope": reverse("proposals:propose_public", kwargs={"edition": edition.slug}),
    })


def _refuse(reasons, status=400) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": [str(r) for r in reasons]}, status=status)


def _form_errors(form) -> list[str]:
    return [f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()]


def _record(payload: dict, unit) -> OfflineRecord:
    """The record of a sync request's JSON, or Refused with every problem."""
    if not isinstance(payload, dict):
        raise Refused(_("The record is not readable."))
    try:
        client_id = uuid.UUID(str(payload.get("client_id", "")))
    except ValueError:
        raise Refused(_("The record has no valid client id.")) from None
    errors, proposal = [], None
    if payload.get("proposal") is not None:
        form = ProposalForm(data=payload["proposal"] if isinstance(payload["proposal"], dict) else {})
        if form.is_valid():
            proposal = form.to_input(str(payload["proposal"].get("building", ""))[:40])
        else:
            errors += _form_errors(form)
    household = None
    if payload.get("household") not in (None, ""):
        try:
            household = Household.objects.filter(pk=int(payload["household"]), community=unit).first()
        except (TypeError, ValueError):
            household = None
        if household is None:
            errors.append(_("That household is not in %(unit)s.") % {"unit": unit})
    if errors:
        raise Refused(errors)
    return OfflineRecord(client_id=client_id, collector_type=str(payload.get("collector_type", "")),
                         household=household, outcome=str(payload.get("outcome", "")),
                         note=str(payload.get("note", ""))[:200], proposal=proposal,
                         channel=str(payload.get("channel", "door")))


@never_cache
@require_POST
@scoped
def sync(request, edition, unit):
    """One record kept offline. 201: created; 200: already here (the first result again);
    400: refused, with the reasons (collection closed, say); 403: not one of this community's
    collectors."""
    if not request.user.is_authenticated:
        return _refuse([_("Log in again to send the records kept on this phone.")], status=403)
    unit = unit_in(edition, unit, COMMUNITY)
    if not can_read_unit(request.user, unit) or not allowed_collector_types(request.user, unit):
        return _refuse([_("You do not collect for %(unit)s.") % {"unit": unit}], status=403)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        record = _record(payload, unit)
        done = offline_record_sync(edition=edition, community=unit, record=record, actor=request.user)
    except (ValueError, UnicodeDecodeError):
        return _refuse([_("The record is not readable.")])
    except Refused as refusal:
        return _refuse(refusal.reasons)
    return JsonResponse({
        "ok": True, "created": done.created, "client_id": str(record.client_id),
        "receipt": done.proposal.receipt_code if done.proposal else "",
        "visit": done.visit.pk if done.visit else None,
    }, status=201 if done.created else 200)


@never_cache
def offline_worker(request, edition):
    """The service worker, served under the edition's proposal pages so that its scope covers
    them (a worker's scope cannot be wider than its own folder)."""
    body = WORKER.read_text(encoding="utf-8").replace("__STATIC__", static(""))
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The worker fetches the map tiles it keeps: its own policy (a worker's CSP is its script's
    # response header) lets it reach the tile host, as img-src lets the pages show them.
    tiles = {"connect-src": tile_sources(settings.XIHU_MAP_TILE_URL, settings.XIHU_MAP_LABELS_URL)}
    response._csp_update = response._csp_update_ro = tiles
    return response


@scoped
def offline_manifest(request, edition, unit):
    unit = unit_in(edition, unit, COMMUNITY)
    start = reverse("proposals:offline", kwargs={"edition": edition.slug, "unit": unit.code})
    manifest = {
        "name": _("Xihu collection · %(unit)s") % {"unit": unit}, "short_name": _("Collection"),
        "start_url": start, "scope": reverse("proposals:propose_public", kwargs={"edition": edition.slug}),
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#b22222",
        "icons": [{"src": static(f"proposals/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
                  for n in (192, 512)],
    }
    return JsonResponse(manifest, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})
