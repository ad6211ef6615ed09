"""Public pages: live turnout, flagged boxes and bursts; the cast-ballot record; receipts."""

import uuid
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from xihu.apps.voting import selectors, services
from xihu.apps.web.bodies import page_body
from xihu.apps.web.scoping import scoped


@scoped
def figures(request, edition):
    """Rendered once per log head and language (web/bodies.py): every registration, seal and
    cast writes the log."""

    def context() -> dict:
        streets, communities = selectors.turnout(edition)
        states = selectors.box_states(edition)
        people, minutes = selectors.burst_threshold()
        return {
            "edition": edition, "streets": streets, "communities": communities,
            "stations": selectors.voters_by_station(edition), "days": selectors.voters_by_day(edition),
            "flagged": [s for s in states if s.flags], "boxes": states,
            "bursts": selectors.bursts(edition), "burst_people": people, "burst_minutes": minutes,
        }

    body = page_body("voting-figures", edition, "voting/_figures.html", context)
    return render(request, "voting/public.html", {"edition": edition, "body": body})


@scoped
def export(request, edition):
    """The published record, in pages: cast ballots by random id (`after` = the last id seen),
    and, on the first page, the receipt hashes per box."""
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


@scoped
def receipt(request, edition):
    """A receipt code of another edition goes to that edition's page."""
    code = request.GET.get("code", "")
    found = services.receipt_check(code) if code else None
    if found and found.box.station.edition_id != edition.pk:
        other = found.box.station.edition.slug
        return redirect(f"{reverse('voting:receipt', kwargs={'edition': other})}?{urlencode({'code': code})}")
    return render(request, "voting/receipt_check.html", {
        "edition": edition, "code": code, "found": found, "checked": bool(code)})
