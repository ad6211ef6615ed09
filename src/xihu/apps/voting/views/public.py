"""Public pages: live turnout, flagged boxes and bursts; the cast-ballot record; receipts."""

import uuid

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import current_edition
from xihu.apps.voting import selectors, services


def _edition(request) -> Edition:
    slug = request.GET.get("edition")
    edition = get_object_or_404(Edition, slug=slug) if slug else current_edition()
    if edition is None:
        raise Http404("no edition")
    return edition


def figures(request):
    edition = _edition(request)
    streets, communities = selectors.turnout(edition)
    states = selectors.box_states(edition)
    people, minutes = selectors.burst_threshold()
    return render(request, "voting/public.html", {
        "edition": edition, "streets": streets, "communities": communities,
        "stations": selectors.voters_by_station(edition), "days": selectors.voters_by_day(edition),
        "flagged": [s for s in states if s.flags], "boxes": states,
        "bursts": selectors.bursts(edition), "burst_people": people, "burst_minutes": minutes,
    })


def export(request):
    """The published record, in pages: cast ballots by random id (`after` = the last id seen),
    and, on the first page, the receipt hashes per box."""
    edition = _edition(request)
    after = request.GET.get("after", "")
    try:
        after = str(uuid.UUID(after)) if after else ""
    except ValueError:
        after = ""
    ballots = selectors.cast_ballot_export(edition, after=after)
    page = {"edition": edition.slug, "cast_ballots": ballots,
            "next_after": ballots[-1]["id"] if len(ballots) == selectors.EXPORT_PAGE else None}
    if not after:
        page["receipts"] = selectors.receipt_export(edition)
    return JsonResponse(page, json_dumps_params={"ensure_ascii": False})


def receipt(request):
    code = request.GET.get("code", "")
    found = services.receipt_check(code) if code else None
    return render(request, "voting/receipt_check.html", {"code": code, "found": found, "checked": bool(code)})
