"""The voter's tablet: a screen for the voter alone (no officer header, menu or log-out), in
three steps: mark, review (change or cast), receipt. Each step is a request carrying only the
token, except the review where the tablet runs its script (tablet.js shows it in the marking
page); nothing is stored before the cast."""

import secrets
from collections.abc import Callable
from functools import partial

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xihu.apps.voting import hot, services
from xihu.apps.voting.services.ballots import refuse_spent, token_ballots, token_box
from xihu.apps.voting.tablet import read_token
from xihu.apps.web.text_size import is_large
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


def _hidden_marks(cards) -> str:
    """The marks as hidden fields, posted again by the review's two forms (cast, change)."""
    return format_html_join("", '<input type="hidden" name="ballot-{}" value="{}">',
                            ((card["ballot"].pk, item.number) for card in cards for item in card["chosen"]))


_CSRF_SLOT, _PATH_SLOT, _BODY_SLOT = (f"csrf-{secrets.token_hex(8)}", f"/path-{secrets.token_hex(8)}/",
                                      f"body-{secrets.token_hex(8)}")


class _Slots:
    path = _PATH_SLOT


def _page(request, template: str, context: Callable[[], dict] | None = None, *,
          body: tuple[str, dict] | None = None, keep: tuple | None = (), status: int = 200) -> HttpResponse:
    """A voter's page (voting/voter_base.html): rendered without the context processors, so no
    officer's session, user, messages or menu is read while the voter holds the tablet.

    The page's frame (`template` with what `context()` returns, called only when the frame is
    rendered; it holds nothing of the request or the voter but what `keep` names) is kept per
    worker (hot.page_parts) by `keep`, the language and the text size, with slots for the
    request's CSRF token and path; `body` (a template and its context) is rendered for each
    request into the frame's `{{ body }}`. `keep=None`: a frame that holds a voter's marks,
    never kept."""
    large = is_large(request)
    key = None if keep is None else ("page", template, *keep, get_language(), large)
    html = hot.page_parts.get(key) if key else None
    if html is None:
        html = get_template(template).render({**(context() if context else {}), "request": _Slots,
                                              "csrf_token": _CSRF_SLOT, "large_text": large, "body": _BODY_SLOT})
        if key:
            hot.keep_part(key, html)
    # The CSRF token only where a form posts (the tablet, the review): the receipt and a refusal
    # hold none, and making one costs 32 draws of the system's randomness.
    token = SimpleLazyObject(partial(get_token, request))
    html = html.replace(_CSRF_SLOT, escape(token)) if _CSRF_SLOT in html else html
    html = html.replace(_PATH_SLOT, escape(request.path))
    if body is not None:
        html = html.replace(_BODY_SLOT, get_template(body[0]).render({**body[1], "csrf_token": token}))
    return HttpResponse(html, status=status)


def _refused(request, reasons) -> HttpResponse:
    return _page(request, "voting/tablet_refused.html", body=("voting/_tablet_refused.html", {"reasons": reasons}),
                 status=400)


@request_memo
def tablet(request, edition, token):
    """Mark (GET, or POST `change`), review (POST with the marks), cast (POST `confirm`)."""
    casting = request.method == "POST" and request.POST.get("confirm") == "1"
    try:
        ballot_pks, box_pk, nonce_hash = read_token(token)
    except Refused as refusal:
        hot.edition_or_404(edition)
        return _refused(request, refusal.reasons)
    if casting:  # the cast reads the edition itself, with the box locked, and refuses a spent token
        try:
            receipts = services.ballot_cast_electronic(
                token=token, marks=_marks(request, token_ballots(ballot_pks)), edition_slug=edition)
        except Refused as refusal:
            return _refused(request, refusal.reasons)
        return _page(request, "voting/receipt.html", body=("voting/_receipt.html", {
            "edition_slug": edition, "receipts": receipts}))
    request.edition, spent = hot.edition_or_404(edition, nonce_hash)
    edition = request.edition
    try:
        if spent:
            refuse_spent()
        ballots, box = token_ballots(ballot_pks), token_box(box_pk, edition)
    except Refused as refusal:
        return _refused(request, refusal.reasons)
    if box.edition.pk != edition.pk:
        return _refused(request, [_("This tablet token belongs to another edition.")])
    marks = _marks(request, ballots) if request.method == "POST" else {}
    if request.method == "POST" and "change" not in request.POST:
        cards = _cards(ballots, marks)
        return _page(request, "voting/tablet_review.html", body=("voting/_review.html", {
            "cards": cards, "marks_html": _hidden_marks(cards)}))
    # The first screen is the same for every voter of these ballots: kept whole per worker;
    # back from the review with marks to change, it is the voter's own.
    keep = None if any(marks.values()) else tuple(b.pk for b in ballots)
    return _page(request, "voting/tablet.html", lambda: {"cards": _cards(ballots, marks)}, keep=keep)
