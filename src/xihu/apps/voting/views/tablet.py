"""The voter's tablet: a screen for the voter alone (no officer header, menu or log-out), in
three steps: mark, review (change or cast), receipt. Each step is its own request carrying only
the token; nothing is stored before the cast."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from xihu.apps.voting import services
from xihu.apps.voting.services.ballots import tablet_ballots
from xihu.apps.voting.views.common import refused_page
from xihu.apps.web.scoping import scoped
from xihu.errors import Refused
from xihu.memo import request_memo


def _marks(request, ballots) -> dict[int, list[int]]:
    """The item numbers posted for each ballot (the engine judges them when the box is sealed)."""
    return {b.pk: [int(n) for n in request.POST.getlist(f"ballot-{b.pk}") if n.isdigit()] for b in ballots}


def _cards(ballots, marks) -> list[dict]:
    """What the marking and the review screens show of each ballot."""
    cards = []
    for ballot in ballots:
        chosen = set(marks.get(ballot.pk, ()))
        items = [(item, item.number in chosen) for item in ballot.items.all()]
        cards.append({"ballot": ballot, "items": items, "chosen": [item for item, on in items if on],
                      "over": len(chosen) > ballot.max_choices})
    return cards


@scoped
@request_memo
def tablet(request, edition, token):
    """Mark (GET, or POST `change`), review (POST with the marks), cast (POST `confirm`)."""
    casting = request.method == "POST" and request.POST.get("confirm") == "1"
    try:  # the cast refuses a spent token itself; the other steps ask first
        ballots, box = tablet_ballots(token, spent=not casting)
    except Refused as refusal:
        return refused_page(request, refusal.reasons, status=400)
    if box.station.edition_id != edition.pk:
        return refused_page(request, [_("This tablet token belongs to another edition.")], status=400)
    marks = _marks(request, ballots) if request.method == "POST" else {}
    context = {"edition": edition, "box": box, "cards": _cards(ballots, marks)}
    if casting:
        try:
            receipts = services.ballot_cast_electronic(token=token, marks=marks)
        except Refused as refusal:
            return refused_page(request, refusal.reasons, status=400)
        return render(request, "voting/receipt.html", {"edition": edition, "receipts": receipts, "box": box})
    if request.method == "POST" and "change" not in request.POST:
        return render(request, "voting/tablet_review.html", context)
    return render(request, "voting/tablet.html", context)
