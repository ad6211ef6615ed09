"""Login lockouts through django-axes, fitted to the platform.

- The name counted is the name authentication looks up: stripped and NFKC-normalised (what
  Django's login form does, so "admin " and full-width "ａｄｍｉｎ" count against "admin"); case
  is kept, as the user model's look-up keeps it.
- A name is locked after XIHU_LOGIN_MAX_FAILURES failures, an address after
  XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS (more: an office's staff share one address), within
  XIHU_LOGIN_WINDOW_SECONDS.
- A successful login clears the failures of that name only, never those of its address (else
  one's own account would reset a guesser's address count).
- No password or other secret field is ever copied into axes' records.
- The lockout page is in the reader's language (status 429).
"""

import unicodedata
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import QueryDict
from django.shortcuts import render

NAME_LENGTH = 150  # the user model's username length


def failure_limit(request=None, credentials=None) -> int:
    return settings.XIHU_LOGIN_MAX_FAILURES


def cool_off(request=None) -> timedelta:
    return timedelta(seconds=settings.XIHU_LOGIN_WINDOW_SECONDS)


def login_name(value) -> str:
    """The name as authentication looks it up (AuthenticationForm's UsernameField, then the user
    model's normalize_username), cut to the longest possible name."""
    text = unicodedata.normalize("NFKC", str(value or "").strip()).strip()
    return text[:NAME_LENGTH]


def attempted_name(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the name of a login attempt, normalised."""
    field = "username"
    raw = (credentials or {}).get(field)
    if raw is None and request is not None:
        data = getattr(request, "POST", None) or {}
        raw = data.get(field)
    if raw is None:
        return None
    return login_name(raw)


def _is_secret(key: str) -> bool:
    key = key.lower()
    return "password" in key or "token" in key or "csrf" in key


def _without_secrets(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        if not _is_secret(key):
            clean.setlist(key, values)
    return clean


class XihuAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures in units of the per-name limit: the name's own failures, and its address's
        failures scaled so that reaching the per-address limit reads as reaching the per-name
        limit (axes compares one number with one limit)."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        name = attempted_name(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        by_name = by_address = 0
        if name:
            by_name = recent.filter(username=name).aggregate(n=Sum("failures_since_start"))["n"] or 0
        if address:
            by_address = (recent.filter(ip_address=address)
                          .aggregate(n=Sum("failures_since_start"))["n"] or 0)
        per_name = settings.XIHU_LOGIN_MAX_FAILURES
        per_address = max(settings.XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS, 1)
        return max(by_name, by_address * per_name // per_address)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        kept = request.POST
        request.POST = _without_secrets(kept)
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            request.POST = kept

    def reset_user_attempts(self, request, credentials=None) -> int:
        name = attempted_name(request, credentials)
        if not name:
            return 0
        count, _ = AccessAttempt.objects.filter(username=name).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, in the reader's language."""
    minutes = max(settings.XIHU_LOGIN_WINDOW_SECONDS // 60, 1)
    return render(request, "accounts/locked.html", {"minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
