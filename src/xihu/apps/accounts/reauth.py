"""Re-authentication before irreversible acts, and short sessions for officers.

`recent_login_required` (a view decorator) and `RecentLoginRequiredMixin` let a POST through
only when the password was given less than XIHU_REAUTH_SECONDS ago (at login or on the confirm
page); otherwise the officer is sent to the confirm page and back to the page they came from,
where they send the form again. A GET is never held up."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xihu.apps.accounts.models import Role

SESSION_KEY = "xihu_password_at"


def mark_password_given(request) -> None:
    request.session[SESSION_KEY] = int(time.time())


def password_is_recent(request) -> bool:
    given = request.session.get(SESSION_KEY)
    return isinstance(given, int) and time.time() - given < settings.XIHU_REAUTH_SECONDS


def holds_office(user) -> bool:
    """Anyone with admin-site access or a live role other than resident."""
    return user.is_staff or user.roles.exclude(role=Role.RESIDENT).exists()


def on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: the password was just given; an officer's session is short."""
    if request is None or not hasattr(request, "session"):
        return
    mark_password_given(request)
    if holds_office(user):
        request.session.set_expiry(settings.XIHU_STAFF_SESSION_SECONDS)


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("web:home")


def _confirm_redirect(request):
    messages.info(request, _("This step cannot be undone: please confirm your password, then "
                             "send the form again."))
    back = _safe_next(request, request.META.get("HTTP_REFERER"))
    return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': back})}")


def recent_login_required(view=None, *, when=None):
    """A POST goes through only with a recent password; `when(request)`, if given, limits the
    check to the POSTs it is true for (e.g. one action of a multi-purpose form)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if (request.method == "POST" and request.user.is_authenticated
                    and (when is None or when(request)) and not password_is_recent(request)):
                return _confirm_redirect(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


class RecentLoginRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if (request.method == "POST" and request.user.is_authenticated
                and not password_is_recent(request)):
            return _confirm_redirect(request)
        return super().dispatch(request, *args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def reauth(request):
    """Give the password again. Failures count like failed logins (django-axes)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    errors = []
    if request.method == "POST":
        password = request.POST.get("password", "")
        user = authenticate(request, username=request.user.get_username(), password=password) \
            if password else None
        if user is not None and user.pk == request.user.pk:
            mark_password_given(request)
            return redirect(next_url)
        errors.append(_("The password is wrong."))
    form = {"non_field_errors": errors}
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url},
                  status=400 if errors else 200)
