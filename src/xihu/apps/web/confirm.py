"""A confirmation step before an irreversible act (advance a stage, freeze a ballot, close a
count, revoke a power): a page that says what will happen and asks to confirm; it works without
JavaScript. A POST that does not carry the confirmation is refused with a message and changes
nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

FIELD, VALUE = "confirm", "yes"


def confirmed(request) -> bool:
    return request.POST.get(FIELD) == VALUE


def refuse_unconfirmed(request, confirm_url: str):
    messages.error(request, _("Nothing was changed: this cannot be undone, so it must be confirmed "
                              "on this page first."))
    return redirect(confirm_url)


def confirm_page(request, *, title: str, statements: list[str], action: str, button: str,
                 cancel: str, hidden: dict | None = None, blockers: list[str] | None = None,
                 details: list[str] | None = None):
    """The page: what will happen, why it would be refused now (if so), and the confirm form."""
    return render(request, "web/confirm.html", {
        "title": title, "statements": statements, "action": action, "button": button,
        "cancel": cancel, "hidden": sorted((hidden or {}).items()), "blockers": blockers or [],
        "details": details or [], "field": FIELD, "value": VALUE,
    })
