"""Public pages: live turnout, flagged boxes and bursts; the cast-ballot record; receipts."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xihu.apps.voting import record, selectors, services
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
    """The published record, in pages of at most record.RECORD_PAGE cast ballots and as many
    receipts; `next` is the link to the next page (null on the last)."""
    try:
        after, receipts_after = record.cursors(request.GET.get("after", ""), request.GET.get("receipts_after", ""))
    except record.BadCursor as bad:
        return JsonResponse({"error": _("This is not a page of the record: %(name)s is not a cursor it gave.")
                             % {"name": str(bad)}}, status=400, json_dumps_params={"ensure_ascii": False})
    page = record.record_page(edition, after=after, receipts_after=receipts_after)
    if page["next"] is not None:
        page["next"] = f"{request.path}?{urlencode(page['next'])}"
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
