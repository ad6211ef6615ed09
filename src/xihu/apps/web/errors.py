"""Styled error pages in the reader's language that give the reason: the message of the Http404
or PermissionDenied that was raised, or every reason of a Refused a view let through. Never a
bare English "403 Forbidden". The 500 page renders without the database (it may be what failed).
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404
from django.utils.translation import gettext as _

from xihu.errors import Refused


def _message(exception) -> str:
    """The reason the code gave, if it gave one in words (not the URL resolver's internals)."""
    if exception is None or isinstance(exception, Resolver404) or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) else ""


def _page(request, status: int, title: str, reasons: list[str], hint: str):
    return render(request, "web/error.html", {"status": status, "title": title, "reasons": reasons,
                                              "hint": hint}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("The request could not be understood"), [],
                 _("The address or the form sent was not valid. Go back and try again."))


def permission_denied(request, exception=None):
    reasons = getattr(exception, "reasons", None) or [r for r in _message(exception).split("; ") if r]
    return _page(request, 403, _("Not allowed"), reasons or [_("You may not open this page.")],
                 _("If you think you should be allowed, log in with your own account or ask the "
                   "district office."))


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, said plainly (its own page is a bare English "403 Forbidden")."""
    return _page(request, 403, _("The form could not be accepted"),
                 [_("The form was open too long or your browser blocks cookies, so it could not be "
                    "checked as yours. Nothing was changed.")],
                 _("Go back, reload the page and send the form again."))


def page_not_found(request, exception=None):
    reason = _message(exception)
    return _page(request, 404, _("Page not found"),
                 [reason] if reason else [_("There is no page at this address.")],
                 _("Check the address, or start from the home page."))


def server_error(request):
    try:
        html = loader.get_template("web/500.html").render({})
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        html = "<!doctype html><title>500</title><h1>服务器出错 · Server error</h1>"
    return HttpResponseServerError(html)


class RefusedMiddleware:
    """A Refused that reaches the top is a refusal, not a crash: a 403 page with its reasons."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            return permission_denied(request, exception)
        return None

